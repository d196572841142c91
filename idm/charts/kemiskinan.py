"""Figures of the Kemiskinan page (and the rakor deck): IDM beside poverty, or beside another BPS
indicator, per regency.

Builders take the frames of idm.poverty and return a go.Figure. A kota without IDM is named on the
IDM panel as "Tanpa IDM (kelurahan)", never drawn as zero.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from idm import fmt, rules
from idm.charts import FONT_SIZE, INK, add_status_legend, base_layout, plain, status_bars
from idm.kemiskinan import DOWN_DOWN, DOWN_NOT_DOWN, QUADRANTS, UP_DOWN, UP_NOT_DOWN
from idm.welfare import INDICATORS

POVERTY_COLOUR = "#4a5a68"  # neutral: poverty is not a status
QUADRANT_COLOURS = {UP_DOWN: "#2166ac", UP_NOT_DOWN: "#762a83", DOWN_DOWN: "#7f7f7f", DOWN_NOT_DOWN: "#b0b0b0"}


def idm_poverty_bars(*, frame: pd.DataFrame, year: int, title: str, subtitle: str,
                     highlight: str | None = None, indicator: str = "p0") -> go.Figure:
    """Two panels sharing the regency axis: IDM (status colours) on the left, P0 (or another BPS
    indicator, a key of idm.poverty.INDICATORS) on the right.

    frame: code, name, kind, idm, status, idm_source and the indicator's column (idm.poverty.year_frame).
    `highlight`: code of a regency to mark in bold. Regencies by IDM, kota (no IDM) at the bottom.
    """
    shown = INDICATORS[indicator]
    scored = frame[frame["idm_source"] == "desa"].sort_values("idm", ascending=True)
    if scored.empty:  # a year from published province figures: no regency IDM, the indicator alone
        return poverty_bars(frame=frame, year=year, title=title, subtitle=subtitle, highlight=highlight,
                            indicator=indicator)
    rest = frame[frame["idm_source"] != "desa"].sort_values(indicator, ascending=False, na_position="first")
    ordered = pd.concat([rest, scored])
    names = [f"<b>{plain(n)}</b>" if c == highlight else plain(n) for c, n in zip(ordered["code"], ordered["name"])]
    position = dict(zip(ordered["code"], names))
    figure = make_subplots(rows=1, cols=2, shared_yaxes=True, horizontal_spacing=0.14,
                           subplot_titles=(f"IDM {year}", shown.axis(year)))
    low = max(0.0, float(scored["idm"].min()) - 0.1)  # the axis starts here: labels without a bar too
    bars, present = status_bars(scored, y=[position[c] for c in scored["code"]], text_size=FONT_SIZE - 2)
    for bar in bars:
        figure.add_trace(bar, row=1, col=1)
    add_status_legend(figure, present=present)
    no_idm = rest[rest["kind"] == "kota"]
    if not no_idm.empty:
        figure.add_trace(go.Scatter(
            x=[low + 0.005] * len(no_idm), y=[position[c] for c in no_idm["code"]], mode="text",
            text=[rules.NO_IDM_LABEL] * len(no_idm), textposition="middle right", showlegend=False,
            textfont={"size": FONT_SIZE - 3, "color": "#666"}, hoverinfo="skip",
        ), row=1, col=1)
    missing = rest[rest["kind"] != "kota"]
    if not missing.empty:
        figure.add_trace(go.Scatter(
            x=[low + 0.005] * len(missing), y=[position[c] for c in missing["code"]], mode="text",
            text=["IDM per kabupaten tidak tersedia"] * len(missing), textposition="middle right", showlegend=False,
            textfont={"size": FONT_SIZE - 3, "color": "#666"}, hoverinfo="skip",
        ), row=1, col=1)
    poor = ordered[ordered[indicator].notna()]
    figure.add_trace(go.Bar(
        x=poor[indicator], y=[position[c] for c in poor["code"]], orientation="h", showlegend=False,
        marker_color=POVERTY_COLOUR, text=[shown.value(v) for v in poor[indicator]], textposition="outside",
        cliponaxis=False, textfont={"size": FONT_SIZE - 2}, customdata=[shown.value(v) for v in poor[indicator]],
        hovertemplate=f"%{{y}}: %{{customdata}} ({shown.short})<extra></extra>",
    ), row=1, col=2)
    figure.update_xaxes(range=[low, 1.0], tickformat=".2f", row=1, col=1)
    widest = float(poor[indicator].max()) if not poor.empty else 10.0
    figure.update_xaxes(range=[0, widest * 1.3], ticksuffix="%" if shown.percent else "", row=1, col=2)
    figure.update_yaxes(categoryorder="array", categoryarray=names, title=None)
    figure.update_annotations(font={"size": FONT_SIZE})
    figure.update_layout(barmode="overlay", bargap=0.25)
    height = max(460, 230 + 38 * len(ordered))
    base_layout(figure, title=title, subtitle=subtitle, height=height)
    # The panel titles sit where the legend usually goes: the legend moves up, under the subtitle.
    return figure.update_layout(margin={"t": 158}, legend={"yref": "container", "y": 1 - 92 / height,
                                                           "yanchor": "top"})


# Where a label may sit around its marker, in order of preference, and its box's offset from the
# marker in pixels (left, bottom corner relative to the marker; width is the text's).
_PLACES = (("middle right", 12, -8), ("middle left", None, -8), ("top center", "centre", 10),
           ("bottom center", "centre", -26), ("top right", 8, 6), ("bottom right", 8, -22),
           ("top left", None, 6), ("bottom left", None, -22))


def _label_positions(part: pd.DataFrame, *, x_range: tuple[float, float], y_range: tuple[float, float],
                     width: float = 1150, height: float = 460, char: float = 8.5) -> list[str]:
    """A text position per point so that labels overlap neither each other nor other markers.

    Greedy, in pixels of a plot about `width` x `height`: each label, left to right, takes the first
    place around its marker whose box is free; if none is, the place that overlaps least.
    """
    def pixels(x: float, y: float) -> tuple[float, float]:
        return ((x - x_range[0]) / (x_range[1] - x_range[0]) * width,
                (y - y_range[0]) / (y_range[1] - y_range[0]) * height)

    points = [pixels(x, y) for x, y in zip(part["idm_change"], part["poverty_change"])]
    markers = [(px - 9, py - 9, px + 9, py + 9) for px, py in points]
    taken: list[tuple[float, float, float, float]] = []

    def overlap(box, others) -> float:
        return sum(max(0, min(box[2], o[2]) - max(box[0], o[0])) * max(0, min(box[3], o[3]) - max(box[1], o[1]))
                   for o in others)

    chosen: dict[int, str] = {}
    for i in sorted(range(len(points)), key=lambda k: points[k][0]):
        (px, py), text_width = points[i], char * len(str(part["name"].iloc[i]))
        options = []
        for name, dx, dy in _PLACES:
            left = px + dx if isinstance(dx, (int, float)) else (px - text_width / 2 if dx == "centre"
                                                                    else px - 12 - text_width)
            box = (left, py + dy, left + text_width, py + dy + 16)
            others = taken + [m for j, m in enumerate(markers) if j != i]
            options.append((overlap(box, others), name, box))
        best = min(options, key=lambda option: option[0])  # min keeps the earliest of equal ones
        chosen[i] = best[1]
        taken.append(best[2])
    return [chosen[i] for i in range(len(points))]


def poverty_bars(*, frame: pd.DataFrame, year: int, title: str, subtitle: str,
                 highlight: str | None = None, indicator: str = "p0") -> go.Figure:
    """P0 (or another BPS indicator) per regency/city in one year, highest on top (for years without
    regency IDM)."""
    shown = INDICATORS[indicator]
    poor = frame[frame[indicator].notna()].sort_values(indicator)
    names = [f"<b>{plain(n)}</b>" if c == highlight else plain(n) for c, n in zip(poor["code"], poor["name"])]
    figure = go.Figure(go.Bar(
        x=poor[indicator], y=names, orientation="h", showlegend=False, marker_color=POVERTY_COLOUR,
        text=[shown.value(v) for v in poor[indicator]], textposition="outside", cliponaxis=False,
        textfont={"size": FONT_SIZE - 2}, customdata=[shown.value(v) for v in poor[indicator]],
        hovertemplate=f"%{{y}}: %{{customdata}} ({shown.short})<extra></extra>",
    ))
    widest = float(poor[indicator].max()) if not poor.empty else 10.0
    figure.update_xaxes(range=[0, widest * 1.2], ticksuffix="%" if shown.percent else "", title=shown.axis(year))
    figure.update_yaxes(categoryorder="array", categoryarray=names, title=None)
    return base_layout(figure, title=title, subtitle=f"{subtitle} · IDM per kabupaten tidak tersedia untuk {year}",
                       height=max(420, 180 + 36 * len(poor)))


def change_scatter(*, moves: pd.DataFrame, from_year: int, to_year: int, title: str, subtitle: str,
                   highlight: str | None = None) -> go.Figure:
    """Change in IDM (x) against change in P0 (y) per regency, quadrants labelled in Indonesian.

    moves: code, name, idm_change, poverty_change, quadrant (idm.poverty.changes); rows without a
    quadrant (kota, missing figures) are left out.
    """
    shown = moves[moves["quadrant"].notna()]
    figure = go.Figure()
    # Each side reaches past its furthest point, and at least 40% of the other side: every quadrant
    # keeps room for its label even when no regency falls in it.
    def reach(values: pd.Series, floor: float) -> tuple[float, float]:
        high = max(float(values.max()) if not values.empty else 0.0, 0.0) * 1.3
        low = max(-float(values.min()) if not values.empty else 0.0, 0.0) * 1.3
        widest = max(high, low, floor)
        return -max(low, 0.4 * widest), max(high, 0.4 * widest)

    x_low, x_high = reach(shown["idm_change"], 0.01)
    y_low, y_high = reach(shown["poverty_change"], 0.1)
    corners = {UP_DOWN: (x_high, y_low, "right", "bottom"), UP_NOT_DOWN: (x_high, y_high, "right", "top"),
               DOWN_DOWN: (x_low, y_low, "left", "bottom"), DOWN_NOT_DOWN: (x_low, y_high, "left", "top")}
    # The quadrant the meeting must discuss gets a tint.
    figure.add_shape(type="rect", x0=0, x1=x_high, y0=0, y1=y_high, fillcolor="rgba(118,42,131,0.07)",
                     line={"width": 0}, layer="below")
    # Labels placed over all quadrants at once: the crowd sits around the axes, across quadrants.
    positions = dict(zip(shown.index, _label_positions(shown, x_range=(x_low, x_high), y_range=(y_low, y_high))))
    for name in QUADRANTS:
        part = shown[shown["quadrant"] == name]
        x, y, xanchor, yanchor = corners[name]
        figure.add_annotation(text=f"<b>{name}</b>", x=x, y=y, xanchor=xanchor, yanchor=yanchor, showarrow=False,
                              font={"size": FONT_SIZE - 1, "color": QUADRANT_COLOURS[name]})
        if part.empty:
            continue
        labels = [f"<b>{plain(n)}</b>" if c == highlight else plain(n) for c, n in zip(part["code"], part["name"])]
        figure.add_trace(go.Scatter(
            x=part["idm_change"], y=part["poverty_change"], mode="markers+text", name=name, text=labels,
            textposition=[positions[i] for i in part.index], textfont={"size": FONT_SIZE - 2, "color": INK},
            cliponaxis=False,
            marker={"size": [22 if c == highlight else 15 for c in part["code"]], "color": QUADRANT_COLOURS[name],
                    "line": {"width": 1.5, "color": "white"}},
            customdata=list(zip([fmt.idm(v, sign=True) for v in part["idm_change"]],
                                [fmt.number(v, 2, sign=True) for v in part["poverty_change"]])),
            hovertemplate="%{text}<br>IDM %{customdata[0]}<br>P0 %{customdata[1]} poin<extra></extra>",
        ))
    figure.add_hline(y=0, line={"color": INK, "width": 1.5})
    figure.add_vline(x=0, line={"color": INK, "width": 1.5})
    figure.update_xaxes(range=[x_low, x_high], tickformat="+.3f", zeroline=False,
                        title=f"Perubahan IDM {from_year}–{to_year}")
    figure.update_yaxes(range=[y_low, y_high], tickformat="+.2f", zeroline=False,
                        title="Perubahan penduduk miskin (poin %)")
    base_layout(figure, title=title, subtitle=subtitle, height=640)
    figure.update_layout(showlegend=False)
    return figure
