"""Target files: the layout of the published targets and of the office's own file, and its reader.

"Target peningkatan desa Mandiri 10": a target row names an area (province or regency), a year, one of
the four indicators of idm.rules.TARGET_INDICATORS and a number of villages. The published file
(target_dipublikasikan.csv) and the office's own (target_kantor.csv) share one layout; every row goes
through the checks below and a row that cannot be used is rejected with its row and column.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from idm import codes, fmt, rules
from idm.importers import numbers, sources
from idm.importers.checks import Problem, summarise
from idm.importers.errors import IdmFileError
from idm.importers.gazetteer import name_key, region_gazetteer

BY_CODE = rules.TARGET_BY_CODE

OFFICE_FILE_NAME = "target_kantor.csv"  # kept by the office in the sources folder
PUBLISHED_FILE_NAME = "target_dipublikasikan.csv"


@dataclass(frozen=True)
class TargetColumn:
    name: str  # header as written in the file
    field: str  # column of `TargetFile.targets`
    required: bool
    meaning: str  # for the users (the page shows this table beside the template)


# The layout of target_dipublikasikan.csv and of the office's target_kantor.csv: CSV separated by
# ',' or ';', UTF-8 with or without BOM (Excel's "CSV UTF-8"; an ANSI/cp1252 save is read too),
# header in row 1, one target per row. Numbers take a decimal point in a ',' file and a decimal
# comma in a ';' file (Excel in the Indonesian locale writes ';' and ','); "1.864" in a ';' file is
# one thousand eight hundred sixty-four.
TARGET_COLUMNS = (
    TargetColumn("kode_wilayah", "area_code", True,
                 "kode Kemendagri provinsi (2 angka, mis. 63) atau kabupaten/kota (4 angka, mis. 6303 atau 63.03)"),
    TargetColumn("wilayah", "area_name", False, "nama wilayah; bila kosong diisi dari gazetteer Kemendagri"),
    TargetColumn("tahun", "year", True, "tahun target, mis. 2025"),
    TargetColumn("indikator", "indicator", True, "salah satu dari " + ", ".join(BY_CODE)),
    TargetColumn("target", "target", True,
                 "jumlah desa, 0 atau lebih (untuk desa_tertinggal: bilangan bulat, jumlah paling banyak)"),
    TargetColumn("satuan", "unit", False, "desa (boleh kosong)"),
    TargetColumn("realisasi_dipublikasikan", "published_realisation", False,
                 "realisasi yang disebut sumber, bila ada; dibandingkan dengan hasil hitung"),
    TargetColumn("dokumen", "document", False, "dokumen target, mis. RPJMD 2019-2023 atau Renstra"),
    TargetColumn("sumber", "source", False, "dari mana target ini (surat, berita, rapat, tanggal)"),
)
REQUIRED_COLUMNS = tuple(c.name for c in TARGET_COLUMNS if c.required)
FRAME_COLUMNS = [c.field for c in TARGET_COLUMNS] + ["source_file", "source_row"]
UNIT = "desa"  # every indicator counts villages

TEMPLATE_CSV = (
    ",".join(c.name for c in TARGET_COLUMNS) + "\n"
    "63,Kalimantan Selatan,2025,desa_mandiri_bertambah,50,desa,,Renstra Dinas PMD 2025-2029,"
    "\"contoh: ganti dengan target kantor (rapat, tanggal)\"\n"
    "63,Kalimantan Selatan,2025,desa_tertinggal_berkurang,0,desa,,Renstra Dinas PMD 2025-2029,contoh\n"
    "64,Kalimantan Timur,2025,desa_naik_dari_tertinggal,10,desa,,RPJMD 2025-2029,contoh\n"
    "6303,Kabupaten Banjar,2025,desa_tertinggal,0,desa,,kesepakatan Pemkab,contoh\n"
)


def layout_frame() -> pd.DataFrame:
    """The layout for the page, beside the template download: kolom, wajib, isi."""
    return pd.DataFrame({
        "kolom": [c.name for c in TARGET_COLUMNS],
        "wajib": ["ya" if c.required else "tidak" for c in TARGET_COLUMNS],
        "isi": [c.meaning for c in TARGET_COLUMNS],
    })


def template_bytes() -> bytes:
    """TEMPLATE_CSV as a download: UTF-8 with BOM, so that Excel shows the names right."""
    return TEMPLATE_CSV.encode("utf-8-sig")


# Plausible target years; anything else is a typo (IDM is published since 2015).
FIRST_YEAR, LAST_YEAR = 2000, 2100


class TargetFileError(IdmFileError):
    """A target file that cannot be used at all; the message names the file and says why."""


@dataclass
class TargetFile:
    path: Path
    targets: pd.DataFrame  # accepted rows, columns FRAME_COLUMNS
    rows_read: int  # data rows (blank rows not counted)
    rows_rejected: int
    problems: list[Problem] = field(default_factory=list)  # rejected, flagged and info


def _normal_header(cell: str) -> str:
    return "_".join(cell.strip().lower().replace("-", " ").split())


def _delimiter(first_line: str) -> str:
    return ";" if first_line.count(";") > first_line.count(",") else ","


def is_target_file(path: Path) -> bool:
    """A CSV whose header names `indikator` and another column of the layout.

    Deliberately looser than the required columns, so that a target file missing one is read and
    refused with the missing column named, instead of being skipped as unknown.
    """
    path = Path(path)
    if path.suffix.lower() != ".csv":
        return False
    text = sources.read_text(path)
    first = text.splitlines()[0] if text else ""
    header = {_normal_header(c) for c in next(csv.reader([first], delimiter=_delimiter(first)), [])}
    return "indikator" in header and len(header & {c.name for c in TARGET_COLUMNS}) >= 2


_FLOAT_CODE = re.compile(r"^(\d+)\.0+$")


def area_code_of(written: str) -> str | None:
    """'63.03' -> '6303', '6303.0' (a number re-saved by Excel) -> '6303'; None when not a code."""
    text = _FLOAT_CODE.sub(r"\1", written.strip())
    if re.fullmatch(r"\d{2}|\d{4}", text):
        return text
    if re.fullmatch(r"\d{2}\.\d{2}", text):
        return codes.clean(text)
    return None


def _official_name(code: str) -> str | None:
    """Name of a province or regency in the Kemendagri gazetteer, None if no such code."""
    return region_gazetteer().name(code)


def _plain(value: float) -> str:
    """A number as the user wrote it, for messages: 10.0 -> '10', 2.5 -> '2,5'."""
    return fmt.number(value, 0) if float(value).is_integer() else fmt.number(value, 2).rstrip("0")


def read_targets(path: Path) -> TargetFile:
    """Read and check one target file (layout `TARGET_COLUMNS`).

    Rows that cannot be used are rejected and listed in `problems`, each naming the file, the row
    (as Excel numbers it, header = row 1) and the column. Raises TargetFileError when the header
    lacks required columns or when no row is usable.
    """
    path = Path(path)
    text = sources.read_text(path)
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise TargetFileError(f"{path.name}: baris 1 kosong; diharapkan judul kolom {', '.join(REQUIRED_COLUMNS)}, ...")
    delimiter = _delimiter(lines[0])
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    written_headers = [" ".join(cell.split()) for cell in records[0]]
    positions: dict[str, int] = {}
    for index, header in enumerate(written_headers):
        positions.setdefault(_normal_header(header), index)
    missing = [name for name in REQUIRED_COLUMNS if name not in positions]
    if missing:
        raise TargetFileError(
            f"{path.name} baris 1: kolom {', '.join(missing)} tidak ada di judul kolom "
            f"({', '.join(h for h in written_headers if h) or 'kosong'}); diharapkan kolom "
            f"{', '.join(c.name for c in TARGET_COLUMNS)} (wajib: {', '.join(REQUIRED_COLUMNS)})"
        )
    headers = {c.field: written_headers[positions[c.name]] for c in TARGET_COLUMNS if c.name in positions}
    # Excel in the Indonesian locale writes ';' between cells and ',' before decimals.
    checker = _RowChecker(path.name, headers, decimal="," if delimiter == ";" else ".")
    rows: list[dict] = []
    for number, record in enumerate(records[1:], start=2):
        cells = {c.field: _cell(record, positions.get(c.name)) for c in TARGET_COLUMNS}
        if not any(cells.values()):
            continue  # blank line, as Excel leaves them
        row = checker.check(number, cells)
        rows.append(row)
    rows_read = len(rows)
    kept = _check_duplicates(checker, rows)
    problems = checker.problems
    rows_rejected = sum(1 for row in rows if row["rejected"])
    if not kept:
        why = "\n".join(summarise(problems)) or "tidak ada baris data di bawah judul kolom"
        raise TargetFileError(
            f"{path.name}: tidak ada baris target yang bisa dipakai ({rows_read} baris data, "
            f"{rows_rejected} ditolak).\n{why}"
        )
    targets = pd.DataFrame(
        [{name: row[name] for name in FRAME_COLUMNS if name != "source_file"} | {"source_file": path.name}
         for row in kept],
        columns=FRAME_COLUMNS,
    )
    targets["year"] = targets["year"].astype(int)
    targets["target"] = targets["target"].astype(float)
    targets["published_realisation"] = targets["published_realisation"].astype(float)
    targets["source_row"] = targets["source_row"].astype(int)
    return TargetFile(path, targets, rows_read, rows_rejected, problems)


def _cell(record: list[str], position: int | None) -> str:
    """A cell's text, whitespace collapsed; '' for a column the file lacks or a short row."""
    if position is None or position >= len(record):
        return ""
    return " ".join(record[position].split())


