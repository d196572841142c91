"""Desa: a village's years, its gap to the next status and what closes it fastest; and the villages of
the area that are close to the next status."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from idm import codes, desa, fmt, rules
from idm.charts import desa as figures
from idm.database import Database
from idm.filters import Filters
from idm.specs import SOURCE_IDM, Item, Missing, Table, chart, index_sources, source_note

# Keys of the items the rakor deck (idm/deck.py) and the page both take from this view.
NEAR = "hampir-naik"
TOP_REGENCIES = 20  # regencies the chart shows at most (the most villages first); the table has them all


SOURCE_NOTE = source_note(SOURCE_IDM)
SCORE_FORMATS = {**dict.fromkeys(("IDM", *rules.DIMENSIONS), "%.4f"), desa.SCORE_LABEL: "%.2f"}
# One point = one indicator's score up by 1; what it adds to IDM, cheapest dimension first.
POINT_NOTE = ("1 poin = skor satu indikator naik 1 (skala 0–5). Satu poin menaikkan IDM sebesar "
              + ", ".join(f"{fmt.idm(d.point_value)} ({d.code})"
                          for d in sorted(rules.DIMENSION_LIST, key=lambda d: -d.point_value))
              + "; dimensi yang sudah bernilai 1 tidak dapat naik lagi.")


@dataclass(frozen=True)
class Village:
    """One village's profile for the chosen year."""

    profile: desa.Profile
    notes: list[str]  # years without a value for this village, and why
    items: dict[str, Item]  # 'riwayat', 'banding', 'per-tahun', 'catatan'


def village(db: Database, chosen: Filters, *, code: str) -> Village | None:
    """None when the code is not in the data."""
    profile = desa.profile(db, code=code, year=chosen.year)
    if profile is None:
        return None
    items: dict[str, Item] = {}
    if profile.scored_rows.empty:
        items["riwayat"] = Missing("Belum ada nilai IDM desa ini untuk digambarkan.")
    else:
        items["riwayat"] = chart(
            f"desa-{profile.code}-tren", figures.village_history, title=f"IDM Desa {profile.name} per tahun",
            subtitle=f"Kec. {profile.district}, {profile.regency} · {SOURCE_NOTE}", frame=profile.rows)
    compared = desa.comparison(profile)
    measures = desa.comparison_measures(profile.year)
    first = next(iter(measures))  # IDM, or the Indeks Desa score
    if pd.isna(compared[first].iloc[0]) or compared[first].iloc[1:].isna().all():
        items["banding"] = Missing(f"Tidak ada pembanding kecamatan/kabupaten untuk {rules.year_label(profile.year)}"
                                   + ("" if pd.notna(compared[first].iloc[0]) else
                                      f": desa ini tanpa {measures[first].lower()} tahun itu") + ".")
    else:
        items["banding"] = chart(
            f"desa-{profile.code}-banding", figures.area_comparison,
            title=f"Desa {profile.name} dibanding wilayahnya, {rules.year_label(profile.year)}",
            subtitle=("Rata-rata nilai desa di kecamatan, kabupaten dan provinsi pada tahun yang sama · "
                      + source_note(*index_sources([profile.year]))),
            source="; ".join(index_sources([profile.year])), frame=compared, measures=measures)
    items["per-tahun"] = Table(f"desa-{profile.code}-per-tahun", f"Desa {profile.name}: nilai per tahun",
                               desa.year_table(profile), formats=SCORE_FORMATS,
                               source="; ".join(index_sources(profile.rows["year"])))
    if not profile.issues.empty:
        items["catatan"] = Table(
            f"desa-{profile.code}-catatan", f"Desa {profile.name}: catatan pemeriksaan data",
            profile.issues.rename(columns={"year": "Tahun", "check_name": "Pemeriksaan", "severity": "Tingkat",
                                           "message": "Keterangan"}))
    notes = []
    if profile.published_only_years:
        notes.append(f"Tahun {', '.join(map(str, profile.published_only_years))}: hanya angka provinsi yang "
                     "dipublikasikan, tidak ada nilai per desa.")
    if profile.unlisted_years:
        notes.append(f"Desa ini tidak tercantum dalam data {', '.join(map(rules.year_label, profile.unlisted_years))}.")
    return Village(profile, notes, items)


