"""Map builders of the Peta page: a choropleth (`go.Figure`) of regions and a village map (`pdk.Deck`).

Nothing here loads tiles, fonts or scripts from the internet: plotly maps use the "white-bg" style
(no tiles, no text layers, which would need glyphs from a server) and decks have no base map.
Regions without desa (kota made only of kelurahan) are drawn in rules.NO_IDM_COLOUR, never as zero.
"""

from __future__ import annotations

import base64
import html
import json
import math
import weakref

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk
from plotly.colors import diverging, hex_to_rgb, sample_colorscale, sequential
from pydeck.bindings.json_tools import default_serialize
from shapely.geometry import shape
from shapely.ops import polylabel

from idm import codes, fmt, rules
from idm.charts import FONT_SIZE, INK, base_layout, legend_rank, plain

# What a map can be coloured by: query parameter value -> label.
MEASURES = {
    "idm": "IDM",
    "status": "Status IDM",
    "perubahan": "Perubahan IDM",
    **{dimension.code.lower(): dimension.short for dimension in rules.DIMENSION_LIST},  # 'iks': 'IKS (sosial)'
    "skor": "Skor Indeks Desa",
}
DEFAULT_MEASURE = "idm"
# What a year's maps can be coloured by: IDM's values up to 2024; from 2025 the villages' published
# statuses and the Indeks Desa score (a region has no Indeks Desa status of its own).
INDEX_MEASURES = {rules.IDM: ("idm", "status", "perubahan", "iks", "ike", "ikl"), rules.INDEKS_DESA: ("status", "skor")}


def measures_for(year: int) -> dict[str, str]:
    """The measures of MEASURES a year's maps can show."""
    return {key: MEASURES[key] for key in INDEX_MEASURES[rules.index_of(year)]}
# YlGnBu without its palest end, which reads as "no data" on a projector.
SEQUENTIAL = [[i / 8, colour] for i, colour in enumerate(sample_colorscale(sequential.YlGnBu,
                                                                          [0.18 + 0.82 * i / 8 for i in range(9)]))]
DIVERGING = diverging.RdBu  # red: IDM fell, blue: IDM rose
NO_VALUE_COLOUR = "#ececec"  # a region with desa but no value for the measure (e.g. no comparison year)
BORDER = "#ffffff"
BORDER_ON_PALE = "#9a9a9a"  # a diverging scale is near white around zero: white borders would vanish
HIGHLIGHT = INK
MAP_WIDTH = 0.74  # share of the figure's width the map takes; legend and colour bar use the rest
# A MapLibre style with a white background only: no tiles, no glyphs, nothing to fetch. Given inline as
# a data: URL, because a deck without a map style gets Streamlit's default CARTO base map (a CDN
# request) and Streamlit only accepts a style as a string.
BLANK_STYLE = "data:application/json;base64," + base64.b64encode(json.dumps(
    {"version": 8, "sources": {}, "layers": [
        {"id": "latar", "type": "background", "paint": {"background-color": "#ffffff"}}]}).encode()).decode()


def measure(value: object) -> str:
    """A measure from a link's `ukuran`, the default when it is not one of MEASURES."""
    text = str(value or "").strip().lower()
    return text if text in MEASURES else DEFAULT_MEASURE


def value_column(measure_name: str) -> str:
    return {"perubahan": "change"}.get(measure_name, measure_name)


def measure_title(measure_name: str, year: int, compare_year: int | None) -> str:
    if measure_name == "perubahan":
        return f"Perubahan IDM {compare_year}→{year}"
    if measure_name == "status":
        return f"Status {rules.index_of(year)} {year}"
    return f"{MEASURES[measure_name]} {year}"


# --- geometry -------------------------------------------------------------------------------------

def _positions(geometry: dict):
    coordinates = geometry.get("coordinates", [])
    if geometry.get("type") == "Polygon":
        coordinates = [coordinates]
    for polygon in coordinates:
        for ring in polygon:
            yield from ring


def bounds(geojson: dict) -> tuple[float, float, float, float] | None:
    """west, south, east, north of a FeatureCollection; None when it has no features."""
    lons, lats = [], []
    for feature in geojson.get("features", []):
        for lon, lat, *_ in _positions(feature["geometry"]):
            lons.append(lon)
            lats.append(lat)
    if not lons:
        return None
    return min(lons), min(lats), max(lons), max(lats)


