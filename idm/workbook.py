"""Bahan sinkronisasi OPD: the workbook a Dinas PMD hands to the regional offices (OPD) at a
synchronisation meeting, so that each office sees which villages its indicators hold back.

One sheet per sector of the Indikator page (idm.indikator: SECTORS, then Lainnya), one row per village
below Mandiri and indicator of that sector scoring below 5, the biggest IDM gain first; a summary sheet
(Ringkasan) with, per sector, the villages, the gaps and the villages that reach the next status when
that sector's indicators alone are raised to 5. Sectors, gains, the reference activity and the
responsible offices are idm.indikator's; nothing is re-derived here.

Pure: a Database in, DataFrames and XLSX bytes out (`python -m idm workbook`, the Indikator page's
download and the rakor deck's "Bahan sinkronisasi OPD" slide all start from `load` or `compute`).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

import pandas as pd

from idm import codes, export, filters, fmt, indikator, rules
from idm.database import Database
from idm.filters import Filters
from idm.specs import SOURCE_INDICATORS, Table

TITLE = "Bahan sinkronisasi OPD"
NAME = "sinkronisasi-opd"  # names the file: idm-kalsel-2024-sinkronisasi-opd.xlsx (export.file_name)
SUMMARY_SHEET = "Ringkasan"
YES, NO = "ya", "tidak"
SCORE = "%.4f"
# Excel refuses these in a sheet name and cuts it at 31 characters; the sector labels are ours, so
# a new label that breaks the rule should fail loudly here rather than produce a broken file.
SHEET_FORBIDDEN = set("[]:*?/\\")
SHEET_LENGTH = 31
# Every text is written as text, as export.xlsx writes it: a village name that starts with '=' or '@'
# stays that name, never a formula or a link (README: exports are data from outside).
TEXT_ONLY = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}


@dataclass(frozen=True)
class Workbook:
    """An area's synchronisation material in a year."""

    area: str
    year: int
    rows: pd.DataFrame  # gap_rows: one row per sector, village below Mandiri and indicator below 5
    summary: pd.DataFrame  # sector_summary: one row per sector, in the page's order
    below_mandiri: int  # villages below Mandiri that have indicator scores


# --- the rows -----------------------------------------------------------------------------------

def lifts(idm: float, gain: float, target: str) -> bool:
    """Whether `gain` added to the published IDM reaches the `target` status, counted as
    indikator.village_gains counts it (the published, four-decimal IDM as the base)."""
    return rules.STATUS_RANK[rules.classify(rules.round_idm(idm) + gain)] >= rules.STATUS_RANK[target]


def gap_rows(*, gains: pd.DataFrame, scores: pd.DataFrame, dictionary: pd.DataFrame, levels: pd.DataFrame,
             actors: pd.DataFrame) -> pd.DataFrame:
    """One row per sector, village below Mandiri and indicator of that sector scoring below 5.

    gains: indikator.village_gains (its status and target: the village's status from the published IDM).
    scores: village_code, code, score (long). Columns: sector, sector_label, regency_name, district_name,
    village_code, village_name, idm, status, target, code, indicator, position, score, responsible,
    activity, gain (IDM added by that indicator at 5), lifts (that gain alone reaches the target).
    Biggest gain first; then the rows whose gain alone lifts, then by village and the ministry's order.
    """
    below = gains.loc[gains["target"].notna(), ["village_code", "name", "district_name", "regency_name", "idm",
                                                  "status", "target"]]
    rows = scores[scores["score"] < indikator.MAX_SCORE].merge(
        below.rename(columns={"name": "village_name"}), on="village_code")
    rows = rows.merge(dictionary[["code", "position", "dimension", "name"]].rename(columns={"name": "indicator"}),
                      on="code")
    rows["score"] = rows["score"].astype(int)
    rows["gain"] = [indikator.indicator_gain(s, d) for s, d in zip(rows["score"], rows["dimension"])]
    rows["lifts"] = [lifts(i, g, t) for i, g, t in zip(rows["idm"], rows["gain"], rows["target"])]
    # activity_for filters the frame it is given: once per indicator and score present, each time on that
    # indicator's few levels (over the whole dictionary it took 2 s for a province on a loaded machine).
    per_code = dict(list(levels.groupby("code")))
    activities = {(code, score): indikator.activity_for(per_code[code], code, score) if code in per_code else None
                  for code, score in rows[["code", "score"]].drop_duplicates().itertuples(index=False)}
    rows["activity"] = [activities.get((c, s)) for c, s in zip(rows["code"], rows["score"])]
    rows["responsible"] = rows["code"].map(indikator.responsible(actors)).fillna("")
    rows = rows.merge(indikator.sector_table(dictionary, actors), on="code")
    rows = rows.sort_values(["gain", "lifts", "village_code", "position"], ascending=[False, False, True, True])
    columns = ["sector", "sector_label", "regency_name", "district_name", "village_code", "village_name", "idm",
               "status", "target", "code", "indicator", "position", "score", "responsible", "activity", "gain",
               "lifts"]
    return rows[columns].reset_index(drop=True)


