"""Bare page + Kalimantan Selatan's 13 regencies as an inline SVG drawn on the server.

The polygons are projected (equirectangular, longitude scaled by the cosine of the latitude) and
written as SVG paths in Python; the browser receives markup only: no chart library, no canvas.
"""

import math

import streamlit as st
from common import header, regencies

WIDTH, HEIGHT = 900, 640  # the box the map fits in, as the other maps' 640 px


@st.cache_data(show_spinner=False)
def svg() -> str:
    geojson, frame = regencies()
    colours = dict(zip(frame["code"], frame["colour"]))
    polygons = []
    for feature in geojson["features"]:
        geometry = feature["geometry"]
        parts = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        polygons.append((feature["id"], feature["properties"]["name"], [ring for part in parts for ring in part]))
    points = [point for _, _, rings in polygons for ring in rings for point in ring]
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    scale_x = math.cos(math.radians((north + south) / 2))
    scale = min(WIDTH / ((east - west) * scale_x), HEIGHT / (north - south))
    width, height = round((east - west) * scale_x * scale), round((north - south) * scale)
    paths = []
    for code, name, rings in polygons:
        d = " ".join("M" + " L".join(f"{(x - west) * scale_x * scale:.1f},{(north - y) * scale:.1f}" for x, y in ring)
                     + " Z" for ring in rings)
        paths.append(f'<path d="{d}" fill="{colours.get(code)}" stroke="#ffffff" stroke-width="1">'
                     f"<title>{name}</title></path>")
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" role="img" aria-label="Peta kabupaten/kota Kalimantan Selatan">{"".join(paths)}</svg>')


header()
# st.html would sanitise the SVG away (its DOMPurify profile is HTML only); markdown keeps it inline.
st.markdown(svg(), unsafe_allow_html=True)
