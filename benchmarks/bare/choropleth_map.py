"""Bare page + one Plotly choropleth_map of Kalimantan Selatan's 13 regencies (WebGL, MapLibre).

map_style "white-bg": no tiles, nothing fetched from the internet; the view is fixed on the province.
"""

import plotly.graph_objects as go
import streamlit as st
from common import header, regencies

header()
geojson, frame = regencies()
figure = go.Figure(go.Choroplethmap(
    geojson=geojson, locations=frame["code"], z=frame["idm"].fillna(0), text=frame["name"],
    colorscale="Greens", zmin=0.7, zmax=0.85, marker={"line": {"color": "white", "width": 1}},
    hovertemplate="%{text}: %{z:.4f}<extra></extra>",
))
figure.update_layout(map={"style": "white-bg", "center": {"lon": 115.5, "lat": -2.9}, "zoom": 6.4},
                     height=640, margin={"l": 0, "r": 0, "t": 0, "b": 0})
st.plotly_chart(figure)
