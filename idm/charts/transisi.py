"""Figures of the Transisi page (and the rakor deck): where the villages of each status went.

Builders take the 7 x 7 matrix of idm.transitions (rows: earlier year's category, columns: later
year's, in CATEGORIES order) or its per-unit shares, and return a go.Figure.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from idm import fmt, rules
from idm.charts import FONT_SIZE, INK, add_status_legend, add_thresholds, base_layout, plain
from idm.transisi import CATEGORIES, CATEGORY_LABELS, NO_SCORE, NOT_LISTED, difference_label, value_label

# The two categories outside the five statuses: greys, darker for "listed without a score".
CATEGORY_COLOURS = {**rules.STATUS_COLOURS, NO_SCORE: "#8a8a8a", NOT_LISTED: rules.NO_IDM_COLOUR}
UP_COLOUR = "#2166ac"  # blue and purple: directions, kept apart from the five status colours
DOWN_COLOUR = "#762a83"
SANKEY_MARGIN = {"t": 150, "l": 20, "r": 20, "b": 30}


def _rgba(colour: str, alpha: float) -> str:
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


def _column_positions(totals: list[int], *, scale: float, pad: float, plot_height: float) -> list[float]:
    """Centre (0 top .. 1 bottom) of each node of one column, stacked in the given order.

    Plotly draws a node `scale` pixels per village and takes x/y as its centre; `pad` pixels between
    two nodes leave room for a label even when a node holds a single village.
    """
    positions, top = [], 0.0
    for total in totals:
        height = total * scale
        positions.append(min(max((top + height / 2) / plot_height, 0.001), 0.999))
        top += height + pad
    return positions


def transition_sankey(*, matrix: pd.DataFrame, from_year: int, to_year: int, title: str,
                      subtitle: str) -> go.Figure:
    """Villages flowing from each category of `from_year` (left) to each of `to_year` (right).

    Nodes in status order (Mandiri on top), status colours, labels 'Maju: 1.074'; flows take the
    colour of the status reached. Categories without villages are left out.
    """
    matrix = matrix.reindex(index=list(CATEGORIES), columns=list(CATEGORIES), fill_value=0)
    left = [c for c in CATEGORIES if matrix.loc[c].sum() > 0]
    right = [c for c in CATEGORIES if matrix[c].sum() > 0]
    left_totals = [int(matrix.loc[c].sum()) for c in left]
    right_totals = [int(matrix[c].sum()) for c in right]
    labels = ([f"{CATEGORY_LABELS[c]}: {fmt.count(n)}" for c, n in zip(left, left_totals)]
              + [f"{CATEGORY_LABELS[c]}: {fmt.count(n)}" for c, n in zip(right, right_totals)])
    custom = ([f"{CATEGORY_LABELS[c]} {from_year}" for c in left] + [f"{CATEGORY_LABELS[c]} {to_year}" for c in right])
    sources, targets, values, colours, hover = [], [], [], [], []
    for i, origin in enumerate(left):
        for j, target in enumerate(right):
            n = int(matrix.loc[origin, target])
            if not n:
                continue
            sources.append(i)
            targets.append(len(left) + j)
            values.append(n)
            colours.append(_rgba(CATEGORY_COLOURS[target], 0.45))
            share = fmt.percent(100 * n / left_totals[i])
            hover.append(f"{CATEGORY_LABELS[origin]} {from_year} → {CATEGORY_LABELS[target]} {to_year}: "
                         f"{fmt.count(n)} desa ({share} dari {CATEGORY_LABELS[origin]})")
    height = max(620, 300 + 30 * max(len(left), len(right)))
    plot_height, pad = height - SANKEY_MARGIN["t"] - SANKEY_MARGIN["b"], 30  # pad: a label's height, in pixels
    # Plotly's own scale (d3-sankey): the fullest column fills the height less its paddings.
    scale = min((plot_height - pad * (len(nodes) - 1)) / max(sum(totals), 1)
                for nodes, totals in ((left, left_totals), (right, right_totals)))
    place = {"scale": scale, "pad": pad, "plot_height": plot_height}
    figure = go.Figure(go.Sankey(
        arrangement="fixed",
        node={
            "label": labels, "customdata": custom, "pad": pad, "thickness": 26,
            "color": [CATEGORY_COLOURS[c] for c in left + right], "line": {"width": 0},
            "x": [0.001] * len(left) + [0.999] * len(right),
            "y": _column_positions(left_totals, **place) + _column_positions(right_totals, **place),
            "hovertemplate": "%{customdata}: %{value:,} desa<extra></extra>",
        },
        link={"source": sources, "target": targets, "value": values, "color": colours,
              "customdata": hover, "hovertemplate": "%{customdata}<extra></extra>"},
        textfont={"size": FONT_SIZE, "color": INK, "family": "Arial, Helvetica, sans-serif"},
    ))
    for x, year, anchor in ((0, from_year, "left"), (1, to_year, "right")):
        figure.add_annotation(text=f"<b>{year}</b>", x=x, y=1.0, xref="paper", yref="paper", yanchor="bottom",
                              xanchor=anchor, showarrow=False, font={"size": FONT_SIZE + 3, "color": INK})
    base_layout(figure, title=title, subtitle=subtitle, height=height)
    figure.update_layout(margin=SANKEY_MARGIN)
    return figure


def transition_heatmap(*, matrix: pd.DataFrame, from_year: int, to_year: int, title: str,
                       subtitle: str) -> go.Figure:
    """The matrix as a heatmap: shade = number of villages (a cell of 2 villages stays pale beside one of
    294, whatever their shares of the row), text = count and share of the row (where the villages of a
    status went). The diagonal (status kept) is outlined."""
    matrix = matrix.reindex(index=list(CATEGORIES), columns=list(CATEGORIES), fill_value=0)
    rows = [c for c in CATEGORIES if c in rules.STATUS_CODES or matrix.loc[c].sum()]
    columns = [c for c in CATEGORIES if c in rules.STATUS_CODES or matrix[c].sum()]
    part = matrix.loc[rows, columns]
    totals = part.sum(axis=1).astype(float)
    shares = part.astype(float).div(totals.where(totals > 0), axis=0).mul(100)
    text = [[f"{fmt.count(n)}<br>{fmt.percent(s)}" if n else "" for n, s in zip(counts, row_shares)]
            for counts, row_shares in zip(part.values, shares.values)]
    x_labels = [CATEGORY_LABELS[c].replace(" ", "<br>") for c in columns]
    y_labels = [CATEGORY_LABELS[c] for c in rows]
    largest = max(float(part.values.max()), 1.0)
    # The square root keeps a handful of villages visible next to hundreds without making them look many.
    shade = (part.astype(float) / largest) ** 0.5
    figure = go.Figure(go.Heatmap(
        z=shade.values, x=x_labels, y=y_labels, text=text, texttemplate="%{text}",
        textfont={"size": FONT_SIZE - 1}, colorscale=[[0, "#ffffff"], [1, "#3a5a78"]], zmin=0, zmax=1,
        xgap=2, ygap=2, showscale=False,
        customdata=[[[int(n), float(p) if p == p else 0.0] for n, p in zip(counts, row_shares)]
                    for counts, row_shares in zip(part.values, shares.values)],
        hovertemplate=(f"%{{y}} {from_year} → %{{x}} {to_year}: %{{customdata[0]:,}} desa "
                       "(%{customdata[1]:.1f}% dari baris)<extra></extra>"),
    ))
    for i, category in enumerate(rows):
        if category in columns and category in rules.STATUS_CODES:
            j = columns.index(category)
            figure.add_shape(type="rect", x0=j - 0.5, x1=j + 0.5, y0=i - 0.5, y1=i + 0.5,
                             line={"color": rules.STATUS_COLOURS[category], "width": 3})
    figure.update_xaxes(title=f"Status {to_year}", side="top", tickfont={"size": FONT_SIZE - 1}, showgrid=False)
    figure.update_yaxes(title=f"Status {from_year}", autorange="reversed", showgrid=False)
    base_layout(figure, title=title, subtitle=subtitle, height=560)
    figure.update_layout(margin={"t": 200, "l": 20, "r": 20, "b": 20})
    return figure


def movement_bars(*, units: pd.DataFrame, title: str, subtitle: str) -> go.Figure:
    """Per unit, the share of compared villages that moved up (right) and down (left).

    units: name, comparable, up, down, share_up, share_down (idm.transitions.unit_shares).
    """
    shown = units[units["comparable"] > 0].sort_values(["share_up", "name"], ascending=[True, False])
    shown = shown.assign(name=[plain(name) for name in shown["name"]])
    figure = go.Figure()
    figure.add_trace(go.Bar(
        y=shown["name"], x=-shown["share_down"], orientation="h", name="Turun status", marker_color=DOWN_COLOUR,
        text=[fmt.percent(v) if v else "" for v in shown["share_down"]], textposition="outside", cliponaxis=False,
        customdata=list(zip(shown["down"], shown["comparable"], shown["share_down"])),
        hovertemplate="%{y}: %{customdata[0]:,} dari %{customdata[1]:,} desa turun (%{customdata[2]:.1f}%)"
                      "<extra></extra>",
    ))
    figure.add_trace(go.Bar(
        y=shown["name"], x=shown["share_up"], orientation="h", name="Naik status", marker_color=UP_COLOUR,
        text=[fmt.percent(v) for v in shown["share_up"]], textposition="outside", cliponaxis=False,
        customdata=list(zip(shown["up"], shown["comparable"], shown["share_up"])),
        hovertemplate="%{y}: %{customdata[0]:,} dari %{customdata[1]:,} desa naik (%{customdata[2]:.1f}%)"
                      "<extra></extra>",
    ))
    widest = float(max(shown["share_up"].max(), shown["share_down"].max(), 10)) if not shown.empty else 10.0
    reach = min(100.0, widest * 1.25 + 5)
    step = 25 if reach > 40 else 10
    ticks = [t for t in range(-100, 101, step) if abs(t) <= reach]
    figure.update_xaxes(range=[-reach, reach], tickvals=ticks, ticktext=[f"{abs(t)}%" for t in ticks],
                        title="% desa (dari desa berstatus di kedua tahun)", zeroline=True, zerolinecolor=INK,
                        zerolinewidth=2)
    figure.update_yaxes(title=None, categoryorder="array", categoryarray=list(shown["name"]))
    figure.update_layout(barmode="overlay", bargap=0.3)
    return base_layout(figure, title=title, subtitle=subtitle, height=max(420, 170 + 36 * len(shown)))


def biggest_moves(*, moved: pd.DataFrame, from_year: int, to_year: int, title: str, subtitle: str,
                  limit: int = 15) -> go.Figure:
    """The villages whose value changed most between two years of one index: an arrow-like dumbbell per
    village, from the earlier value (grey) to the later one (its status colour); IDM's thresholds drawn
    for IDM years, the Indeks Desa score on its own 0-100 axis (its status is published, no threshold).

    moved: idm.transisi.moved_table rows (Desa, Kabupaten/Kota, the two value columns, Status <year>,
    the difference). Never across the change of method: the view says why instead.
    """
    idm_years = rules.index_of(to_year) == rules.IDM
    before_column, after_column = value_label(from_year), value_label(to_year)
    difference = moved[difference_label(from_year, to_year)]
    shown = moved.reindex(difference.abs().sort_values(ascending=False).index).head(limit)
    shown = shown.iloc[::-1]  # largest at the top
    labels = [f"{plain(d)} ({plain(k)})" for d, k in zip(shown["Desa"], shown["Kabupaten/Kota"])]
    before, after = shown[before_column], shown[after_column]
    codes = {s.label: s.code for s in rules.STATUSES}
    colours = [rules.STATUS_COLOURS.get(codes.get(s), rules.NO_IDM_COLOUR) for s in shown[f"Status {to_year}"]]
    value = "%{x:.4f}" if idm_years else "%{x:.2f}"
    word = "IDM" if idm_years else "skor"
    figure = go.Figure()
    for label, start, end in zip(labels, before, after):
        figure.add_trace(go.Scatter(x=[start, end], y=[label, label], mode="lines", showlegend=False,
                                    line={"color": "#9aa3a8", "width": 4}, hoverinfo="skip"))
    figure.add_trace(go.Scatter(
        x=before, y=labels, mode="markers", name=str(from_year), marker={"color": "#9aa3a8", "size": 13},
        hovertemplate=f"%{{y}}<br>{word} {from_year} {value}<extra></extra>",
    ))
    figure.add_trace(go.Scatter(
        x=after, y=labels, mode="markers+text", showlegend=False, marker={"color": colours, "size": 16},
        text=[fmt.idm(d, sign=True) if idm_years else fmt.number(d, 2, sign=True)
              for d in difference.loc[shown.index]],
        textposition="middle right", textfont={"size": FONT_SIZE - 2}, cliponaxis=False,
        hovertemplate=f"%{{y}}<br>{word} {to_year} {value}<extra></extra>",
    ))
    add_status_legend(figure)
    if idm_years:
        add_thresholds(figure, axis="x", labels=False)
        figure.update_xaxes(title="IDM", tickformat=".2f")
    else:
        figure.update_traces(meta={"index": rules.INDEKS_DESA})
        figure.update_xaxes(title="Skor Indeks Desa (0–100)", tickformat=".0f")
    figure.update_yaxes(title=None)
    return base_layout(figure, title=title, subtitle=f"{subtitle} · titik abu-abu: {from_year}, titik berwarna: "
                       f"{to_year} (warna status)", height=max(460, 170 + 34 * len(shown)))
