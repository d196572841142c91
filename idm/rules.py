"""The rules the dashboard applies: the IDM formula, status thresholds and colours, the Indeks Desa that
replaced IDM from 2025, and the four kinds of target the offices state. The one place they live.

Everything else (the importer's checks, the SQL macros and status columns written into the database's
SQL, the charts, the target files and their evaluation) takes them from here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# Permendesa PDTT 2/2016 classifies on the value published to four decimals.
DECIMALS = 4

# Half of the last published decimal: two values closer than this are the same once published, so a
# change smaller than this is no change ("tetap"), and a recomputed index "gives back" a published one.
ROUNDING = 0.5 * 10**-DECIMALS

# Published IDM may differ from (IKS + IKE + IKL) / 3 by rounding; more than this is a data error (IDM.md).
FORMULA_TOLERANCE = 0.0002


@dataclass(frozen=True)
class Dimension:
    code: str  # IKS, IKE, IKL as the files and the users write them
    name: str  # Ketahanan Sosial ...
    short: str  # 'IKS (sosial)': axis labels and legends
    indicators: int  # how many indicators are scored 0..5
    colour: str  # one colour per dimension wherever the three are drawn side by side

    @property
    def divisor(self) -> int:
        """A dimension index is its score sum over 5 x its number of indicators (IDM.md)."""
        return 5 * self.indicators

    @property
    def point_value(self) -> float:
        """IDM added by one indicator point (+1 on one indicator): 1 / (3 x divisor)."""
        return 1 / (3 * self.divisor)


DIMENSION_LIST = (
    Dimension("IKS", "Ketahanan Sosial", "IKS (sosial)", 35, "#3b6ea8"),
    Dimension("IKE", "Ketahanan Ekonomi", "IKE (ekonomi)", 12, "#8a5fb0"),
    Dimension("IKL", "Ketahanan Lingkungan", "IKL (lingkungan)", 3, "#2a9d9d"),
)
DIMENSION_BY_CODE = {d.code: d for d in DIMENSION_LIST}
DIMENSIONS = tuple(DIMENSION_BY_CODE)  # ('IKS', 'IKE', 'IKL')
DIMENSION_DIVISORS = {d.code: d.divisor for d in DIMENSION_LIST}  # 175, 60, 15


@dataclass(frozen=True)
class Status:
    code: str  # as written in the official files
    label: str  # as shown to users
    lower: float  # the status holds for IDM strictly above this (Permendesa PDTT 2/2016)
    colour: str  # Peta Desa Nusantara, the colours used in the field
    rank: int  # 1 = sangat tertinggal ... 5 = mandiri


# Permendesa PDTT 2/2016, Pasal 4 and Lampiran: IDM > 0.8155 Mandiri, > 0.7072 Maju,
# > 0.5989 Berkembang, > 0.4907 Tertinggal, otherwise Sangat Tertinggal.
STATUSES = (
    Status("MANDIRI", "Mandiri", 0.8155, "#137a52", 5),
    Status("MAJU", "Maju", 0.7072, "#62a84f", 4),
    Status("BERKEMBANG", "Berkembang", 0.5989, "#e0bd3d", 3),
    Status("TERTINGGAL", "Tertinggal", 0.4907, "#d4602b", 2),
    Status("SANGAT TERTINGGAL", "Sangat Tertinggal", -math.inf, "#a51f2d", 1),
)
STATUS_CODES = tuple(s.code for s in STATUSES)  # best first, the order of every legend
BY_CODE = {s.code: s for s in STATUSES}
STATUS_COLOURS = {s.code: s.colour for s in STATUSES}
STATUS_LABELS = {s.code: s.label for s in STATUSES}
STATUS_RANK = {s.code: s.rank for s in STATUSES}
# Column name of a status count in tables such as published_summaries ('SANGAT TERTINGGAL' -> 'sangat_tertinggal').
STATUS_COLUMNS = {s.code: s.code.lower().replace(" ", "_") for s in STATUSES}

# Regions without IDM (kota made only of kelurahan) are drawn in this grey, never as zero.
NO_IDM_COLOUR = "#c8c8c8"
NO_IDM_LABEL = "Tanpa IDM (kelurahan)"


def round_idm(value: float) -> float:
    """Round half away from zero to the published four decimals, as DuckDB's round() does. NaN and
    infinity come back as they are (a value out of range is the checks' to refuse, not a crash here)."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return value
    scaled = abs(value) * 10**DECIMALS
    rounded = math.floor(scaled + 0.5 + 1e-9) / 10**DECIMALS
    return math.copysign(rounded, value)


def classify(idm: float | None) -> str | None:
    """Status code of an IDM value (village, district, regency or province mean)."""
    if idm is None or (isinstance(idm, float) and math.isnan(idm)):
        return None
    value = round_idm(idm)
    for status in STATUSES:
        if value > status.lower:
            return status.code
    raise AssertionError("unreachable: the last status has no lower bound")


def next_status(code: str) -> Status | None:
    """The target status of a village: the next one up, None for Mandiri."""
    rank = STATUS_RANK[code]
    return next((s for s in STATUSES if s.rank == rank + 1), None)


def minimum_idm(code: str) -> float:
    """Lowest four-decimal IDM that has this status (0.4908, 0.5990, 0.7073, 0.8156)."""
    lower = BY_CODE[code].lower
    return 0.0 if lower == -math.inf else round(lower + 10**-DECIMALS, DECIMALS)


def gap_to_next(idm: float) -> float | None:
    """IDM points a village lacks to reach the next status; None when it is Mandiri already."""
    target = next_status(classify(idm))
    return None if target is None else round(minimum_idm(target.code) - round_idm(idm), DECIMALS)


def normalise_status(word: object) -> str | None:
    """'sangat tertinggal', 'Sangat_Tertinggal', ' MAJU ' -> the official code; None if not a status."""
    if word is None:
        return None
    text = " ".join(str(word).replace("_", " ").replace("-", " ").upper().split())
    return text if text in BY_CODE else None


def status_sql_macro() -> str:
    """CREATE MACRO status_idm(v): the thresholds above, for SQL that classifies region means."""
    cases = " ".join(
        f"WHEN round(v, {DECIMALS}) > {s.lower} THEN '{s.code}'" for s in STATUSES if s.lower != -math.inf
    )
    lowest = STATUSES[-1].code
    return (
        "CREATE OR REPLACE MACRO status_idm(v) AS "
        f"CASE WHEN v IS NULL THEN NULL {cases} ELSE '{lowest}' END"
    )


def status_rank_sql_macro() -> str:
    """CREATE MACRO status_rank(s): 5 for Mandiri ... 1 for Sangat Tertinggal, for SQL that compares statuses."""
    cases = " ".join(f"WHEN '{s.code}' THEN {s.rank}" for s in STATUSES)
    return f"CREATE OR REPLACE MACRO status_rank(s) AS CASE s {cases} ELSE NULL END"


# --- the Indeks Desa (from 2025) ---------------------------------------------------------------------
# Permendesa PDT No. 9 Tahun 2024 replaced IDM with the Indeks Desa; Kepmendes PDT No. 343 Tahun 2025 set
# every village's 2025 status. The five status names continue; the score is another method on another
# scale (0-100), never on an axis with IDM. Thresholds circulate but no official text we could read states
# them: a village's status is kept as published, never computed from its score (IDM.md).

IDM = "IDM"
INDEKS_DESA = "Indeks Desa"
FIRST_INDEKS_DESA_YEAR = 2025  # the first year measured with the Indeks Desa; IDM's last is 2024
INDEKS_DESA_SCALE = (0.0, 100.0)  # a village's score as most listings publish it
METHOD_CHANGE_NOTE = ("Sejak 2025 status desa ditetapkan dengan Indeks Desa (Permendesa PDT 9/2024), bukan IDM: "
                      "nama status sama, metode dan skala berbeda. Jumlah desa per status dapat dibandingkan, "
                      "nilainya tidak.")
METHOD_CHANGE_SHORT = "IDM → Indeks Desa (metode berubah)"


def index_of(year: int) -> str:
    """The index a year's statuses come from: IDM up to 2024, the Indeks Desa from 2025."""
    return INDEKS_DESA if int(year) >= FIRST_INDEKS_DESA_YEAR else IDM


def index_name(year: int) -> str:
    """The full name of a year's index: 'Indeks Desa Membangun' (IDM) or 'Indeks Desa'."""
    return "Indeks Desa Membangun" if index_of(year) == IDM else INDEKS_DESA


def year_label(year: int) -> str:
    """'2024', or '2025 (Indeks Desa)' for a year of the new index."""
    return f"{year} ({INDEKS_DESA})" if index_of(year) == INDEKS_DESA else str(year)


def crosses_method_change(years) -> bool:
    """Whether a series of years spans the change from IDM to the Indeks Desa."""
    indices = {index_of(year) for year in years}
    return len(indices) > 1


@dataclass(frozen=True)
class IndeksDesaDimension:
    column: str  # in village_scores and area_stats
    name: str  # as the ministry names it
    short: str  # the regency exports' abbreviation
    label: str  # as a chart's axis says it


INDEKS_DESA_DIMENSIONS = (
    IndeksDesaDimension("layanan_dasar", "Layanan Dasar", "DLD", "Layanan Dasar"),
    IndeksDesaDimension("sosial", "Sosial", "DS", "Sosial"),
    IndeksDesaDimension("ekonomi", "Ekonomi", "DE", "Ekonomi"),
    IndeksDesaDimension("lingkungan", "Lingkungan", "DL", "Lingkungan"),
    IndeksDesaDimension("aksesibilitas", "Aksesibilitas", "DA", "Aksesibilitas"),
    IndeksDesaDimension("tata_kelola", "Tata Kelola Pemerintahan Desa", "TK", "Tata Kelola"),
)


# --- targets ---------------------------------------------------------------------------------------
# What an office's target counts ("Target peningkatan desa Mandiri 10, terealisasi 72 desa"): the four
# indicators of target files (idm.importers.targets) and of their evaluation (idm.target).

TARGET_CHANGE = "change"  # realisation is a difference between year Y-1 and year Y
TARGET_LEVEL = "level"  # realisation is a count in year Y


@dataclass(frozen=True)
class TargetIndicator:
    code: str  # as written in the `indikator` column
    label: str  # table heading
    phrase: str  # in a sentence after "Target "
    kind: str  # TARGET_CHANGE or TARGET_LEVEL
    higher_is_better: bool  # met when realisation >= target (True) or <= target (False)
    meaning: str  # how the realisation is computed, for the page's explanation


TARGET_INDICATORS = (
    TargetIndicator(
        "desa_mandiri_bertambah", "Peningkatan desa Mandiri", "peningkatan desa Mandiri", TARGET_CHANGE, True,
        "jumlah desa Mandiri tahun itu dikurangi jumlah desa Mandiri tahun sebelumnya",
    ),
    TargetIndicator(
        "desa_tertinggal_berkurang", "Penurunan desa Tertinggal", "penurunan desa Tertinggal", TARGET_CHANGE, True,
        "jumlah desa Tertinggal tahun sebelumnya dikurangi jumlah desa Tertinggal tahun itu "
        "(hanya Tertinggal, tanpa Sangat Tertinggal)",
    ),
    TargetIndicator(
        "desa_naik_dari_tertinggal", "Desa naik dari Tertinggal/Sangat Tertinggal",
        "desa Tertinggal/Sangat Tertinggal naik minimal Berkembang", TARGET_CHANGE, True,
        "desa yang tahun sebelumnya Tertinggal atau Sangat Tertinggal dan tahun itu minimal Berkembang "
        "(dari data per desa); tanpa data per desa hanya penurunan bersih Tertinggal + Sangat Tertinggal",
    ),
    TargetIndicator(
        "desa_tertinggal", "Jumlah desa Tertinggal", "desa Tertinggal", TARGET_LEVEL, False,
        "jumlah desa Tertinggal tahun itu (tanpa Sangat Tertinggal); tercapai bila tidak lebih dari target",
    ),
)
TARGET_BY_CODE = {indicator.code: indicator for indicator in TARGET_INDICATORS}