def sector_summary(rows: pd.DataFrame, sectors: pd.DataFrame) -> pd.DataFrame:
    """Per sector, in the page's order: its indicators, the villages with a gap in it, the gaps, and the
    villages that reach the next status when every indicator of that sector (and no other) is raised to 5.

    rows: gap_rows; sectors: indikator.sector_table.
    """
    out = []
    for key, label in indikator.SECTOR_LABELS.items():
        part = rows[rows["sector"] == key]
        per_village = part.groupby("village_code").agg(idm=("idm", "first"), target=("target", "first"),
                                                       gain=("gain", "sum"))
        up = sum(lifts(i, g, t) for i, g, t in zip(per_village["idm"], per_village["gain"], per_village["target"]))
        out.append({"sector": key, "sector_label": label, "offices": indikator.SECTOR_OFFICES[key],
                    "indicators": int((sectors["sector"] == key).sum()), "villages": len(per_village),
                    "gaps": len(part), "up": int(up)})
    return pd.DataFrame(out, columns=["sector", "sector_label", "offices", "indicators", "villages", "gaps", "up"])


def compute(*, area: str, year: int, gains: pd.DataFrame, scores: pd.DataFrame, dictionary: pd.DataFrame,
            levels: pd.DataFrame, actors: pd.DataFrame) -> Workbook:
    rows = gap_rows(gains=gains, scores=scores, dictionary=dictionary, levels=levels, actors=actors)
    summary = sector_summary(rows, indikator.sector_table(dictionary, actors))
    return Workbook(area=area, year=year, rows=rows, summary=summary,
                    below_mandiri=int(gains["target"].notna().sum()) if not gains.empty else 0)


def load(db: Database, *, area: str, year: int, area_name: str | None = None,
         gains: pd.DataFrame | None = None) -> Workbook:
    """The workbook of an area (a Kemendagri code prefix) and year. `gains`: indikator.load_gains of the
    same area and year when the caller has it already (the Indikator view). LookupError, in Indonesian,
    when the area has no indicator scores that year."""
    years = db.indicator_years(area=area)
    if not int(years.loc[years["year"] == year, "villages"].sum()):
        name = area_name or area
        if years.empty:
            raise LookupError(f"belum ada skor 50 indikator untuk {name} di database ini (tersedia untuk "
                              "Kalimantan Tengah, Selatan dan Timur 2024)")
        raise LookupError(f"tidak ada skor 50 indikator untuk {name} tahun {year}; skor tersedia untuk tahun "
                          f"{fmt.years_text(int(y) for y in years['year'])}")
    if gains is None:
        gains = indikator.load_gains(db, area=area, year=year)
    return compute(area=area, year=year, gains=gains, scores=db.indicator_scores_long(area=area, year=year),
                   dictionary=db.indicator_dictionary(year=year), levels=db.indicator_levels(year=year),
                   actors=db.indicator_actors(year=year))


