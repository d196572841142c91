"""Bare page + a deck.gl (pydeck) map of Kalimantan Selatan's 13 regencies.

A blank base map (a style with one background layer, inline): no tiles, nothing from the internet.
"""

import base64
import json

import pydeck as pdk
import streamlit as st
from common import header, regencies

BLANK_STYLE = "data:application/json;base64," + base64.b64encode(json.dumps(
    {"version": 8, "sources": {}, "layers": [
        {"id": "latar", "type": "background", "paint": {"background-color": "#ffffff"}}]}).encode()).decode()


def rgb(colour: str) -> list[int]:
    return [int(colour[i:i + 2], 16) for i in (1, 3, 5)] + [235]


header()
geojson, frame = regencies()
colours = dict(zip(frame["code"], frame["colour"]))
for feature in geojson["features"]:
    feature["properties"]["warna"] = rgb(colours[feature["id"]])
layer = pdk.Layer("GeoJsonLayer", data=geojson, id="kabupaten", pickable=True, stroked=True, filled=True,
                  get_fill_color="properties.warna", get_line_color=[255, 255, 255, 255], line_width_min_pixels=1)
deck = pdk.Deck(layers=[layer], map_style=BLANK_STYLE, map_provider=None, tooltip={"text": "{name}"},
                initial_view_state=pdk.ViewState(longitude=115.5, latitude=-2.9, zoom=6.4))
st.pydeck_chart(deck, height=640)