class _RowChecker:
    """The checks of one row; collects the problems of the file."""

    def __init__(self, file: str, headers: dict[str, str], *, decimal: str) -> None:
        self.file = file
        self.headers = headers
        self.decimal = decimal  # the file's decimal mark (idm.importers.numbers)
        self.problems: list[Problem] = []

    def add(self, row: int, column_field: str | None, check: str, severity: str, message: str) -> None:
        column = self.headers.get(column_field) if column_field else None
        self.problems.append(Problem(self.file, None, row, column, check, severity, message))

    def check(self, number: int, cells: dict[str, str]) -> dict:
        problems_before = len(self.problems)

        def reject(column_field: str, check: str, what: str | None, expected: str) -> None:
            """'kolom X berisi 'v' (baris n): what; expected', or 'kolom X kosong (baris n): expected'."""
            header = self.headers.get(column_field, column_field)
            written = cells[column_field]
            found = f"berisi '{written}' (baris {number}): {what}; " if written else f"kosong (baris {number}): "
            self.add(number, column_field, check, "rejected", f"kolom {header} {found}{expected}")

        area_code = area_code_of(cells["area_code"])
        area_name = cells["area_name"]
        if area_code is None:
            reject("area_code", "invalid_code", "bukan kode Kemendagri",
                   "diharapkan kode provinsi (2 angka, mis. 63) atau kabupaten/kota (4 angka, mis. 6303 atau 63.03)")
        else:
            official = _official_name(area_code)
            if official is None:
                level = "provinsi" if len(area_code) == 2 else "kabupaten/kota"
                reject("area_code", "unknown_code", f"tidak ada {level} dengan kode {area_code}",
                       "diharapkan kode yang ada di gazetteer Kemendagri")
            elif not area_name:
                area_name = official
            elif name_key(area_name, _level(area_code)) != name_key(official, _level(area_code)):
                header = self.headers.get("area_name", "wilayah")
                self.add(number, "area_name", "name_mismatch", "flagged",
                         f"kolom {header} berisi '{area_name}' (baris {number}), tetapi kode {area_code} adalah "
                         f"{official} menurut gazetteer Kemendagri; target dihitung untuk kode {area_code}")

        year = numbers.parse(cells["year"], decimal=self.decimal) if cells["year"] else None
        if year is None or not year.is_integer() or not FIRST_YEAR <= year <= LAST_YEAR:
            reject("year", "invalid_year", "bukan tahun", "diharapkan tahun empat angka, mis. 2025")

        indicator = BY_CODE.get(_normal_header(cells["indicator"]))
        if indicator is None:
            reject("indicator", "unknown_indicator", "indikator tidak dikenal",
                   "diharapkan salah satu dari " + ", ".join(BY_CODE))

        counted = "diharapkan jumlah desa, 0 atau lebih"
        target = numbers.parse(cells["target"], decimal=self.decimal) if cells["target"] else None
        if not cells["target"]:
            reject("target", "missing_value", None, counted)
        elif target is None:
            reject("target", "unreadable_number", "bukan angka", counted)
        elif not math.isfinite(target):
            reject("target", "out_of_range", "di luar rentang", counted)
        elif target < 0:
            reject("target", "negative_target", "negatif", counted)
        elif indicator is not None and indicator.kind == rules.TARGET_LEVEL and not target.is_integer():
            reject("target", "not_whole", "bukan bilangan bulat",
                   f"target {indicator.code} adalah jumlah desa, mis. {math.floor(target)}")

        unit = cells["unit"] or UNIT
        if unit.lower() != UNIT:
            reject("unit", "unknown_unit", "satuan tidak didukung",
                   f"semua indikator dihitung dalam {UNIT}; kosongkan atau tulis '{UNIT}'")

        published = None
        if cells["published_realisation"]:
            published = numbers.parse(cells["published_realisation"], decimal=self.decimal)
            if published is None or not math.isfinite(published):
                published = None
                header = self.headers.get("published_realisation", "realisasi_dipublikasikan")
                # The target itself is sound: keep it, without the unreadable published figure.
                self.add(number, "published_realisation", "unreadable_number", "flagged",
                         f"kolom {header} berisi '{cells['published_realisation']}' (baris {number}): bukan angka; "
                         "target tetap dipakai tanpa realisasi yang dipublikasikan")

        rejected = any(p.severity == "rejected" for p in self.problems[problems_before:])
        return {
            "area_code": area_code,
            "area_name": area_name,
            "year": int(year) if year is not None and year.is_integer() else None,
            "indicator": indicator.code if indicator else None,
            "target": target,
            "unit": UNIT,
            "published_realisation": published,
            "document": cells["document"],
            "source": cells["source"],
            "source_row": number,
            "rejected": rejected,
        }


