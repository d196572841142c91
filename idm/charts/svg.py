"""A chart's Plotly figure drawn as a static SVG on the server, so that every page appears at once.

Plotly's 4,7 MB module costs about 1,2 s of a fresh load and a WebGL map about 1,8 s (BENCHMARKS.md);
an inline SVG of the same figure costs a tenth of a second. The figure stays the one definition of the
chart (idm/charts/): this module reads it and writes what it says as SVG markup for the kinds of trace
the pages use (lines, markers and labels; bars stacked, grouped or overlaid; boxes of given quartiles; a
heatmap; a Sankey diagram of fixed nodes; regions of a map), on one pair of axes, on subplots in columns
or rows, with a second scale on the right, with the same colours, type sizes, thresholds, annotations and
legend; its exports and the deck still go through Plotly (kaleido). A figure with anything this module
does not draw is left to Plotly (`render` returns None), as is one it fails on (ui.widgets).

Hover becomes each mark's <title> (shown by every browser on pointing), written from the trace's
hovertemplate. Texts come from the figure, already escaped by idm.charts.plain; the few tags Plotly
understands (<b>, <br>, <span style>) are turned into SVG; anything else is written as text.
"""

from __future__ import annotations

import html
import itertools
import math
import numbers
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from idm import fmt
from idm.charts.peta import bounds, fitted_view

FONT = "Arial, Helvetica, sans-serif"
SUPPORTED = {"scatter", "bar", "box", "heatmap", "sankey", "choroplethmap", "scattermap"}
LEGEND_ROW = 26  # pixels of a row of the legend
CHAR = 0.55  # a character's width in font-size units (Arial), to lay out legends and labels


# --- text --------------------------------------------------------------------------------------------

_TAG = re.compile(r"<(/?)(b|br|span|i|sup|sub)(?:\s+style='([^']*)')?\s*/?>", re.IGNORECASE)


def _tspans(text: str, *, x: float, size: float, line: float = 1.2) -> tuple[str, int]:
    """Plotly's little markup (<b>, <br>, <span style='font-size:..;color:..'>) as SVG tspans. Returns the
    markup and the number of lines. Entities stay as written (the text was escaped when it was made)."""
    parts, lines = [], 1
    bold = False
    style: list[str] = []
    position = 0
    first = True
    for match in _TAG.finditer(text):
        if match.start() > position:
            parts.append(_run(text[position:match.start()], bold, style))
        closing, tag, css = match.group(1), match.group(2).lower(), match.group(3)
        if tag == "br":
            parts.append(f"</tspan><tspan x='{x:.1f}' dy='{size * line:.1f}'>")
            lines += 1
        elif tag == "b":
            bold = not closing
        elif tag == "span":
            if closing:
                style = style[:-1]
            else:
                style.append(css or "")
        position = match.end()
        first = False
    if position < len(text):
        parts.append(_run(text[position:], bold, style))
    del first
    return "<tspan>" + "".join(parts) + "</tspan>", lines


def _run(text: str, bold: bool, styles: list[str]) -> str:
    attributes = []
    if bold:
        attributes.append("font-weight='bold'")
    for css in styles:
        size = re.search(r"font-size:\s*(\d+(?:\.\d+)?)px", css)
        colour = re.search(r"color:\s*([#\w(),. ]+)", css)
        if size:
            attributes.append(f"font-size='{size.group(1)}'")
        if colour:
            attributes.append(f"fill='{html.escape(colour.group(1).strip(), quote=True)}'")
    text = _safe(text)
    return f"<tspan {' '.join(attributes)}>{text}</tspan>" if attributes else text


def _safe(text: str) -> str:
    """Text that was escaped for Plotly (entities) stays escaped; a stray '<' or '>' is escaped here."""
    return re.sub(r"&(?!#?\w+;)", "&amp;", text).replace("<", "&lt;").replace(">", "&gt;")


def plain_text(text: str) -> str:
    """A label without its markup, entities decoded: for measuring and for <title>."""
    return html.unescape(re.sub(r"<br\s*/?>", "\n", _TAG.sub(lambda m: "\n" if m.group(2).lower() == "br" else "",
                                                               text or "")))


def _width(text: str, size: float) -> float:
    return max((len(line) for line in plain_text(text).split("\n")), default=0) * size * CHAR


def _attr(value) -> str:
    return html.escape(str(value), quote=True)


# --- numbers in Plotly's formats, in Indonesian -----------------------------------------------------