@dataclass(frozen=True)
class Desa:
    """The villages of the area close to the next status."""

    filters: Filters
    max_gap: float
    listed: int  # villages whose gap is at most max_gap
    items: dict[str, Item]  # 'hampir-naik', 'hampir-naik-jumlah', 'hampir-naik-daftar'


def build(db: Database, chosen: Filters, *, max_gap: float = desa.DEFAULT_MAX_GAP) -> Desa:
    gap = fmt.number(max_gap, 3)
    if rules.index_of(chosen.year) == rules.INDEKS_DESA:
        reason = (f"Tahun {chosen.year} diukur dengan Indeks Desa: statusnya dipakai sebagaimana ditetapkan "
                  "(Kepmendes PDT 343/2025) dan ambang resminya belum dapat kami baca, jadi kekurangan menuju status "
                  f"berikutnya tidak dihitung. Pilih {rules.FIRST_INDEKS_DESA_YEAR - 1} untuk daftar menurut IDM.")
        return Desa(chosen, max_gap, 0, {NEAR: Missing(reason)})
    if chosen.year_source == "publikasi":
        reason = (f"Tahun {chosen.year} tidak memiliki nilai per desa, jadi daftar ini tidak dapat disusun. "
                  "Pilih tahun lain di samping.")
        return Desa(chosen, max_gap, 0, {NEAR: Missing(reason)})
    listed = desa.priority_list(db.near_next_status(area=chosen.area, year=chosen.year), max_gap=max_gap)
    if listed.empty:
        reason = (f"Tidak ada desa di {chosen.area_name} yang kekurangannya untuk naik status paling banyak {gap} "
                  f"pada {chosen.year}. Geser batasnya ke kanan.")
        return Desa(chosen, max_gap, 0, {NEAR: Missing(reason)})
    per_regency = desa.priority_by_regency(listed)
    note = (f"{fmt.count(len(listed))} desa {chosen.area_name} butuh kenaikan IDM paling banyak {gap} untuk naik ke "
            f"status berikutnya pada {chosen.year}.")
    # Indonesia has some 400 regencies with such villages: the chart shows those with the most, the
    # table below it every one.
    shown = per_regency[per_regency["regency_code"].isin(
        per_regency.drop_duplicates("regency_code").head(TOP_REGENCIES)["regency_code"])]
    regencies = per_regency["regency_code"].nunique()
    top = (f"{TOP_REGENCIES} dari {fmt.count(regencies)} kabupaten/kota, yang desanya terbanyak · "
           if regencies > TOP_REGENCIES else "")
    items: dict[str, Item] = {
        NEAR: chart(
            "hampir-naik-per-kabupaten", figures.priority_bar,
            title=f"Desa hampir naik status per kabupaten/kota, {chosen.year}",
            subtitle=(f"{chosen.context} · {top}kekurangan IDM ≤ {gap} · warna: status yang akan dicapai"),
            note=note, frame=shown),
        "hampir-naik-jumlah": Table("hampir-naik-jumlah-per-kabupaten", "Desa hampir naik status per kabupaten/kota",
                                    desa.priority_regency_table(per_regency)),
        "hampir-naik-daftar": Table("hampir-naik-status", f"Desa hampir naik status, kekurangan IDM ≤ {gap}",
                                    desa.priority_table(listed),
                                    formats={"IDM": "%.4f", "Kekurangan IDM": "%.4f"}),
    }
    return Desa(chosen, max_gap, len(listed), items)


def header(profile: desa.Profile) -> str:
    """'Kecamatan Bajuin · Kab. Tanah Laut · Kalimantan Selatan · kode 63.01.10.2001'."""
    regency = codes.short_name(profile.code[:4], profile.regency)
    return (f"Kecamatan {profile.district} · {regency} · {profile.province} · kode {codes.dotted(profile.code)}")
