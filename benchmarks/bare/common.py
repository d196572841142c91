"""What the bare pages share: the database and the three elements every page has (title, metric, paragraph).

The bare pages are the yardstick of benchmarks/fresh.py: what Streamlit itself costs for a page that
shows only what its name says. They read the dashboard's database (IDM_DB, else data/idm.duckdb of this
checkout) with plain SQL and never import the app's code, so that they measure Streamlit, not the app.
Queries are cached (st.cache_data), as the dashboard caches its views: a load measures the page, not
DuckDB.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

PROVINCE = "63"  # Kalimantan Selatan: its 13 regencies are 6301-6311, 6371 and 6372
STATUS_COLOURS = {"MANDIRI": "#137a52", "MAJU": "#62a84f", "BERKEMBANG": "#e0bd3d", "TERTINGGAL": "#d4602b",
                  "SANGAT TERTINGGAL": "#a51f2d"}
NO_VALUE = "#c9c9c9"  # a kota without villages has no IDM


def database() -> str:
    return os.environ.get("IDM_DB") or str(Path(__file__).resolve().parents[2] / "data" / "idm.duckdb")


def query(text: str, params: list | None = None) -> pd.DataFrame:
    with duckdb.connect(database(), read_only=True) as connection:
        return connection.execute(text, params or []).df()


@st.cache_data(show_spinner=False)
def trend() -> pd.DataFrame:
    """The province's IDM per year, as published (2021-2024 in the bundle)."""
    return query("select year, idm from published_summaries where area_code = ? and idm is not null order by year",
                 [PROVINCE])


@st.cache_data(show_spinner=False)
def regencies() -> tuple[dict, pd.DataFrame]:
    """The regencies' polygons (GeoJSON, id = code) and their latest IDM and status."""
    shapes = query("select code, name, geometry from boundaries where level = 'kabupaten' and code like ? "
                   "order by code", [PROVINCE + "%"])
    values = query("select area as code, idm, status from area_stats where area like ? and length(area) = 4 "
                   "and year = (select max(year) from area_stats where area = ?)", [PROVINCE + "__", PROVINCE])
    frame = shapes[["code", "name"]].merge(values, on="code", how="left")
    frame["colour"] = [STATUS_COLOURS.get(s, NO_VALUE) for s in frame["status"]]
    geojson = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": code, "properties": {"name": name}, "geometry": json.loads(geometry)}
        for code, name, geometry in shapes.itertuples(index=False)]}
    return geojson, frame


def header() -> None:
    """Title, one metric, one paragraph: the bare page itself."""
    years = trend()
    last, before = years.iloc[-1], years.iloc[-2]
    st.title("Kalimantan Selatan")
    st.metric(f"IDM {int(last['year'])}", f"{last['idm']:.4f}".replace(".", ","),
              f"{last['idm'] - before['idm']:+.4f}".replace(".", ","))
    st.write("Indeks Desa Membangun provinsi menurut tahun, seperti diterbitkan Kemendes PDTT. "
             "Halaman ini hanya menampilkan apa yang disebut namanya, sebagai pembanding.")
