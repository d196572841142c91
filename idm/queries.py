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


def unit_trend(con: duckdb.DuckDBPyConnection, area: str) -> pd.DataFrame:
    """code, name, year, villages, scored, idm, status, iks, ike, ikl, source of each unit per year."""
    return db.query(con, "unit_trend", area=area, unit_length=unit_length(area))


def village_distribution(con: duckdb.DuckDBPyConnection, area: str) -> pd.DataFrame:
    """year, villages, scored, minimum, q1, median, q3, maximum, mean of the area's village IDM."""
    return db.query(con, "village_distribution", area=area)


def village_map_values(con: duckdb.DuckDBPyConnection, area: str, year: int, compare_year: int) -> pd.DataFrame:
    """code, name, district, idm, status, iks, ike, ikl, idm_compare, change, has_polygon per village."""
    return db.query(con, "village_map_values", area=area, year=year, compare_year=compare_year)


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


def status_transitions(con: duckdb.DuckDBPyConnection, area: str, from_year: int, to_year: int) -> pd.DataFrame:
    """Every village listed in either year: idm/status in both, listed_from/listed_to, its region names."""
    return db.query(con, "status_transitions", area=area, from_year=from_year, to_year=to_year)


def welfare_by_region(con: duckdb.DuckDBPyConnection, province: str) -> pd.DataFrame:
    """A province and its regencies/cities per year: IDM (idm_source) beside P0, IPM, Gini, PDRB per capita."""
    return db.query(con, "welfare_by_region", province=province)


def village_search(con: duckdb.DuckDBPyConnection, area: str, text: str, code: str, limit: int,
                   min_similarity: float) -> pd.DataFrame:
    """Villages of an area matching a name (upper case) or a code prefix (digits), best match first."""
    return db.query(con, "village_search", area=area, text=text, code=code, limit=limit,
                    min_similarity=min_similarity)


def village_profile(con: duckdb.DuckDBPyConnection, village: str) -> pd.DataFrame:
    """One village's published rows, one per year, with provenance and its region names."""
    return db.query(con, "village_profile", village=village)


def village_issues(con: duckdb.DuckDBPyConnection, village: str) -> pd.DataFrame:
    """year, check_name, severity, message: what the import checks said about the village's rows."""
    return db.query(con, "village_issues", village=village)


def area_averages(con: duckdb.DuckDBPyConnection, village: str, year: int) -> pd.DataFrame:
    """level, code, name, scored, idm, status, iks, ike, ikl of the district, regency and province of a village."""
    return db.query(con, "area_averages", village=village, year=year)


def near_next_status(con: duckdb.DuckDBPyConnection, area: str, year: int) -> pd.DataFrame:
    """Scored villages of an area that are not Mandiri yet, with their dimensions and region names."""
    return db.query(con, "near_next_status", area=area, year=year)


def indicator_years(con: duckdb.DuckDBPyConnection, area: str) -> pd.DataFrame:
    """year, villages: the years with indicator scores in an area."""
    return db.query(con, "indicator_years", area=area)


def indicator_dictionary(con: duckdb.DuckDBPyConnection, year: int) -> pd.DataFrame:
    """The 50 indicators of a year with code, position, dimension, sub-dimension (key, names, position), name."""
    return db.query(con, "indicator_dictionary", year=year)


def indicator_levels(con: duckdb.DuckDBPyConnection, year: int) -> pd.DataFrame:
    """code, score, meaning, activity: what each score means and the reference activity that raises it."""
    return db.query(con, "indicator_levels", year=year)


def indicator_actors(con: duckdb.DuckDBPyConnection, year: int) -> pd.DataFrame:
    """code, position, level, offices: who acts on each indicator."""
    return db.query(con, "indicator_actors", year=year)


def indicator_distribution(con: duckdb.DuckDBPyConnection, area: str, year: int) -> pd.DataFrame:
    """code, villages, mean_score, n0..n5 of the villages of an area."""
    return db.query(con, "indicator_distribution", area=area, year=year)


def indicator_reference_means(con: duckdb.DuckDBPyConnection, region: str, year: int) -> pd.DataFrame:
    """code, mean_score, villages as the dictionary publishes them for a region ('00' Indonesia)."""
    return db.query(con, "indicator_reference_means", region=region, year=year)


def indicator_villages(con: duckdb.DuckDBPyConnection, area: str, year: int) -> pd.DataFrame:
    """Villages of an area with indicator scores: code, name, district, regency, published iks..idm, status."""
    return db.query(con, "indicator_villages", area=area, year=year)


def indicator_scores_long(con: duckdb.DuckDBPyConnection, area: str, year: int) -> pd.DataFrame:
    """village_code, code, score of every village of an area (a village code as area: one village)."""
    return db.query(con, "indicator_scores_long", area=area, year=year)


def has_indicator_tables(con: duckdb.DuckDBPyConnection) -> bool:
    """False for a database built before the indicator tables existed."""
    return bool(db.query(con, "indicator_tables").iloc[0]["present"])
