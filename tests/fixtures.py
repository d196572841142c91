"""A small database built from code: two provinces, a few regencies and a kota without desa,
four years (2021 published only, 2022-2024 village rows), every status and every kind of transition.

Deterministic (random.Random(42)), so tests can state exact numbers. Also used by
`python -m tests.fixtures PATH` to write a demo database.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pandas as pd

from idm import rules
from idm.importers.build import Dataset, write_dataset
from idm.importers.published import welfare_long

PROVINCES = {"63": "KALIMANTAN SELATAN", "62": "KALIMANTAN TENGAH"}
# regency code -> (name, base IDM in 2022, yearly gain); a kota has no desa, only a boundary.
REGENCIES = {
    "6301": ("TANAH LAUT", 0.66, 0.035),
    "6302": ("KOTABARU", 0.58, 0.020),
    "6303": ("BANJAR", 0.72, 0.045),
    "6201": ("KOTAWARINGIN BARAT", 0.62, 0.030),
    "6202": ("KOTAWARINGIN TIMUR", 0.55, 0.025),
}
KOTA = {"6371": "Kota Banjarmasin"}
DISTRICTS_PER_REGENCY = 3
VILLAGES_PER_DISTRICT = 8
VILLAGE_YEARS = {"63": (2022, 2023, 2024), "62": (2024,)}
PUBLISHED = [  # province 63, 2021: no village rows, only the published figures
    {"area_code": "63", "year": 2021, "idm": 0.6012, "villages": 72, "mandiri": 1, "maju": 10,
     "berkembang": 40, "tertinggal": 18, "sangat_tertinggal": 3, "no_score": 0, "regencies_mandiri": 0,
     "regencies_maju": 0, "regencies_berkembang": 3, "national_rank": 15, "source": "fixture: rakor 2022"},
    # province 62, 2023: villages per status and a rank were published, the IDM value itself was not.
    {"area_code": "62", "year": 2023, "idm": None, "villages": 48, "mandiri": 2, "maju": 10,
     "berkembang": 20, "tertinggal": 12, "sangat_tertinggal": 4, "no_score": 0, "regencies_mandiri": None,
     "regencies_maju": None, "regencies_berkembang": None, "national_rank": 8, "source": "fixture: berita 2024"},
    # 2023 as published lists more villages than the fixture's rows: the dashboard calls 2023 partial.
    {"area_code": "63", "year": 2023, "idm": 0.7005, "villages": 80, "mandiri": 16, "maju": 19,
     "berkembang": 18, "tertinggal": 16, "sangat_tertinggal": 3, "no_score": 0, "regencies_mandiri": 0,
     "regencies_maju": 2, "regencies_berkembang": 1, "source": "fixture: rakor 2024"},
]
# Villages of 6301 that must exist for the transition tests.
NEW_IN_2024 = "6301012009"  # listed only in 2024
GONE_AFTER_2023 = "6301022008"  # listed in 2022 and 2023 only
NO_SCORE_2024 = "6302012001"  # listed in 2024 without a score
# Villages whose 2023 and 2024 levels are set, so every kind of transition is there for sure.
DROPS = {"6303012001": (0.83, 0.78), "6303022002": (0.74, 0.66)}  # Mandiri -> Maju, Maju -> Berkembang
JUMPS = {"6302022003": (0.56, 0.75)}  # Tertinggal -> Maju: two levels up


def district_name(regency: str, number: int) -> str:
    return f"{REGENCIES[regency][0].split()[0]} {['UTARA', 'TENGAH', 'SELATAN'][number - 1]}"


def village_name(code: str) -> str:
    names = ["BANUA HANYAR", "SUNGAI RANDU", "BATU AMPAR", "PEMATANG", "TELUK BARU", "KARANG ANYAR",
             "SIMPANG EMPAT", "HANDIL RAJA", "BANUA LAWAS"]
    return f"{names[int(code[-1]) % len(names)]} {code[-3:]}" if code[-1] != "1" else names[0]


def clip(value: float) -> float:
    return min(1.0, max(0.0, value))


def village_rows() -> pd.DataFrame:
    rng = random.Random(42)
    rows = []
    for regency, (regency_name, base, gain) in REGENCIES.items():
        province = regency[:2]
        for d in range(1, DISTRICTS_PER_REGENCY + 1):
            district = f"{regency}{d:02d}"
            for v in range(1, VILLAGES_PER_DISTRICT + 2):
                code = f"{district}2{v:03d}"
                if v == VILLAGES_PER_DISTRICT + 1 and code != NEW_IN_2024:
                    continue
                spread = rng.uniform(-0.16, 0.16)
                for year in VILLAGE_YEARS[province]:
                    if (code == NEW_IN_2024 and year < 2024) or (code == GONE_AFTER_2023 and year > 2023):
                        continue
                    step = year - 2022
                    level = base + spread + gain * step + rng.uniform(-0.01, 0.02)
                    noise = [rng.uniform(-0.05, 0.05) for _ in range(3)]
                    fixed = {**DROPS, **JUMPS}.get(code)
                    if fixed and year in (2023, 2024):
                        level, noise = fixed[year - 2023], [0.0, 0.0, 0.0]
                    iks, ike, ikl = (round(clip(level + n), 4) for n in noise)
                    idm = round((iks + ike + ikl) / 3, 4)
                    scored = not (code == NO_SCORE_2024 and year == 2024)
                    rows.append({
                        "village_code": code, "name": village_name(code),
                        "district_code": district, "district_name": district_name(regency, d),
                        "regency_code": regency, "regency_name": regency_name,
                        "province_code": province, "province_name": PROVINCES[province],
                        "iks": iks if scored else float("nan"), "ike": ike if scored else float("nan"),
                        "ikl": ikl if scored else float("nan"), "idm": idm if scored else float("nan"),
                        "status": rules.classify(idm) if scored else None,
                        "provenance": "Update 2023" if year == 2024 and v == 2 else None,
                        "flags": "", "source_row": len(rows) + 2,
                        "year": year, "source_file": f"fixture_{year}.xlsx",
                    })
    return pd.DataFrame(rows)


def square(lon: float, lat: float, size: float) -> str:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


def boundary_rows(villages: pd.DataFrame) -> pd.DataFrame:
    """Nested squares: a regency is a 0.3 degree cell, its districts and villages subdivide it."""
    rows = []

    def add(code: str, level: str, name: str, lon: float, lat: float, size: float) -> None:
        rows.append({"code": code, "level": level, "name": name, "geometry": square(lon, lat, size),
                     "lon": lon + size / 2, "lat": lat + size / 2})

    add("63", "provinsi", "KALIMANTAN SELATAN", 114.0, -4.0, 1.2)
    add("62", "provinsi", "KALIMANTAN TENGAH", 112.0, -3.0, 1.2)
    origins = {"6301": (114.0, -4.0), "6302": (114.3, -4.0), "6303": (114.0, -3.7), "6371": (114.3, -3.7),
               "6201": (112.0, -3.0), "6202": (112.3, -3.0)}
    for regency, (lon, lat) in origins.items():
        name = KOTA.get(regency) or REGENCIES[regency][0].title()
        add(regency, "kabupaten", name, lon, lat, 0.3)
        if regency in KOTA:
            continue
        for d in range(1, DISTRICTS_PER_REGENCY + 1):
            d_lon = lon + 0.1 * (d - 1)
            add(f"{regency}{d:02d}", "kecamatan", district_name(regency, d), d_lon, lat, 0.1)
            codes = sorted(villages.loc[villages["district_code"] == f"{regency}{d:02d}", "village_code"].unique())
            for i, code in enumerate(codes):
                add(code, "desa", village_name(code), d_lon + 0.033 * (i % 3), lat + 0.033 * (i // 3), 0.033)
    return pd.DataFrame(rows)


def welfare_rows() -> pd.DataFrame:
    rng = random.Random(7)
    rows = []
    for code in ["6301", "6302", "6303", "6371", "63"]:
        poverty = rng.uniform(3.5, 7.0)
        for year in (2021, 2022, 2023, 2024):
            # 6302 is the regency where IDM rises but poverty does not fall.
            poverty += 0.15 if code == "6302" else -rng.uniform(0.05, 0.3)
            rows.append({"region_code": code, "year": year, "poverty_pct": round(poverty, 2),
                         "ipm": round(70 + rng.uniform(0, 8) + 0.4 * (year - 2021), 2),
                         "gini": round(rng.uniform(0.25, 0.36), 3),
                         "pdrb_per_capita": round(rng.uniform(25000, 90000), 0), "source_file": "fixture_bps.csv"})
    return pd.DataFrame(rows)


# Targets as an office states them (idm/targets.py layout): realised from village rows (63, 2023-2024),
# a two-year plan, a regency's level target, and one whose earlier year has no data (6302, 2022).
TARGETS = pd.DataFrame([
    ("63", "Kalimantan Selatan", 2023, "desa_mandiri_bertambah", 5.0, "RPJMD uji 2023-2024"),
    ("63", "Kalimantan Selatan", 2024, "desa_mandiri_bertambah", 6.0, "RPJMD uji 2023-2024"),
    ("63", "Kalimantan Selatan", 2024, "desa_naik_dari_tertinggal", 3.0, "target tahunan uji"),
    ("6302", "Kotabaru", 2024, "desa_tertinggal", 0.0, "kesepakatan uji"),
    ("6302", "Kotabaru", 2022, "desa_mandiri_bertambah", 1.0, "target tahunan uji"),
], columns=["area_code", "area_name", "year", "indicator", "target", "document"]).assign(
    unit="desa", published_realisation=None, source="fixture", source_file="target_uji.csv",
    source_row=lambda f: f.index + 2)


def fixture_dataset() -> Dataset:
    villages = village_rows()
    data = Dataset(meta={"dataset": "demo", "sources": "tests/fixtures.py"})
    data.villages = [villages]
    data.summaries = [pd.DataFrame(PUBLISHED)]
    data.welfare = [welfare_long(welfare_rows())]  # stored per indicator: p0, ipm, gini, pdrb_kapita
    data.boundaries = [boundary_rows(villages)]
    data.targets = [TARGETS]
    return data


def build_fixture(path: Path) -> Path:
    write_dataset(fixture_dataset(), path)
    return path


if __name__ == "__main__":
    print(build_fixture(Path(sys.argv[1])))
