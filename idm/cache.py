"""Streamlit caches around the query functions: the one module of `idm` that imports Streamlit.

The connection is cached per database file *and* its modification time, so a rebuild (which swaps
a new file in) is picked up on the next rerun without restarting the server. Results are cached
per query and parameters; `_con` arguments are not hashed.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import duckdb
import streamlit as st

from idm import config, db, filters, indicators, queries


def database_key() -> tuple[str, int]:
    path = config.db_path()
    return str(path), path.stat().st_mtime_ns


@st.cache_resource(show_spinner=False, max_entries=2)
def _connection(path: str, mtime_ns: int) -> duckdb.DuckDBPyConnection:
    return db.connect(Path(path))


@st.cache_data(show_spinner=False, max_entries=4)
def _problem(path: str, mtime_ns: int) -> str | None:
    return db.outdated(path)


def database_problem() -> str | None:
    """db.outdated for the dashboard's database, checked once per file version, not on every rerun."""
    path = config.db_path()
    return _problem(*database_key()) if path.is_file() else db.outdated(path)


def connection() -> duckdb.DuckDBPyConnection:
    return _connection(*database_key())


def cached(function, *, takes_source: bool = False):
    """`function(con, **params)` -> cached `function(**params)`, one cache per function.

    takes_source: the function assembles a page's data from several queries, `function(source, **params)`
    with source = queries.Queries(con); caching its result saves the pandas work on every rerun too.
    """

    def run(key: tuple[str, int], **params):
        con = _connection(*key)
        return function(queries.Queries(con) if takes_source else con, **params)

    # st.cache_data tells functions apart by module and qualified name.
    run.__module__, run.__qualname__, run.__name__ = function.__module__, function.__qualname__, function.__name__
    cached_run = st.cache_data(show_spinner=False, max_entries=512)(run)

    @functools.wraps(function)
    def call(**params):
        return cached_run(database_key(), **params)

    return call


meta = cached(queries.meta)
data_years = cached(queries.data_years)
child_regions = cached(queries.child_regions)
region_names = cached(queries.region_names)
area_kpi = cached(queries.area_kpi)
status_counts = cached(queries.status_counts)
area_trend = cached(queries.area_trend)
unit_ranking = cached(queries.unit_ranking)
published_summary = cached(queries.published_summary)
unit_trend = cached(queries.unit_trend)
village_distribution = cached(queries.village_distribution)
village_map_values = cached(queries.village_map_values)


class Catalog:
    """filters.Catalog over the cached queries."""

    def provinces(self) -> dict[str, str]:
        names = region_names(level="provinsi")
        with_data = set(data_years()["province_code"])
        return {c: n for c, n in zip(names["code"], names["name"]) if c in with_data}

    def years(self, province: str) -> dict[int, str]:
        frame = data_years()
        frame = frame[frame["province_code"] == province]
        return {int(y): s for y, s in zip(frame["year"], frame["source"])}

    def regencies(self, province: str) -> dict[str, str]:
        frame = child_regions(parent=province)
        return dict(zip(frame["code"], frame["name"]))

    def districts(self, regency: str) -> dict[str, str]:
        frame = child_regions(parent=regency)
        return dict(zip(frame["code"], frame["name"]))


@st.cache_resource(show_spinner=False, max_entries=16)
def _geojson(key: tuple[str, int], level: str, area: str) -> dict:
    """A FeatureCollection of one level's boundaries inside an area, prepared once per level and area."""
    frame = db.query(_connection(*key), "boundaries", level=level, area=area)
    features = [
        {"type": "Feature", "id": code, "properties": {"kode": code, "nama": name},
         "geometry": json.loads(geometry)}
        for code, name, geometry in zip(frame["code"], frame["name"], frame["geometry"])
    ]
    return {"type": "FeatureCollection", "features": features}


def geojson(level: str, area: str) -> dict:
    return _geojson(database_key(), level, area)


def catalog() -> filters.Catalog:
    return Catalog()

status_transitions = cached(queries.status_transitions)
welfare_by_region = cached(queries.welfare_by_region)
village_search = cached(queries.village_search)
village_profile = cached(queries.village_profile)
village_issues = cached(queries.village_issues)
area_averages = cached(queries.area_averages)
near_next_status = cached(queries.near_next_status)
indicator_years = cached(queries.indicator_years)
indicator_dictionary = cached(queries.indicator_dictionary)
indicator_levels = cached(queries.indicator_levels)
indicator_actors = cached(queries.indicator_actors)
indicator_distribution = cached(queries.indicator_distribution)
indicator_reference_means = cached(queries.indicator_reference_means)
indicator_villages = cached(queries.indicator_villages)
indicator_scores_long = cached(queries.indicator_scores_long)
has_indicator_tables = cached(queries.has_indicator_tables)


# Page data assembled in pandas (the gain to the next status of every village): cached whole.
indicator_view = cached(indicators.load, takes_source=True)
