"""Readers for the small published tables: province summaries and BPS welfare per regency."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from idm.importers import bps

SUMMARY_COLUMNS = {"tahun", "kode_prov", "nilai_idm", "mandiri", "maju", "berkembang", "tertinggal"}
WELFARE_COLUMNS = {"tahun", "wilayah_id", "miskin_pct"}


def csv_header(path: Path) -> set[str]:
    with open(path, encoding="utf-8-sig") as handle:
        first = handle.readline()
    separator = ";" if first.count(";") > first.count(",") else ","
    return {name.strip().lower() for name in first.split(separator)}


def is_summary_file(path: Path) -> bool:
    return path.suffix.lower() == ".csv" and csv_header(path) >= SUMMARY_COLUMNS


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
        text = frame[column].astype("string").str.strip().str.replace(",", ".", regex=False)
        parsed = pd.to_numeric(text, errors="coerce")
        bad = parsed.isna() & text.notna() & (text != "")
        if bad.any():
            index = bad.idxmax()
            raise PublishedFileError(
                f"{path.name} baris {index + 2} kolom {column}: {frame.at[index, column]!r} bukan angka"
            )
        out[column] = parsed.astype("Int64") if integer else parsed
    return out


def read_summaries(path: Path) -> pd.DataFrame:
    """rekap_*.csv: one row per province and year as published in briefings."""
    raw = pd.read_csv(path, dtype=str, sep=None, engine="python", encoding="utf-8-sig")
    raw.columns = [c.strip().lower() for c in raw.columns]
    counts = ["tahun", "mandiri", "maju", "berkembang", "tertinggal", "sangat_tertinggal", "tanpa_nilai",
              "jumlah_desa", "kab_mandiri", "kab_maju", "kab_berkembang", "peringkat_nasional"]
    frame = _numbers(_numbers(raw, path, counts, integer=True), path, ["nilai_idm"], integer=False)
    return pd.DataFrame({
        "province_code": frame["kode_prov"].str.strip().str.zfill(2),
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
