"""Pure figure builders: DataFrames in, `go.Figure` out. No Streamlit, no database.

This module holds what every figure shares; one module per page holds its builders.

Every figure speaks Indonesian, uses the Indonesian number format (layout.separators = ",."),
the five status colours of rules.STATUSES, and a legend that lists all five statuses. Type is
sized for a projector.

Plotly renders a little HTML (<b>, <br>, <a href>, <span style>) in every text it draws: titles, axis
labels, legends, hover text and annotations. A name from the files is data: it goes through `plain`
wherever it enters a figure, so that '<a href=...>' shows as written and never as a link.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

import pandas as pd
import plotly.graph_objects as go

from idm import fmt, rules

FONT = "Arial, Helvetica, sans-serif"
FONT_SIZE = 17
TITLE_SIZE = 24
GRID = "#e3e3e3"
INK = "#1f2a30"
PUBLISHED_NOTE = "Titik terbuka: angka provinsi yang dipublikasikan (tanpa data per desa)."


def plain(value: object) -> str:
    """Text Plotly draws as written: '<', '>' and '&' escaped (Plotly shows the entities as the characters),
    and '%' too, which in a hover template would start a placeholder ('%{x}')."""
    return html.escape(str(value), quote=False).replace("%", "&#37;")


def plain_all(values: Iterable) -> list[str]:
    return [plain(value) for value in values]


def subtitle_lines(subtitle: str | Sequence[str] | None) -> str:
    """A subtitle (or its lines) as Plotly markup: each line's text escaped, the lines joined by <br>."""
    lines = [subtitle] if isinstance(subtitle, str) else [line for line in subtitle or () if line]
    return "<br>".join(plain(line) for line in lines)


def base_layout(figure: go.Figure, *, title: str, subtitle: str | Sequence[str] | None = None,
                height: int = 560) -> go.Figure:
    """Title, subtitle (filter context, source; a list of lines), Indonesian separators, projector-sized type.
    The title and subtitle are text: names in them are escaped here."""
    subtitle = subtitle_lines(subtitle)
    text = f"<b>{plain(title)}</b>" + (f"<br><span style='font-size:{FONT_SIZE - 2}px;color:#555'>{subtitle}</span>"
                                       if subtitle else "")
    figure.update_layout(
        title={"text": text, "x": 0.01, "xanchor": "left", "y": 1 - 18 / height, "yref": "container",
               "yanchor": "top", "font": {"size": TITLE_SIZE}},
        separators=",.",
        font={"family": FONT, "size": FONT_SIZE, "color": INK},
        template="plotly_white",
        height=height,
        margin={"l": 20, "r": 30, "t": 128 if subtitle else 100, "b": 40},
        # Below the title, above the plot: where the eye goes first, never over the data.
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0,
                "font": {"size": FONT_SIZE - 1}, "itemsizing": "constant"},
        hoverlabel={"font_size": FONT_SIZE},
    )
    figure.update_xaxes(gridcolor=GRID, zerolinecolor=GRID)
    figure.update_yaxes(gridcolor=GRID, zerolinecolor=GRID)
    return figure


TITLE_TOP, TITLE_LINE, SUBTITLE_LINE = 18, 32, 20  # base_layout's title block, in pixels


def heading_and_body(figure: go.Figure) -> tuple[str, go.Figure]:
    """A page's chart split in two: its title and subtitle as markup for a heading above it (already
    escaped by base_layout, so it is safe as HTML) and a copy of the figure without them, the room they
    took given back. The heading wraps with the column instead of being cut, and the legend, which
    Plotly moves up as it wraps, can never run over it. Exports and the deck keep the figure whole."""
    heading = figure.layout.title.text or ""
    body = go.Figure(figure)
    if not heading:
        return "", body
    block = TITLE_TOP + TITLE_LINE + SUBTITLE_LINE * heading.count("<br>")
    top = figure.layout.margin.t if figure.layout.margin.t is not None else 100
    body.update_layout(title_text=None, margin_t=max(12, top - block))
    legend = figure.layout.legend
    if legend.yref == "container" and legend.y is not None and figure.layout.height:
        body.update_layout(legend_y=min(1.0, legend.y + block / figure.layout.height))
    if figure.layout.height:
        body.update_layout(height=max(200, figure.layout.height - block))
    return heading, body


