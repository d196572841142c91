"""Ringkasan: the overview leadership sees first at a rakor, and the first slides of the rakor deck."""

from __future__ import annotations

from dataclasses import dataclass

from idm import charts, narrative, ringkasan
from idm.charts import ringkasan as figures
from idm.database import Database
from idm.filters import Filters
from idm.ringkasan import Headline
from idm.specs import Item, Missing, chart

# Keys of the items the rakor deck (idm/deck.py) and the page both take from this view.
KPI = "angka"
TREND = "tren"
STATUS = "status"
RANKING = "peringkat"


@dataclass(frozen=True)
class Ringkasan:
    filters: Filters
    headline: Headline | None
    compare: Headline | None
    sentence: str | None
    items: dict[str, Item]  # 'angka', 'tren', 'status', 'peringkat'


def build(db: Database, chosen: Filters) -> Ringkasan:
    data = ringkasan.load(db, chosen)
    now, before = data.headline, data.compare
    items: dict[str, Item] = {}
    if now is None:
        reason = f"Belum ada data IDM untuk {chosen.area_name} tahun {chosen.year}."
        items = {key: Missing(reason) for key in (KPI, TREND, STATUS, RANKING)}
        return Ringkasan(chosen, now, before, None, items)

    source_note = "angka yang dipublikasikan" if now.source == "publikasi" else "rata-rata IDM desa"
    items[KPI] = chart(
        "ringkasan", figures.kpi_board, title=f"Ringkasan IDM {chosen.area_name} {now.year}",
        subtitle=f"{chosen.context} · {source_note}", note=data.sentence or "", now=now, before=before,
        area_name=chosen.area_name, unit_word=chosen.unit_word)

    trend = data.trend
    if trend.empty:
        items[TREND] = items[STATUS] = Missing("Belum ada tren untuk wilayah ini.")
    else:
        published = (trend["source"] == "publikasi").any()
        items[TREND] = chart(
            "tren-idm", figures.trend_line, title=f"Tren IDM {chosen.area_name}",
            subtitle=charts.PUBLISHED_NOTE if published else "Rata-rata IDM desa per tahun",
            note=narrative.trend_sentence(trend, chosen.area_name) if trend["idm"].notna().any() else "",
            frame=trend)
        items[STATUS] = chart("status-per-tahun", figures.status_stack, title="Jumlah desa per status",
                                subtitle=chosen.area_name, frame=trend)

    units = data.units
    if units["idm"].notna().any():
        items[RANKING] = chart(
            f"peringkat-{chosen.unit_word}", figures.ranking_bar,
            title=f"Peringkat {chosen.unit_word} menurut IDM {chosen.year}",
            subtitle=(f"{chosen.context} · garis hitam: IDM {chosen.compare_year}" if chosen.compare_year
                      else chosen.context),
            note=narrative.ranking_sentence(units, chosen.unit_word, chosen.compare_year),
            frame=units, compare_year=chosen.compare_year, unit_word=chosen.unit_word, highlight=chosen.highlight)
    else:
        items[RANKING] = Missing(
            f"Tidak ada data per {chosen.unit_word} untuk {chosen.year}: "
            + ("tahun ini hanya memiliki angka provinsi yang dipublikasikan."
               if now.source == "publikasi" else "wilayah ini tidak memiliki desa."))
    return Ringkasan(chosen, now, before, data.sentence, items)