def number(value, spec: str | None) -> str:
    """A number as a d3 format spec says (the subset the charts use: '.2f', ',d', '+.3f', ',.0f', 'd'),
    with the Indonesian separators (decimal comma, thousands dot)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    spec = spec or ""
    match = re.fullmatch(r"([+])?(,)?(?:\.(\d+))?([fd%])?", spec)
    if not match:
        return fmt.number(value, 2 if abs(float(value)) < 10 else 0)
    sign, grouped, decimals, kind = match.groups()
    decimals = 0 if kind == "d" else int(decimals) if decimals is not None else (2 if abs(float(value)) < 10 else 0)
    if kind == "%":
        return fmt.number(float(value) * 100, decimals, sign=bool(sign)) + "%"
    written = fmt.number(round(float(value), decimals), decimals, sign=bool(sign))
    # d3 groups thousands only when asked (','): a year stays 2024, a count becomes 1.872.
    return written if grouped or not spec else written.replace(".", "")


def _hover(template: str | None, values: dict) -> str:
    """A hovertemplate filled in ('%{x}: IDM %{y:.4f}<extra>Desa</extra>') as plain text."""
    if not template:
        return ""
    extra = re.search(r"<extra>(.*?)</extra>", template)
    body = re.sub(r"<extra>.*?</extra>", "", template)

    def fill(match: re.Match) -> str:
        key, spec = match.group(1), match.group(2)
        item = re.fullmatch(r"(\w+)(?:\[(\d+)\])?", key)
        if not item:
            return ""
        value = values.get(item.group(1))
        if item.group(2) is not None and isinstance(value, list | tuple):
            value = value[int(item.group(2))] if int(item.group(2)) < len(value) else None
        if _is_number(value):
            return number(value, spec) if spec else number(value, ".4f" if abs(value) < 1.5 and value % 1 else "d"
                                                           if float(value).is_integer() else ".2f")
        return "" if value is None else str(value)

    text = re.sub(r"%\{([^}:]+)(?::([^}]*))?\}", fill, body)
    if extra and extra.group(1):
        text += f" ({extra.group(1)})"
    return plain_text(text)


# --- axes ---------------------------------------------------------------------------------------------

def nice_ticks(low: float, high: float, count: int = 7) -> list[float]:
    """Round tick values between low and high (steps of 1, 2, 2.5 or 5 times a power of ten)."""
    if high <= low:
        return [low]
    raw = (high - low) / max(count - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.ceil(low / step - 1e-9) * step
    ticks, value = [], first
    while value <= high + step * 1e-6:
        ticks.append(round(value, 10))
        value += step
    return ticks


@dataclass
class Axis:
    """A linear or categorical axis mapped onto [start, end] pixels."""

    start: float
    end: float
    low: float = 0.0
    high: float = 1.0
    categories: list = field(default_factory=list)
    reversed: bool = False

    @property
    def categorical(self) -> bool:
        return bool(self.categories)

    def __call__(self, value) -> float:
        if self.categorical:
            index = self.categories.index(value) if value in self.categories else 0
            span = (self.end - self.start) / len(self.categories)
            position = self.start + span * (index + 0.5) if not self.reversed else self.end - span * (index + 0.5)
            return position
        share = (float(value) - self.low) / ((self.high - self.low) or 1)
        return self.start + share * (self.end - self.start)

    def band(self) -> float:
        return abs(self.end - self.start) / max(len(self.categories), 1)


def _is_number(value) -> bool:
    """A real number (numpy's too), not a bool, not NaN."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and not math.isnan(float(value))


def _values(array) -> list:
    return [] if array is None else list(array)


# --- the renderer -------------------------------------------------------------------------------------

_IDS = itertools.count(1)  # a page may hold several drawings: their gradients and clips need their own ids


@dataclass
class Canvas:
    width: float
    height: float
    parts: list[str] = field(default_factory=list)
    ident: str = field(default_factory=lambda: f"idm-svg-{next(_IDS)}")

    def add(self, markup: str) -> None:
        self.parts.append(markup)

    def text(self, x: float, y: float, text: str, *, size: float, colour: str = "#1f2a30",
             anchor: str = "start", baseline: str = "middle", weight: str | None = None,
             background: str | None = None, title: str | None = None) -> None:
        spans, lines = _tspans(text, x=x, size=size)
        shift = {"middle": -(lines - 1) * size * 0.6, "hanging": 0.0, "alphabetic": -(lines - 1) * size * 1.2}.get(
            baseline, 0.0)
        y += shift
        base = {"middle": "central", "hanging": "hanging", "alphabetic": "alphabetic"}[baseline]
        if background:
            width = _width(text, size) + 6
            left = {"start": x - 3, "middle": x - width / 2, "end": x - width + 3}[anchor]
            top = y - size * 0.65 if baseline == "middle" else (y - 2 if baseline == "hanging" else y - size)
            self.add(f"<rect x='{left:.1f}' y='{top:.1f}' width='{width:.1f}' height='{size * 1.3 * lines:.1f}' "
                     f"fill='{_attr(background)}'/>")
        bold = f" font-weight='{weight}'" if weight else ""
        hover = f"<title>{_safe(title)}</title>" if title else ""
        self.add(f"<text x='{x:.1f}' y='{y:.1f}' font-size='{size:.0f}' fill='{_attr(colour)}' "
                 f"text-anchor='{anchor}' dominant-baseline='{base}'{bold}>{hover}{spans}</text>")

    def upright(self, x: float, y: float, text: str, *, size: float, turn: int = -90, anchor: str = "middle") -> None:
        """An axis or colour bar title read from the bottom up (turn -90) or the top down (90), centred (or
        starting or ending at x, y: a column's name over a narrow column)."""
        self.add(f"<text transform='translate({x:.1f},{y:.1f}) rotate({turn})' font-size='{size:.0f}' "
                 f"fill='#1f2a30' text-anchor='{anchor}' dominant-baseline='central'>{_safe(text)}</text>")

    def markup(self, *, label: str) -> str:
        return (f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {self.width:.0f} {self.height:.0f}' "
                f"width='100%' role='img' aria-label='{_attr(label)}' font-family='{FONT}' "
                f"style='max-width:{self.width:.0f}px;height:auto;display:block'>" + "".join(self.parts) + "</svg>")


UPRIGHT_NAME = 12  # pixels: a matrix's column names set upright


def _one_line(label) -> str:
    """A category's name on one line ('Sangat<br>Tertinggal' -> 'Sangat Tertinggal'), as plain text."""
    return " ".join(plain_text(str(label)).split())


def supports(figure: go.Figure) -> bool:
    """Whether `render` can draw the figure: a map, a Sankey diagram of fixed nodes, or traces on one pair
    of axes or on subplots side by side (columns sharing the height), of the kinds in SUPPORTED."""
    layout = figure.layout
    kinds = {trace.type for trace in figure.data}
    if not kinds <= SUPPORTED:
        return False
    if "sankey" in kinds:
        return len(figure.data) == 1 and figure.data[0].arrangement == "fixed"
    if any(trace.type == "heatmap" and not trace.colorscale for trace in figure.data):
        return False  # Plotly's default scale is the template's
    if layout.barmode not in (None, "stack", "overlay", "group", "relative"):
        return False
    panels = _panels(figure)
    for suffix in panels:
        if layout[f"xaxis{suffix}"].anchor not in (None, f"y{suffix}"):
            return False  # axes crossed: left to Plotly
    used = {(getattr(t, "xaxis", None) or "x", getattr(t, "yaxis", None) or "y") for t in figure.data
            if t.type not in ("choroplethmap", "scattermap")}
    return all(x[1:] in panels and (x[1:] == y[1:] or _overlay(figure, y) == f"y{x[1:]}") for x, y in used)


def _overlay(figure: go.Figure, y_name: str) -> str | None:
    """The y axis this one is drawn over (a second scale on the right: 'y'), or None."""
    try:
        return figure.layout[f"yaxis{y_name[1:]}"].overlaying
    except (KeyError, ValueError):
        return None


def _panels(figure: go.Figure) -> list[str]:
    """The suffixes of the subplots' axis pairs, left to right: [''] for one pair, ['', '2', '3'] for three
    columns (make_subplots)."""
    keys = figure.layout.to_plotly_json()
    return sorted({m.group(1) for key in keys if (m := re.fullmatch(r"xaxis(\d*)", key))} | {""},
                  key=lambda s: int(s or 1))


def render(figure: go.Figure, *, width: int, label: str = "",
           link: Callable[[str], str | None] | None = None) -> str | None:
    """The figure as SVG markup `width` pixels wide (its own height), or None when it has something this
    module does not draw. `link(code)`: where a map region leads (its customdata), or None."""
    if not supports(figure):
        return None
    if any(trace.type == "choroplethmap" for trace in figure.data):
        return _map(figure, width=width, label=label, link=link)
    if any(trace.type == "sankey" for trace in figure.data):
        return _sankey(figure, width=width, label=label)
    return _cartesian(figure, width=width, label=label)


def _legend_items(figure: go.Figure) -> list[tuple[str, dict]]:
    """(name, style) of each legend entry in Plotly's order: legendrank, then trace order (reversed when
    the legend says so)."""
    entries = []
    for index, trace in enumerate(figure.data):
        shown = trace.showlegend if trace.showlegend is not None else trace.type in ("bar",) or bool(trace.name)
        if trace.type == "scatter" and trace.showlegend is None:
            shown = len(figure.data) > 1 and bool(trace.name)
        if not shown or not trace.name:
            continue
        if trace.legendgroup and any(entry[2] == trace.legendgroup for entry in entries):
            continue  # one entry per group
        entries.append((trace.legendrank if trace.legendrank is not None else 1000, index, trace.legendgroup,
                        trace))
    if (figure.layout.legend.traceorder or "") == "reversed":
        entries.sort(key=lambda entry: (entry[0], -entry[1]))
    else:
        entries.sort(key=lambda entry: (entry[0], entry[1]))
    items = []
    for _, _, _, trace in entries:
        if trace.type == "bar" or trace.type == "choroplethmap":
            colour = trace.marker.color if isinstance(trace.marker.color, str) else "#777"
            items.append((trace.name, {"kind": "square", "colour": colour}))
            continue
        mode = trace.mode or "markers"
        marker = trace.marker
        edge = getattr(getattr(marker, "line", None), "color", None)
        colour = marker.color if isinstance(marker.color, str) else (edge if isinstance(edge, str) else "#777")
        symbol = marker.symbol if isinstance(marker.symbol, str) else "circle"
        line = getattr(getattr(trace, "line", None), "color", None)
        line = line if "lines" in mode and isinstance(line, str) else None
        items.append((trace.name, {"kind": symbol, "colour": colour, "line": line,
                                   "edge": edge if isinstance(edge, str) else colour}))
    return items


def _draw_legend(canvas: Canvas, items: list[tuple[str, dict]], *, left: float, top: float, width: float,
                 size: float, vertical: bool = False) -> float:
    """The legend entries in rows from `top` (or one per row); returns the height taken."""
    x, y, rows = left, top, 1 if items else 0
    for name, style in items:
        item_width = 26 + _width(name, size) + 18
        if not vertical and x > left and x + item_width > left + width:
            x, y, rows = left, y + LEGEND_ROW, rows + 1
        middle = y + LEGEND_ROW / 2
        _legend_mark(canvas, x + 9, middle, style)
        canvas.text(x + 24, middle, name, size=size)
        if vertical:
            y += LEGEND_ROW
            rows += 1
        else:
            x += item_width
    return rows * LEGEND_ROW if not vertical else (y - top)


def _legend_mark(canvas: Canvas, x: float, y: float, style: dict) -> None:
    colour = _attr(style.get("colour") or "#777")
    if style.get("line"):
        canvas.add(f"<line x1='{x - 9:.1f}' y1='{y:.1f}' x2='{x + 9:.1f}' y2='{y:.1f}' stroke='{_attr(style['line'])}'"
                   " stroke-width='4'/>")
    kind = style["kind"]
    if kind == "square":
        canvas.add(f"<rect x='{x - 6:.1f}' y='{y - 6:.1f}' width='12' height='12' fill='{colour}'/>")
    elif kind == "line-ns":
        canvas.add(f"<line x1='{x:.1f}' y1='{y - 8:.1f}' x2='{x:.1f}' y2='{y + 8:.1f}' stroke='{colour}' "
                   "stroke-width='3'/>")
    elif "open" in kind:
        canvas.add(f"<circle cx='{x:.1f}' cy='{y:.1f}' r='5.5' fill='white' stroke='{_attr(style['edge'])}' "
                   "stroke-width='2.5'/>")
    else:
        canvas.add(f"<circle cx='{x:.1f}' cy='{y:.1f}' r='6' fill='{colour}'/>")


def _margins(figure: go.Figure) -> tuple[float, float, float, float]:
    margin = figure.layout.margin
    return (margin.l if margin.l is not None else 80, margin.r if margin.r is not None else 80,
            margin.t if margin.t is not None else 100, margin.b if margin.b is not None else 80)


def _series(trace, name: str) -> list:
    value = getattr(trace, name, None)
    return _values(value)


def _per_point(value, count: int) -> list:
    if isinstance(value, str) or value is None or _is_number(value):
        return [value] * count
    values = list(value)
    return values + [values[-1] if values else None] * (count - len(values))


def _cartesian(figure: go.Figure, *, width: int, label: str) -> str:
    layout = figure.layout
    font_size = layout.font.size or 17
    height = layout.height or 450
    left, right, top, bottom = _margins(figure)
    canvas = Canvas(width, height)
    panels = _panels(figure)

    # The legend above the plot, in as many rows as the width needs (Plotly moves the plot down for it).
    items = _legend_items(figure)
    legend_size = layout.legend.font.size or font_size - 1
    legend_rows_height = 0.0
    if items and layout.showlegend is not False:
        legend_rows_height = _draw_legend(Canvas(width, height), items, left=left, top=0, width=width - left - right,
                                          size=legend_size)
    top = max(top, legend_rows_height + 10)
    titles = [n for n in layout.annotations if _on_paper(n) and n.text
              and float(n.y if n.y is not None else 0) >= 1 and n.yanchor == "bottom"]

    # Each panel's traces and the kind of its axes (a category axis: horizontal bars, names, a heatmap).
    kinds = {suffix: _panel_kind(figure, suffix) for suffix in panels}
    first_y = layout.yaxis
    tick_size = font_size
    y_title = first_y.title.text if first_y.title else None
    first_category, first_order = kinds[""][0], kinds[""][2]
    names = first_order[1] if first_category == "xy" else first_order
    name_size = tick_size
    if first_category in ("y", "xy") and first_y.showticklabels is not False:
        widest = max((_width(str(c), 1) for c in names), default=0)
        share = 0.3 if first_category == "xy" else 0.4  # a matrix needs its cells more than its names
        if widest * tick_size > share * width:  # a phone: names smaller rather than a plot squeezed out
            name_size = max(12.0, share * width / widest)
        label_room = widest * name_size + 12
    elif first_category in ("y", "xy"):
        label_room = 8
    else:
        label_room = 58
    area_left = left + label_room + (26 if y_title else 0)
    area_right = width - right
    fit = (area_right - area_left) / len(panels) - 8 if len(panels) > 1 else None
    title_room = 0.0
    if titles and legend_rows_height:  # subplot titles sit above the plot, under the legend, wrapped to fit
        title_room = max(_title_lines(n, font_size, fit) * (n.font.size or font_size) * 1.2 + 8 for n in titles)
        top = max(top, legend_rows_height + 10 + title_room)
    plot_top = top
    x_rows, x_titled, top_side, upright_size = 1, False, False, None
    for suffix in panels:
        category, _, order = kinds[suffix]
        x_layout = layout[f"xaxis{suffix}"]
        labels = order[0] if category == "xy" else order if category == "x" else []
        x_rows = max([x_rows] + [plain_text(str(c)).count("\n") + 1 for c in labels])
        x_titled = x_titled or bool(x_layout.title and x_layout.title.text)
        top_side = top_side or x_layout.side == "top"
        # A matrix's columns too narrow for their names even in small type (a phone): the names stand upright.
        band = (area_right - area_left) / len(panels) / max(len(labels), 1)
        if category == "xy" and labels and max(_width(line, UPRIGHT_NAME) for c in labels
                                               for line in plain_text(str(c)).split("\n")) > band - 4:
            upright_size = UPRIGHT_NAME
            x_rows = max(x_rows, math.ceil((max(_width(_one_line(c), UPRIGHT_NAME) for c in labels) + 8) / 24))
    plot_bottom = height - bottom - (0 if top_side else 24 * x_rows + (28 if x_titled else 0))
    if top_side:  # tick labels (and the title) above the plot, as a matrix reads
        plot_top = max(plot_top, 24 * x_rows + (28 if x_titled else 0) + 16)
    plot_bottom = max(plot_bottom, plot_top + 60)

    # The x domains of the panels, and the tick labels written so far (a panel's last beside the next one's first).
    domains = {suffix: (tuple(layout[f"xaxis{suffix}"].domain or (0, 1)), tuple(layout[f"yaxis{suffix}"].domain
                                                                               or (0, 1))) for suffix in panels}
    written: list[tuple[float, float, float]] = []  # y, left, right
    for number_, suffix in enumerate(panels):
        x_layout, y_layout = layout[f"xaxis{suffix}"], layout[f"yaxis{suffix}"]
        category, traces, order = kinds[suffix]
        # Traces drawn over this panel on a second scale (cumulated counts) take no part in its own axis.
        over = [t for t in traces if (getattr(t, "yaxis", None) or "y") != f"y{suffix}"]
        traces = [t for t in traces if t not in over]
        domain = x_layout.domain if x_layout.domain is not None else (0, 1)
        rows = y_layout.domain if y_layout.domain is not None else (0, 1)  # subplots in rows share the x axis
        panel_top = plot_top + (1 - float(rows[1])) * (plot_bottom - plot_top)
        panel_bottom = plot_top + (1 - float(rows[0])) * (plot_bottom - plot_top)
        plot_left = area_left + float(domain[0]) * (area_right - area_left)
        plot_right = area_left + float(domain[1]) * (area_right - area_left)
        # Points' labels end before the panel on the right, if there is one in this row.
        following = [float(d[0]) for d, r in domains.values() if r == domains[suffix][1] and d[0] >= domain[1]]
        text_edge = area_left + min(following) * (area_right - area_left) - 4 if following else None
        x_values = [v for t in traces for v in _series(t, "x") if v is not None]
        y_values = [v for t in traces for v in _series(t, "y") if v is not None]
        y_values += [v for t in traces if t.type == "box" for name in ("lowerfence", "upperfence")
                     for v in _series(t, name)]

        # Axes: ranges from the layout or from the data, category axes in their order.
        if category == "xy":
            x_axis = Axis(plot_left, plot_right, categories=order[0])
            y_axis = Axis(panel_top, panel_bottom, categories=order[1], reversed=y_layout.autorange != "reversed")
        elif category == "y":
            y_axis = Axis(panel_top, panel_bottom, categories=order, reversed=True)
            x_axis = _numeric_axis(x_layout, x_values, traces, layout, "x", plot_left, plot_right)
        elif category == "x":
            x_axis = Axis(plot_left, plot_right, categories=order)
            y_axis = _numeric_axis(y_layout, y_values, traces, layout, "y", panel_bottom, panel_top)
        else:
            x_axis = _numeric_axis(x_layout, x_values, traces, layout, "x", plot_left, plot_right)
            y_axis = _numeric_axis(y_layout, y_values, traces, layout, "y", panel_bottom, panel_top)

        # Grid and tick labels (a subplot sharing the first one's height shows no labels of its own).
        grid = _attr(x_layout.gridcolor or "#e3e3e3")
        labelled = y_layout.showticklabels is not False
        if not y_axis.categorical:
            tick_values = _ticks(y_layout, y_axis)
            for tick, text in zip(tick_values, _tick_texts(y_layout, tick_values)):
                y = y_axis(tick)
                if y_layout.showgrid is not False:
                    canvas.add(f"<line x1='{plot_left:.1f}' y1='{y:.1f}' x2='{plot_right:.1f}' y2='{y:.1f}' "
                               f"stroke='{grid}'/>")
                if labelled:
                    canvas.text(plot_left - 8, y, text, size=tick_size, anchor="end")
        elif labelled:
            for value in y_axis.categories:
                canvas.text(plot_left - 6, y_axis(value), str(value), size=name_size, anchor="end")
        side_top = x_layout.side == "top"
        tick_y, tick_base = (panel_top - 8, "alphabetic") if side_top else (panel_bottom + 8, "hanging")
        if not x_axis.categorical:
            tick_values = _ticks(x_layout, x_axis)
            tick_texts = _tick_texts(x_layout, tick_values)
            if len(tick_values) > 1:  # on a narrow panel every other label, as Plotly does, never overlapping
                spacing = abs(x_axis(tick_values[1]) - x_axis(tick_values[0])) or 1
                every = math.ceil((max(_width(t, tick_size) for t in tick_texts) + 8) / spacing)
                tick_values, tick_texts = tick_values[::max(every, 1)], tick_texts[::max(every, 1)]
            for tick, text in zip(tick_values, tick_texts):
                x = x_axis(tick)
                if x_layout.showgrid is not False:
                    canvas.add(f"<line x1='{x:.1f}' y1='{panel_top:.1f}' x2='{x:.1f}' y2='{panel_bottom:.1f}' "
                               f"stroke='{grid}'/>")
                half = _width(text, tick_size) / 2
                if x_layout.showticklabels is not False and not any(
                        y == tick_y and x - half < right_ + 2 and x + half > left_ - 2 for y, left_, right_ in written):
                    canvas.text(x, tick_y, text, size=tick_size, anchor="middle", baseline=tick_base)
                    written.append((tick_y, x - half, x + half))  # the next panel's first label never runs over it
        elif x_layout.showticklabels is not False:
            tick_font = (x_layout.tickfont.size if x_layout.tickfont and x_layout.tickfont.size else tick_size)
            # Smaller type only where two neighbours' lines would touch (a long second line beside labels of
            # one line fits).
            lines = [plain_text(str(value)).split("\n") for value in x_axis.categories]
            widest = max(((_width(a, 1) + _width(b, 1)) / 2 for left_, right_ in itertools.pairwise(lines)
                          for a, b in zip(left_, right_)), default=0)
            tick_font = max(9.0, min(tick_font, (x_axis.band() - 6) / widest)) if widest else tick_font
            for value in x_axis.categories:
                if upright_size and category == "xy":  # read from the bottom up, from the matrix's edge out
                    canvas.upright(x_axis(value), tick_y, _one_line(value), size=upright_size,
                                   anchor="start" if side_top else "end")
                else:
                    canvas.text(x_axis(value), tick_y, str(value), size=tick_font, anchor="middle",
                                baseline=tick_base)
        panel_y_title = y_layout.title.text if y_layout.title else None
        if panel_y_title and float(domain[0]) == 0:
            canvas.upright(left + 12, (panel_top + panel_bottom) / 2, panel_y_title, size=font_size)
        x_title = x_layout.title.text if x_layout.title else None
        if x_title:
            title_y = (panel_top - 16 - 24 * x_rows) if side_top else height - bottom - 4
            canvas.text((plot_left + plot_right) / 2, title_y, x_title, size=font_size, anchor="middle",
                        baseline="alphabetic")

        # The second scale on the right.
        if over:
            over_layout = layout[f"yaxis{over[0].yaxis[1:]}"]
            over_values = [v for t in over for v in _series(t, "y") if v is not None]
            over_axis = _numeric_axis(over_layout, over_values, over, layout, "y", panel_bottom, panel_top)
            if over_layout.rangemode == "tozero" and over_layout.range is None:
                over_axis.low = min(0.0, over_axis.low)
            tick_values = _ticks(over_layout, over_axis)
            for tick, text in zip(tick_values, _tick_texts(over_layout, tick_values)):
                canvas.text(plot_right + 8, over_axis(tick), text, size=tick_size)
            if over_layout.title and over_layout.title.text:
                canvas.upright(width - 10, (panel_top + panel_bottom) / 2, over_layout.title.text, size=font_size,
                               turn=90)

        # Shapes behind the traces (threshold lines, the change of method), the traces, their notes.
        mine = _on_panel(suffix, first=number_ == 0)
        _shapes(canvas, [s for s in layout.shapes if mine(s)], x_axis, y_axis, plot_left, plot_right,
                panel_top, panel_bottom)
        _heatmaps(canvas, traces, x_axis, y_axis, font_size)
        _boxes(canvas, traces, x_axis, y_axis)
        _bars(canvas, traces, layout, x_axis, y_axis, category == "y", font_size)
        _scatters(canvas, traces, x_axis, y_axis, font_size, label_edge=text_edge)
        if over:
            _bars(canvas, over, layout, x_axis, over_axis, False, font_size)
            _scatters(canvas, over, x_axis, over_axis, font_size, label_edge=text_edge)
        _annotations(canvas, [n for n in layout.annotations if mine(n) and not _on_paper(n)], x_axis, y_axis,
                     plot_left, plot_right, panel_top, panel_bottom, font_size)
    # Notes placed on the paper (subplot titles): the whole plotting area across the panels.
    _annotations(canvas, [n for n in layout.annotations if _on_paper(n)], Axis(0, 1), Axis(0, 1),
                 area_left, area_right, plot_top, plot_bottom, font_size, fit=fit)
    if items and layout.showlegend is not False:
        _draw_legend(canvas, items, left=left, top=max(4.0, top - title_room - legend_rows_height - 6),
                     width=width - left - right, size=legend_size)
    return canvas.markup(label=label)


def _panel_kind(figure: go.Figure, suffix: str) -> tuple[str | None, list, list | tuple]:
    """A panel's category axis ('x', 'y', 'xy' for a heatmap, None), its traces and its categories in order
    (for 'xy': the x and the y categories)."""
    layout = figure.layout
    x_layout, y_layout = layout[f"xaxis{suffix}"], layout[f"yaxis{suffix}"]
    traces = [t for t in figure.data if (getattr(t, "xaxis", None) or "x") == f"x{suffix}"]
    heatmap = next((t for t in traces if t.type == "heatmap"), None)
    if heatmap is not None:
        return "xy", traces, (list(_series(heatmap, "x")), list(_series(heatmap, "y")))
    y_values = [v for t in traces for v in _series(t, "y") if v is not None]
    if any(t.type == "bar" and t.orientation == "h" for t in traces) or any(isinstance(v, str) for v in y_values) \
            or y_layout.type == "category":  # names (a NaN is a gap, not a name)
        return "y", traces, _category_order(y_layout, y_values)
    x_values = [v for t in traces for v in _series(t, "x") if v is not None]
    if any(not _is_number(v) for v in x_values) or x_layout.type == "category":
        return "x", traces, _category_order(x_layout, x_values)
    return None, traces, []


def _on_paper(note) -> bool:
    """A note placed on the paper in both directions (a subplot's title), not at a value of an axis."""
    return note.xref == "paper" and note.yref == "paper"


def _on_panel(suffix: str, *, first: bool) -> Callable:
    """Whether a shape or an annotation is placed on this panel's axes (data or domain coordinates)."""
    names = {f"x{suffix}", f"x{suffix} domain"} | ({None, "paper"} if first else set())
    return lambda item: item.xref in names


def _category_order(axis, values: list) -> list:
    if axis.categoryorder == "array" and axis.categoryarray is not None:
        return list(axis.categoryarray)
    seen: list = []
    for value in values:
        if value not in seen:
            seen.append(value)
    return seen


def _numeric_axis(axis, values: list, traces: list, layout, letter: str, start: float, end: float) -> Axis:
    if axis.range is not None and None not in axis.range:
        low, high = float(axis.range[0]), float(axis.range[1])
    else:
        numbers = [float(v) for v in values if _is_number(v)]
        stacked = layout.barmode in ("stack", "relative")
        if stacked:
            sums: dict = {}
            other = "x" if letter == "y" else "y"
            for trace in traces:
                if trace.type != "bar":
                    continue
                for key, value in zip(_series(trace, other), _series(trace, letter)):
                    if _is_number(value):
                        sums[key] = sums.get(key, 0.0) + float(value)
            numbers += list(sums.values())
        bars = any(t.type == "bar" for t in traces)
        low = min(numbers, default=0.0)
        high = max(numbers, default=1.0)
        if bars:
            low = min(low, 0.0)
        pad = (high - low) * 0.06 or 1.0
        low, high = (low if bars and low == 0 else low - pad), high + pad
    return Axis(start, end, low, high)


def _ticks(axis, scale: Axis) -> list[float]:
    if axis.tickvals is not None:
        return [float(v) for v in axis.tickvals]
    if axis.dtick is not None:
        step = float(axis.dtick)
        first = math.ceil(scale.low / step) * step
        return [round(first + i * step, 10) for i in range(int((scale.high - first) / step + 1e-9) + 1)]
    return [t for t in nice_ticks(scale.low, scale.high) if scale.low - 1e-9 <= t <= scale.high + 1e-9]


def _tick_texts(axis, ticks: list[float]) -> list[str]:
    if axis.ticktext is not None and axis.tickvals is not None:
        return [str(text) for text in axis.ticktext]
    spec, trim = axis.tickformat, False
    if not spec:  # as Plotly: the decimals a tick needs, none written in vain (0, 2,5, 5, 7,5; 0,7, 0,8)
        step = min((abs(b - a) for a, b in itertools.pairwise(ticks) if b != a), default=1.0)
        decimals = next(d for d in range(7) if abs(round(step, d) - step) < 1e-9 * max(1.0, step) or d == 6)
        spec, trim = (f".{decimals}f", True) if decimals else (None, False)

    def written(tick: float) -> str:
        text = number(tick, spec or ("d" if abs(tick) > 100 else ".0f"))
        return re.sub(r",?0+$", "", text) if trim and "," in text else text

    return [f"{axis.tickprefix or ''}{written(tick)}{axis.ticksuffix or ''}" for tick in ticks]


def _shapes(canvas: Canvas, shapes: Sequence, x_axis: Axis, y_axis: Axis, left: float, right: float,
            top: float, bottom: float) -> None:
    for shape in shapes:
        line = shape.line
        dash = {"dot": "2,4", "dash": "8,5"}.get(line.dash or "", "")
        style = (f"stroke='{_attr(line.color or '#555')}' stroke-width='{line.width or 1.5}'"
                 + (f" stroke-dasharray='{dash}'" if dash else ""))
        if shape.type == "rect" and "paper" not in (shape.xref, shape.yref):  # a cell outlined, a quadrant shaded
            x0, x1 = sorted(min(max(_position(x_axis, v), left), right) for v in (shape.x0, shape.x1))
            y0, y1 = sorted(min(max(_position(y_axis, v), min(top, bottom)), max(top, bottom))
                            for v in (shape.y0, shape.y1))
            outline = style if line.width != 0 and (line.color or not shape.fillcolor) else "stroke='none'"
            canvas.add(f"<rect x='{x0:.1f}' y='{y0:.1f}' width='{x1 - x0:.1f}' height='{y1 - y0:.1f}' "
                       f"fill='{_attr(shape.fillcolor or 'none')}' {outline}"
                       + (f" opacity='{shape.opacity}'" if shape.opacity is not None else "") + "/>")
            continue
        if shape.type != "line":
            continue
        # A line outside the plot's range is not drawn: Plotly clips a shape on data axes to its plot.
        if str(shape.xref or "").endswith("domain") or shape.xref == "paper":  # a horizontal line across
            y = _position(y_axis, shape.y0)
            if min(top, bottom) - 0.5 <= y <= max(top, bottom) + 0.5:
                canvas.add(f"<line x1='{left:.1f}' y1='{y:.1f}' x2='{right:.1f}' y2='{y:.1f}' {style}/>")
        else:  # a vertical line
            x = _position(x_axis, shape.x0)
            if left - 0.5 <= x <= right + 0.5:
                canvas.add(f"<line x1='{x:.1f}' y1='{top:.1f}' x2='{x:.1f}' y2='{bottom:.1f}' {style}/>")


def _position(axis: Axis, value) -> float:
    """A position on either axis; on a categorical one it may be fractional (between two categories: 2,5)."""
    if axis.categorical and _is_number(value):
        offset = axis.band() * (float(value) + 0.5)
        return axis.end - offset if axis.reversed else axis.start + offset
    return axis(value)


def _bars(canvas: Canvas, traces: list, layout, x_axis: Axis, y_axis: Axis, horizontal: bool,
          font_size: float) -> None:
    bars = [t for t in traces if t.type == "bar"]
    if not bars:
        return
    category_axis, value_axis = (y_axis, x_axis) if horizontal else (x_axis, y_axis)
    band = category_axis.band()
    gap = layout.bargap if layout.bargap is not None else 0.2
    thickness = band * (1 - gap)
    stacked = layout.barmode in ("stack", "relative")
    base: dict = {}
    uniform = layout.uniformtext
    min_text = uniform.minsize if uniform and uniform.mode == "hide" else 0
    grouped = layout.barmode == "group" and len(bars) > 1
    slot = thickness / len(bars) if grouped else thickness  # side by side: each trace its share of the band
    full = thickness
    if grouped:
        thickness = slot * (1 - (layout.bargroupgap or 0))
    for number_, trace in enumerate(bars):
        categories = _series(trace, "y" if horizontal else "x")
        values = _series(trace, "x" if horizontal else "y")
        colours = _per_point(trace.marker.color, len(values))
        texts = _per_point(trace.text, len(values))
        shift = (number_ + 0.5) * slot - full / 2 if grouped else 0.0
        for index, (category, value) in enumerate(zip(categories, values)):
            if not _is_number(value):
                continue
            start = base.get(category, 0.0) if stacked else 0.0
            end = start + float(value)
            if stacked:
                base[category] = end
            # Clipped to the axis range, as Plotly clips a bar to its plot (a ranking's axis starts at 0,65).
            a, b = (value_axis(min(max(v, value_axis.low), value_axis.high)) for v in (start, end))
            centre = category_axis(category) + (-shift if horizontal else shift)
            title = _hover(trace.hovertemplate, {"x": value if horizontal else category,
                                                 "y": category if horizontal else value,
                                                 "text": texts[index]})
            colour = _attr(colours[index] or "#777")
            if horizontal:
                canvas.add(f"<rect x='{min(a, b):.1f}' y='{centre - thickness / 2:.1f}' width='{abs(b - a):.1f}' "
                           f"height='{thickness:.1f}' fill='{colour}'><title>{_safe(title)}</title></rect>")
            else:
                canvas.add(f"<rect x='{centre - thickness / 2:.1f}' y='{min(a, b):.1f}' width='{thickness:.1f}' "
                           f"height='{abs(b - a):.1f}' fill='{colour}'><title>{_safe(title)}</title></rect>")
            text = texts[index]
            if not text:
                continue
            size = (trace.textfont.size if isinstance(trace.textfont.size, int | float) else font_size)
            inside = trace.textposition == "inside"
            text_colour = trace.textfont.color if isinstance(trace.textfont.color, str) else "#1f2a30"
            if horizontal:
                if inside:
                    if abs(b - a) < _width(str(text), size) + 6 or thickness < size:
                        continue
                    canvas.text((a + b) / 2, centre, str(text), size=size, colour=text_colour, anchor="middle")
                else:
                    canvas.text(max(a, b) + 4, centre, str(text), size=size, colour=text_colour)
            else:
                if inside:
                    if abs(b - a) < max(size * 1.1, min_text * 1.1) or thickness < _width(str(text), size) + 4:
                        continue
                    canvas.text(centre, (a + b) / 2, str(text), size=size, colour=text_colour, anchor="middle")
                else:
                    canvas.text(centre, min(a, b) - 4, str(text), size=size, colour=text_colour, anchor="middle",
                                baseline="alphabetic")


def _heatmaps(canvas: Canvas, traces: list, x_axis: Axis, y_axis: Axis, font_size: float) -> None:
    """Cells shaded by the colour scale, each with its text (in white on a dark cell) and hover."""
    for trace in (t for t in traces if t.type == "heatmap"):
        xs, ys, z = _series(trace, "x"), _series(trace, "y"), [list(row) for row in _values(trace.z)]
        texts = [list(row) for row in _values(trace.text)]
        customdata = [list(row) for row in _values(trace.customdata)]
        stops = [list(stop) for stop in trace.colorscale]
        low = float(trace.zmin) if trace.zmin is not None else min(v for row in z for v in row if _is_number(v))
        high = float(trace.zmax) if trace.zmax is not None else max(v for row in z for v in row if _is_number(v))
        width = x_axis.band() - (trace.xgap or 0)
        height = y_axis.band() - (trace.ygap or 0)
        size = trace.textfont.size if isinstance(trace.textfont.size, int | float) else font_size
        for i, y in enumerate(ys):
            for j, x in enumerate(xs):
                value = z[i][j] if i < len(z) and j < len(z[i]) else None
                if not _is_number(value):
                    continue
                fill = _scale_colour(stops, value, low, high)
                cx, cy = x_axis(x), y_axis(y)
                cell = customdata[i][j] if i < len(customdata) and j < len(customdata[i]) else None
                title = _hover(trace.hovertemplate, {"x": plain_text(str(x)).replace("\n", " "), "y": y, "z": value,
                                                     "customdata": cell})
                canvas.add(f"<rect x='{cx - width / 2:.1f}' y='{cy - height / 2:.1f}' width='{width:.1f}' "
                           f"height='{height:.1f}' fill='{_attr(fill)}'><title>{_safe(title)}</title></rect>")
                text = texts[i][j] if i < len(texts) and j < len(texts[i]) else ""
                if text:
                    fitted = _fitting_size(str(text), size, width - 4, 9.0)
                    canvas.text(cx, cy, str(text), size=fitted, anchor="middle",
                                colour="#ffffff" if _dark(fill) else "#1f2a30")


def _scale_colour(stops: list, value: float, low: float, high: float) -> str:
    """The colour of a value on a colour scale from low to high (clamped), as Plotly shades a cell or region."""
    share = 0.0 if high == low else min(1.0, max(0.0, (float(value) - low) / (high - low)))
    return sample_colorscale(stops, [share])[0]


def _dark(colour: str) -> bool:
    """Whether white text reads better than dark on this 'rgb(r, g, b)' or '#rrggbb' colour."""
    numbers_ = [float(v) for v in re.findall(r"[\d.]+", colour)[:3]] if colour.startswith("rgb") else [
        int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    red, green, blue = numbers_
    return 0.299 * red + 0.587 * green + 0.114 * blue < 140


def _boxes(canvas: Canvas, traces: list, x_axis: Axis, y_axis: Axis) -> None:
    """Boxes of given quartiles (q1, median, q3), whiskers to the fences, the mean dashed; hover in words."""
    for trace in (t for t in traces if t.type == "box"):
        xs = _series(trace, "x")
        columns = {name: _series(trace, name) for name in ("q1", "median", "q3", "lowerfence", "upperfence", "mean")}
        half = (trace.width or 0.5) / 2
        colour = _attr(trace.line.color or "#1f2a30")
        stroke = trace.line.width or 2
        fill = _attr(trace.fillcolor or "none")
        for index, x in enumerate(xs):
            value = {name: column[index] if index < len(column) else None for name, column in columns.items()}
            if not all(_is_number(value[name]) for name in ("q1", "median", "q3")):
                continue
            a, b = sorted((_position(x_axis, float(x) - half), _position(x_axis, float(x) + half)))
            middle = (a + b) / 2
            cap = (b - a) / 4
            title = " · ".join(f"{word} {number(value[name], '.4f')}" for word, name in (
                ("maks", "upperfence"), ("Q3", "q3"), ("median", "median"), ("rata-rata", "mean"), ("Q1", "q1"),
                ("min", "lowerfence")) if _is_number(value[name]))
            parts = []
            for end, edge in (("lowerfence", "q1"), ("upperfence", "q3")):
                if _is_number(value[end]):
                    parts.append(f"<line x1='{middle:.1f}' y1='{y_axis(value[end]):.1f}' x2='{middle:.1f}' "
                                 f"y2='{y_axis(value[edge]):.1f}' stroke='{colour}' stroke-width='{stroke}'/>")
                    parts.append(f"<line x1='{middle - cap:.1f}' y1='{y_axis(value[end]):.1f}' x2='{middle + cap:.1f}' "
                                 f"y2='{y_axis(value[end]):.1f}' stroke='{colour}' stroke-width='{stroke}'/>")
            top, low = y_axis(value["q3"]), y_axis(value["q1"])
            parts.append(f"<rect x='{a:.1f}' y='{min(top, low):.1f}' width='{b - a:.1f}' height='{abs(low - top):.1f}' "
                         f"fill='{fill}' stroke='{colour}' stroke-width='{stroke}'/>")
            median = y_axis(value["median"])
            parts.append(f"<line x1='{a:.1f}' y1='{median:.1f}' x2='{b:.1f}' y2='{median:.1f}' stroke='{colour}' "
                         f"stroke-width='{stroke}'/>")
            if trace.boxmean and _is_number(value["mean"]):
                mean = y_axis(value["mean"])
                parts.append(f"<line x1='{a:.1f}' y1='{mean:.1f}' x2='{b:.1f}' y2='{mean:.1f}' stroke='{colour}' "
                             f"stroke-width='{stroke}' stroke-dasharray='6,4'/>")
            canvas.add(f"<g><title>{_safe(title)}</title>{''.join(parts)}</g>")


_POSITIONS = {  # textposition -> (dx, dy in font sizes, anchor, baseline)
    "top center": (0, -0.9, "middle", "alphabetic"), "bottom center": (0, 0.9, "middle", "hanging"),
    "middle right": (0.6, 0, "start", "middle"), "middle left": (-0.6, 0, "end", "middle"),
    "top right": (0.4, -0.6, "start", "alphabetic"), "top left": (-0.4, -0.6, "end", "alphabetic"),
    "bottom right": (0.4, 0.6, "start", "hanging"), "bottom left": (-0.4, 0.6, "end", "hanging"),
    "middle center": (0, 0, "middle", "middle"),
}


def _scatters(canvas: Canvas, traces: list, x_axis: Axis, y_axis: Axis, font_size: float, *,
              label_edge: float | None = None) -> None:
    """Scatter traces: lines, markers, and the points' labels, drawn last (over every marker). A label of a
    scatter without lines on two scales of numbers that would lie over another label or marker moves around
    its point (_placed). `label_edge`: where the panel's labels end when another panel follows on the right."""
    markers: list[tuple[float, float, float]] = []  # x, y, radius
    labels: list[tuple] = []  # x, y, text, size, colour, textposition, offset, movable
    categories = x_axis.categorical or y_axis.categorical  # a label off its row (a lollipop's) names another
    for trace in traces:
        if trace.type != "scatter":
            continue
        xs, ys = _series(trace, "x"), _series(trace, "y")
        points = [(x, y) for x, y in zip(xs, ys)
                  if x is not None and y is not None and (_is_number(y) or y_axis.categorical)]
        if not points:
            continue
        mode = trace.mode or "lines+markers"
        if "lines" in mode:  # a gap (None) ends a line, as Plotly draws it (connectgaps off)
            steps, moving = [], True
            for x, y in zip(xs, ys):
                if x is None or y is None or not (_is_number(y) or y_axis.categorical):
                    moving = not trace.connectgaps
                    continue
                steps.append(f"{'M' if moving else 'L'}{_position(x_axis, x):.1f},{y_axis(y):.1f}")
                moving = False
            path = " ".join(steps)
            dash = {"dot": "2,4", "dash": "8,5"}.get(trace.line.dash or "", "")
            canvas.add(f"<path d='{path}' fill='none' stroke='{_attr(trace.line.color or '#444')}' "
                       f"stroke-width='{trace.line.width or 2}' stroke-linejoin='round'"
                       + (f" stroke-dasharray='{dash}'" if dash else "")
                       + (f" opacity='{trace.opacity}'" if trace.opacity is not None else "") + "/>")
        count = len(xs)
        colours = _per_point(trace.marker.color, count)
        symbols = _per_point(trace.marker.symbol, count)
        edges = _per_point(trace.marker.line.color, count)
        sizes = _per_point(trace.marker.size, count)
        texts = _per_point(trace.text, count)
        positions = _per_point(trace.textposition, count)
        customdata = _values(trace.customdata)
        size_text = trace.textfont.size if isinstance(trace.textfont.size, int | float) else font_size
        text_colour = trace.textfont.color if isinstance(trace.textfont.color, str) else "#1f2a30"
        for index, (x, y) in enumerate(zip(xs, ys)):
            if x is None or y is None or (not y_axis.categorical and not _is_number(y)):
                continue
            px, py = _position(x_axis, x), y_axis(y)
            title = _safe(_hover(trace.hovertemplate, {
                "x": x, "y": y, "text": texts[index],
                "customdata": list(customdata[index]) if index < len(customdata) else None}))
            if "markers" in mode:
                size = (sizes[index] or 8) / 2
                markers.append((px, py, size))
                symbol = symbols[index] or "circle"
                fill = colours[index] or "#444"
                edge = edges[index] or fill
                width = trace.marker.line.width or 0
                if symbol == "line-ns":
                    canvas.add(f"<line x1='{px:.1f}' y1='{py - size:.1f}' x2='{px:.1f}' y2='{py + size:.1f}' "
                               f"stroke='{_attr(edge)}' stroke-width='{width or 3}'><title>{title}</title></line>")
                else:
                    open_marker = "open" in str(symbol)
                    canvas.add(f"<circle cx='{px:.1f}' cy='{py:.1f}' r='{size:.1f}' "
                               f"fill='{'white' if open_marker else _attr(fill)}' stroke='{_attr(edge)}' "
                               f"stroke-width='{width:.1f}'><title>{title}</title></circle>")
            if "text" in mode and texts[index]:
                offset = ((sizes[index] or 8) / 2 + 4) if "markers" in mode else 0
                labels.append((px, py, str(texts[index]), size_text, text_colour,
                               positions[index] if positions[index] in _POSITIONS else "middle center", offset,
                               "lines" not in mode and "markers" in mode and not categories))
    spots: list[tuple] = []
    for px, py, text, size, _, position, offset, movable in labels:
        spots.append(_placed(canvas, px, py, text, size, position, offset, labels=[spot[4] for spot in spots],
                             markers=markers if movable else None, edge=label_edge))
    for _ in range(3):  # a label placed early may stand where a later one needs to be: each looks again
        moved = False
        for index, (px, py, text, size, _, position, offset, movable) in enumerate(labels):
            if movable:
                spot = _placed(canvas, px, py, text, size, position, offset, markers=markers, edge=label_edge,
                               labels=[other[4] for number, other in enumerate(spots) if number != index])
                moved, spots[index] = moved or spot != spots[index], spot
        if not moved:
            break
    for (*_, colour, _, _, _), (tx, ty, anchor, baseline, _, size, text) in zip(labels, spots):
        canvas.text(tx, ty, text, size=size, colour=colour, anchor=anchor, baseline=baseline)


def _placed(canvas: Canvas, px: float, py: float, text: str, size: float, position: str, offset: float, *,
            labels: list[tuple[float, float, float, float]], markers: list[tuple[float, float, float]] | None,
            edge: float | None = None):
    """Where a point's label goes: at its textposition, or, when `markers` are given (x, y, radius of
    every point) and it would cover a marker or a label already placed (`labels`, boxes), at the place around
    its point that covers the least, a place nearer another point than its own counting against it (ASTRAY),
    in smaller type (never below SMALLEST_LABEL) where no place is clear (a label placed for the wide drawing
    crowds its neighbours on a phone's). A label that would run past `edge` (the next panel) gets smaller
    type there, and wraps where it must. Returns x, y, anchor, baseline, the label's box, its type size and its
    text."""

    def at(name: str, reach: float = 1.0, type_size: float = size):
        shown = text
        dx, dy, anchor, baseline = _POSITIONS[name]
        tx = px + dx * type_size + (offset if dx > 0 else -offset if dx < 0 else 0)
        if anchor == "start" and edge is not None and tx + _width(shown, type_size) > edge:
            type_size = _fitting_size(shown, type_size, edge - tx, SMALLEST_LABEL)
            if _width(shown, type_size) > edge - tx:
                shown = _wrapped(shown, type_size, edge - tx)
        width = _width(shown, type_size)
        height = type_size * 1.2 * (plain_text(shown).count("\n") + 1)
        if anchor == "start" and tx + width > canvas.width - 2:
            tx, anchor = canvas.width - 2, "end"  # past the right edge: ends at it, never cut
        ty = py + dy * type_size * reach + (offset * 0.6 if dy > 0 else -offset * 0.6 if dy < 0 else 0)
        left = {"start": tx, "middle": tx - width / 2, "end": tx - width}[anchor]
        top = {"middle": ty - height / 2, "hanging": ty, "alphabetic": ty - height + type_size * 0.24}[baseline]
        return tx, ty, anchor, baseline, (left, top, left + width, top + height), type_size, shown

    def apart(box, x: float, y: float) -> float:
        return math.hypot(max(box[0] - x, 0.0, x - box[2]), max(box[1] - y, 0.0, y - box[3]))

    def covered(spot) -> float:
        box = left, top, right, bottom = spot[4]
        area = sum(max(0.0, min(right, o[2]) - max(left, o[0])) * max(0.0, min(bottom, o[3]) - max(top, o[1]))
                   for o in obstacles)
        outside = max(0.0, -left) + max(0.0, right - canvas.width) + max(0.0, -top) + max(0.0, bottom - canvas.height)
        # A label nearer another point than its own would name that point.
        own = apart(box, px, py)
        astray = sum(max(0.0, own - apart(box, x, y)) for x, y, _ in markers if (x, y) != (px, py))
        return area + outside * size * 1.2 + astray * ASTRAY

    obstacles = labels + [(x - r, y - r, x + r, y + r) for x, y, r in markers or ()]
    given = at(position)
    if markers is None or covered(given) == 0:
        return given
    best = None
    for type_size in (size, size * 0.9, size * 0.8):
        if type_size < SMALLEST_LABEL and type_size < size:
            break
        best = min([*([best] if best else []), *(at(name, reach, type_size) for reach in (1.0, 1.8)
                                                 for name in (position, *_AROUND))], key=covered)
        if covered(best) == 0:
            break
    return best


SMALLEST_LABEL = 10  # pixels: a point's label made smaller to find room is never smaller than this
ASTRAY = 4  # what a pixel nearer another point than its own costs a label, as square pixels covered


# The places tried around a point, in order, when a label's own would cover another.
_AROUND = ("middle right", "middle left", "top center", "bottom center", "top right", "bottom right", "top left",
           "bottom left")


def _annotations(canvas: Canvas, notes: Sequence, x_axis: Axis, y_axis: Axis, left: float, right: float,
                 top: float, bottom: float, font_size: float, *, paper: tuple[float, float, float, float] | None = None,
                 fit: float | None = None) -> None:
    """Annotations in data or paper coordinates, with their shifts, anchors and backgrounds. `paper`:
    left, right, top, bottom of the paper area when it is not the plot (maps); `fit`: the widest a note
    may be (a subplot's title over its panel), its type made smaller to fit (never below 11)."""
    p_left, p_right, p_top, p_bottom = paper or (left, right, top, bottom)
    # Rows (y, yanchor) of labels anchored at the left, and at the right, of the plot (no arrow, data
    # coordinates): a label whose row has one facing it from the other side shares the width.
    sides = {side: {(n.y, n.yanchor) for n in notes if n.text and n.xanchor == side and n.xref != "paper"
                    and not n.showarrow} for side in ("left", "right")}
    facing = {"left": sides["right"], "right": sides["left"]}
    # Notes centred on a point of the data (no arrow): the room each has, the distance to the nearest one on
    # its row (less a margin: two notes that wide just keep apart; rows: less than two lines of type apart).
    centred = [(n, _position(x_axis, n.x), y_axis(n.y), n.font.size or font_size) for n in notes
               if n.text and (n.xanchor or "center") == "center" and not n.showarrow and n.x is not None
               and n.y is not None and n.xref != "paper" and not str(n.xref or "").endswith("domain")
               and n.yref != "paper" and not str(n.yref or "").endswith("domain")]
    neighbours = {}
    for note, x, y, size in centred:
        gaps = [abs(x - other_x) for other, other_x, other_y, _ in centred
                if other is not note and abs(y - other_y) < 2 * size * 1.2 * (plain_text(note.text).count("\n") + 1)]
        if gaps:
            neighbours[id(note)] = min(gaps) - 6
    for note in notes:
        if not note.text:
            continue
        if note.xref == "paper" or str(note.xref or "").endswith("domain"):
            x = p_left + float(note.x if note.x is not None else 0.5) * (p_right - p_left)
        else:
            x = _position(x_axis, note.x)
        if note.yref == "paper" or str(note.yref or "").endswith("domain"):
            y = p_bottom - float(note.y if note.y is not None else 0.5) * (p_bottom - p_top)
        else:
            y = y_axis(note.y)
        x += note.xshift or 0
        y -= note.yshift or 0
        size = note.font.size or font_size
        text = _fitted(note.text, size, fit)
        if text != note.text:
            size = _fitting_size(text, size, fit, 11.0)
        colour = note.font.color or "#1f2a30"
        anchor = {"left": "start", "right": "end", "center": "middle"}.get(note.xanchor or "center", "middle")
        baseline = {"top": "hanging", "bottom": "alphabetic", "middle": "middle"}.get(note.yanchor or "middle",
                                                                                     "middle")
        room = neighbours.get(id(note))
        if room is not None and _width(text, size) > room:
            # A note beside another in one row (a box's median, a year without data) wraps to the room
            # between them, in smaller type where one word is still wider, never over its neighbour.
            text = _wrapped(re.sub(r"<br\s*/?>", " ", text), size, room)
            size = _fitting_size(text, size, room, SMALLEST_LABEL)
        if (note.xref != "paper" and (note.y, note.yanchor) in facing.get(note.xanchor, ())
                and " " in plain_text(text) and _width(text, size) > (right - left) / 2 - 8):
            # Labels in two corners of one row (the quadrants'): wider than half the plot (a phone), they
            # wrap, never one over the other.
            text = _wrapped(text, size, (right - left) / 2 - 8)
        if anchor == "start" and x + _width(text, size) > canvas.width - 2:  # past the right edge:
            if note.xref == "paper" and " " in plain_text(text):  # a note on the paper wraps
                text = _wrapped(text, size, canvas.width - 4 - x)
            else:  # a label at a point turns to its left
                anchor, x = "end", x - 2 * (note.xshift or 0)
        if note.showarrow and note.ax is not None and note.ay is not None:
            tx, ty = x + float(note.ax), y + float(note.ay)
            canvas.add(f"<line x1='{x:.1f}' y1='{y:.1f}' x2='{tx:.1f}' y2='{ty:.1f}' "
                       f"stroke='{_attr(note.arrowcolor or '#555')}' stroke-width='{note.arrowwidth or 1}'/>")
            x, y, anchor, baseline = tx, ty, "middle", "middle"
        canvas.text(x, y, text, size=size, colour=colour, anchor=anchor, baseline=baseline,
                    background=note.bgcolor)


def _title_lines(note, font_size: float, fit: float | None) -> int:
    """The lines a note takes once wrapped to `fit` pixels (as _annotations draws it)."""
    return plain_text(_fitted(note.text, note.font.size or font_size, fit)).count("\n") + 1


def _fitted(text: str, size: float, fit: float | None) -> str:
    """A note wider than `fit` pixels wrapped at its spaces; as it is otherwise."""
    return _wrapped(text, size, fit) if fit and _width(text, size) > fit else text


def _fitting_size(text: str, size: float, room: float, smallest: float) -> float:
    """The type size at which `text` (its widest line) fits `room` pixels: `size`, or smaller where it must,
    never under `smallest`."""
    return max(smallest, min(size, room / max(_width(text, 1), 1e-9)))


def _wrapped(text: str, size: float, width: float) -> str:
    """A one-line label broken at spaces into lines no wider than `width` where the words allow."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and _width(f"{lines[-1]} {word}", size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return "<br>".join(lines)


# --- flows -------------------------------------------------------------------------------------------

def _sankey(figure: go.Figure, *, width: int, label: str) -> str:
    """A Sankey diagram of fixed nodes (node.x, node.y: the centre of each node as a share of the plot):
    nodes as bars scaled as Plotly's (the fullest column fills the height less its paddings), each link a
    band from its source's right edge to its target's left edge, in the order the links are given."""
    layout = figure.layout
    trace = figure.data[0]
    font_size = layout.font.size or 17
    height = layout.height or 500
    left, right, top, bottom = _margins(figure)
    canvas = Canvas(width, height)
    plot_left, plot_right, plot_top, plot_bottom = left, width - right, top, height - bottom
    node, link = trace.node, trace.link
    labels = _values(node.label)
    count = len(labels)
    sources, targets, values = _values(link.source), _values(link.target), [float(v) for v in _values(link.value)]
    inflow, outflow = [0.0] * count, [0.0] * count
    for source, target, value in zip(sources, targets, values):
        outflow[source] += value
        inflow[target] += value
    totals = [max(a, b) for a, b in zip(inflow, outflow)]
    xs = [float(v) for v in _values(node.x)]
    ys = [float(v) for v in _values(node.y)]
    pad = float(node.pad if node.pad is not None else 20)
    thickness = float(node.thickness if node.thickness is not None else 20)
    plot_height = plot_bottom - plot_top
    columns: dict[float, list[int]] = {}
    for index, x in enumerate(xs):
        columns.setdefault(round(x, 3), []).append(index)
    scale = min((plot_height - pad * (len(members) - 1)) / max(sum(totals[i] for i in members), 1.0)
                for members in columns.values())
    colours = _per_point(node.color, count)
    link_colours = _per_point(link.color, len(values))
    node_hover = _values(node.customdata)
    link_hover = _values(link.customdata)
    box = []
    for index in range(count):
        x = plot_left + xs[index] * (plot_right - plot_left - thickness)
        centre = plot_top + ys[index] * plot_height
        size = totals[index] * scale
        box.append((x, centre - size / 2, size))
    out_offset, in_offset = [0.0] * count, [0.0] * count
    for index, (source, target, value) in enumerate(zip(sources, targets, values)):
        band = value * scale
        x0 = box[source][0] + thickness
        x1 = box[target][0]
        y0 = box[source][1] + out_offset[source]
        y1 = box[target][1] + in_offset[target]
        out_offset[source] += band
        in_offset[target] += band
        bend = (x1 - x0) / 2
        path = (f"M{x0:.1f},{y0:.1f} C{x0 + bend:.1f},{y0:.1f} {x1 - bend:.1f},{y1:.1f} {x1:.1f},{y1:.1f} "
                f"L{x1:.1f},{y1 + band:.1f} C{x1 - bend:.1f},{y1 + band:.1f} {x0 + bend:.1f},{y0 + band:.1f} "
                f"{x0:.1f},{y0 + band:.1f} Z")
        hover = plain_text(str(link_hover[index])) if index < len(link_hover) else ""
        canvas.add(f"<path d='{path}' fill='{_attr(link_colours[index] or 'rgba(0,0,0,0.2)')}'>"
                   f"<title>{_safe(hover)}</title></path>")
    size_text = trace.textfont.size if isinstance(trace.textfont.size, int | float) else font_size
    for index, (x, y, size) in enumerate(box):
        hover = f"{plain_text(str(node_hover[index]))}: {number(totals[index], ',d')} desa" if index < len(
            node_hover) else ""
        canvas.add(f"<rect x='{x:.1f}' y='{y:.1f}' width='{thickness:.1f}' height='{max(size, 1):.1f}' "
                   f"fill='{_attr(colours[index] or '#777')}'><title>{_safe(hover)}</title></rect>")
        on_left = xs[index] < 0.5
        canvas.text(x + thickness + 6 if on_left else x - 6, y + size / 2, str(labels[index]), size=size_text,
                    anchor="start" if on_left else "end")
    _annotations(canvas, layout.annotations, Axis(0, 1), Axis(0, 1), plot_left, plot_right, plot_top, plot_bottom,
                 font_size)
    return canvas.markup(label=label)


# --- maps ---------------------------------------------------------------------------------------------

def _mercator_y(lat: float) -> float:
    lat = max(-85.0, min(85.0, lat))
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def _rings(geometry: dict) -> list[list]:
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    if geometry["type"] == "MultiPolygon":
        return [ring for polygon in geometry["coordinates"] for ring in polygon]
    return []


def _map(figure: go.Figure, *, width: int, label: str, link: Callable[[str], str | None] | None) -> str:
    layout = figure.layout
    font_size = layout.font.size or 17
    height = layout.height or 600
    left, right, top, bottom = _margins(figure)
    domain = layout.map.domain
    x0, x1 = (domain.x if domain.x is not None else (0, 1))
    paper_left, paper_right = left, width - right
    map_left = paper_left + x0 * (paper_right - paper_left)
    map_right = paper_left + x1 * (paper_right - paper_left)
    map_top, map_bottom = top, height - bottom
    centre_lon = layout.map.center.lon if layout.map.center.lon is not None else 0.0
    centre_lat = layout.map.center.lat if layout.map.center.lat is not None else 0.0
    zoom = layout.map.zoom if layout.map.zoom is not None else 1.0
    scale = 512 * 2 ** zoom
    cx, cy = (map_left + map_right) / 2, (map_top + map_bottom) / 2

    def project(lon: float, lat: float) -> tuple[float, float]:
        return (cx + (lon - centre_lon) / 360 * scale,
                cy - (_mercator_y(lat) - _mercator_y(centre_lat)) / (2 * math.pi) * scale)

    canvas = Canvas(width, height)
    canvas.add(f"<defs><clipPath id='{canvas.ident}-clip'><rect x='{map_left:.1f}' y='{map_top:.1f}' "
               f"width='{map_right - map_left:.1f}' height='{map_bottom - map_top:.1f}'/></clipPath></defs>")
    canvas.add(f"<g clip-path='url(#{canvas.ident}-clip)'>")
    colourbar = None
    for trace in figure.data:
        if trace.type != "choroplethmap":
            continue
        features = {str(f.get("id")): f for f in (trace.geojson or {}).get("features", [])}
        locations = _values(trace.locations)
        z = _values(trace.z)
        texts = _per_point(trace.text, len(locations))
        customdata = _values(trace.customdata)
        scale_colours = trace.colorscale
        low = trace.zmin if trace.zmin is not None else min((v for v in z if _is_number(v)), default=0)
        high = trace.zmax if trace.zmax is not None else max((v for v in z if _is_number(v)), default=1)
        line = trace.marker.line
        stroke = _attr(line.color or "#ffffff")
        stroke_width = line.width if line.width is not None else 1
        transparent = all(str(c[1]).startswith("rgba(0,0,0,0)") for c in scale_colours or [])
        if trace.showscale is not False and not transparent and trace.colorbar.title.text \
                and any(_is_number(v) for v in z):
            colourbar = trace
        for index, code in enumerate(locations):
            feature = features.get(str(code))
            if feature is None:
                continue
            value = z[index] if index < len(z) else None
            if transparent:
                fill = "none"
            elif len({str(stop[1]) for stop in scale_colours}) == 1:  # one colour (a status): as written
                fill = str(scale_colours[0][1])
            elif _is_number(value):
                fill = _scale_colour([list(stop) for stop in scale_colours], value, low, high)
            else:
                fill = "#ececec"
            path = " ".join("M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in (project(lon, lat) for lon, lat, *_ in ring))
                            + " Z" for ring in _rings(feature["geometry"]))
            title = plain_text(str(texts[index] or "")).replace("\n", " · ")
            shape = (f"<path d='{path}' fill='{_attr(fill)}' stroke='{stroke}' stroke-width='{stroke_width}' "
                     f"stroke-linejoin='round'><title>{_safe(title)}</title></path>")
            target = link(str(customdata[index][0])) if link and index < len(customdata) and customdata[index] else None
            canvas.add(f"<a href='{_attr(target)}' target='_self'>{shape}</a>" if target else shape)
    canvas.add("</g>")
    _annotations(canvas, layout.annotations, Axis(0, 1), Axis(0, 1), map_left, map_right, map_top, map_bottom,
                 font_size, paper=(paper_left, paper_right, map_top, map_bottom))
    items = _legend_items(figure)
    legend_size = layout.legend.font.size or font_size - 1
    if x1 - x0 > 0.95:  # a phone: the colour bar and the legend under the map
        below = map_bottom + 12
        if colourbar is not None:
            _colour_bar(canvas, colourbar, left=paper_left + 10, top=below, height=paper_right - paper_left - 20,
                        size=font_size, horizontal=True)
            below += 70
        if items:
            _draw_legend(canvas, items, left=paper_left, top=below, width=paper_right - paper_left, size=legend_size)
    else:
        side = map_right + 0.02 * (paper_right - paper_left)
        if colourbar is not None:
            _colour_bar(canvas, colourbar, left=side, top=map_top, height=(map_bottom - map_top) * 0.62,
                        size=font_size)
        if items:
            rows = len(items) * LEGEND_ROW
            _draw_legend(canvas, items, left=side, top=map_bottom - rows, width=paper_right - side,
                         size=legend_size, vertical=True)
    return canvas.markup(label=label)


def _colour_bar(canvas: Canvas, trace, *, left: float, top: float, height: float, size: float,
                horizontal: bool = False) -> None:
    """The colour scale with its ticks and title: upright beside the map, or lying under it (`height`
    is then its length)."""
    stops = [list(stop) for stop in trace.colorscale]
    low, high = float(trace.zmin), float(trace.zmax)
    gradient = "".join(f"<stop offset='{float(offset) * 100:.1f}%' stop-color='{_attr(colour)}'/>"
                       for offset, colour in stops)
    direction = "x1='0' y1='0' x2='1' y2='0'" if horizontal else "x1='0' y1='1' x2='0' y2='0'"
    bar = f"{canvas.ident}-bar"
    canvas.add(f"<defs><linearGradient id='{bar}' {direction}>{gradient}</linearGradient></defs>")
    spec = trace.colorbar.tickformat
    title = trace.colorbar.title.text or ""
    ticks = [t for t in nice_ticks(low, high, 6) if low - 1e-9 <= t <= high + 1e-9]
    if horizontal:
        canvas.text(left, top + 8, title, size=size - 1)
        bar_top = top + 20
        canvas.add(f"<rect x='{left:.1f}' y='{bar_top:.1f}' width='{height:.1f}' height='16' fill='url(#{bar})' "
                   "stroke='#555' stroke-width='0.5'/>")
        for tick in ticks:
            x = left + (tick - low) / ((high - low) or 1) * height
            canvas.add(f"<line x1='{x:.1f}' y1='{bar_top + 16:.1f}' x2='{x:.1f}' y2='{bar_top + 21:.1f}' "
                       "stroke='#555'/>")
            canvas.text(x, bar_top + 24, number(tick, spec), size=size - 3, anchor="middle", baseline="hanging")
        return
    canvas.add(f"<rect x='{left:.1f}' y='{top:.1f}' width='22' height='{height:.1f}' fill='url(#{bar})' "
               "stroke='#555' stroke-width='0.5'/>")
    for tick in ticks:
        y = top + height - (tick - low) / ((high - low) or 1) * height
        canvas.add(f"<line x1='{left + 22:.1f}' y1='{y:.1f}' x2='{left + 27:.1f}' y2='{y:.1f}' stroke='#555'/>")
        canvas.text(left + 30, y, number(tick, spec), size=size - 2)
    canvas.add(f"<text transform='translate({left + 90:.1f},{top + height / 2:.1f}) rotate(-90)' "
               f"font-size='{size - 1:.0f}' fill='#1f2a30' text-anchor='middle'>{_safe(title)}</text>")


def narrow(figure: go.Figure, *, width: int) -> go.Figure:
    """A map's figure for a phone: the map across the whole width, its zoom fitted again to it (the names
    moved with it), the colour bar and the legend under it. Other figures are returned as they are."""
    if not any(trace.type == "choroplethmap" for trace in figure.data):
        return figure
    layout = figure.layout
    domain = layout.map.domain
    x0, x1 = (domain.x if domain.x is not None else (0, 1))
    left, right, top, bottom = _margins(figure)
    shapes = {"type": "FeatureCollection", "features": [
        feature for trace in figure.data if trace.type == "choroplethmap" for feature in
        (trace.geojson or {}).get("features", []) if feature.get("id") in set(_values(trace.locations))]}
    box = bounds(shapes)
    height = (layout.height or 600) - top - bottom
    old_zoom = layout.map.zoom or 1.0
    lon, lat, zoom = fitted_view(box, width=width - left - right, height=height) if box else (
        layout.map.center.lon, layout.map.center.lat, old_zoom)
    phone = go.Figure(figure)
    extra = 110 + LEGEND_ROW * len(_legend_items(figure)) // 2
    phone.update_layout(map_domain_x=[0, 1], map_zoom=zoom, map_center={"lon": lon, "lat": lat},
                        height=(layout.height or 600) + extra, margin_b=bottom + extra)
    factor = 2 ** (zoom - old_zoom)
    centre = (x0 + x1) / 2
    for note in phone.layout.annotations:
        if note.xref == "paper" and note.x is not None and abs(float(note.x) - centre) < 1e-6:
            note.x = 0.5
            note.xshift = (note.xshift or 0) * factor
            note.yshift = (note.yshift or 0) * factor
            if note.ax is not None:
                note.ax, note.ay = note.ax * factor, note.ay * factor
    return phone


def both(figure: go.Figure, *, label: str, widths: Sequence[int] = (1000, 420),
         link: Callable[[str], str | None] | None = None) -> tuple[str, str] | None:
    """The SVG for a wide screen and for a phone (the page shows one by CSS), or None to leave it to Plotly."""
    wide = render(figure, width=widths[0], label=label, link=link)
    if wide is None:
        return None
    small = render(narrow(figure, width=widths[1]), width=widths[1], label=label, link=link)
    return wide, small or wide
