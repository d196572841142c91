"""Bandingkan: two to four areas side by side: their headline figures, trends, villages per status,
IKS/IKE/IKL and the indicators where they differ most; the rakor deck's "Perbandingan wilayah" slide."""

from __future__ import annotations

from dataclasses import dataclass

from idm import bandingkan, fmt, rules
from idm.bandingkan import Area
from idm.charts import bandingkan as figures
from idm.database import Database
from idm.filters import Filters
from idm.ringkasan import Headline
from idm.specs import SOURCE_IDM, SOURCE_INDICATORS, Item, Missing, Table, chart, source_note

# Keys of the items the rakor deck (idm/deck.py) and the page both take from this view.
KPI = "angka"
KPI_TABLE = "angka-tabel"
TREND = "tren"
STATUS = "status"
DIMENSIONS = "dimensi"
INDICATORS = "indikator"
INDICATOR_TABLE = "indikator-tabel"


@dataclass(frozen=True)
class Card:
    """One area's headline figures for the page's KPI row."""

    area: Area
    now: Headline | None
    before: Headline | None


@dataclass(frozen=True)
class Bandingkan:
    filters: Filters
    empty: str | None  # why nothing is compared (fewer than two areas), or None
    areas: list[Area]
    cards: list[Card]
    sentence: str
    method_note: str  # in a year of the Indeks Desa: what can be compared, and the year that has IDM values
    indicator_note: str  # which year's indicator scores are compared, and which areas have none
    items: dict[str, Item]


def _slug(areas: list[Area]) -> str:
    """For chart names and so file names: 'banjar-tabalong', 'banjar-kalsel' (a province's average by its
    province's short name)."""
    return "-".join(fmt.slug(area.code, "rata-rata" if area.average else area.name.split(". ", 1)[-1])
                    for area in areas)


def build(db: Database, chosen: Filters, areas: tuple[str, ...] = ()) -> Bandingkan:
    options = bandingkan.choices(db.catalog(), chosen)
    compared_areas = bandingkan.areas_of(areas, options, chosen)
    if len(compared_areas) < bandingkan.MIN_AREAS:
        reason = (f"Pilih {bandingkan.MIN_AREAS} sampai {bandingkan.MAX_AREAS} wilayah untuk dibandingkan"
                  + (f" (terpilih: {', '.join(a.said for a in compared_areas)})." if compared_areas else "."))
        return Bandingkan(chosen, reason, compared_areas, [], "", "", "", {})
    data = bandingkan.load(db, chosen, compared_areas)
    names = ", ".join(area.said for area in compared_areas)  # in sentences
    slug = _slug(compared_areas)
    place = chosen.province_name
    year_text = rules.year_label(chosen.year)
    since = f" (pembanding {chosen.compare_year})" if chosen.compare_year else ""
    sentence = bandingkan.sentence(data)
    cards = [Card(area, data.now[area.code], data.before[area.code]) for area in compared_areas]
    idm_note = source_note(SOURCE_IDM)
    items: dict[str, Item] = {}

    if not any(data.now.values()):
        items[KPI] = items[KPI_TABLE] = Missing(f"Tidak ada angka {chosen.year} untuk {names}.")
    else:
        items[KPI] = chart(
            f"banding-{slug}-angka", figures.kpi_grid, title=f"Perbandingan wilayah {year_text}",
            subtitle=f"{place}, {chosen.year}{since} · {idm_note}", note=sentence, areas=compared_areas,
            now=data.now, before=data.before, year=chosen.year, compare_year=chosen.compare_year)
        kpi = bandingkan.kpi_rows(data)
        changes = {column: "%+.4f" if "IDM" in column else "%+d" for column in kpi.columns if column.startswith("Δ ")}
        items[KPI_TABLE] = Table(f"banding-{slug}-angka", f"Perbandingan wilayah {year_text}", kpi,
                                 formats={**changes, "% Mandiri": "%.1f%%"})

    if data.trend.empty:
        items[TREND] = Missing(f"Belum ada tren untuk {names}.")
    else:
        items[TREND] = chart(
            f"banding-{slug}-tren", figures.trend_lines, title="Tren IDM dan desa Mandiri per wilayah",
            subtitle=f"{place} · {idm_note}", note=sentence, frame=data.trend,
            areas=compared_areas)

    statuses = bandingkan.status_frame(data)
    if statuses["with_status"].notna().sum() == 0:
        items[STATUS] = Missing(f"Tidak ada jumlah desa per status {chosen.year} untuk {names}.")
    else:
        index = rules.index_of(chosen.year)
        items[STATUS] = chart(
            f"banding-{slug}-status", figures.status_shares, title=f"Desa per status {year_text}",
            subtitle=f"{place} · status {index} · {idm_note}", frame=statuses, areas=compared_areas,
            year=chosen.year)

    dimensions = bandingkan.dimension_frame(data)
    if dimensions.empty:
        items[DIMENSIONS] = Missing(
            f"IKS, IKE dan IKL {chosen.year} tidak tersedia untuk {names}: tahun ini hanya memiliki angka yang "
            "dipublikasikan, tanpa data per desa. Pilih tahun dengan data per desa di samping.")
    else:
        shown_year = data.dimension_year
        lacking = [a.said for a in compared_areas if a.code not in set(dimensions["area"])]
        notes = [place]
        if shown_year != chosen.year:
            notes.append(f"{chosen.year} diukur dengan Indeks Desa (tanpa IKS/IKE/IKL): ditampilkan {shown_year}, "
                         "tahun IDM terakhir")
        if lacking:
            notes.append(f"tanpa IKS/IKE/IKL {shown_year}: {', '.join(lacking)}")
        items[DIMENSIONS] = chart(
            f"banding-{slug}-dimensi", figures.dimension_bars, title=f"IKS, IKE dan IKL {shown_year}",
            subtitle=" · ".join([*notes, idm_note]), frame=dimensions, areas=compared_areas)

    indicator_note = _indicators(items, data, compared_areas, slug=slug, place=place)
    method_note = ""
    if rules.index_of(chosen.year) == rules.INDEKS_DESA:
        method_note = rules.METHOD_CHANGE_NOTE + (
            f" Pilih tahun {data.dimension_year} di samping untuk membandingkan nilai IDM."
            if data.dimension_year else "")
    return Bandingkan(chosen, None, compared_areas, cards, sentence, method_note, indicator_note, items)


