"""The bare pages behind one Streamlit: `streamlit run benchmarks/bare/app.py`, then /<name> (e.g. /plotly_line).

A hidden navigation, as the dashboard routes its pages through st.navigation, with the same wide layout;
no sidebar (but on /filters). Each page is also a script of its own (`streamlit run benchmarks/bare/text.py`).
"""

import streamlit as st

PAGES = ["text", "filters", "plotly_line", "choropleth_map", "vega_line", "svg_map", "deck_map"]

st.set_page_config(page_title="Bare", layout="wide")
st.navigation([st.Page(f"{name}.py", default=name == "text") for name in PAGES], position="hidden").run()