def _level(area_code: str) -> str:
    return "provinsi" if len(area_code) == 2 else "kabupaten"


def _check_duplicates(checker: _RowChecker, rows: list[dict]) -> list[dict]:
    """One (area, year, indicator) twice: the same numbers keep the first row (others 'info'), different
    numbers reject them all. Never keep one of two different targets silently."""
    groups: dict[tuple, list[dict]] = {}
    for row in rows:
        if not row["rejected"]:
            groups.setdefault((row["area_code"], row["year"], row["indicator"]), []).append(row)
    for (area_code, year, indicator), group in groups.items():
        if len(group) < 2:
            continue
        listed = ", ".join(str(r["source_row"]) for r in group)
        values = {(r["target"], r["published_realisation"]) for r in group}
        if len(values) > 1:
            for row in group:
                row["rejected"] = True
                checker.add(row["source_row"], "target", "duplicate_target", "rejected",
                            f"target {indicator} {area_code} {year} muncul di baris {listed} dengan nilai berbeda "
                            f"({'; '.join(_plain(r['target']) for r in group)}): semua baris ini ditolak; "
                            "diharapkan satu baris per wilayah, tahun dan indikator")
        else:
            first = group[0]["source_row"]
            for row in group[1:]:
                row["duplicate"] = True
                checker.add(row["source_row"], "target", "duplicate_target", "info",
                            f"target {indicator} {area_code} {year} di baris {row['source_row']} sama dengan baris "
                            f"{first}: tidak dihitung dua kali")
    return [row for row in rows if not row["rejected"] and not row.get("duplicate")]


