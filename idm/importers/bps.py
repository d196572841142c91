"""Read BPS poverty and welfare tables per regency/city as the BPS website gives them.

Offices download these tables from bps.go.id and the provincial BPS sites as xlsx, xls or csv and
load them without reformatting. Three layouts are read, on any sheet, below any title rows:

1. wide, years as column headers: a title naming the indicator ("Persentase Penduduk Miskin (P0)
   Menurut Kabupaten/Kota (Persen), 2021-2024"), a header row "Kabupaten/Kota | 2021 | 2022 | ...",
   one row per regency/city, the province row, maybe an "Indonesia" row, notes below ("Sumber: ...");
2. wide with a two-row header, as the website exports it: "Kabupaten/Kota | <indicator>" (merged over
   the year columns) and under it a row of years; the indicator may be named there instead of in a
   title, and several indicators may stand side by side;
3. long: a name column ("wilayah", "kabupaten/kota"), "tahun", and either "nilai" with an "indikator"
   column or one column per indicator ("p0", "ipm", "gini", "pdrb_kapita", "miskin_pct", ...).

BPS numbers regencies its own way (Kutai Barat is BPS 6402 but Kemendagri 64.07), so a row is placed
by its name, resolved within the province in the Kemendagri gazetteer, never by a BPS code. Policy as
for the IDM files (idm.importers.checks): what cannot be read is rejected and listed with its row and column,
close spellings are accepted and flagged, nothing is guessed silently; a file with nothing usable is
refused with a message that says why.
"""

from __future__ import annotations

import csv
import difflib
import functools
import io
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from idm import codes, fmt
from idm.importers import numbers, sources
from idm.importers.checks import Problem
from idm.importers.errors import IdmFileError
from idm.importers.gazetteer import APPROXIMATE_RATIO, Gazetteer, name_key, region_gazetteer
from idm.welfare import INDICATORS

VALUE_COLUMNS = ["region_code", "year", "indicator", "value", "source_file", "source_row"]

HEADER_SEARCH_ROWS = 30
WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
TEXT_SUFFIXES = {".csv", ".txt"}
DETECT_BYTES = 65536  # enough of a text file to find its header, for is_bps_table
# A regency table is a few kilobytes; calamine parses a whole sheet even for its first rows, which
# takes 1,5 s for the national IDM workbook (4,7 MB). is_bps_table does not open larger workbooks.
DETECT_WORKBOOK_BYTES = 1_000_000
# Tried in this order: a ';' file's titles and decimal commas hold ',', a ',' file rarely holds ';'.
DELIMITERS = (";", "\t", ",")
YEARS = range(1990, 2101)


# The words that name each indicator (idm.welfare.INDICATORS) in a title, header or cell, as word
# sequences (see `_words`).
PHRASES: dict[str, tuple[str, ...]] = {
    "p0": ("PERSENTASE PENDUDUK MISKIN", "P0", "MISKIN PCT", "PERSENTASE MISKIN"),
    "p1": ("INDEKS KEDALAMAN KEMISKINAN", "P1"),
    "p2": ("INDEKS KEPARAHAN KEMISKINAN", "P2"),
    "ipm": ("INDEKS PEMBANGUNAN MANUSIA", "IPM"),
    "gini": ("GINI",),
    "tpt": ("TINGKAT PENGANGGURAN TERBUKA", "TPT"),
    # Atas dasar harga berlaku only (see _CONSTANT_PRICES).
    "pdrb_kapita": ("PDRB PER KAPITA", "PDRB PERKAPITA", "PDRB KAPITA", "PDRB PER CAPITA",
                    "PRODUK DOMESTIK REGIONAL BRUTO PER KAPITA", "PRODUK DOMESTIK REGIONAL BRUTO PERKAPITA"),
}

# A title with these words gives a change, not the indicator itself.
_CHANGE_WORDS = ("PERTUMBUHAN", "LAJU", "PERUBAHAN", "SELISIH")
_CONSTANT_PRICES = ("HARGA KONSTAN", "ADHK")

# Header words of the column that names the region, in either layout.
_REGION_WORDS = {"KABUPATEN", "KAB", "KOTA", "KABKOTA", "KABKOT", "WILAYAH", "REGENCY", "MUNICIPALITY", "REGION",
                 "DAERAH"}
_REGION_EXTRA = {"NAMA", "PROVINSI", "PROV", "CITY", "DAN", "AND"}
_YEAR_HEADERS = {"TAHUN", "YEAR", "THN", "TAHUN DATA"}
_VALUE_HEADERS = {"NILAI", "VALUE", "ANGKA", "DATA"}
_INDICATOR_HEADERS = {"INDIKATOR", "INDICATOR", "VARIABEL", "VARIABLE", "URAIAN", "JENIS DATA"}
_UNIT_HEADERS = {"SATUAN", "UNIT"}
# A header over the years that names no indicator ("Tahun", "Maret"): the title says which one.
_NEUTRAL_WORDS = {"TAHUN", "YEAR", "MARET", "SEPTEMBER", "AGUSTUS", "SATUAN", "PERSEN", "RIBU", "JUTA", "RUPIAH",
                  "RP"}
_NOTE_WORDS = {"SUMBER", "SOURCE", "CATATAN", "NOTE", "NOTES", "KETERANGAN", "KET"}
# A BPS mark after a number: '4,83*' (sementara), '73,45 r' (revisi), '5,1 (x)', superscripts.
_FOOTNOTE = re.compile(r"\s*(\*+|\([a-z*]\)|[a-z]|[\u00b9\u00b2\u00b3\u2070-\u2079]+)\s*$", re.IGNORECASE)
_NAME_FOOTNOTE = re.compile(r"(\s*(\*+|[\u00b9\u00b2\u00b3\u2070-\u2079]+|\(\d\)|\d\)))+$")
_YEAR = re.compile(r"(?:TAHUN\s+)?((?:19|20)\d{2})\s*(?:\*+|[A-Z]|\([A-Z*]\))?")