def resolve(db: Database, *, area: str, year: int) -> Filters:
    """Filters for a province ('63') or regency ('6303', '63.03') of the command line; a code or year the
    database does not hold is a LookupError naming it, never a silent fallback."""
    code = codes.clean(area)
    if codes.is_national(code) or not code.isdigit() or len(code) not in (2, 4):
        raise LookupError(f"wilayah '{filters.echo(area)}' bukan kode provinsi (mis. 63) atau kabupaten/kota "
                          "(mis. 6303 atau 63.03)")
    catalog = db.catalog()
    provinces = catalog.provinces()
    province = code[:2]
    if province not in provinces:
        raise LookupError(f"provinsi {province} tidak ada di database")
    years = catalog.years(province)
    if year not in years:
        raise LookupError(f"tidak ada data {provinces[province]} tahun {year}; tahun tersedia: "
                          f"{fmt.years_text(sorted(years))}")
    if len(code) == 4 and code not in catalog.regencies(province):
        raise LookupError(f"tidak ada desa kabupaten/kota {code} di {provinces[province]} dalam database")
    requested = {"prov": province, "tahun": str(year), "kab": code if len(code) == 4 else None}
    chosen, notices = filters.resolve(requested, catalog)
    if notices:
        raise LookupError(" ".join(notices))
    return chosen


# --- what an office reads ----------------------------------------------------------------------

def summary_rows(summary: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Sektor": summary["sector_label"],
        "Dinas/pihak": summary["offices"],
        "Indikator": summary["indicators"],
        "Desa di bawah Mandiri dengan kekurangan": summary["villages"],
        "Kekurangan (desa × indikator skor < 5)": summary["gaps"],
        "Desa naik status bila indikator sektor ini skor 5": summary["up"],
    })


def sector_rows(rows: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Kabupaten/kota": rows["regency_name"],
        "Kecamatan": rows["district_name"],
        "Desa": rows["village_name"],
        "Kode desa": rows["village_code"],
        "Status": rows["status"].map(rules.STATUS_LABELS),
        "IDM": rows["idm"],
        "Kode indikator": rows["code"],
        "Indikator": rows["indicator"],
        "Skor": rows["score"],
        "Penanggung jawab (kamus)": rows["responsible"],
        "Kegiatan acuan ke skor berikutnya": rows["activity"].fillna("–"),
        "Tambahan IDM bila skor 5": rows["gain"],
        "Naik status dengan indikator ini saja": rows["lifts"].map({True: YES, False: NO}),
    }).reset_index(drop=True)


def sheets(book: Workbook, *, area_name: str) -> list[tuple[str, Table]]:
    """(sheet name, table) in order: Ringkasan, then one sheet per sector named by its label."""
    listed = [(SUMMARY_SHEET, Table(NAME, f"{TITLE} {area_name} {book.year}: ringkasan per sektor",
                                    summary_rows(book.summary), source=SOURCE_INDICATORS))]
    for key, label in indikator.SECTOR_LABELS.items():
        listed.append((label, Table(f"{NAME}-{key}", f"{TITLE} {area_name} {book.year}: sektor {label}",
                                    sector_rows(book.rows[book.rows["sector"] == key]), source=SOURCE_INDICATORS,
                                    formats={"IDM": SCORE, "Tambahan IDM bila skor 5": SCORE, "Skor": "%d"})))
    for name, _ in listed:
        if len(name) > SHEET_LENGTH or SHEET_FORBIDDEN & set(name):
            raise ValueError(f"sheet name {name!r} is not allowed by Excel")
    return listed


