"""Rendering helpers shared by the pages: every chart and table goes through here."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from idm.filters import Filters

# The modebar's own PNG button renders in the browser, offline, at projector size.
PLOTLY_CONFIG = {
    "displaylogo": False,
    "locale": "id",
    "toImageButtonOptions": {"format": "png", "width": 1920, "height": 1080, "scale": 1},
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
}


def file_stem(filters: Filters, name: str) -> str:
    """'idm-kalsel-2024-peringkat-kabupaten': what the file holds, for download names."""
    return f"idm-{filters.slug}-{name}"


def chart(figure: go.Figure, *, name: str, filters: Filters, on_select: str = "ignore"):
    """Draw a figure. `name` says what it shows ('peringkat-kabupaten'); it names the downloads."""
    return st.plotly_chart(figure, key=f"chart-{name}", config=PLOTLY_CONFIG, theme=None, on_select=on_select)


def table(frame: pd.DataFrame, *, name: str, filters: Filters, column_config: dict | None = None,
          height: int | str = "auto") -> None:
    """Draw a table. `name` says what it holds ('perubahan-tahunan'); it names the downloads."""
    st.dataframe(frame, key=f"table-{name}", hide_index=True, column_config=column_config, height=height)


def empty(message: str) -> None:
    """The honest empty state: what is missing and what to do."""
    st.info(message, icon=":material/info:")
