"""Bare page + one Streamlit st.line_chart (Vega-Lite) of the province's IDM per year."""

import streamlit as st
from common import header, trend

header()
st.line_chart(trend().assign(year=lambda frame: frame["year"].astype(str)), x="year", y="idm", height=420)