def _indicators(items: dict[str, Item], data: bandingkan.Compared, areas: list[Area], *, slug: str,
                place: str) -> str:
    """The indicators where the areas differ most (chart and table) into `items`; returns the sentence
    that says which year is compared and which areas have no scores."""
    names = ", ".join(area.said for area in areas)
    year = data.indicator_year
    if year is None:
        reason = (f"{names} tidak memiliki skor 50 indikator di database ini: indikator yang paling berbeda "
                  "tidak dapat dihitung. Skor indikator tersedia untuk desa yang datanya diterbitkan Kemendes "
                  "per indikator (di data resmi: Kalimantan Tengah, Selatan dan Timur 2024).")
        items[INDICATORS] = items[INDICATOR_TABLE] = Missing(reason)
        return reason
    scored = bandingkan.scored_areas(data)
    lacking = [area.said for area in areas if area not in scored]
    if len(scored) < bandingkan.MIN_AREAS:
        reason = (f"Hanya {scored[0].said} yang memiliki skor 50 indikator {year}; {', '.join(lacking)} tidak: "
                  "tidak ada yang dapat dibandingkan per indikator.")
        items[INDICATORS] = items[INDICATOR_TABLE] = Missing(reason)
        return reason
    note = f"Rata-rata skor (0–5) desa tiap wilayah pada 50 indikator IDM {year}"
    if year != data.year:
        note += f" (skor indikator hanya tersedia untuk {year}, bukan {data.year})"
    if lacking:
        note += f"; tanpa skor indikator: {', '.join(lacking)}"
    note += "."
    table = bandingkan.differing(data)
    if table.empty:
        items[INDICATORS] = items[INDICATOR_TABLE] = Missing(
            f"Rata-rata skor 50 indikator {year} sama di {', '.join(a.said for a in scored)}.")
        return note
    title = f"Indikator yang paling berbeda, {year}"
    subtitle = (f"{place} · {fmt.count(len(table))} indikator dengan selisih rata-rata skor terbesar · "
                f"{source_note(SOURCE_INDICATORS)}")
    items[INDICATORS] = chart(f"banding-{slug}-indikator", figures.indicator_dots, title=title, subtitle=subtitle,
                              source=SOURCE_INDICATORS, frame=table, areas=scored)
    items[INDICATOR_TABLE] = Table(f"banding-{slug}-indikator", title,
                                   bandingkan.differing_rows(table, {a.code: a.name for a in scored}),
                                   source=SOURCE_INDICATORS)
    return note