def _mercator_y(lat: float) -> float:
    lat = max(-85.0, min(85.0, lat))
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def fitted_view(box: tuple[float, float, float, float], *, width: int, height: int,
                padding: float = 0.08) -> tuple[float, float, float]:
    """Centre (lon, lat) and web-mercator zoom that show the box in a width x height pixel view.

    MapLibre and deck.gl draw the world 512 px wide at zoom 0.
    """
    west, south, east, north = box
    lon_span = max(east - west, 1e-4) / 360
    lat_span = max(_mercator_y(north) - _mercator_y(south), 1e-4) / (2 * math.pi)
    usable = 1 - 2 * padding
    zoom = min(math.log2(width * usable / (512 * lon_span)), math.log2(height * usable / (512 * lat_span)))
    centre_lat = math.degrees(2 * math.atan(math.exp((_mercator_y(north) + _mercator_y(south)) / 2)) - math.pi / 2)
    return (west + east) / 2, centre_lat, round(zoom, 2)


def _subset(geojson: dict, codes) -> dict:
    wanted = set(codes)
    return {"type": "FeatureCollection", "features": [f for f in geojson["features"] if f["id"] in wanted]}


# --- choropleth -----------------------------------------------------------------------------------

def label_points(geojson: dict) -> dict[str, tuple[float, float]]:
    """Where each region's name goes: inside its largest polygon, as far from its edges as can be
    (polylabel), so that a coastline's bays and a regency's islands do not pull it into the sea."""
    points = {}
    for feature in geojson.get("features", []):
        geometry = shape(feature["geometry"])
        if geometry.is_empty:
            continue
        if geometry.geom_type == "MultiPolygon":
            geometry = max(geometry.geoms, key=lambda polygon: polygon.area)
        if geometry.geom_type != "Polygon":
            geometry = geometry.convex_hull
        size = math.sqrt(max(geometry.area, 1e-12))
        point = polylabel(geometry, tolerance=size / 50) if geometry.geom_type == "Polygon" else geometry.centroid
        points[str(feature["id"])] = (point.x, point.y)
    return points


NAME_SIZE = FONT_SIZE - 5  # a region's name on a map, in pixels
NAME_CHAR = 0.58  # a character's width in NAME_SIZE units (Arial), to keep names from covering each other


def name_positions(points: dict[str, tuple[float, float]], labels: dict[str, str], *, centre: tuple[float, float],
                   zoom: float, order: list[str]) -> dict[str, tuple[float, float, float, float]]:
    """Where each name goes, in pixels from the map's centre at `zoom` (x right, y up): (point x, point y,
    label x, label y). Names are placed in `order` (largest region first); a name that would cover one
    already placed moves up or down, a line leads back to its region."""
    scale = 512 * 2 ** zoom  # pixels of the whole world at this zoom (MapLibre)
    lon_c, lat_c = centre
    placed: list[tuple[float, float, float, float]] = []  # left, bottom, right, top of each name's box
    positions = {}
    height = NAME_SIZE + 6
    for code in order:
        if code not in points:
            continue
        lon, lat = points[code]
        x = (lon - lon_c) / 360 * scale
        y = (_mercator_y(lat) - _mercator_y(lat_c)) / (2 * math.pi) * scale
        half = (NAME_CHAR * NAME_SIZE * len(labels[code]) + 6) / 2
        for step in (0, 1, -1, 2, -2, 3, -3):
            box = (x - half, y + step * height - height / 2, x + half, y + step * height + height / 2)
            if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed):
                break
        else:
            step, box = 0, (x - half, y - height / 2, x + half, y + height / 2)
        placed.append(box)
        positions[code] = (x, y, x, y + step * height)
    return positions


