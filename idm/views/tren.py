"""Tren: how IDM, its three dimensions and the spread of village scores moved over the years."""

from __future__ import annotations

from dataclasses import dataclass

from idm import fmt, ringkasan, rules
from idm.charts import tren as figures
from idm.database import Database
from idm.filters import Filters
from idm.specs import SOURCE_IDM, SOURCE_INDEKS_DESA, Item, Missing, Table, chart, source_note
from idm.views.ringkasan import status_chart

SOURCE_NOTE = source_note(SOURCE_IDM)


@dataclass(frozen=True)
class Tren:
    filters: Filters
    empty: str | None  # why there is nothing at all to show, or None
    published: list[int]  # years drawn from published province figures only
    table_caption: str  # what the change table's rows and marks mean
    items: dict[str, Item]  # 'status', 'skor', 'per-unit', 'dimensi', 'sebaran', 'perubahan'
    partial_note: str | None = None  # a group's years without a figure of the whole group, and why


def build(db: Database, chosen: Filters) -> Tren:
    word = chosen.unit_word
    every_unit = db.unit_trend(area=chosen.area)  # each province's own line is whole in every year it has
    every_year, partial = ringkasan.group_trend(db, chosen, db.area_trend(area=chosen.area))
    if every_unit.empty and every_year.empty:
        reason = f"Belum ada data untuk {chosen.area_name}. Pilih wilayah lain di samping."
        return Tren(chosen, reason, [], "", {})
    # IDM's charts take IDM's years; the Indeks Desa's have their own (never one axis for both).
    units = every_unit[every_unit["year"].map(rules.index_of) == rules.IDM]
    area = every_year[every_year["year"].map(rules.index_of) == rules.IDM]
    published = figures.published_years(units, area)
    items: dict[str, Item] = {}
    items["status"] = status_chart(chosen, every_year) if not every_year.empty else Missing(
        "Tidak ada jumlah desa per status untuk wilayah ini.")
    scores = every_unit[(every_unit["year"].map(rules.index_of) == rules.INDEKS_DESA) & every_unit["skor"].notna()]
    if not scores.empty:
        items["skor"] = chart(
            f"tren-skor-indeks-desa-per-{word}", figures.score_lines,
            title=f"Skor Indeks Desa per {word}, {chosen.area_name}",
            subtitle=f"{source_note(SOURCE_INDEKS_DESA)} · rata-rata skor desa (0–100), bukan nilai IDM",
            source=SOURCE_INDEKS_DESA, units=scores, unit_word=word)
    if units.empty and area.empty:
        reason = f"Tidak ada nilai IDM untuk {chosen.area_name} (IDM sampai {rules.FIRST_INDEKS_DESA_YEAR - 1})."
        for key in ("per-unit", "dimensi", "sebaran", "perubahan"):
            items[key] = Missing(reason)
        return Tren(chosen, None, published, "", items, ringkasan.partial_years_note(chosen, partial))
    items["per-unit"] = chart(
        f"tren-idm-per-{word}", figures.unit_lines, title=f"IDM per {word}, {chosen.area_name}",
        subtitle=SOURCE_NOTE, units=units, area=area, area_name=chosen.area_name, unit_word=word)
    if units["iks"].notna().any() or area["iks"].notna().any():
        items["dimensi"] = chart(
            "tren-dimensi", figures.dimension_lines, title=f"Tiga dimensi IDM per tahun, {chosen.area_name}",
            subtitle=SOURCE_NOTE, units=units, area=area, area_name=chosen.area_name, unit_word=word)
    else:
        items["dimensi"] = Missing("IKS, IKE dan IKL tidak tersedia: wilayah ini hanya memiliki angka IDM yang "
                                   "dipublikasikan.")
    distribution, _ = ringkasan.group_trend(db, chosen, db.village_distribution(area=chosen.area))
    if distribution.empty:
        items["sebaran"] = Missing(f"Tidak ada nilai IDM per desa untuk {chosen.area_name}: sebaran tidak dapat "
                                   "digambar.")
    else:
        items["sebaran"] = chart(
            "sebaran-idm-desa", figures.distribution_box, title=f"Sebaran IDM desa per tahun, {chosen.area_name}",
            subtitle=SOURCE_NOTE, frame=distribution,
            # A group's published years are its provinces', not its own: no empty slot for them.
            published=[] if chosen.is_group else [y for y in published if y not in set(distribution["year"])])
    table = figures.change_table(units=units, area=area, area_name=chosen.area_name)
    items["perubahan"] = Table(
        f"perubahan-tahunan-per-{word}", f"Perubahan IDM dari tahun ke tahun, per {word}", table,
        formats={c: "%+.4f" for c in table.columns if c.startswith("Δ ")},
        height=min(36 * (len(table) + 1) + 40, 900))
    table_caption = ("Baris pertama: seluruh wilayah (rata-rata IDM desa). Δ: selisih IDM dengan tahun sebelumnya. "
                     + ("* angka provinsi yang dipublikasikan. " if published else "")
                     + f"{fmt.count(units['code'].nunique())} {word} ber-IDM.")
    return Tren(chosen, None, published, table_caption, items, ringkasan.partial_years_note(chosen, partial))
