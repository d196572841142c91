"""Village files of the Indeks Desa (from 2025): their columns and their checks.

Permendesa PDT 9/2024 replaced IDM with the Indeks Desa (six dimensions, a score on a 0-100 scale) and
Kepmendes PDT 343/2025 set every village's 2025 status; the five status names continue. Files
circulate in three layouts (IDM.md): the ministry's listings (Provinsi, Kabupaten/ Kota, Kecamatan,
Kode Wilayah Administrasi Desa, Desa, Status ID, then item scores "SKOR ...", no total), regency
exports (Kecamatan, Kode Desa, Nama Desa, Status, Skor Total, Layanan Dasar (DLD), Sosial (DS),
Ekonomi (DE), Lingkungan (DL), Aksesibilitas (DA), Tata Kelola (TK)) and regency databases
(dimensi_layanan_dasar ... dimensi_tata_kelola_pemerintah, skor, status_indeks, tahun).

The reader of village files (idm.importers.idm_file) finds the header, the codes and names, the
title rows and decimal commas for both indices alike; this module recognises the Indeks Desa's own
columns (`field_of`) and checks its values (`check_values`). A status is kept as published and never
computed from the score: no official thresholds could be read. A score outside 0-100 is refused by
row and column (a file of raw points, such as 539 of 635, says so in the message).
"""

from __future__ import annotations

import re

import pandas as pd

from idm import fmt, rules
from idm.importers.checks import INDEKS_DESA_VALUES, Report

SCORE_FIELD = "skor"
DIMENSION_FIELDS = tuple(d.column for d in rules.INDEKS_DESA_DIMENSIONS)
VALUE_FIELDS = INDEKS_DESA_VALUES  # the score, then the six dimensions
STATUS_FIELD = "status_id"  # 'Status ID', 'status_indeks': a status column of the Indeks Desa by its name
YEAR_FIELD = "tahun"  # a column holding the year on every row (regency databases)
# Scores in this range read as a file of raw points (539 of 635) rather than a typing error (101,5).
RAW_POINTS = (150, 10_000)

# Word sets (see idm_file._words: upper case, digits apart) that name each dimension.
_DIMENSIONS = {
    "layanan_dasar": ({"LAYANAN", "DASAR"}, "DLD"),
    "sosial": ({"SOSIAL"}, "DS"),
    "ekonomi": ({"EKONOMI"}, "DE"),
    "lingkungan": ({"LINGKUNGAN"}, "DL"),
    "aksesibilitas": ({"AKSESIBILITAS"}, "DA"),
    "tata_kelola": ({"TATA", "KELOLA"}, "TK"),
}
_DIMENSION_EXTRA = {"DIMENSI", "SKOR", "NILAI", "PEMERINTAH", "PEMERINTAHAN", "DESA", "INDEKS"}


def field_of(words: list[str]) -> str | None:
    """The Indeks Desa field a header's words name ('SKOR TOTAL' -> 'skor'), None if none.

    `words` as idm_file._words gives them, the year taken out. An item score of the ministry's listing
    ('SKOR Ketersediaan Sarana ...') is none: only the total and the six dimensions are read."""
    tokens = set(words)
    if not tokens:
        return None
    named_status = (tokens <= {"STATUS", "ID"} and "ID" in tokens) or (tokens <= {"STATUS", "INDEKS", "DESA"}
                                                                      and "INDEKS" in tokens)
    if named_status:
        return STATUS_FIELD
    if tokens == {"TAHUN"}:
        return YEAR_FIELD
    if tokens in ({"SKOR"}, {"SKOR", "TOTAL"}, {"SKOR", "INDEKS", "DESA"}, {"NILAI", "INDEKS", "DESA"},
                  {"INDEKS", "DESA"}, {"SKOR", "ID"}, {"NILAI", "ID"}):
        return SCORE_FIELD
    for field, (names, short) in _DIMENSIONS.items():
        if (names <= tokens and tokens <= names | _DIMENSION_EXTRA | {short}) or tokens in ({short},):
            return field
    return None


def check_values(report: Report, frame: pd.DataFrame, text: pd.DataFrame) -> None:
    """The score and the dimensions between 0 and 100 (rejected otherwise, by row and column; raw points
    named as such), the status a known word (rejected otherwise) or empty (kept without a status: it is
    never computed). Sets frame['status']."""
    low, high = rules.INDEKS_DESA_SCALE
    for name in VALUE_FIELDS:
        if name not in report.headers:
            continue
        header = report.headers[name]
        written = text[name]
        value = frame[name]
        unreadable = (written != "") & value.isna()
        report.add(unreadable, "unreadable_number", "rejected", name,
                   lambda row, header=header, written=written: (
                       f"kolom {header} berisi '{written[row]}' (baris {row}): bukan angka; diharapkan skor "
                       f"{fmt.number(low, 0)}..{fmt.number(high, 0)}"))
        outside = value.notna() & ((value < low) | (value > high))
        report.add(outside, "out_of_range", "rejected", name,
                   lambda row, header=header, written=written, value=value: (
                       f"kolom {header} berisi {written[row]} (baris {row}): di luar rentang; diharapkan skor "
                       f"{fmt.number(low, 0)}..{fmt.number(high, 0)}"
                       + (" (tampaknya poin mentah, mis. 539 dari 635: ubah ke skala 0-100)"
                          if RAW_POINTS[0] <= value[row] <= RAW_POINTS[1] else "")))
    written = text["status"] if "status" in text else pd.Series("", index=frame.index)
    words = {word: rules.normalise_status(word) for word in written.unique() if word != ""}
    published = written.map(words).astype(object).where(written != "", None)
    header = report.headers.get("status", "status")
    report.add((written != "") & published.isna(), "unknown_status", "rejected", "status",
               lambda row: (f"kolom {header} berisi '{written[row]}' (baris {row}): bukan status desa; diharapkan "
                            "salah satu dari " + ", ".join(rules.STATUS_CODES)))
    missing = written == ""
    report.add(missing & ~report.rejected, "no_status", "info", "status",
               lambda row: (f"kolom {header} kosong (baris {row}): disimpan tanpa status; status Indeks Desa "
                            "tidak dihitung dari skor"))
    frame["status"] = published


def year_in_title(rows: list[list[object]]) -> int | None:
    """A year the title rows above a header name ('STATUS INDEKS DESA TAHUN 2025'), when exactly one."""
    years = {int(y) for row in rows for cell in row if cell is not None
             for y in re.findall(r"\b(20[2-9]\d)\b", str(cell))}
    return years.pop() if len(years) == 1 else None