def _add_names(figure: go.Figure, *, geojson: dict, frame: pd.DataFrame, centre: tuple[float, float],
               zoom: float) -> None:
    """Each region's short name (codes.map_label) written on it, on a pale badge that reads on every
    fill: in a meeting nobody hovers. A badge is an annotation pinned to the map's centre and moved by
    the region's offset in pixels at the map's fixed zoom, so it stays on its region at any width of
    the page, the exported picture or the slide (the map itself does not pan: dragmode off)."""
    points = label_points(geojson)
    labels = {code: codes.map_label(code, name) for code, name in zip(frame["code"], frame["name"])}
    sizes = {str(f["id"]): shape(f["geometry"]).area for f in geojson.get("features", [])}
    order = sorted(labels, key=lambda code: -sizes.get(code, 0))
    for code, (x, y, label_x, label_y) in name_positions(points, labels, centre=centre, zoom=zoom,
                                                         order=order).items():
        moved = (label_x, label_y) != (x, y)
        figure.add_annotation(
            text=plain(labels[code]), xref="paper", yref="paper", x=MAP_WIDTH / 2, y=0.5, xshift=x, yshift=y,
            showarrow=moved, ax=label_x - x, ay=-(label_y - y), arrowwidth=1, arrowcolor="#555", arrowhead=0,
            font={"size": NAME_SIZE, "color": INK}, bgcolor="rgba(255,255,255,0.8)", borderpad=1,
            captureevents=False)


def _hover_text(row: pd.Series, year: int, compare_year: int | None) -> str:
    if rules.index_of(year) == rules.INDEKS_DESA:
        score = row.get("skor")
        value = (f"skor Indeks Desa {fmt.number(score, 2)}" if score is not None and pd.notna(score)
                 else f"tanpa skor Indeks Desa {year}")
        villages = [fmt.count(row["villages"], "desa")] if row.get("villages") else []
        return "<br>".join([f"<b>{plain(row['name'])}</b>", value, *villages])
    if pd.isna(row.get("idm")):
        reason = rules.NO_IDM_LABEL if not row.get("villages") else f"tanpa nilai IDM {year}"
        return f"<b>{plain(row['name'])}</b><br>{reason}"
    status = rules.STATUS_LABELS.get(row["status"], "–")
    lines = [f"<b>{plain(row['name'])}</b>", f"IDM {year}: {fmt.idm(row['idm'])} ({status})"]
    if compare_year:
        change = row.get("change")
        lines.append(f"Perubahan sejak {compare_year}: {fmt.idm(change, sign=True)}" if pd.notna(change)
                     else f"Tanpa nilai {compare_year}")
    lines.append(f"IKS {fmt.idm(row.get('iks'))} · IKE {fmt.idm(row.get('ike'))} · IKL {fmt.idm(row.get('ikl'))}")
    if row.get("villages"):
        lines.append(fmt.count(row["villages"], "desa"))
    return "<br>".join(lines)


def _flat(colour: str) -> list[list]:
    return [[0, colour], [1, colour]]


def _legend_entry(figure: go.Figure, *, name: str, colour: str, rank: int) -> None:
    """A legend item on a map subplot (a cartesian trace would draw empty axes)."""
    figure.add_trace(go.Scattermap(
        lat=[None], lon=[None], mode="markers", name=name, marker={"size": 16, "color": colour},
        hoverinfo="skip", showlegend=True, legendrank=rank,
    ))


def _area_trace(figure: go.Figure, *, geojson: dict, part: pd.DataFrame, colour: str, name: str,
                year: int, compare_year: int | None) -> None:
    figure.add_trace(go.Choroplethmap(
        geojson=_subset(geojson, part["code"]), locations=part["code"], z=[1] * len(part),
        colorscale=_flat(colour), showscale=False, name=name, showlegend=False,
        marker={"line": {"color": BORDER, "width": 1.2}},
        text=[_hover_text(row, year, compare_year) for _, row in part.iterrows()],
        hovertemplate="%{text}<extra></extra>", customdata=part[["code"]].to_numpy(),
    ))


def value_range(measure_name: str, *values: pd.Series) -> tuple[float, float] | None:
    """The colour scale's ends for a measure over the values of every map that shares it: a change
    symmetric around zero, a value from its lowest to its highest (never narrower than the rounding of
    its numbers). None for the statuses, or without any value."""
    if measure_name == "status":
        return None
    numbers = pd.concat([series.astype(float) for series in values]).dropna()
    if numbers.empty:
        return None
    if measure_name == "perubahan":
        reach = max(float(numbers.abs().max()), 0.005)
        return -reach, reach
    low, high = float(numbers.min()), float(numbers.max())
    least = 1.0 if measure_name == "skor" else 0.01
    if high - low < least:
        low, high = low - least / 2, high + least / 2
    return low, high


