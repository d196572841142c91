"""One way into the database: `connect()` and `query(con, "name", **params)` for idm/sql/name.sql."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

from idm import config

SQL_DIR = Path(__file__).with_name("sql")
# Raised whenever schema.sql or schema_indicators.sql changes, so that an older database file is
# rebuilt (bin/dashboard) or named as outdated (app.py) instead of failing on a missing table.
SCHEMA_VERSION = "3"
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


def outdated(path: Path | str | None = None) -> str | None:
    """Why the database cannot be used as it is (missing, or built by an older version), or None."""
    path = Path(path or config.db_path())
    if not path.is_file():
        return f"database {path} belum ada"
    with duckdb.connect(str(path), read_only=True) as con:
        try:
            row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        except duckdb.Error:
            row = None
    if row is None or row[0] != SCHEMA_VERSION:
        return (f"database {path} dibangun oleh versi lama (skema {row[0] if row else '1'}, kini {SCHEMA_VERSION})")
    return None