# Province abbreviations the offices use in file names ('bps_kalsel_2024.csv') and letters.
PROVINCE_SHORT = {
    "sumut": "12", "sumbar": "13", "sumsel": "16", "babel": "19", "kepri": "21", "dki": "31", "jabar": "32",
    "jateng": "33", "diy": "34", "jatim": "35", "ntb": "52", "ntt": "53", "kalbar": "61", "kalteng": "62",
    "kalsel": "63", "kaltim": "64", "kaltara": "65", "sulut": "71", "sulteng": "72", "sulsel": "73",
    "sultra": "74", "sulbar": "76", "malut": "82",
}
# BPS and Kemendagri number the provinces alike up to Maluku Utara (82); the Papua provinces differ
# (Papua is BPS 94 but Kemendagri 91), so a BPS code of 91 and above never names a province here.
_LAST_SHARED_PROVINCE = "82"


class BpsTableError(IdmFileError):
    """A BPS table that cannot be read; the message names the file, row and column and says why."""


@dataclass
class BpsTable:
    path: Path
    sheet: str | None  # None for csv
    layout: str  # 'lebar' (years as columns) | 'panjang' (one row per region and year)
    values: pd.DataFrame  # VALUE_COLUMNS, accepted values only
    province: str  # 2-digit Kemendagri code
    province_origin: str  # where the province came from, in Indonesian, for the report
    indicators: list[str]  # keys of INDICATORS with values, in that order
    rows_read: int  # region rows seen (titles, blank rows, sub-headings and notes excluded)
    rows_rejected: int  # rows with at least one value rejected
    problems: list[Problem] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Words, indicators, units


