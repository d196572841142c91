"""Readers for the small published tables: province summaries and BPS welfare per regency."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

SUMMARY_COLUMNS = {"tahun", "kode_prov", "nilai_idm", "mandiri", "maju", "berkembang", "tertinggal"}
WELFARE_COLUMNS = {"tahun", "wilayah_id", "miskin_pct"}


def csv_header(path: Path) -> set[str]:
    with open(path, encoding="utf-8-sig") as handle:
        first = handle.readline()
    separator = ";" if first.count(";") > first.count(",") else ","
    return {name.strip().lower() for name in first.split(separator)}


def is_summary_file(path: Path) -> bool:
    return path.suffix.lower() == ".csv" and SUMMARY_COLUMNS <= csv_header(path)


def is_welfare_file(path: Path) -> bool:
    return path.suffix.lower() == ".csv" and WELFARE_COLUMNS <= csv_header(path)


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
              "jumlah_desa", "kab_mandiri", "kab_maju", "kab_berkembang"]
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
        "source": frame.get("sumber", pd.Series(path.name, index=frame.index)),
    })


def read_welfare(path: Path) -> pd.DataFrame:
    """BPS welfare per regency/city: BPS codes (6301, province 6300, Indonesia 0000) to Kemendagri."""
    raw = pd.read_csv(path, dtype=str, sep=None, engine="python", encoding="utf-8-sig")
    raw.columns = [c.strip().lower() for c in raw.columns]
    frame = _numbers(raw, path, ["tahun"], integer=True)
    frame = _numbers(frame, path, ["miskin_pct", "ipm", "gini", "pdrb_kapita"], integer=False)
    code = frame["wilayah_id"].str.strip()
    # BPS regency codes equal Kemendagri ones in Kalimantan Selatan; '6300' is the province, '0000' Indonesia.
    code = code.where(~code.str.endswith("00"), code.str[:2])
    return pd.DataFrame({
        "region_code": code,
        "year": frame["tahun"],
        "poverty_pct": frame["miskin_pct"],
        "ipm": frame["ipm"],
        "gini": frame["gini"],
        "pdrb_per_capita": frame["pdrb_kapita"],
        "source_file": path.name,
    })