def choropleth(*, geojson: dict, values: pd.DataFrame, measure_name: str, year: int, compare_year: int | None,
               title: str, subtitle: str, highlight: str | None = None, height: int = 640,
               width_hint: int = 900, shared_range: tuple[float, float] | None = None,
               names: bool = True) -> go.Figure:
    """Regions coloured by a measure (MEASURES); regions without IDM grey and named in the legend.

    values: code, name, villages, idm, status, iks, ike, ikl, change (unit_ranking). Only regions
    with a polygon in `geojson` are drawn. `highlight`: a code outlined thick (the selected region).
    `shared_range`: the colour scale's ends when several maps share one scale (value_range); `names`:
    each region's name written on it (left out where regions are too many and small, e.g. villages).
    """
    figure = go.Figure()
    drawn = {f["id"] for f in geojson["features"]}
    frame = values[values["code"].isin(drawn)].copy()
    column = value_column(measure_name)
    no_desa = frame["villages"].fillna(0).eq(0) & frame["idm"].isna()
    no_value = ~no_desa & frame[column].isna()
    shown = frame[~no_desa & ~no_value]

    if measure_name == "status":
        for status in rules.STATUSES:
            part = shown[shown["status"] == status.code]
            if not part.empty:
                _area_trace(figure, geojson=geojson, part=part, colour=status.colour, name=status.label,
                            year=year, compare_year=compare_year)
            _legend_entry(figure, name=status.label, colour=status.colour, rank=legend_rank(status.code))
    elif not shown.empty:
        values_shown = shown[column].astype(float)
        low, high = shared_range or value_range(measure_name, values_shown)
        scale, tick = {"perubahan": (DIVERGING, "+.3f"), "skor": (SEQUENTIAL, ".1f")}.get(
            measure_name, (SEQUENTIAL, ".3f"))
        figure.add_trace(go.Choroplethmap(
            geojson=_subset(geojson, shown["code"]), locations=shown["code"], z=values_shown,
            colorscale=scale, zmin=low, zmax=high, name=MEASURES[measure_name], showlegend=False,
            marker={"line": {"color": BORDER_ON_PALE if measure_name == "perubahan" else BORDER, "width": 1.2}},
            colorbar={"title": {"text": measure_title(measure_name, year, compare_year), "side": "right",
                                "font": {"size": FONT_SIZE - 1}},
                      "tickformat": tick, "tickfont": {"size": FONT_SIZE - 2}, "thickness": 22, "len": 0.62,
                      "x": MAP_WIDTH + 0.02, "xanchor": "left", "y": 1.0, "yanchor": "top"},
            text=[_hover_text(row, year, compare_year) for _, row in shown.iterrows()],
            hovertemplate="%{text}<extra></extra>", customdata=shown[["code"]].to_numpy(),
            meta={"index": rules.INDEKS_DESA if measure_name == "skor" else rules.IDM},
        ))
    if no_value.any():
        label = f"Tanpa nilai {compare_year}" if measure_name == "perubahan" else "Tanpa nilai"
        _area_trace(figure, geojson=geojson, part=frame[no_value], colour=NO_VALUE_COLOUR, name=label,
                    year=year, compare_year=compare_year)
        _legend_entry(figure, name=label, colour=NO_VALUE_COLOUR, rank=190)
    if no_desa.any():
        _area_trace(figure, geojson=geojson, part=frame[no_desa], colour=rules.NO_IDM_COLOUR,
                    name=rules.NO_IDM_LABEL, year=year, compare_year=compare_year)
    if no_desa.any() or measure_name == "status":
        _legend_entry(figure, name=rules.NO_IDM_LABEL, colour=rules.NO_IDM_COLOUR, rank=200)
    if highlight and highlight in drawn:
        figure.add_trace(go.Choroplethmap(
            geojson=_subset(geojson, [highlight]), locations=[highlight], z=[1],
            colorscale=_flat("rgba(0,0,0,0)"), showscale=False, showlegend=False, hoverinfo="skip",
            marker={"line": {"color": HIGHLIGHT, "width": 4}}, name="terpilih",
        ))
    # plotly's fitbounds="locations" does not fit choroplethmap polygons (it shows the whole world):
    # the view is computed from the geometry for a column about `width_hint` pixels wide.
    layout_map = {"style": "white-bg"}
    box = bounds(geojson)
    if box:
        lon, lat, zoom = fitted_view(box, width=int(width_hint * MAP_WIDTH), height=height - 150)
        layout_map.update(center={"lon": lon, "lat": lat}, zoom=zoom)
        if names:
            _add_names(figure, geojson=geojson, frame=frame, centre=(lon, lat), zoom=zoom)
    base_layout(figure, title=title, subtitle=subtitle, height=height)
    # The map keeps the left three quarters; legend and colour bar sit beside it, never over a region.
    layout_map["domain"] = {"x": [0, MAP_WIDTH], "y": [0, 1]}
    figure.update_layout(map=layout_map, margin={"l": 10, "r": 10, "t": 128, "b": 10},
                         legend={"orientation": "v", "x": MAP_WIDTH + 0.02, "y": 0.0, "yanchor": "bottom",
                                 "xanchor": "left"},
                         clickmode="event+select", dragmode=False)
    return figure


