"""Ringkasan: the overview leadership sees first at a rakor, and the first slides of the rakor deck."""

from __future__ import annotations

from dataclasses import dataclass

from idm import charts, narrative, ringkasan, rules
from idm.charts import ringkasan as figures
from idm.database import Database
from idm.filters import Filters
from idm.ringkasan import Headline
from idm.specs import SOURCE_IDM, SOURCE_INDEKS_DESA, Item, Missing, Table, chart, index_sources

# Keys of the items the rakor deck (idm/deck.py) and the page both take from this view.
KPI = "angka"
TREND = "tren"
STATUS = "status"
RANKING = "peringkat"
TABLE = "tabel-wilayah"


@dataclass(frozen=True)
class Ringkasan:
    filters: Filters
    headline: Headline | None
    compare: Headline | None
    sentence: str | None
    rank: ringkasan.Rank | None  # a regency's or district's place among its peers
    rank_compare: ringkasan.Rank | None
    items: dict[str, Item]  # KPI, TREND, STATUS, RANKING, TABLE
    partial_note: str | None = None  # a group's years left out of its trend, and why


def status_chart(chosen: Filters, trend) -> Item:
    """Villages per status per year, across the change from IDM to the Indeks Desa with its marker: the
    chart of Ringkasan, Tren and the deck (one definition)."""
    return chart("status-per-tahun", figures.status_stack, title="Jumlah desa per status",
                 subtitle=chosen.area_name, frame=trend, note=narrative.status_trend_sentence(trend, chosen.area_name),
                 source="; ".join(index_sources(trend["year"])),
                 citations=zip(trend["year"], trend["citation"]))


def build(db: Database, chosen: Filters) -> Ringkasan:
    data = ringkasan.load(db, chosen)
    now, before = data.headline, data.compare
    items: dict[str, Item] = {}
    if now is None:
        reason = f"Belum ada data untuk {chosen.area_name} tahun {rules.year_label(chosen.year)}."
        items = {key: Missing(reason) for key in (KPI, TREND, STATUS, RANKING, TABLE)}
        return Ringkasan(chosen, now, before, None, None, None, items)

    indeks_desa = now.index == rules.INDEKS_DESA
    if now.source == "publikasi":
        basis = "angka yang dipublikasikan"
    else:
        basis = "rata-rata skor Indeks Desa desa" if indeks_desa else "rata-rata IDM desa"
    items[KPI] = chart(
        "ringkasan", figures.kpi_board, title=f"Ringkasan {now.index} {chosen.area_name} {now.year}",
        subtitle=f"{chosen.context} · {basis}", note=data.sentence or "", now=now, before=before,
        source="; ".join(index_sources([now.year, *([before.year] if before else [])])),
        citations=[(h.year, h.citation) for h in (now, before) if h is not None],
        area_name=chosen.area_name, unit_word=chosen.unit_word, rank=data.rank)

    trend = data.trend
    if trend.empty:
        items[TREND] = items[STATUS] = Missing("Belum ada tren untuk wilayah ini.")
    else:
        idm_years = trend[trend["year"].map(rules.index_of) == rules.IDM]
        published = (idm_years["source"] == "publikasi").any()
        later = trend[trend["year"].map(rules.index_of) == rules.INDEKS_DESA]["year"]
        subtitle = [charts.PUBLISHED_NOTE if published else "Rata-rata IDM desa per tahun"]
        if not later.empty:
            subtitle.append(f"Nilai IDM berhenti pada {rules.FIRST_INDEKS_DESA_YEAR - 1}; sejak "
                            f"{rules.FIRST_INDEKS_DESA_YEAR} status desa dari Indeks Desa (lihat jumlah desa per "
                            "status)")
        valued = idm_years[idm_years["idm"].notna()]
        if len(valued) == 1:  # one point is no trend
            items[TREND] = Missing(f"Tren IDM butuh nilai dari dua tahun atau lebih: {chosen.area_name} hanya memiliki "
                                   f"IDM {int(valued['year'].iloc[0])}" + (f" (IDM berhenti pada "
                                   f"{rules.FIRST_INDEKS_DESA_YEAR - 1})" if not later.empty else "") + ".")
        elif not valued.empty:
            items[TREND] = chart(
                "tren-idm", figures.trend_line, title=f"Tren IDM {chosen.area_name}", subtitle=" · ".join(subtitle),
                citations=zip(idm_years["year"], idm_years["citation"]),
                note=narrative.trend_sentence(idm_years, chosen.area_name), frame=idm_years)
        else:
            items[TREND] = Missing(f"Tidak ada nilai IDM untuk {chosen.area_name}.")
        items[STATUS] = status_chart(chosen, trend)

    units = data.units
    word = chosen.unit_word
    if not indeks_desa and units["idm"].notna().any():
        items[RANKING] = chart(
            f"peringkat-{word}", figures.ranking_bar, title=f"Peringkat {word} menurut IDM {chosen.year}",
            subtitle=(f"{chosen.context} · garis hitam: IDM {chosen.compare_year}"
                      if chosen.compare_year and rules.index_of(chosen.compare_year) == rules.IDM else chosen.context),
            note=narrative.ranking_sentence(units, word, chosen.compare_year),
            frame=units, compare_year=chosen.compare_year if rules.index_of(chosen.compare_year or 0) == rules.IDM
            else None, unit_word=word, highlight=chosen.highlight)
    elif indeks_desa and (units["scored_indeks_desa"] > 0).any():
        items[RANKING] = chart(
            f"peringkat-{word}-indeks-desa", figures.score_ranking_bar,
            title=f"Peringkat {word} menurut skor Indeks Desa {chosen.year}",
            subtitle=f"{chosen.context} · rata-rata skor desa (0–100); bukan nilai IDM", source=SOURCE_INDEKS_DESA,
            frame=units, unit_word=word, highlight=chosen.highlight)
    else:
        items[RANKING] = Missing(
            f"Tidak ada nilai per {word} untuk {rules.year_label(chosen.year)}: "
            + ("tahun ini hanya memiliki angka yang dipublikasikan."
               if now.source == "publikasi" else "wilayah ini tidak memiliki desa bernilai."))
    table = data.table
    if table is not None and not table.empty:
        items[TABLE] = Table(
            f"tabel-{word}", f"Semua {word} {chosen.area_name}, {rules.year_label(chosen.year)}", table,
            source=SOURCE_INDEKS_DESA if indeks_desa else SOURCE_IDM,
            formats={column: ("%.4f" if column.startswith("IDM") else "%+.4f" if column == "Perubahan IDM"
                              else "%.2f" if "Skor" in column else "%+d" if column.startswith(("Δ", "Perubahan p"))
                              else "%.1f" if "Porsi" in column else "%d")
                     for column in table.columns[1:]},
            help={"Perubahan peringkat": f"Naik berapa tingkat sejak {chosen.compare_year} (negatif: turun)",
                  "Porsi Mandiri (%)": "Desa Mandiri dibagi jumlah desa"})
    else:
        items[TABLE] = Missing(f"Tidak ada tabel per {word} untuk {rules.year_label(chosen.year)}: "
                               "tidak ada data per desa tahun itu.")
    return Ringkasan(chosen, now, before, data.sentence, data.rank, data.rank_compare, items,
                     ringkasan.partial_years_note(chosen, data.partial_years))
