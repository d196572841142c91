"""Streamlit's caches in front of the database: the one module of `idm` that imports Streamlit.

`CachedDatabase` is `Database` with `query` and `geojson` cached per version of the database file
(idm.database.Version: a rebuild swaps a new file in, and the next rerun reads it, without a
restart), and `view` caches a page's assembled view (figures included) per version, filters and
options. Results keyed by what a user types (the village search) have their own, smaller cache.
"""

from __future__ import annotations

import streamlit as st

from idm import config, database, deck, views
from idm.database import Catalog, Database, Version

# A page view holds figures and frames of one filter combination: a few hundred cover every province,
# year and regency that a meeting clicks through; older ones expire.
VIEW_ENTRIES, VIEW_TTL = 256, 3600
QUERY_ENTRIES, QUERY_TTL = 2048, 3600
SEARCH_ENTRIES, SEARCH_TTL = 256, 600  # keyed by typed text: bounded, short-lived


@st.cache_resource(show_spinner=False, max_entries=2)
def _connection(version: Version) -> database.Attached:
    """One read-only connection per version of the file; the previous one is dropped after a swap."""
    con, _ = database.open_read_only(version.path)
    return con


@st.cache_data(show_spinner=False, max_entries=QUERY_ENTRIES, ttl=QUERY_TTL)
def _query(version: Version, name: str, params: tuple) -> object:
    return database.run(_connection(version), name, dict(params))


@st.cache_data(show_spinner=False, max_entries=SEARCH_ENTRIES, ttl=SEARCH_TTL)
def _search(version: Version, params: tuple) -> object:
    return database.run(_connection(version), "village_search", dict(params))


@st.cache_resource(show_spinner=False, max_entries=32)
def _geojson(version: Version, level: str, area: str) -> dict:
    """Boundaries turned into GeoJSON once per level and area (shared, never modified)."""
    return Database.geojson(CachedDatabase(version.path), level, area)


class _RememberingCatalog(Catalog):
    """The catalog of one version of the file, each answer computed once and shared.

    Every page run asks it for the provinces and, for the Indonesia and Kalimantan choices, the years
    of every province: 80 cached queries, each a copy of a DataFrame, 0,1-0,2 s of every click
    (BENCHMARKS.md). Answers are handed out as copies, so no caller can change another's.
    """

    def __init__(self, db: Database):
        super().__init__(db)
        self._answers: dict[tuple, dict] = {}

    def _remember(self, key: tuple, compute) -> dict:
        answer = self._answers.get(key)
        if answer is None:
            answer = self._answers[key] = compute()
        return dict(answer)

    def provinces(self) -> dict[str, str]:
        return self._remember(("provinces",), super().provinces)

    def years(self, province: str) -> dict[int, str]:
        return self._remember(("years", province), lambda: super(_RememberingCatalog, self).years(province))

    def regencies(self, province: str) -> dict[str, str]:
        return self._remember(("regencies", province),
                              lambda: super(_RememberingCatalog, self).regencies(province))


@st.cache_resource(show_spinner=False, max_entries=2)
def _catalog(version: Version) -> _RememberingCatalog:
    return _RememberingCatalog(CachedDatabase(version.path))


@st.cache_data(show_spinner=False, max_entries=8)
def _problem(version: Version) -> str | None:
    return database.outdated(version.path)


class CachedDatabase(Database):
    """A Database whose queries and shapes are cached per version of the file."""

    def connection(self) -> database.Attached:
        return _connection(self.version())

    def query(self, name: str, **params):
        return _query(self.version(), name, tuple(sorted(params.items())))

    def village_search(self, **params):
        return _search(self.version(), tuple(sorted(params.items())))

    def geojson(self, level: str, area: str) -> dict:
        return _geojson(self.version(), level, area)

    def catalog(self) -> Catalog:
        return _catalog(self.version())


def database_problem() -> str | None:
    """database.outdated for the dashboard's database, checked once per version of the file."""
    path = config.db_path()
    if not path.is_file():
        return database.outdated(path)
    return _problem(database.version_of(path))


def cached_database() -> CachedDatabase:
    return CachedDatabase(config.db_path())


@st.cache_resource(show_spinner=False, max_entries=VIEW_ENTRIES, ttl=VIEW_TTL)
def _view(version: Version, page: str, params: tuple):
    return views.BUILDERS[page](CachedDatabase(version.path), **dict(params))


def view(page: str, **params):
    """A page's view (idm.views.<page>.build(db, **params)), built once per database version and
    parameters and shared by every session: pages read it, never change it."""
    return _view(database.version_of(config.db_path()), page, tuple(sorted(params.items())))


@st.cache_resource(show_spinner=False, max_entries=32, ttl=VIEW_TTL)
def _deck_contents(version: Version, chosen) -> deck.Contents:
    return deck.contents(CachedDatabase(version.path), chosen)


def deck_contents(chosen) -> deck.Contents:
    """The rakor's slides for the filters without pictures (idm.deck.contents), for presentation mode:
    built once per database version and filters."""
    return _deck_contents(database.version_of(config.db_path()), chosen)
