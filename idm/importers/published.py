"""Readers for the small published tables: the figures published for an area (Indonesia, a province, a
regency) in years without village rows, IDM or Indeks Desa, and BPS welfare per regency."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from idm import codes, rules
from idm.importers import bps, numbers

# Villages per status in some year: IDM summaries (rekap_kalsel: kode_prov, nilai_idm) and the Indeks
# Desa counts (rekap_indeks_desa: kode_wilayah, indeks) alike.
SUMMARY_COLUMNS = {"tahun", "mandiri", "maju", "berkembang", "tertinggal"}
AREA_COLUMNS = ("kode_wilayah", "kode_prov")
WELFARE_COLUMNS = {"tahun", "wilayah_id", "miskin_pct"}


def csv_header(path: Path) -> set[str]:
    with open(path, encoding="utf-8-sig") as handle:
        first = handle.readline()
    separator = ";" if first.count(";") > first.count(",") else ","
    return {name.strip().lower() for name in first.split(separator)}


def is_summary_file(path: Path) -> bool:
    header = csv_header(path) if path.suffix.lower() == ".csv" else set()
    return header >= SUMMARY_COLUMNS and any(column in header for column in AREA_COLUMNS)


def is_welfare_file(path: Path) -> bool:
    return path.suffix.lower() == ".csv" and csv_header(path) >= WELFARE_COLUMNS


class PublishedFileError(ValueError):
    pass


def _numbers(frame: pd.DataFrame, path: Path, columns: list[str], *, integer: bool) -> pd.DataFrame:
    """Parse numeric columns; a value that is not a number names its file, row and column."""
    out = frame.copy()
    for column in columns:
        if column not in frame:
            out[column] = pd.NA
            continue
        text = frame[column].astype("string").str.strip()
        parsed = numbers.parse_series(text.astype(object).where(text.notna(), None), decimal=".")
        bad = parsed.isna() & text.notna() & (text != "")
        if bad.any():
            index = bad.idxmax()
            raise PublishedFileError(
                f"{path.name} baris {index + 2} kolom {column}: {frame.at[index, column]!r} bukan angka"
            )
        out[column] = parsed.astype("Int64") if integer else parsed
    return out


def read_summaries(path: Path) -> pd.DataFrame:
    """rekap_*.csv: one row per area and year as published in briefings and decrees. The area is a
    province (kode_prov) or any area (kode_wilayah: '00' Indonesia, stored as the area '', a province, a
    regency). An `indeks` column, where there is one, must name the index of the year (IDM up to 2024,
    Indeks Desa from 2025); from 2025 there is no IDM value."""
    raw = pd.read_csv(path, dtype=str, sep=None, engine="python", encoding="utf-8-sig")
    raw.columns = [c.strip().lower() for c in raw.columns]
    counts = ["tahun", "mandiri", "maju", "berkembang", "tertinggal", "sangat_tertinggal", "tanpa_nilai",
              "jumlah_desa", "kab_mandiri", "kab_maju", "kab_berkembang", "peringkat_nasional"]
    frame = _numbers(_numbers(raw, path, counts, integer=True), path, ["nilai_idm"], integer=False)
    written = frame["kode_wilayah"] if "kode_wilayah" in frame else frame["kode_prov"]
    areas = []
    for index, value in written.items():
        code = codes.clean(value)
        code = codes.INDONESIA if codes.is_national(code) else (code.zfill(2) if len(code) == 1 else code)
        if code and codes.level(code) not in ("provinsi", "kabupaten"):
            raise PublishedFileError(f"{path.name} baris {index + 2} kolom {written.name}: {value!r} bukan kode "
                                     "Indonesia (00), provinsi atau kabupaten/kota")
        areas.append(code)
    for index, (year, named) in enumerate(zip(frame["tahun"], frame.get("indeks", [None] * len(frame)))):
        if pd.isna(year):
            raise PublishedFileError(f"{path.name} baris {index + 2} kolom tahun: kosong; diharapkan tahun, mis. 2025")
        if isinstance(named, str) and named.strip() and named.strip().lower() != rules.index_of(year).lower():
            raise PublishedFileError(f"{path.name} baris {index + 2} kolom indeks: {named!r} untuk tahun {year}; "
                                     f"tahun itu diukur dengan {rules.index_of(year)}")
        if rules.index_of(year) == rules.INDEKS_DESA and pd.notna(frame["nilai_idm"].iloc[index]):
            raise PublishedFileError(f"{path.name} baris {index + 2} kolom nilai_idm: tahun {year} diukur dengan "
                                     "Indeks Desa, tidak ada nilai IDM")
    return pd.DataFrame({
        "area_code": areas,
        "year": frame["tahun"],
        "idm": frame["nilai_idm"],
        "villages": frame["jumlah_desa"],
        "mandiri": frame["mandiri"],
        "maju": frame["maju"],
        "berkembang": frame["berkembang"],
        "tertinggal": frame["tertinggal"],
        "sangat_tertinggal": frame["sangat_tertinggal"],
        "no_score": frame["tanpa_nilai"],
        "regencies_mandiri": frame["kab_mandiri"],
        "regencies_maju": frame["kab_maju"],
        "regencies_berkembang": frame["kab_berkembang"],
        "national_rank": frame["peringkat_nasional"],
        "source": frame.get("sumber", pd.Series(path.name, index=frame.index)),
    })


# The welfare table's columns and the BPS indicators they hold (idm.importers.bps.INDICATORS).
WELFARE_INDICATORS = {"poverty_pct": "p0", "ipm": "ipm", "gini": "gini", "pdrb_per_capita": "pdrb_kapita"}


def read_welfare(path: Path, *, province: str | None = None) -> pd.DataFrame:
    """BPS welfare per regency/city and year (the bundle's CSV, or any table `bps.read_bps_table` reads).

    Regions are placed by their names within the province, not by `wilayah_id`: BPS numbers regencies
    its own way outside Kalimantan Selatan (Kutai Barat is BPS 6402, Kemendagri 6407). The province
    row is '63', Indonesia '00'. A file with a rejected row is refused, since this table has no place
    for the problems yet and a silently missing regency would read as "no data".
    """
    table = bps.read_bps_table(path, province=province)
    rejected = [p for p in table.problems if p.severity == "rejected"]
    if rejected:
        listed = "; ".join(f"{p.where()}: {p.message}" for p in rejected[:3])
        more = f" (dan {len(rejected) - 3} lagi)" if len(rejected) > 3 else ""
        rows = {p.row for p in rejected}
        raise bps.BpsTableError(f"{path.name}: {len(rows)} baris ditolak: {listed}{more}")
    return welfare_frame(table.values, source_file=path.name)


def welfare_frame(values: pd.DataFrame, *, source_file: str) -> pd.DataFrame:
    """Long values (bps.VALUE_COLUMNS) as the welfare table: one row per region and year, in file order."""
    chosen = values[values["indicator"].isin(list(WELFARE_INDICATORS.values()))]
    keys = ["region_code", "year"]
    wide = chosen.pivot_table(index=keys, columns="indicator", values="value", aggfunc="first")
    order = chosen.groupby(keys)["source_row"].min().sort_values(kind="stable")
    wide = wide.reindex(order.index).reset_index()
    frame = pd.DataFrame({"region_code": wide["region_code"].astype(str), "year": wide["year"].astype("Int64")})
    for column, indicator in WELFARE_INDICATORS.items():
        frame[column] = (wide[indicator] if indicator in wide else pd.Series(pd.NA, index=wide.index)).astype("Float64")
    frame["source_file"] = source_file
    return frame


def welfare_long(welfare: pd.DataFrame) -> pd.DataFrame:
    """The welfare table (read_welfare's columns) as long values, bps.VALUE_COLUMNS: one row per region,
    year and indicator with a value. `source_row` is unknown there (<NA>); for a file, read it with
    `bps.read_bps_table(path).values`, which keeps the row."""
    long = welfare.reset_index(drop=True).reset_index(names="position").melt(
        id_vars=["position", "region_code", "year", "source_file"], value_vars=list(WELFARE_INDICATORS),
        var_name="column", value_name="value",
    ).dropna(subset=["value"]).sort_values("position", kind="stable")  # the table's row order, then indicators
    return pd.DataFrame({
        "region_code": long["region_code"].astype(str),
        "year": long["year"].astype("int64"),
        "indicator": long["column"].map(WELFARE_INDICATORS).astype(str),
        "value": long["value"].astype("float64"),
        "source_file": long["source_file"].astype(str),
        "source_row": pd.Series(pd.NA, index=long.index, dtype="Int64"),
    }).reset_index(drop=True)
