"""Bare page + one Plotly line chart (the province's IDM per year)."""

import plotly.graph_objects as go
import streamlit as st
from common import header, trend

header()
years = trend()
figure = go.Figure(go.Scatter(x=years["year"], y=years["idm"], mode="lines+markers", name="IDM"))
figure.update_layout(height=420, margin={"l": 40, "r": 20, "t": 20, "b": 40}, xaxis={"dtick": 1})
st.plotly_chart(figure)
