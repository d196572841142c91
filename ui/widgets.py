"""Rendering helpers shared by the pages."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

# The modebar's own PNG button renders in the browser, offline, at projector size.
PLOTLY_CONFIG = {
    "displaylogo": False,
    "locale": "id",
    "toImageButtonOptions": {"format": "png", "width": 1920, "height": 1080, "scale": 1},
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
}


def chart(figure: go.Figure, *, key: str) -> None:
    st.plotly_chart(figure, key=key, config=PLOTLY_CONFIG, theme=None)


def empty(message: str) -> None:
    """The honest empty state: what is missing and what to do."""
    st.info(message, icon=":material/info:")