def larger_type(figure: go.Figure, factor: float, *, height: int | None = None, every_name: bool = True) -> go.Figure:
    """A copy of the figure with every type size times `factor` (text, legend, annotations, the traces'
    labels), for a slide seen from the back of a room; `height` sets its height, and with `every_name` a
    ranking names every bar in it (_every_name; not on a phone, whose legend takes the rows' room). The
    figure stays."""
    larger = go.Figure(figure)
    layout = larger.layout
    larger.update_layout(font_size=round((layout.font.size or FONT_SIZE) * factor),
                         legend_font_size=round((layout.legend.font.size or FONT_SIZE - 1) * factor))
    if height is not None:
        larger.update_layout(height=height)
        if every_name:
            _every_name(larger, height)
    if layout.title.text:  # the subtitle's size is written in its span
        larger.update_layout(title_font_size=round((layout.title.font.size or TITLE_SIZE) * factor),
                             title_text=re.sub(r"font-size:(\d+)px",
                                               lambda m: f"font-size:{round(int(m.group(1)) * factor)}px",
                                               layout.title.text))
    for annotation in larger.layout.annotations:
        if annotation.font.size:
            annotation.font.size = round(annotation.font.size * factor)
    for trace in larger.data:
        font = getattr(trace, "textfont", None)
        if font is not None and isinstance(font.size, int | float):
            font.size = round(font.size * factor)
    return larger


# Pixels: a smaller name is not read on a projector (and every name small beats a third of them, Plotly's thinning).
SMALLEST_NAME = 9


def _every_name(figure: go.Figure, height: int) -> None:
    """A horizontal bar chart pressed into a slide's height names every bar: Plotly would leave out every
    other name once they touch (the 20 kecamatan of Kab. Banjar at 1366x768). The names get as small as
    their rows need, down to SMALLEST_NAME; below that Plotly's thinning stays."""
    names = {name for trace in figure.data if getattr(trace, "orientation", None) == "h" and trace.y is not None
             for name in trace.y}
    if len(names) < 2:
        return
    margin = figure.layout.margin
    plot = height - (margin.t if margin.t is not None else 100) - (margin.b if margin.b is not None else 80)
    size = min(figure.layout.font.size or FONT_SIZE, int(plot / len(names) / 1.1))  # a name's line: 1,1 x its type
    if size >= SMALLEST_NAME:
        figure.update_yaxes(tickmode="linear", tick0=0, dtick=1, tickfont_size=size)


def add_status_legend(figure: go.Figure, *, present: set[str] | None = None, symbol: str = "square") -> None:
    """Legend entries for the statuses that have no trace of their own, so all five are always listed."""
    for status in rules.STATUSES:
        if present is not None and status.code in present:
            continue
        figure.add_trace(go.Scatter(
            x=[None], y=[None], mode="markers", name=status.label, legendgroup=status.code,
            marker={"color": status.colour, "size": 14, "symbol": symbol}, hoverinfo="skip", showlegend=True,
            legendrank=legend_rank(status.code),
        ))


def legend_rank(code: str) -> int:
    """Legend position of a status: Mandiri first, Sangat Tertinggal last, whatever the trace order."""
    return 100 + 10 * (5 - rules.STATUS_RANK[code])


