"""Read the 50 IDM indicator scores per village and their dictionary (the ministry's IDM API).

Score files (`IDM_2024_INDIKATOR_63.csv`): one row per village, one column per indicator
('IKS01_AKSES_SARKES' ... 'IKL03_TANGGAP_BENCANA'), scores 0..5, KETERANGAN saying why a row is
empty. They come out long: one row per village, indicator and year. The dictionary
(`kamus_indikator_2024.json`) comes out as the tables of sql/schema_indicators.sql.

Policy as for the IDM files (idm.importers.checks): a row whose scores cannot be read is rejected and
listed; a village without scores is listed ('info') with the ministry's reason; nothing is guessed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from idm import codes, fmt, rules
from idm.importers import numbers
from idm.importers.checks import Problem
from idm.importers.errors import IdmFileError

# 'IKS01_AKSES_SARKES' -> 'IKS01'; the ministry numbers 35 IKS, 12 IKE and 3 IKL indicators.
INDICATOR_COLUMN = re.compile(r"^(IK[SEL]\d{2})(_|$)")
INDICATOR_COUNT = 50
SCORE_FILE_NAME = re.compile(r"IDM_(\d{4})_INDIKATOR", re.IGNORECASE)
CODE_COLUMN = "KODE_DESA"
REASON_COLUMN = "KETERANGAN"

# The dictionary's `pel` levels, named as the offices say them.
LEVELS = {"Pusat": "Pusat", "Provinsi": "Provinsi", "Kab/kota": "Kabupaten", "Kabupaten": "Kabupaten",
          "Desa": "Desa", "CSR": "CSR", "Lainnya": "Lainnya"}

SCORE_COLUMNS = ["village_code", "year", "code", "score", "source_file"]


class IndicatorFileError(IdmFileError):
    """The file is an indicator file but cannot be read as one."""


def _header(path: Path) -> list[str]:
    with open(path, encoding="utf-8-sig") as handle:
        return [name.strip() for name in handle.readline().strip().split(",")]


def is_score_file(path: Path) -> bool:
    """A CSV with KODE_DESA and the 50 indicator columns."""
    if path.suffix.lower() != ".csv":
        return False
    header = _header(path)
    return CODE_COLUMN in header and sum(bool(INDICATOR_COLUMN.match(h)) for h in header) == INDICATOR_COUNT


def is_dictionary_file(path: Path) -> bool:
    if path.suffix.lower() != ".json":
        return False
    with open(path, encoding="utf-8") as handle:
        head = handle.read(4096)
    return '"ind"' in head and '"sub"' in head and '"dim"' in head and '"FeatureCollection"' not in head


@dataclass
class ScoreFile:
    path: Path
    year: int
    scores: pd.DataFrame  # SCORE_COLUMNS
    rows_read: int
    villages: int  # villages with all 50 scores
    rows_rejected: int
    problems: list[Problem] = field(default_factory=list)


def file_year(path: Path) -> int:
    match = SCORE_FILE_NAME.search(path.name)
    if not match:
        raise IndicatorFileError(
            f"{path.name}: tahun tidak terbaca dari nama berkas (diharapkan IDM_<tahun>_INDIKATOR_..)")
    return int(match.group(1))


def read_scores(path: Path) -> ScoreFile:
    """One score file, long, with its problems. Row numbers count the header as row 1."""
    year = file_year(path)
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    raw.columns = [c.strip() for c in raw.columns]
    raw.index = raw.index + 2
    columns = {c: INDICATOR_COLUMN.match(c).group(1) for c in raw.columns if INDICATOR_COLUMN.match(c)}
    if len(columns) != INDICATOR_COUNT:
        raise IndicatorFileError(f"{path.name}: {len(columns)} kolom indikator, diharapkan {INDICATOR_COUNT}")
    problems: list[Problem] = []

    def problem(row: int, column: str | None, check: str, severity: str, message: str) -> None:
        problems.append(Problem(path.name, None, int(row), column, check, severity, message))

    village_codes = raw[CODE_COLUMN].map(codes.clean)
    text = raw[list(columns)].apply(lambda column: column.str.strip())
    values = text.apply(numbers.parse_series)
    reasons = raw[REASON_COLUMN].str.strip() if REASON_COLUMN in raw else pd.Series("", index=raw.index)

    written = text != ""
    valid = values.notna() & (values % 1 == 0) & (values >= 0) & (values <= 5)
    bad_code = ~village_codes.str.fullmatch(r"\d{10}")
    blank = ~bad_code & ~written.any(axis=1)
    unreadable = ~bad_code & ~blank & ~valid.all(axis=1)
    for row in raw.index[bad_code.to_numpy()]:
        problem(row, CODE_COLUMN, "unreadable_code", "rejected",
                f"kode desa '{raw.at[row, CODE_COLUMN]}' (baris {row}) bukan kode Kemendagri 10 digit")
    for row in raw.index[blank.to_numpy()]:
        problem(row, None, "no_indicator_scores", "info",
                f"desa {village_codes[row]} (baris {row}) tanpa skor indikator: {reasons[row] or 'tanpa keterangan'}")
    for row in raw.index[unreadable.to_numpy()]:
        bad = [c for c in columns if not valid.at[row, c]]
        shown = ", ".join(f"{c}='{text.at[row, c]}'" for c in bad[:3])
        problem(row, bad[0], "unreadable_indicator", "rejected",
                f"desa {village_codes[row]} (baris {row}): {shown}{' ...' if len(bad) > 3 else ''}; "
                "diharapkan skor bulat 0..5 di semua 50 kolom; baris tidak diimpor")
    rejected = bad_code | blank | unreadable
    repeated = village_codes.duplicated(keep=False) & ~rejected
    for row in raw.index[repeated.to_numpy()]:
        problem(row, CODE_COLUMN, "duplicate_code", "rejected",
                f"kode desa {village_codes[row]} muncul lebih dari sekali: semua barisnya ditolak")
    rejected |= repeated

    kept = values.loc[~rejected].rename(columns=columns)
    kept.index = village_codes[~rejected]
    long = kept.rename_axis("village_code").reset_index().melt(
        id_vars="village_code", var_name="code", value_name="score")
    long["score"] = long["score"].astype(int)
    long["year"] = year
    long["source_file"] = path.name
    no_scores = sum(p.check == "no_indicator_scores" for p in problems)
    return ScoreFile(path=path, year=year, scores=long[SCORE_COLUMNS].sort_values(["village_code", "code"],
                                                                                      ignore_index=True),
                     rows_read=len(raw), villages=int((~rejected).sum()),
                     rows_rejected=int(rejected.sum()) - no_scores, problems=problems)


@dataclass
class Dictionary:
    """The tables of sql/schema_indicators.sql except the scores."""

    year: int
    sub_dimensions: pd.DataFrame
    indicators: pd.DataFrame
    levels: pd.DataFrame
    actors: pd.DataFrame
    reference_means: pd.DataFrame

    def tables(self) -> dict[str, pd.DataFrame]:
        return {"indicator_sub_dimensions": self.sub_dimensions, "indicators": self.indicators,
                "indicator_levels": self.levels, "indicator_actors": self.actors,
                "indicator_reference_means": self.reference_means}


def read_dictionary(path: Path) -> Dictionary:
    with open(path, encoding="utf-8") as handle:
        raw = json.load(handle)
    year = int(raw["year"])
    entries = raw["ind"]
    if len(entries) != INDICATOR_COUNT:
        raise IndicatorFileError(f"{path.name}: {len(entries)} indikator, diharapkan {INDICATOR_COUNT}")
    indicator_codes = []
    for entry in entries:
        match = INDICATOR_COLUMN.match(entry["c"])
        if not match:
            raise IndicatorFileError(f"{path.name}: kode indikator '{entry['c']}' tidak dikenal")
        indicator_codes.append(match.group(1))

    sub_dimensions = pd.DataFrame([
        {"year": year, "key": s["k"], "dimension": s["dim"], "name": s["nm"], "short_name": s.get("short") or s["nm"],
         "position": number}
        for number, s in enumerate(raw["sub"], 1)
    ])
    indicators = pd.DataFrame([
        {"year": year, "code": code, "column_name": entry["c"], "position": number, "dimension": entry["dim"],
         "sub_dimension": entry["sub"], "name": entry["nm"], "note": entry.get("fix")}
        for number, (code, entry) in enumerate(zip(indicator_codes, entries), 1)
    ])
    levels = pd.DataFrame([
        {"year": year, "code": code, "score": int(score), "meaning": meaning, "activity": activity}
        for code, entry in zip(indicator_codes, entries)
        for score, (meaning, activity) in entry["ref"].items()
    ])
    unknown = {level for entry in entries for level, _ in entry["pel"]} - set(LEVELS)
    if unknown:
        raise IndicatorFileError(f"{path.name}: tingkat pelaksana tidak dikenal: {', '.join(sorted(unknown))}")
    actors = pd.DataFrame([
        {"year": year, "code": code, "position": number, "level": LEVELS[level], "offices": offices.strip()}
        for code, entry in zip(indicator_codes, entries)
        for number, (level, offices) in enumerate(entry["pel"], 1)
    ])
    regions = {codes.NATIONAL: raw["nas"], **raw.get("prov", {}), **raw.get("kab", {})}
    reference_means = pd.DataFrame([
        {"year": year, "region_code": region, "code": code, "mean_score": float(mean), "villages": block.get("n")}
        for region, block in regions.items()
        for code, mean in zip(indicator_codes, block["m"])
        if mean is not None
    ])
    return Dictionary(year=year, sub_dimensions=sub_dimensions, indicators=indicators, levels=levels,
                      actors=actors, reference_means=reference_means)


# --- the scores against the published indices ---------------------------------------------------
# Flagged, never fatal: the ministry's API and its official file disagree for some villages
# (SOURCES.md: 96 in 62, 47 in 63, 10 in 64).

def recompute(sums: pd.DataFrame) -> pd.DataFrame:
    """Dimension indices from the score sums beside the published ones (sql/indicator_sums.sql).

    Adds iks_calc, ike_calc, ikl_calc and `differs`: the dimensions (e.g. 'IKS, IKL') whose sum does
    not give back the published value, '' when all do. Villages without an IDM row are left ''.
    """
    out = sums.copy()
    differs = pd.Series("", index=out.index, dtype=object)
    for dimension, divisor in rules.DIMENSION_DIVISORS.items():
        low = dimension.lower()
        out[f"{low}_calc"] = out[f"{low}_sum"] / divisor
        off = out[low].notna() & ((out[f"{low}_calc"] - out[low]).abs() > rules.ROUNDING + 1e-9)
        differs = differs.where(~off, differs + ", " + dimension)
    out["differs"] = differs.str.lstrip(", ")
    return out


def recompute_problems(recomputed: pd.DataFrame) -> list[Problem]:
    """One 'flagged' problem per village whose scores do not give back its published IKS/IKE/IKL,
    and per village with scores but no IDM row that year."""
    problems = []
    for row in recomputed.itertuples(index=False):
        if not row.has_village_row:
            problems.append(Problem(row.source_file, None, None, None, "indicator_without_village", "flagged",
                                    f"desa {row.village_code} punya skor indikator {row.year} tetapi tidak ada di "
                                    "data IDM tahun itu"))
            continue
        if not row.differs:
            continue
        parts = [f"{d} skor {int(getattr(row, d.lower() + '_sum'))}/{rules.DIMENSION_DIVISORS[d]} = "
                 f"{fmt.idm(getattr(row, d.lower() + '_calc'))}, resmi {fmt.idm(getattr(row, d.lower()))}"
                 for d in row.differs.split(", ")]
        problems.append(Problem(row.source_file, None, None, row.differs.split(", ")[0], "indicator_sum", "flagged",
                                f"desa {row.village_code} ({row.year}): " + "; ".join(parts)
                                + "; nilai resmi dipakai"))
    counts = mismatch_counts(recomputed)
    if not counts.empty:
        per_province = ", ".join(f"{fmt.count(n)} di {code}" for code, n in counts.items())
        files = ", ".join(sorted(recomputed["source_file"].unique()))
        problems.append(Problem(files, None, None, None, "indicator_sum_total", "info",
                                f"skor indikator tidak memberi kembali IKS/IKE/IKL resmi untuk {per_province} "
                                "(provinsi): nilai resmi dipakai"))
    return problems


def mismatch_counts(recomputed: pd.DataFrame) -> pd.Series:
    """Villages whose scores do not give back the published indices, per province code."""
    differs = recomputed[recomputed["differs"] != ""]
    return differs["village_code"].str[:2].value_counts().sort_index()
