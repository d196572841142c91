"""Kemiskinan: IDM beside the BPS poverty and welfare figures, per regency."""

from __future__ import annotations

from dataclasses import dataclass

from idm import fmt, poverty
from idm.charts import poverty as figures
from idm.database import Database
from idm.filters import Filters
from idm.specs import SOURCE_BPS, SOURCE_IDM, Item, Missing, Table, chart

SOURCE = f"{SOURCE_IDM}; {SOURCE_BPS}"


@dataclass(frozen=True)
class Kemiskinan:
    filters: Filters
    empty: str | None  # why nothing can be shown, or None
    year_notice: str | None  # the chosen year has no regency IDM: only poverty is drawn
    sentence: str | None  # the regencies where IDM rose but poverty did not fall
    first: int | None
    last: int | None
    items: dict[str, Item]  # 'tahun', 'perubahan', 'perubahan-tabel', 'per-tahun', 'kesejahteraan'


def build(db: Database, chosen: Filters) -> Kemiskinan:
    data = poverty.load(db, chosen)
    if not data.ok:
        return Kemiskinan(chosen, data.message, None, None, None, None, {"tahun": Missing(data.message)})
    subtitle = f"{chosen.province_name} · Sumber: IDM Kemendes PDTT; penduduk miskin (Maret) BPS"
    idm_years, poverty_years = data.idm_years(), data.poverty_years()
    items: dict[str, Item] = {}

    sentence = first = last = None
    if not chosen.compare_year:
        items["perubahan"] = Missing("Hanya ada satu tahun data: belum ada tahun pembanding untuk melihat perubahan.")
    else:
        first, last = sorted((chosen.year, chosen.compare_year))
        moves = data.changes(first, last)
        without_idm = [y for y in (first, last) if y not in idm_years]
        without_poverty = [y for y in (first, last) if y not in poverty_years]
        if without_idm or without_poverty:
            reasons = []
            if without_idm:
                reasons.append(f"IDM per kabupaten tidak ada untuk {' dan '.join(map(str, without_idm))} (hanya angka "
                               "provinsi yang dipublikasikan)")
            if without_poverty:
                reasons.append(f"angka penduduk miskin BPS tidak ada untuk {' dan '.join(map(str, without_poverty))}")
            items["perubahan"] = Missing(f"Diagram perubahan {first}–{last} tidak dapat dibuat: " + "; ".join(reasons)
                                         + ". Tabel di bawah menampilkan angka yang tersedia.")
        else:
            sentence = poverty.discussion_sentence(moves, from_year=first, to_year=last)
            items["perubahan"] = chart(
                "perubahan-idm-kemiskinan", figures.change_scatter,
                title=f"Perubahan IDM dan penduduk miskin, {first}–{last}",
                subtitle=f"{subtitle} · satu titik per kabupaten; kota tanpa IDM", source=SOURCE, note=sentence or "",
                moves=moves, from_year=first, to_year=last, highlight=chosen.regency)
        items["perubahan-tabel"] = Table(
            "perubahan-idm-kemiskinan", f"Perubahan IDM dan penduduk miskin, {first}–{last}",
            poverty.changes_table(moves, from_year=first, to_year=last), source=SOURCE, formats={
                f"IDM {first}": "%.4f", f"IDM {last}": "%.4f", "Perubahan IDM": "%+.4f",
                f"P0 {first} (%)": "%.2f", f"P0 {last} (%)": "%.2f", "Perubahan P0 (poin)": "%+.2f"})

    year_notice = None
    if chosen.year not in idm_years:
        year_notice = (f"IDM per kabupaten tidak ada untuk {chosen.year}: tahun ini hanya memiliki angka tingkat "
                       "provinsi yang dipublikasikan, tanpa data per desa. Yang ditampilkan: persentase penduduk "
                       "miskin.")
    if chosen.year in poverty_years or chosen.year in idm_years:
        note = sentence or (f"IDM dan persentase penduduk miskin {chosen.year} per kabupaten/kota "
                            f"{chosen.province_name}.")
        frame = data.year(chosen.year)
        if not sentence and frame["poverty_pct"].notna().any():
            high = frame.loc[frame["poverty_pct"].idxmax()]
            note += f" Penduduk miskin tertinggi di {high['name']} ({fmt.percent(high['poverty_pct'], 2)})."
        items["tahun"] = chart("idm-dan-kemiskinan", figures.idm_poverty_bars,
                               title=f"IDM dan penduduk miskin per kabupaten/kota, {chosen.year}", subtitle=subtitle,
                               source=SOURCE, note=note, frame=frame, year=chosen.year, highlight=chosen.regency)
    else:
        items["tahun"] = Missing(f"Belum ada angka penduduk miskin BPS untuk {chosen.year}.")

    side = poverty.side_by_side_table(data.frame)
    items["per-tahun"] = Table("idm-kemiskinan-per-tahun", "IDM dan penduduk miskin, semua tahun", side, source=SOURCE,
                               formats={c: "%.4f" if c.startswith("IDM") else "%.2f"
                                        for c in side.columns if c != "Wilayah"})
    welfare = poverty.welfare_table(data.frame)
    items["kesejahteraan"] = Table(
        "kesejahteraan", "IPM, Gini dan PDRB per kapita", welfare, source=SOURCE_BPS,
        formats={c: "%,.0f" if c.startswith("PDRB") else ("%.3f" if c.startswith("Gini") else "%.2f")
                 for c in welfare.columns if c != "Wilayah"})
    return Kemiskinan(chosen, None, year_notice, sentence, first, last, items)