def add_thresholds(figure: go.Figure, *, axis: str = "y", labels: bool = True) -> None:
    """Dotted lines at the status thresholds of Permendesa PDTT 2/2016, labelled unless labels=False."""
    for status in rules.STATUSES[:-1]:
        line = {"dash": "dot", "width": 1.5, "color": status.colour}
        # Only pass annotation settings with a text: Plotly shows "new text" for an annotation without one.
        label = {}
        if labels:
            label = {"annotation_text": f"{status.label} > {fmt.idm(status.lower)}",
                     "annotation_font": {"size": FONT_SIZE - 4, "color": status.colour},
                     "annotation_position": "top right" if axis == "y" else "top"}
        if axis == "y":
            figure.add_hline(y=status.lower, line=line, **label)
        else:
            figure.add_vline(x=status.lower, line=line, **label)


def status_bars(scored: pd.DataFrame, *, y: list[str], text_size: int = FONT_SIZE - 1) -> tuple[list[go.Bar], set[str]]:
    """Horizontal IDM bars, one trace per status present, in its colour with the value as label.

    scored: idm, status (rows without IDM left out); y: the bar labels, one per row of scored.
    Returns the traces and the statuses they cover (for add_status_legend).
    """
    labels = pd.Series(list(y), index=scored.index)  # already plain text (the caller escaped the names)
    traces, present = [], set()
    for status in rules.STATUSES:
        part = scored[scored["status"] == status.code]
        if part.empty:
            continue
        present.add(status.code)
        traces.append(go.Bar(
            x=part["idm"], y=labels[part.index], orientation="h", name=status.label, legendgroup=status.code,
            legendrank=legend_rank(status.code), marker_color=status.colour,
            text=[fmt.idm(v) for v in part["idm"]], textposition="outside", cliponaxis=False,
            textfont={"size": text_size}, hovertemplate="%{y}<br>IDM %{x:.4f}<extra>" + status.label + "</extra>",
        ))
    return traces, present


def add_method_change(figure: go.Figure, *, years: Sequence[int], positions: Sequence | None = None,
                      row: int | None = None, col: int | None = None) -> bool:
    """A dashed line between the last IDM year and the first Indeks Desa year, labelled, on a chart whose
    x axis runs over `years` (at `positions` when the axis is categorical: the same length as years).
    Nothing when the years do not cross the change. Returns whether it was drawn."""
    years = [int(year) for year in years]
    if not rules.crosses_method_change(years):
        return False
    where = list(positions) if positions is not None else years
    last_idm = max(i for i, year in enumerate(years) if rules.index_of(year) == rules.IDM)
    first_new = min(i for i, year in enumerate(years) if rules.index_of(year) == rules.INDEKS_DESA)
    if positions is None:
        x = (where[last_idm] + where[first_new]) / 2
    else:  # a categorical axis: between the two categories' positions (0, 1, 2, ...)
        x = (last_idm + first_new) / 2
    extra = {"row": row, "col": col} if row is not None else {}
    figure.add_vline(x=x, line={"color": "#555", "width": 2, "dash": "dash"}, **extra)
    # The label on the side with more room: a change near the right edge is labelled to its left (on a
    # phone there is no room for it beside the last year).
    span = (0, len(where) - 1) if positions is not None else (min(where), max(where))
    left = x > sum(span) / 2
    figure.add_annotation(x=x, y=1, yref="paper" if row is None else "y domain", yanchor="top",
                          xanchor="right" if left else "left", xshift=-6 if left else 6, showarrow=False,
                          align="right" if left else "left",
                          text=plain(rules.METHOD_CHANGE_SHORT).replace(" (", "<br>("),
                          font={"size": FONT_SIZE - 4, "color": "#444"}, bgcolor="rgba(255,255,255,0.85)", **extra)
    if positions is not None:
        # Plotly widens an axis to hold an annotation's text: on a phone the label would take a third of the
        # axis and squeeze the bars to the left. The categories keep the axis to themselves.
        figure.update_xaxes(range=[-0.5, len(where) - 0.5], **extra)
    return True


def status_colours(statuses: pd.Series) -> list[str]:
    return [rules.STATUS_COLOURS.get(s, rules.NO_IDM_COLOUR) for s in statuses]