# --- village map (pydeck) -------------------------------------------------------------------------

class CompactDeck(pdk.Deck):
    """A deck that Streamlit serialises once, compactly.

    st.pydeck_chart calls `to_json` on every rerun, and pydeck writes JSON indented by two spaces: for
    one regency's villages 1,1 MB and 0,2 s per rerun, four times the size of the same JSON without
    the indentation. A view's deck is built once, cached and never changed (idm.cache), so its JSON
    is kept beside it.
    """

    _serialised: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def to_json(self) -> str:
        text = self._serialised.get(self)
        if text is None:
            text = json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))
            self._serialised[self] = text
        return text


def _rgb(colour: str) -> list[int]:
    if colour.startswith("rgb"):
        return [int(float(v)) for v in colour[colour.index("(") + 1:colour.index(")")].split(",")[:3]]
    return list(hex_to_rgb(colour))


def village_colours(values: pd.DataFrame, measure_name: str,
                    shared_range: tuple[float, float] | None = None) -> tuple[list[list[int]], dict]:
    """Fill colour per village row and a legend description ({'kind': 'status'} or a colour bar);
    `shared_range`: the scale the page's other maps use too (value_range)."""
    column = value_column(measure_name)
    if measure_name in ("status",):
        colours = [_rgb(rules.STATUS_COLOURS.get(s, rules.NO_IDM_COLOUR)) for s in values["status"]]
        return colours, {"kind": "status"}
    series = values[column].astype(float)
    if series.notna().sum() == 0:
        return [_rgb(NO_VALUE_COLOUR)] * len(values), {"kind": "empty"}
    low, high = shared_range or value_range(measure_name, series)
    scale = DIVERGING if measure_name == "perubahan" else SEQUENTIAL
    positions = [min(1.0, max(0.0, (v - low) / (high - low))) if pd.notna(v) else None for v in series]
    sampled = sample_colorscale(scale, [p for p in positions if p is not None])
    it = iter(sampled)
    colours = [_rgb(next(it)) if p is not None else _rgb(NO_VALUE_COLOUR) for p in positions]
    return colours, {"kind": "scale", "low": low, "high": high, "scale": scale, "sign": measure_name == "perubahan",
                     "decimals": 1 if measure_name == "skor" else 4}


def village_deck(*, geojson: dict, values: pd.DataFrame, measure_name: str, year: int,
                 compare_year: int | None, height: int = 620, width_hint: int = 1500,
                 shared_range: tuple[float, float] | None = None) -> tuple[pdk.Deck, dict]:
    """Village polygons coloured by the measure, a tooltip per village; a blank base map (BLANK_STYLE).

    values: code, name, district, idm, status, change (village_map_values). Returns the deck and
    the legend description for `legend_html`.
    """
    rows = values.set_index("code")
    colours, legend = village_colours(values, measure_name, shared_range)
    indeks_desa = rules.index_of(year) == rules.INDEKS_DESA
    colour_by_code = dict(zip(values["code"], colours))
    features = []
    for feature in geojson["features"]:
        code = feature["id"]
        if code not in rows.index:
            continue
        row = rows.loc[code]
        change = row["change"]
        # deck.gl writes the tooltip's values into its HTML as they are: names go in escaped.
        features.append({"type": "Feature", "id": code, "geometry": feature["geometry"], "properties": {
            "nama": html.escape(str(row["name"])), "kecamatan": html.escape(str(row["district"])),
            "nilai": fmt.number(row["skor"], 2) if indeks_desa else fmt.idm(row["idm"]),
            "status": rules.STATUS_LABELS.get(row["status"], "tanpa nilai"),
            "perubahan": (fmt.idm(change, sign=True) if pd.notna(change)
                          else f"tanpa nilai {compare_year or ''}".strip()),
            "warna": colour_by_code[code] + [235],
        }})
    collection = {"type": "FeatureCollection", "features": features}
    layer = pdk.Layer(
        "GeoJsonLayer", data=collection, id="desa", pickable=True, stroked=True, filled=True,
        get_fill_color="properties.warna", line_width_min_pixels=1,
        get_line_color=[154, 154, 154, 255] if measure_name == "perubahan" else [255, 255, 255, 255],
        auto_highlight=True, highlight_color=[31, 42, 48, 90],
    )
    box = bounds(collection)
    lon, lat, zoom = fitted_view(box, width=width_hint, height=height) if box else (117.0, -1.0, 5.0)
    change_label = f"Perubahan sejak {compare_year}" if compare_year else "Perubahan"
    value_label = f"Skor Indeks Desa {year}" if indeks_desa else f"IDM {year}"
    tooltip = {
        "html": ("<b style='font-size:18px'>{nama}</b><br>Kecamatan {kecamatan}<br>"
                 f"{value_label}: <b>{{nilai}}</b> ({{status}})"
                 + ("" if indeks_desa else f"<br>{change_label}: {{perubahan}}")),
        "style": {"fontSize": "16px", "backgroundColor": "#1f2a30", "color": "white"},
    }
    deck = CompactDeck(
        layers=[layer], map_style=BLANK_STYLE, tooltip=tooltip, map_provider=None,
        initial_view_state=pdk.ViewState(longitude=lon, latitude=lat, zoom=zoom),
    )
    return deck, legend


