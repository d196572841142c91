"""Target dan capaian: the targets an office stated for an area, what the data says was realised, the
multi-year plans, and the pace of the status counts."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from idm import codes, fmt, narrative, rules, target
from idm.charts import target as figures
from idm.database import Database
from idm.filters import Filters
from idm.importers.targets import OFFICE_FILE_NAME
from idm.specs import SOURCE_IDM, SOURCE_TARGETS, Item, Missing, Table, chart, index_sources

# Keys of the items the rakor deck (idm/deck.py) and the page both take from this view.
BOARD = "papan"
PLAN = "rencana-"  # + a number: one chart per multi-year plan

SOURCE = f"{SOURCE_TARGETS}; {SOURCE_IDM}"


@dataclass(frozen=True)
class Target:
    filters: Filters
    area: str  # the province or regency whose targets are shown
    area_name: str
    empty: str | None  # why there is nothing to show, or None
    years: list[int]  # years with targets
    year: int | None  # the year whose targets are on the tiles
    results: list[target.TargetResult]  # of that year
    sentence: str  # what the year's targets say, in one sentence
    others: pd.DataFrame  # regencies under a province that have targets of their own
    items: dict[str, Item]  # 'papan', 'semua', 'rencana-<n>', 'laju'


def _area(chosen: Filters) -> tuple[str, str]:
    if chosen.regency:
        return chosen.regency, codes.regency_name(chosen.regency, chosen.regency_name)
    return chosen.province, chosen.province_name


def target_year(years: list[int], wanted: int | None, chosen_year: int) -> int | None:
    """The year whose targets are shown: the one asked for, else the sidebar's, else the latest before
    it, else the latest."""
    for candidate in (wanted, chosen_year):
        if candidate in years:
            return candidate
    earlier = [y for y in years if y <= chosen_year]
    return max(earlier) if earlier else (max(years) if years else None)


def build(db: Database, chosen: Filters, *, year: int | None = None) -> Target:
    if chosen.is_group:
        reason = (f"Target dicatat per provinsi dan kabupaten/kota: pilih satu provinsi di samping untuk melihat "
                  f"targetnya ({chosen.province_name} tidak memiliki target bersama).")
        return Target(chosen, chosen.area, chosen.province_name, reason, [], None, [], "", pd.DataFrame(),
                      {BOARD: Missing(reason)})
    area, area_name = _area(chosen)
    others = db.target_areas(area=area)
    others = others[others["area_code"] != area].reset_index(drop=True)
    results = target.for_area(db, area)
    if not results:
        reason = (f"Belum ada target untuk {area_name} di database. Target yang dipublikasikan dan target kantor "
                  f"({OFFICE_FILE_NAME}) dibaca saat database dibangun atau diimpor.")
        return Target(chosen, area, area_name, reason, [], None, [], "", others, {BOARD: Missing(reason)})

    years = sorted({r.year for r in results})
    shown_year = target_year(years, year, chosen.year)
    shown = [r for r in results if r.year == shown_year]
    sentence = narrative.target_summary_sentence(results, area_code=area, year=shown_year)
    notes = " ".join(narrative.target_sentence(r) for r in shown)
    items: dict[str, Item] = {
        BOARD: chart(f"target-{shown_year}", figures.target_board, title=f"Target dan capaian {area_name} "
                       f"{shown_year}", subtitle=f"{sentence} · hijau: tercapai, merah: belum, abu-abu: tanpa data",
                       source=SOURCE, note=notes, results=shown),
        "semua": Table("target-dan-capaian", f"Target dan capaian {area_name}", _table(results), source=SOURCE,
                       formats={"Target": ",d", "Realisasi": ",d", "Persen": "%.1f%%",
                                "Realisasi menurut sumber": ",d"}),
    }
    for number, (code, indicator, document) in enumerate(target.series_keys(results), 1):
        series = target.target_series(results, area_code=code, indicator=indicator, document=document)
        label = target.BY_CODE[indicator].label
        items[f"{PLAN}{number}"] = chart(
            f"target-rencana-{number}", figures.series_chart,
            title=f"{document or label}: target dan realisasi per tahun",
            subtitle=f"{area_name} · {label} · kumulatif hanya tahun yang berdata", source=SOURCE,
            note=narrative.series_sentence(series), series=series)
    items["laju"] = _pace(db, area, area_name, results)
    return Target(chosen, area, area_name, None, years, shown_year, shown, sentence, others, items)


def _pace(db: Database, area: str, area_name: str, results: list[target.TargetResult]) -> Item:
    """The status counts per year at their average pace; a level target projected at that pace."""
    history = target.history(db, area)
    if len(history) < 2:
        return Missing(f"Laju rata-rata {area_name} butuh angka desa per status dari paling sedikit dua tahun; "
                       f"tersedia {fmt.count(len(history))} tahun.")
    level = [r for r in results if target.BY_CODE[r.indicator].kind == target.LEVEL]
    projection = goal = None
    if level:
        latest = max(level, key=lambda r: r.year)
        projection = target.project_level(history, target=latest.target, target_year=latest.year)
        goal = (latest.year, latest.target)
    paces = target.paces(history)
    parts = [f"{target.MEASURES[m]} {fmt.number(p.per_year, 1, sign=True)} per tahun ({p.first_year}–{p.last_year})"
             for m, p in paces.items() if p is not None and m in figures.PACE_COLOURS]
    note = "Laju rata-rata: " + "; ".join(parts) + "."
    if rules.crosses_method_change(history):
        note += (f" Jumlah desa per status {rules.FIRST_INDEKS_DESA_YEAR} dan sesudahnya dari Indeks Desa: "
                 "nama status sama, metode berbeda.")
    if projection is not None:
        note += " " + narrative.projection_sentence(projection)
    return chart("target-laju", figures.pace_chart, title=f"Laju desa Mandiri dan Tertinggal, {area_name}",
                 subtitle="laju rata-rata = (angka tahun terakhir − angka tahun pertama) / jumlah tahun",
                 source="; ".join(index_sources(history)),
                 citations=[(year, counts.citation) for year, counts in history.items()],
                 note=note, history=history, projection=projection, goal=goal)


def _table(results: list[target.TargetResult]) -> pd.DataFrame:
    """Every target of the area with its realisation, as the office reads (and exports) it."""
    return pd.DataFrame({
        "Tahun": [r.year for r in results],
        "Indikator": [target.BY_CODE[r.indicator].label for r in results],
        "Target": [r.target for r in results],
        "Realisasi": pd.array([r.realisation for r in results], dtype="Int64"),
        "Persen": [r.percent for r in results],
        "Tercapai": [{True: "ya", False: "belum", None: "tanpa data"}[r.met] for r in results],
        "Dasar hitungan": [r.basis for r in results],
        "Realisasi menurut sumber": pd.array([None if r.published_realisation is None
                                              else round(r.published_realisation) for r in results], dtype="Int64"),
        "Dokumen": [r.document for r in results],
        "Sumber": [r.source_text for r in results],
    })
