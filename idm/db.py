"""One way into the database: `connect()` and `query(con, "name", **params)` for idm/sql/name.sql."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

from idm import config

SQL_DIR = Path(__file__).with_name("sql")
_PARAMETER = re.compile(r"\$([a-z_]+)")


@cache
def sql(name: str) -> str:
    """The text of idm/sql/<name>.sql."""
    path = SQL_DIR / f"{name}.sql"
    if not path.is_file():
        raise KeyError(f"no query named {name!r} in {SQL_DIR}")
    return path.read_text(encoding="utf-8")


def connect(path: Path | str | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection: readers never lock a build out, nor each other."""
    path = Path(path or config.db_path())
    if not path.is_file():
        raise FileNotFoundError(f"database {path} does not exist; build it with `python -m idm build`")
    return duckdb.connect(str(path), read_only=True)


def query(con: duckdb.DuckDBPyConnection, name: str, **params) -> pd.DataFrame:
    """Run idm/sql/<name>.sql with named parameters ($province, $year, ...) bound, never formatted in.

    A cursor per call: a DuckDB connection is not safe to share between Streamlit's threads.
    """
    text = sql(name)
    wanted = set(_PARAMETER.findall(text))
    missing = wanted - params.keys()
    if missing:
        raise TypeError(f"query {name!r} needs parameters {sorted(missing)}")
    cursor = con.cursor()
    try:
        return cursor.execute(text, {key: params[key] for key in wanted}).df()
    finally:
        cursor.close()