def legend_html(legend: dict, *, measure_name: str, year: int, compare_year: int | None) -> str:
    """The village map's legend as HTML (decks have none): five statuses or a colour bar."""
    chip = ("<span style='display:inline-block;width:1.1em;height:1.1em;background:{c};border-radius:3px;"
            "vertical-align:middle;margin:0 0.35em 0 1em'></span>{t}")
    if legend["kind"] == "status":
        items = [chip.format(c=s.colour, t=s.label) for s in rules.STATUSES]
        items.append(chip.format(c=rules.NO_IDM_COLOUR, t="Tanpa nilai"))
        return "<div style='font-size:1.05rem'>" + "".join(items) + "</div>"
    if legend["kind"] == "empty":
        return f"<div>Tidak ada nilai {measure_title(measure_name, year, compare_year)} untuk desa-desa ini.</div>"
    stops = sample_colorscale(legend["scale"], [i / 10 for i in range(11)])
    gradient = ", ".join(stops)
    sign = legend["sign"]
    return (
        "<div style='font-size:1.05rem;display:flex;align-items:center;gap:0.6em'>"
        f"<b>{measure_title(measure_name, year, compare_year)}</b>"
        f"<span>{fmt.number(legend['low'], legend['decimals'], sign=sign)}</span>"
        f"<span style='display:inline-block;width:18em;height:1.1em;background:linear-gradient(to right, {gradient});"
        "border:1px solid #ccc'></span>"
        f"<span>{fmt.number(legend['high'], legend['decimals'], sign=sign)}</span>"
        + chip.format(c=NO_VALUE_COLOUR, t="Tanpa nilai") + "</div>"
    )


def without_polygon(values: pd.DataFrame) -> pd.DataFrame:
    """The villages a map cannot draw (no boundary polygon), as a table to list under it."""
    missing = values[~values["has_polygon"].astype(bool)]
    return pd.DataFrame({
        "Kode": missing["code"], "Desa": missing["name"], "Kecamatan": missing["district"],
        "IDM": missing["idm"],
        "Status": [rules.STATUS_LABELS.get(s, "tanpa nilai") for s in missing["status"]],
    }).reset_index(drop=True)


def village_table(values: pd.DataFrame, *, year: int, compare_year: int | None) -> pd.DataFrame:
    """The village map's numbers as a table (the map itself cannot be exported as a picture)."""
    table = pd.DataFrame({
        "Kode": values["code"], "Desa": values["name"], "Kecamatan": values["district"],
        f"IDM {year}": values["idm"],
        "Status": [rules.STATUS_LABELS.get(s, "tanpa nilai") for s in values["status"]],
        "IKS": values["iks"], "IKE": values["ike"], "IKL": values["ikl"],
    })
    if compare_year:
        table[f"IDM {compare_year}"] = values["idm_compare"]
        table["Perubahan"] = values["change"]
    return table.reset_index(drop=True)
