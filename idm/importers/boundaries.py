"""Boundary GeoJSON (BIG RBI, WGS84) to simplified geometry per level, ready for a browser."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from idm import codes

# Douglas-Peucker tolerance in degrees (1e-3 deg is about 110 m): enough detail for the level's
# map on a 1920 px screen, and small enough that a province's villages load quickly in pydeck.
TOLERANCE = {"provinsi": 0.01, "kabupaten": 0.002, "kecamatan": 0.001, "desa": 0.0003}


def boundary_level(path: Path) -> str | None:
    """The level a GeoJSON file holds, from the length of its first feature's `kode`; None if not ours."""
    if path.suffix.lower() not in {".geojson", ".json"}:
        return None
    with open(path, encoding="utf-8") as handle:
        head = handle.read(4096)
    if '"FeatureCollection"' not in head or '"kode"' not in head:
        return None
    frame = gpd.read_file(path, rows=1)
    code = codes.clean(frame["kode"].iloc[0])
    return codes.level(code)


def read_boundaries(path: Path, level: str) -> pd.DataFrame:
    frame = gpd.read_file(path)
    if frame.crs is not None and frame.crs.to_epsg() != 4326:
        frame = frame.to_crs(4326)
    geometry = frame.geometry.make_valid().simplify(TOLERANCE[level], preserve_topology=True)
    point = frame.geometry.representative_point()
    return pd.DataFrame({
        "code": frame["kode"].astype(str).str.replace(".", "", regex=False),
        "level": level,
        "name": frame["nama"].astype(str),
        "geometry": [json.dumps(shapely.geometry.mapping(g), separators=(",", ":")) for g in geometry],
        "lon": point.x.round(5),
        "lat": point.y.round(5),
    })
