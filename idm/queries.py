"""Typed query functions: one SQL file each, parameters bound, DataFrames out.

An *area* is a Kemendagri code prefix: '' for Indonesia, '6' for the five Kalimantan provinces
(61-65, the only codes that start with 6), '63' a province, '6301' a regency, '630110' a district.
Its *units* are the regions one level down (code length `unit_length`).
"""

from __future__ import annotations

import duckdb
import pandas as pd

from idm import db

# Level of a region by the length of its code.
LEVEL_BY_LENGTH = {2: "provinsi", 4: "kabupaten", 6: "kecamatan", 10: "desa"}


def unit_length(area: str) -> int:
    """Code length of the regions one level below an area."""
    if area in ("", "6"):
        return 2
    return {2: 4, 4: 6, 6: 10}[len(area)]


def meta(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    frame = db.query(con, "meta")
    return dict(zip(frame["key"], frame["value"]))


def data_years(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """province_code, year, source ('desa' | 'publikasi'), villages."""
    return db.query(con, "data_years")


def child_regions(con: duckdb.DuckDBPyConnection, parent: str) -> pd.DataFrame:
    """code, name, kind of the regions under `parent` that have desa."""
    return db.query(con, "child_regions", parent=parent)


def region_names(con: duckdb.DuckDBPyConnection, level: str) -> pd.DataFrame:
    return db.query(con, "region_names", level=level)


def area_kpi(con: duckdb.DuckDBPyConnection, area: str, year: int) -> pd.Series:
    """villages, scored, idm, status, iks, ike, ikl of an area in a year (from village rows)."""
    return db.query(con, "area_kpi", area=area, year=year).iloc[0]


def status_counts(con: duckdb.DuckDBPyConnection, area: str, year: int) -> pd.DataFrame:
    """unit ('desa' | 'wilayah'), status, n."""
    return db.query(con, "status_counts", area=area, year=year, unit_length=unit_length(area))


def area_trend(con: duckdb.DuckDBPyConnection, area: str) -> pd.DataFrame:
    """One row per year: idm, dimensions, villages per status, source ('desa' | 'publikasi')."""
    return db.query(con, "area_trend", area=area)


def unit_ranking(con: duckdb.DuckDBPyConnection, area: str, year: int, compare_year: int) -> pd.DataFrame:
    """The units of an area with IDM, status and change between the two years."""
    return db.query(con, "unit_ranking", area=area, year=year, compare_year=compare_year,
                    unit_length=unit_length(area))


def published_summary(con: duckdb.DuckDBPyConnection, province: str, year: int) -> pd.DataFrame:
    """The province's published figures for a year (empty when none)."""
    return db.query(con, "published_summary", province=province, year=year)


class Queries:
    """The query functions above bound to one connection, for code that runs outside Streamlit
    (tests, exports). idm.cache offers the same names, cached, for the pages."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con

    def __getattr__(self, name: str):
        function = globals().get(name)
        if not callable(function) or name.startswith("_") or name in {"unit_length", "Queries"}:
            raise AttributeError(name)
        return lambda **params: function(self.con, **params)