def _words(text: object) -> str:
    """Comparable text: ASCII capitals and digits separated by one space ('Kab/Kota' -> 'KAB KOTA')."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().upper()
    return " ".join(re.sub(r"[^A-Z0-9]+", " ", ascii_text).split())


def _has(words: str, phrase: str) -> bool:
    return f" {phrase} " in f" {words} "


def _cell_text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def indicators_named(text: str) -> tuple[list[str], str | None]:
    """Keys of the indicators a title, header or cell names, and why a named one is not read (or None)."""
    words = _words(text)
    keys = [key for key in INDICATORS if any(_has(words, p) for p in PHRASES[key])]
    if not keys:
        return [], None
    change = [word for word in _CHANGE_WORDS if _has(words, word)]
    if change:
        return [], f"'{text}' menyebut {change[0].lower()}, bukan nilai indikatornya"
    if "pdrb_kapita" in keys and any(_has(words, p) for p in _CONSTANT_PRICES):
        keys.remove("pdrb_kapita")
        return keys, (f"'{text}': PDRB per kapita atas dasar harga konstan tidak dipakai; "
                      "diharapkan atas dasar harga berlaku (ADHB)")
    return keys, None


def _rupiah_factor(texts: list[str]) -> tuple[float, str | None]:
    """Factor to thousand rupiah and the unit as written, from the first text that names one."""
    for text in texts:
        words = _words(text)
        if _has(words, "JUTA RUPIAH") or _has(words, "JUTA RP"):
            return 1000.0, "juta rupiah"
        if _has(words, "RIBU RUPIAH") or _has(words, "RIBU RP"):
            return 1.0, "ribu rupiah"
        if _has(words, "RUPIAH") or _has(words, "RP"):
            return 0.001, "rupiah"
    return 1.0, None


def _is_region_header(text: str) -> bool:
    words = set(_words(text).split())
    return bool(words & _REGION_WORDS) and words <= _REGION_WORDS | _REGION_EXTRA


def _year_of(value: object) -> int | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
        return int(number) if number.is_integer() and int(number) in YEARS else None
    text = _cell_text(value).upper()
    if re.fullmatch(r"\d{4}\.0+", text):  # '2023.0', as a spreadsheet saved to csv may write it
        text = text.split(".")[0]
    match = _YEAR.fullmatch(text)
    year = int(match.group(1)) if match else None
    return year if year in YEARS else None


# ---------------------------------------------------------------------------------------------
# Files to rows


@dataclass
class _Source:
    sheet: str | None
    delimiter: str | None  # None for a workbook
    head: list[list[object]]
    rows: Callable[[], list[list[object]]]


def _text_sources(path: Path, *, head_only: bool) -> Iterator[_Source]:
    if head_only:
        with open(path, "rb") as handle:
            text = handle.read(DETECT_BYTES).decode("utf-8", errors="ignore")
    else:
        text = sources.read_text(path)
    sample = "\n".join(text.splitlines()[:HEADER_SEARCH_ROWS])
    for delimiter in [d for d in DELIMITERS if d in sample] or [","]:
        head = list(csv.reader(io.StringIO(sample), delimiter=delimiter))

        def rows(delimiter: str = delimiter) -> list[list[object]]:
            return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))

        yield _Source(None, delimiter, head, rows)


def _workbook_sources(path: Path) -> Iterator[_Source]:
    for sheet in sources.workbook_sheets(path, head_rows=HEADER_SEARCH_ROWS, error=BpsTableError):
        yield _Source(sheet.name, None, sheet.head, sheet.rows)


def _sources(path: Path, *, head_only: bool) -> Iterator[_Source]:
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return _text_sources(path, head_only=head_only)
    if suffix in WORKBOOK_SUFFIXES:
        return _workbook_sources(path)
    raise BpsTableError(f"{path.name}: bukan xlsx/xls/csv (akhiran '{path.suffix}')")


def _cells(rows: list[list[object]], index: int) -> list[str]:
    return [_cell_text(cell) for cell in rows[index]] if index < len(rows) else []


# ---------------------------------------------------------------------------------------------
# Layouts


@dataclass(frozen=True)
class _Column:
    index: int
    header: str  # as written
    year: int | None = None  # wide: from the header; long: from the year column of each row
    indicator: str | None = None  # None in the long layout with an indicator column
    factor: float = 1.0  # to the unit of INDICATORS[indicator]
    unit: str | None = None  # as written, when it is converted


@dataclass
class _Layout:
    kind: str  # 'lebar' | 'panjang'
    header_row: int  # 0-based index of the row with the region header
    first_data_row: int
    name_column: int
    title: str  # text above the header (and, wide, the header over the years)
    columns: list[_Column]  # value columns that will be read
    notes: list[tuple[int | None, str | None, str, str]]  # (row, column, check, message) of columns left out
    refusals: list[str]  # why named indicators are not read
    year_column: int | None = None  # long
    indicator_column: int | None = None  # long, with `nilai`
    unit_column: int | None = None  # long
    code_column: int | None = None  # a BPS code, used for the province only


def _title(rows: list[list[object]], before: int) -> str:
    return " ".join(text for index in range(before) for text in _cells(rows, index) if text)


def _pdrb_column(column: _Column, texts: list[str]) -> _Column:
    if column.indicator != "pdrb_kapita":
        return column
    factor, unit = _rupiah_factor(texts)
    return _Column(column.index, column.header, column.year, column.indicator, factor, unit)


def _wide_layout(rows: list[list[object]]) -> _Layout | None:
    for index in range(min(HEADER_SEARCH_ROWS, len(rows))):
        cells = _cells(rows, index)
        name_column = next((j for j, text in enumerate(cells) if text and _is_region_header(text)), None)
        if name_column is None:
            continue
        after = cells[name_column + 1:]
        if any(_year_of(text) for text in after):
            year_row, group_row = index, None
        elif any(_year_of(text) for text in _cells(rows, index + 1)[name_column + 1:]):
            year_row, group_row = index + 1, index
        else:
            continue
        title = _title(rows, index)
        return _wide_columns(rows, name_column, year_row, group_row, title)
    return None


def _wide_columns(rows, name_column: int, year_row: int, group_row: int | None, title: str) -> _Layout:
    """The year columns and the indicator of each: from the header over them, else from the title."""
    years = _cells(rows, year_row)
    groups = _cells(rows, group_row) if group_row is not None else []
    title_keys, title_refusal = indicators_named(title)
    columns: list[_Column] = []
    notes: list[tuple[int | None, str | None, str, str]] = []
    refusals = [title_refusal] if title_refusal and not title_keys else []
    ignored: dict[tuple[str, str], list[str]] = {}  # (header over the years, why) -> year headers
    group = ""
    for j in range(name_column + 1, len(years)):
        # A merged cell holds its text in its first column only: the label runs on to the right.
        if j < len(groups) and groups[j]:
            group = groups[j]
        header = years[j]
        if not header:
            continue
        year = _year_of(header)
        if year is None:
            notes.append((year_row + 1, header, "not_a_year",
                          f"kolom '{header}' (baris {year_row + 1}) bukan tahun: diabaikan"))
            continue
        keys, refusal = indicators_named(group) if group else ([], None)
        neutral = not keys and not refusal and set(_words(group).split()) <= _NEUTRAL_WORDS
        if group and not neutral:
            if len(keys) != 1:
                why = refusal or (f"menyebut beberapa indikator ({', '.join(keys)})" if keys
                                  else "bukan indikator yang dikenali")
                ignored.setdefault((group, why), []).append(header)
                if refusal and refusal not in refusals:
                    refusals.append(refusal)
                continue
            column = _Column(j, header, year, keys[0])
            columns.append(_pdrb_column(column, [group, title]))
            continue
        if len(title_keys) != 1:
            continue  # refused below with the title quoted
        columns.append(_pdrb_column(_Column(j, header, year, title_keys[0]), [group, title]))
    for (group, why), headers in ignored.items():
        notes.append((group_row + 1, headers[0], "unknown_indicator",
                      f"kolom {', '.join(headers)} di bawah '{group}': {why}; diabaikan"))
    header_row = group_row if group_row is not None else year_row
    return _Layout("lebar", header_row, year_row + 1, name_column, " ".join([title, *filter(None, groups)]),
                   columns, notes, refusals)


def _long_layout(rows: list[list[object]]) -> _Layout | None:
    for index in range(min(HEADER_SEARCH_ROWS, len(rows))):
        cells = _cells(rows, index)
        words = [_words(text) for text in cells]
        name_column = next((j for j, text in enumerate(cells) if text and _is_region_header(text)), None)
        year_column = next((j for j, w in enumerate(words) if w in _YEAR_HEADERS), None)
        if name_column is None or year_column is None:
            continue
        title = _title(rows, index)
        value_column = next((j for j, w in enumerate(words) if w in _VALUE_HEADERS), None)
        indicator_column = next((j for j, w in enumerate(words) if w in _INDICATOR_HEADERS), None)
        unit_column = next((j for j, w in enumerate(words) if w in _UNIT_HEADERS), None)
        code_column = next((j for j, w in enumerate(words)
                            if {"KODE", "ID", "KD"} & set(w.split()) and j != name_column), None)
        columns: list[_Column] = []
        refusals: list[str] = []
        title_keys, title_refusal = indicators_named(title)
        if value_column is not None and indicator_column is not None:
            columns.append(_Column(value_column, cells[value_column]))
        elif value_column is not None and (title_keys or title_refusal):
            # 'wilayah | tahun | nilai' under a title that names the indicator
            if len(title_keys) == 1:
                columns.append(_pdrb_column(_Column(value_column, cells[value_column], None, title_keys[0]), [title]))
            else:
                refusals.append(title_refusal or f"judul '{title}' menyebut beberapa indikator; diharapkan satu")
        else:
            taken = {name_column, year_column, code_column, unit_column}
            for j, text in enumerate(cells):
                if j in taken or not text:
                    continue
                keys, refusal = indicators_named(text)
                if refusal:
                    refusals.append(refusal)
                if len(keys) == 1:
                    columns.append(_pdrb_column(_Column(j, text, None, keys[0]), [text, title]))
        if not columns and not refusals:
            continue
        return _Layout("panjang", index, index + 1, name_column, title, columns, [], refusals,
                       year_column=year_column, indicator_column=indicator_column if value_column is not None else None,
                       unit_column=unit_column, code_column=code_column)
    return None


def _layout(rows: list[list[object]]) -> _Layout | None:
    return _long_layout(rows) or _wide_layout(rows)


def _locate(path: Path, *, head_only: bool) -> tuple[_Source, _Layout] | None:
    """The first sheet (or csv delimiter) with a recognisable header and its layout."""
    for source in _sources(path, head_only=head_only):
        layout = _layout(source.head)
        if layout is not None:
            return source, layout
    return None


def is_bps_table(path: Path | str) -> bool:
    """Whether the file's content is a BPS table of one of INDICATORS, in any of the layouts above.

    Decided from the first HEADER_SEARCH_ROWS rows, whatever the file is called (a csv saved as .txt
    is one); never raises. Workbooks over DETECT_WORKBOOK_BYTES are not opened (see there)."""
    path = Path(path)
    try:
        if path.suffix.lower() in WORKBOOK_SUFFIXES and path.stat().st_size > DETECT_WORKBOOK_BYTES:
            return False
        found = _locate(path, head_only=True)
    except Exception:  # anything unreadable is simply not such a table
        return False
    return found is not None and bool(found[1].columns)


# ---------------------------------------------------------------------------------------------
# Rows


@dataclass
class _Entry:  # one value as written
    row: int  # 1-based, as Excel shows it
    column: str
    year: int
    indicator: str
    raw: object
    factor: float = 1.0


@dataclass
class _Line:  # one region row
    row: int
    name: str
    entries: list[_Entry]
    code: str = ""  # the BPS code, when the file has a code column


class _Report:
    def __init__(self, file: str, sheet: str | None) -> None:
        self.file, self.sheet = file, sheet
        self.problems: list[Problem] = []
        self.rejected_rows: set[int] = set()
        self._once: set[object] = set()

    def add(self, row: int | None, column: str | None, check: str, severity: str, message: str) -> None:
        self.problems.append(Problem(self.file, self.sheet, row, column, check, severity, message))
        if severity == "rejected" and row is not None:
            self.rejected_rows.add(row)

    def once(self, key: object, column: str | None, check: str, message: str) -> None:
        """An 'info' problem of the whole file, added the first time only."""
        if key not in self._once:
            self._once.add(key)
            self.add(None, column, check, "info", message)


def _is_note(cells: list[str]) -> bool:
    first = next((text for text in cells if text), "")
    words = _words(first).split()
    return (bool(words) and words[0] in _NOTE_WORDS) or first.startswith(("*", "\u00b9", "\u00b2", "\u00b3"))


def _region_rows(rows: list[list[object]], layout: _Layout) -> Iterator[tuple[int, list[str], list[object]]]:
    """(1-based row, cell texts, cells) of the rows that may name a region; stops at the notes."""
    for index in range(layout.first_data_row, len(rows)):
        cells = _cells(rows, index)
        if not any(cells):
            continue
        if _is_note(cells):
            return
        name = cells[layout.name_column] if layout.name_column < len(cells) else ""
        if re.fullmatch(r"\(?\d{1,2}\)?", name) and all(re.fullmatch(r"\(?\d{1,2}\)?", t) for t in cells if t):
            continue  # the column numbers '(1) (2) (3)' of printed tables
        yield index + 1, cells, rows[index]


def _is_subheading(name: str, values: list[str]) -> bool:
    """'Kabupaten' or 'Kota' above a group of rows, with no values."""
    return not any(values) and set(_words(name).split()) <= {"KABUPATEN", "KAB", "KOTA", "KABKOTA"}


def _clean_name(name: str) -> str:
    return _NAME_FOOTNOTE.sub("", name).strip()


def _wide_lines(rows, layout: _Layout, report: _Report) -> list[_Line]:
    lines = []
    for row, cells, raw in _region_rows(rows, layout):
        name = _clean_name(cells[layout.name_column]) if layout.name_column < len(cells) else ""
        values = [cells[c.index] if c.index < len(cells) else "" for c in layout.columns]
        if _is_subheading(name, values):
            continue
        entries = [_Entry(row, c.header, c.year, c.indicator, raw[c.index] if c.index < len(raw) else None, c.factor)
                   for c in layout.columns]
        lines.append(_Line(row, name, entries))
    return lines


def _at(cells: list[str], index: int | None) -> str:
    return cells[index] if index is not None and index < len(cells) else ""


def _long_lines(rows, layout: _Layout, report: _Report) -> list[_Line]:
    lines = []
    header = _cells(rows, layout.header_row)
    year_header = header[layout.year_column]
    skipped: dict[str, list[int]] = {}
    for row, cells, raw in _region_rows(rows, layout):
        text = functools.partial(_at, cells)
        name = _clean_name(text(layout.name_column))
        line = _Line(row, name, [], code=text(layout.code_column))
        lines.append(line)
        year = _year_of(raw[layout.year_column]) if layout.year_column < len(raw) else None
        if year is None:
            written = text(layout.year_column)
            report.add(row, year_header, "unreadable_year", "rejected",
                       f"kolom {year_header} berisi '{written}' (baris {row}): bukan tahun; diharapkan mis. 2024")
            continue
        if layout.indicator_column is not None:
            named = text(layout.indicator_column)
            keys, _ = indicators_named(named)
            if len(keys) != 1:
                skipped.setdefault(named, []).append(row)
                continue
            column = _pdrb_column(_Column(layout.columns[0].index, layout.columns[0].header, year, keys[0]),
                                  [text(layout.unit_column), named, layout.title])
            line.entries.append(_Entry(row, column.header, year, keys[0], raw[column.index]
                                       if column.index < len(raw) else None, column.factor))
            _note_unit(report, column)
            continue
        for column in layout.columns:
            line.entries.append(_Entry(row, column.header, year, column.indicator,
                                       raw[column.index] if column.index < len(raw) else None, column.factor))
    indicator_header = header[layout.indicator_column] if layout.indicator_column is not None else None
    for named, skipped_rows in skipped.items():
        report.add(None, indicator_header, "unknown_indicator", "info",
                   f"indikator '{named}' tidak dikenali ({fmt.count(len(skipped_rows))} baris, mis. baris "
                   f"{skipped_rows[0]}): dilewati; dikenali: " + ", ".join(i.label for i in INDICATORS.values()))
    return lines


def _note_unit(report: _Report, column: _Column) -> None:
    """Once per file and unit: PDRB per kapita converted to thousand rupiah, or assumed to be in it."""
    if column.indicator != "pdrb_kapita":
        return
    if column.unit is None:
        report.once(("unit", None), column.header, "unit_assumed",
                    "satuan PDRB per kapita tidak disebut di judul atau kolom: dibaca sebagai ribu rupiah")
    elif column.factor != 1.0:
        factor = fmt.number(column.factor, 3) if column.factor < 1 else fmt.count(column.factor)
        report.once(("unit", column.unit), column.header, "unit_converted",
                    f"PDRB per kapita ditulis dalam {column.unit}: diubah ke ribu rupiah (dikali {factor})")


# ---------------------------------------------------------------------------------------------
# Province


def _province_phrases(gazetteer: Gazetteer) -> dict[str, str]:
    """Word sequences that name a province in a title ('KALIMANTAN SELATAN', 'DKI JAKARTA', 'KALSEL')."""
    phrases = {}
    for code, name in gazetteer.children(""):
        words = _words(name)
        phrases[words] = code
        phrases[words.replace("DAERAH KHUSUS IBUKOTA", "DKI").replace("DAERAH ISTIMEWA", "DI")] = code
    phrases.update({short.upper(): code for short, code in PROVINCE_SHORT.items()})
    return phrases


def _provinces_in_text(text: str, gazetteer: Gazetteer) -> set[str]:
    words = _words(text)
    found = {phrase: code for phrase, code in _province_phrases(gazetteer).items() if _has(words, phrase)}
    # 'PAPUA BARAT DAYA' also holds 'PAPUA BARAT' and 'PAPUA': the longest name is the one meant.
    return {code for phrase, code in found.items()
            if not any(phrase != other and _has(other, phrase) for other in found)}


def _provinces_in_file_name(stem: str, gazetteer: Gazetteer) -> set[str]:
    """Provinces a file name names: 'kalsel', 'kalimantan_timur', 'Provinsi-Kaltim', '6400'."""
    tokens = [t for t in re.split(r"[^a-z0-9]+", stem.lower()) if t]
    codes = {code for code, _ in gazetteer.children("")}
    keys = {name_key(name, "provinsi"): code for code, name in gazetteer.children("")}
    found = set()
    start = 0
    while start < len(tokens):
        token = tokens[start]
        if token in PROVINCE_SHORT:
            found.add(PROVINCE_SHORT[token])
        elif re.fullmatch(r"\d{2}00", token) and token[:2] in codes and token[:2] <= _LAST_SHARED_PROVINCE:
            found.add(token[:2])
        for end in range(len(tokens), start, -1):  # longest run first: 'papua_barat_daya' is not Papua
            key = "".join(tokens[start:end]).upper()
            if key in keys:
                found.add(keys[key])
                start = end - 1
                break
        start += 1
    return found


def provinces_in_file_name(name: str, gazetteer: Gazetteer | None = None) -> set[str]:
    """The provinces a file's name names, as read_bps_table reads them from its path: for a file kept
    under another name (an upload), whose name its user gave ('bps_kalteng_2024.xlsx' -> {'62'})."""
    return _provinces_in_file_name(Path(name).stem, gazetteer or region_gazetteer())


def _province_argument(text: str, gazetteer: Gazetteer) -> str:
    written = str(text).strip()
    names = dict(gazetteer.children(""))
    if re.fullmatch(r"\d{2}(00)?", written) and written[:2] in names:
        return written[:2]
    key = name_key(written, "provinsi")
    by_key = {name_key(name, "provinsi"): code for code, name in names.items()}
    code = by_key.get(key) or PROVINCE_SHORT.get(key.lower())
    if code is None:
        raise BpsTableError(f"--province {written!r} tidak dikenal: diharapkan kode provinsi Kemendagri dua angka "
                            "(mis. 63) atau nama provinsi (mis. Kalimantan Selatan)")
    return code


def _is_national(name: str) -> bool:
    return _words(name) in ("INDONESIA", "NASIONAL")


def _province_row(name: str, gazetteer: Gazetteer) -> str | None:
    """The province a row names ('KALIMANTAN SELATAN', 'Provinsi Kalimantan Selatan'), or None."""
    key = name_key(name, "provinsi")
    code = {name_key(n, "provinsi"): c for c, n in gazetteer.children("")}.get(key) or PROVINCE_SHORT.get(key.lower())
    if code is None:
        return None
    if _words(name).split()[0] in ("PROVINSI", "PROPINSI", "PROV"):
        return code
    # Gorontalo is a province and one of its regencies: BPS writes the province row in capitals.
    regency = name_key(name, "kabupaten")
    if any(name_key(n, "kabupaten") == regency for _, n in gazetteer.children(code)) and not name.isupper():
        return None
    return code


def _codes_in_column(lines: list[_Line], gazetteer: Gazetteer) -> set[str]:
    """Provinces of the BPS codes of a code column ('6301', '6300'); Indonesia '0000' names none."""
    names = dict(gazetteer.children(""))
    found = set()
    for line in lines:
        digits = re.sub(r"\D", "", line.code)
        province = digits[:2]
        if len(digits) >= 2 and province in names and province <= _LAST_SHARED_PROVINCE:
            found.add(province)
    return found


def _decide_province(path: Path, layout: _Layout, lines: list[_Line], header: list[str], argument: str | None,
                     gazetteer: Gazetteer) -> tuple[str, str, dict[int, str]]:
    """(province, where it came from, province rows): from the rows and the title, the file name, the argument.

    Every source that names a province must name the same one: a table of Kalimantan Timur read as
    Kalimantan Selatan would put its regencies nowhere or, worse, somewhere.
    """
    province_rows = {line.row: code for line in lines if line.name and (code := _province_row(line.name, gazetteer))}
    in_rows = sorted(set(province_rows.values()))
    if len(in_rows) > 1:
        listed = "; ".join(
            f"{gazetteer.name(code)} ({code}) di baris "
            + ", ".join(str(row) for row, found in province_rows.items() if found == code)
            for code in in_rows
        )
        raise BpsTableError(f"{path.name}: berisi baris beberapa provinsi ({listed}); diharapkan tabel "
                            "kabupaten/kota satu provinsi")
    claims: list[tuple[str, str]] = []
    if in_rows:
        claims.append((in_rows[0], f"baris provinsi (baris {min(province_rows)})"))
    in_title = _provinces_in_text(layout.title, gazetteer)
    if len(in_title) == 1:
        claims.append((in_title.pop(), "judul tabel"))
    in_codes = _codes_in_column(lines, gazetteer) if layout.code_column is not None else set()
    if len(in_codes) == 1:
        claims.append((in_codes.pop(), f"kolom {header[layout.code_column]}"))
    in_name = _provinces_in_file_name(path.stem, gazetteer)
    if len(in_name) > 1:
        listed = ", ".join(f"{gazetteer.name(c)} ({c})" for c in sorted(in_name))
        raise BpsTableError(f"{path.name}: nama berkas menyebut beberapa provinsi ({listed}); ganti nama berkas "
                            "atau beri provinsinya dengan --province")
    if in_name:
        claims.append((in_name.pop(), f"nama berkas '{path.name}'"))
    if argument:
        claims.append((_province_argument(argument, gazetteer), f"--province {argument}"))
    if len({code for code, _ in claims}) > 1:
        listed = "; ".join(f"{where}: {gazetteer.name(code)} ({code})" for code, where in claims)
        raise BpsTableError(f"{path.name}: provinsi tidak cocok ({listed}). Periksa berkasnya, atau --province "
                            "yang diberikan")
    if not claims:
        raise BpsTableError(
            f"{path.name}: provinsi tidak diketahui: tidak ada baris provinsi (mis. 'Kalimantan Selatan'), dan "
            "judul maupun nama berkas tidak menyebut provinsi. Beri provinsinya dengan --province, mis. "
            f"`python -m idm import {path.name} --province 63`"
        )
    return claims[0][0], claims[0][1], province_rows


# ---------------------------------------------------------------------------------------------
# Regencies


@dataclass(frozen=True)
class _Regency:
    code: str
    name: str
    key: str  # name_key: 'TANAHLAUT', 'KOTABANJARBARU'
    bare: str  # the key of a kota without 'KOTA': 'BANJARBARU'


def _regencies(province: str, gazetteer: Gazetteer) -> tuple[list[_Regency], list[_Regency]]:
    """(kabupaten, kota) of a province; regency digits 71 and up are a kota (Permendagri numbering)."""
    kabupaten, kota = [], []
    for code, name in gazetteer.children(province):
        key = name_key(name, "kabupaten")
        if codes.is_kota(code):
            kota.append(_Regency(code, name, key, key[4:] if key.startswith("KOTA") else key))
        else:
            kabupaten.append(_Regency(code, name, key, key))
    return kabupaten, kota


@dataclass(frozen=True)
class _Match:
    regency: _Regency | None
    ratio: float | None = None  # set for a close spelling
    candidates: tuple[_Regency, ...] = ()  # set when several are equally possible


def _match_regency(name: str, kabupaten: list[_Regency], kota: list[_Regency]) -> _Match:
    """A bare name prefers the kabupaten and falls back to 'Kota <name>'; 'Kota X' prefers the kota
    ('Kota Baru' is still Kabupaten Kotabaru); 'Kab. X' is a kabupaten only. Exact on the normalised
    name first, then one close spelling."""
    words = _words(name).split()
    written = "bare"
    if len(words) > 1 and words[0] in ("KABUPATEN", "KAB"):
        words, written = words[1:], "kabupaten"
    elif len(words) > 1 and words[0] == "KOTA":
        written = "kota"
    key = name_key(" ".join(words), "kabupaten")
    if written == "kabupaten":
        tiers = [(kabupaten, "key")]
    elif written == "kota":
        tiers = [(kota, "key"), (kabupaten, "key")]
    else:
        tiers = [(kabupaten, "key"), (kota, "bare")]
    for units, attribute in tiers:
        exact = [unit for unit in units if getattr(unit, attribute) == key]
        if len(exact) == 1:
            return _Match(exact[0])
        if exact:
            return _Match(None, candidates=tuple(exact))
    close: dict[_Regency, float] = {}
    for units, attribute in tiers:
        for unit in units:
            ratio = difflib.SequenceMatcher(None, key, getattr(unit, attribute)).ratio()
            if ratio >= APPROXIMATE_RATIO:
                close[unit] = max(ratio, close.get(unit, 0.0))
    if len(close) == 1:
        (unit, ratio), = close.items()
        return _Match(unit, ratio=ratio)
    return _Match(None, candidates=tuple(close))


# ---------------------------------------------------------------------------------------------
# Numbers


def _number_text(value: object) -> str | None:
    """The number part of a text cell, without BPS marks and spaces; None when it means 'no data'."""
    text = _cell_text(value)
    if text.upper() in numbers.EMPTY_MARKERS:
        return None
    if numbers.parse(text) is not None:  # '1e5', 'inf': a number as it stands, no mark to take off
        return text
    text = _FOOTNOTE.sub("", text).replace("\u2212", "-")
    return re.sub(r"(?<=\d)\s+(?=\d)", "", text)


def _decimal_mark(entries: list[_Entry], delimiter: str | None) -> tuple[str, list[str]]:
    """The file's decimal mark, and the texts that only the assumed mark decides ('48.066'). Nothing
    decides: a ',' separated file cannot hold unquoted decimal commas; otherwise Indonesian."""
    texts = [text for entry in entries
             if isinstance(entry.raw, str) and (text := _number_text(entry.raw)) is not None]
    return numbers.decimal_mark(texts, default="." if delimiter == "," else ",")


def _to_float(value: object, decimal: str) -> tuple[float | None, bool]:
    """(number, readable): (None, True) for an empty or 'no data' cell, (None, False) for text."""
    if isinstance(value, bool):
        return None, False
    if isinstance(value, (int, float)):
        return (None, True) if value != value else (float(value), True)
    text = _number_text(value)
    if text is None:
        return None, True
    number = numbers.parse(text, decimal=decimal)
    return (number, True) if number is not None else (None, False)


# ---------------------------------------------------------------------------------------------
# The table


def _values(lines: list[_Line], places: dict[int, str], decimal: str, path: Path, report: _Report) -> pd.DataFrame:
    records = []
    for line in lines:
        code = places.get(line.row)
        if code is None:
            continue
        for entry in line.entries:
            number, readable = _to_float(entry.raw, decimal)
            written = _cell_text(entry.raw)
            if not readable:
                report.add(entry.row, entry.column, "unreadable_number", "rejected",
                           f"kolom {entry.column} berisi '{written}' (baris {entry.row}): bukan angka; diharapkan "
                           "angka seperti 4,83, atau '-' / '…' bila tidak ada data")
                continue
            if number is None:
                continue
            indicator = INDICATORS[entry.indicator]
            number = round(number * entry.factor, 9)
            if not indicator.low <= number <= indicator.high:
                hint = "; periksa satuannya (Rupiah, Ribu Rupiah, Juta Rupiah) di judul" if entry.factor != 1 or \
                    entry.indicator == "pdrb_kapita" else ""
                report.add(entry.row, entry.column, "out_of_range", "rejected",
                           f"kolom {entry.column} berisi '{written}' (baris {entry.row}): {indicator.label} "
                           f"{fmt.number(number, 2)} {indicator.unit} di luar rentang "
                           f"{fmt.number(indicator.low, 0)}..{fmt.number(indicator.high, 0)}{hint}")
                continue
            records.append((code, entry.year, entry.indicator, number, path.name, entry.row, line.name, entry.column))
    return pd.DataFrame(records, columns=[*VALUE_COLUMNS, "name", "column"])


def _duplicates(frame: pd.DataFrame, names: dict[str, str], report: _Report) -> pd.DataFrame:
    """A region, year and indicator given twice: the same value is read once (info); different values
    reject every row involved, whole, since nothing tells which row is right."""
    keys = ["region_code", "year", "indicator"]
    repeated = frame[frame.duplicated(keys, keep=False)]
    conflicting: dict[int, str] = {}
    again: dict[int, str] = {}  # frame index -> message
    for (code, year, indicator), group in repeated.groupby(keys, sort=False):
        rows = sorted(set(group["source_row"]))
        listed = ", ".join(map(str, rows))
        label = INDICATORS[indicator].label
        if group["value"].nunique() > 1:
            shown = " dan ".join(fmt.number(v, 2) for v in dict.fromkeys(group["value"]))
            for row in rows:
                conflicting.setdefault(row, (
                    f"{names[code]} ({code}) muncul di baris {listed} dengan nilai berbeda ({label} {year}: {shown}): "
                    "baris-baris ini ditolak; diharapkan satu baris per kabupaten/kota"
                ))
        else:
            first = int(group.index[0])
            for index in group.index[1:]:
                again[int(index)] = (
                    f"{names[code]} ({code}) muncul lagi di baris {frame.at[index, 'source_row']} dengan nilai sama "
                    f"seperti baris {frame.at[first, 'source_row']}: tidak dibaca dua kali"
                )
    for row, message in conflicting.items():
        report.add(row, None, "duplicate_region", "rejected", message)
    # One line per repeated row, not per value: a wide row repeats all its years at once.
    for row, message in {int(frame.at[i, "source_row"]): m for i, m in again.items()}.items():
        if row not in conflicting:
            report.add(row, None, "duplicate_region", "info", message)
    keep = ~frame.index.isin(list(again)) & ~frame["source_row"].isin(list(conflicting))
    return frame[keep]


def read_bps_table(path: Path | str, *, province: str | None = None, gazetteer: Gazetteer | None = None) -> BpsTable:
    """Read a BPS table of one province's regencies (any layout above) into long values.

    `province` (a 2-digit code or a name) is used when neither the rows, the title nor the file name
    say which province the table is of; when they do and it differs, the table is refused.
    Raises BpsTableError when nothing usable can be read.
    """
    path = Path(path)
    gazetteer = gazetteer or region_gazetteer()
    found = _locate(path, head_only=False)
    if found is None:
        raise BpsTableError(
            f"{path.name}: bukan tabel BPS yang dikenali: dalam {HEADER_SEARCH_ROWS} baris pertama tidak ada judul "
            "kolom 'Kabupaten/Kota' dengan tahun di sebelahnya atau di bawahnya (mis. 'Kabupaten/Kota | 2021 | "
            "2022'), dan tidak ada kolom 'wilayah' dan 'tahun' dengan kolom indikator"
        )
    source, layout = found
    rows = source.rows()
    header = _cells(rows, layout.header_row)
    if not layout.columns:
        raise BpsTableError(_no_indicator_message(path, layout))
    report = _Report(path.name, source.sheet)
    for row, column, check, message in layout.notes:
        report.add(row, column, check, "info", message)
    for column in layout.columns:
        _note_unit(report, column)
    lines = (_wide_lines if layout.kind == "lebar" else _long_lines)(rows, layout, report)
    name_header = header[layout.name_column]
    counted: list[_Line] = []
    for line in lines:
        if line.name:
            counted.append(line)
        elif any(_cell_text(e.raw) for e in line.entries) or layout.kind == "panjang":
            counted.append(line)
            report.add(line.row, name_header, "missing_name", "rejected",
                       f"kolom {name_header} kosong (baris {line.row}) padahal ada angka: "
                       "diharapkan nama kabupaten/kota")
    if not counted:
        raise BpsTableError(f"{path.name}: tidak ada baris kabupaten/kota di bawah judul kolom (baris "
                            f"{layout.header_row + 1})")

    code, origin, province_rows = _decide_province(path, layout, counted, header, province, gazetteer)
    places, names = _places(counted, code, province_rows, gazetteer, name_header, report)

    decimal, undecided = _decimal_mark([e for line in counted for e in line.entries], source.delimiter)
    if undecided:
        meaning = "pemisah ribuan" if decimal == "," else "tanda desimal"
        report.add(None, None, "decimal_assumed", "info",
                   f"tanda desimal tidak bisa dipastikan dari isi berkas: titik/koma di '{undecided[0]}' dibaca "
                   f"sebagai {meaning} (desimal '{decimal}')")

    frame = _duplicates(_values(counted, places, decimal, path, report), names, report)
    if frame.empty:
        raise BpsTableError(_nothing_read_message(path, len(counted), report.problems))
    values = frame[VALUE_COLUMNS].reset_index(drop=True).astype(
        {"region_code": str, "year": "int64", "indicator": str, "value": "float64", "source_file": str,
         "source_row": "int64"}
    )
    indicators = [key for key in INDICATORS if key in set(values["indicator"])]
    return BpsTable(path, source.sheet, layout.kind, values, code, origin, indicators, len(counted),
                    len(report.rejected_rows), report.problems)


def _places(lines: list[_Line], province: str, province_rows: dict[int, str], gazetteer: Gazetteer,
            name_header: str, report: _Report) -> tuple[dict[int, str], dict[str, str]]:
    """Kemendagri code of each row (by its name, within the province) and the official names."""
    kabupaten, kota = _regencies(province, gazetteer)
    province_name = gazetteer.name(province) or province
    names = {codes.NATIONAL: "Indonesia", province: province_name}
    places: dict[int, str] = {}
    for line in lines:
        if not line.name or line.row in report.rejected_rows:
            continue
        if _is_national(line.name):
            places[line.row] = codes.NATIONAL
            continue
        if line.row in province_rows:
            places[line.row] = province_rows[line.row]
            continue
        match = _match_regency(line.name, kabupaten, kota)
        if match.regency is not None:
            places[line.row] = match.regency.code
            names[match.regency.code] = match.regency.name
            if match.ratio is not None:
                report.add(line.row, name_header, "approximate_name", "flagged",
                           f"'{line.name}' (baris {line.row}) dibaca sebagai {match.regency.name} "
                           f"({match.regency.code}): ejaan mirip (rasio {fmt.number(match.ratio, 2)})")
        elif match.candidates:
            listed = ", ".join(f"{unit.name} ({unit.code})" for unit in match.candidates)
            report.add(line.row, name_header, "unresolved_name", "rejected",
                       f"'{line.name}' (baris {line.row}) ambigu di {province_name} ({province}): cocok dengan "
                       f"{listed}; diharapkan satu")
        else:
            report.add(line.row, name_header, "unresolved_name", "rejected",
                       f"kabupaten/kota '{line.name}' (baris {line.row}) tidak ditemukan di {province_name} "
                       f"({province}) menurut gazetteer Kemendagri; periksa ejaannya")
    return places, names


def _no_indicator_message(path: Path, layout: _Layout) -> str:
    if layout.refusals:
        return f"{path.name}: " + "; ".join(layout.refusals)
    title = layout.title.strip()
    named, _ = indicators_named(title)
    expected = "; diharapkan salah satu dari: " + ", ".join(i.label for i in INDICATORS.values())
    if len(named) > 1:
        labels = ", ".join(INDICATORS[k].label for k in named)
        return (f"{path.name}: judul '{title}' menyebut beberapa indikator ({labels}); diharapkan satu per tabel, "
                "atau nama indikator di atas kolom tahunnya")
    if layout.kind == "panjang":
        return (f"{path.name}: baris {layout.header_row + 1} tidak punya kolom indikator yang dikenali "
                f"(atau kolom 'nilai' dengan kolom 'indikator'){expected}")
    where = f"judul '{title}'" if title else f"tidak ada judul di atas baris {layout.header_row + 1}, dan judul kolom"
    return f"{path.name}: {where} tidak menyebut indikator yang dikenali{expected}"


def _nothing_read_message(path: Path, rows: int, problems: list[Problem]) -> str:
    rejected = [p for p in problems if p.severity == "rejected"]
    examples = "; ".join(f"{p.where()}: {p.message}" for p in rejected[:3])
    more = f" (dan {fmt.count(len(rejected) - 3)} lagi)" if len(rejected) > 3 else ""
    return (f"{path.name}: tidak ada nilai yang bisa dibaca dari {fmt.count(rows)} baris kabupaten/kota"
            + (f": {examples}{more}" if examples else ""))


def region_codes(values: pd.DataFrame) -> pd.DataFrame:
    """code, level of the regions a table's values name (regency/city and province; Indonesia is none):
    a BPS table names regions by their names, resolved in the gazetteer, so they exist."""
    found = sorted({c for code in values["region_code"] if code != codes.NATIONAL for c in (code[:2], code)})
    return pd.DataFrame({"code": found, "level": [codes.LEVELS[len(code)] for code in found]})