def notes(book: Workbook, key: str | None) -> list[str]:
    """What a sheet says under its table beside the stamp: how to read it."""
    if key is None:
        return [f"{fmt.count(book.below_mandiri)} desa di bawah Mandiri dengan skor 50 indikator. Satu indikator "
                "bisa masuk lebih dari satu sektor (mis. akses sarana kesehatan: Dinkes dan PU), jadi kekurangan "
                "per sektor tidak dijumlahkan.",
                "Naik status: IDM resmi ditambah kenaikan semua indikator sektor itu ke skor 5 mencapai status "
                "berikutnya."]
    return [f"Dinas/pihak: {indikator.SECTOR_OFFICES[key]}.",
            "Satu baris per desa di bawah Mandiri dan indikator sektor ini yang skornya di bawah 5, tambahan IDM "
            "terbesar lebih dahulu. Tambahan IDM: bila skor indikator itu dinaikkan ke 5, dari IDM resmi."]


def sentence(book: Workbook, *, area_name: str) -> str:
    """The summary in one or two sentences: the rakor deck's speaker notes, the page's caption."""
    gaps = len(book.rows.drop_duplicates(["village_code", "code"]))
    text = (f"{fmt.count(book.below_mandiri)} desa {area_name} di bawah Mandiri mempunyai {fmt.count(gaps)} "
            f"kekurangan (indikator dengan skor di bawah 5) untuk dibagi ke OPD.")
    ranked = book.summary[book.summary["up"] > 0].sort_values("up", ascending=False, kind="stable")
    if ranked.empty:
        return text + " Tidak ada sektor yang sendirian menaikkan status satu desa pun."
    named = [f"{label} ({fmt.count(up)} desa)" for label, up in zip(ranked["sector_label"], ranked["up"])][:2]
    return (text + " Bila indikator satu sektor saja dinaikkan ke skor 5, desa naik status terbanyak lewat sektor "
            + ", lalu ".join(named) + ".")


# --- the file ----------------------------------------------------------------------------------

def xlsx(book: Workbook, *, area_name: str, context: str, made: date | None = None) -> bytes:
    """The workbook: one sheet per `sheets`, each laid out like export.xlsx (header in row 1, bold, frozen
    and filterable; numbers as numbers in the format the page shows; the title, context, source and date
    under the table), every text written as text."""
    stamp = export.Stamp(context=context, source=SOURCE_INDICATORS, made=made or date.today())
    keys = [None, *indikator.SECTOR_LABELS]
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="xlsxwriter", engine_kwargs={"options": TEXT_ONLY}) as writer:
        book_file = writer.book
        header = book_file.add_format({"bold": True, "bg_color": "#e8eef1", "border": 1, "text_wrap": True,
                                       "valign": "top"})
        note = book_file.add_format({"italic": True, "font_color": "#555555"})
        for key, (name, table) in zip(keys, sheets(book, area_name=area_name)):
            _write_sheet(writer, name, table, stamp, notes(book, key), header=header, note=note)
        book_file.set_properties({"title": f"{TITLE} {area_name} {book.year}", "subject": context,
                                  "comments": f"Sumber: {SOURCE_INDICATORS}"})
    return buffer.getvalue()


def _write_sheet(writer: pd.ExcelWriter, name: str, table: Table, stamp: export.Stamp, extra: list[str], *,
                 header, note) -> None:
    frame = table.frame
    rows = len(frame)
    frame.to_excel(writer, sheet_name=name, index=False)
    excel, sheet = writer.book, writer.sheets[name]
    for position, column in enumerate(frame.columns):
        sheet.write_string(0, position, str(column), header)
        spec = fmt.column_format(frame[column], table.formats.get(column))
        number_format = fmt.excel_format(spec) if spec else None
        width = max(len(str(column)) // 2, *(len(str(v)) for v in frame[column].head(200)), 6) + 2
        cell = excel.add_format({"num_format": number_format}) if number_format else None
        sheet.set_column(position, position, min(width, 48), cell)
    sheet.set_row(0, 48)  # long headers wrap onto a few lines rather than make every column wide
    sheet.freeze_panes(1, 0)
    if len(frame.columns):
        sheet.autofilter(0, 0, max(rows, 1), len(frame.columns) - 1)
    for offset, line in enumerate([f"{table.title} · {stamp.context}", *stamp.lines(), *extra]):
        sheet.write_string(rows + 2 + offset, 0, line, note)
