"""A chart's Plotly figure drawn as a static SVG on the server, for the pages that must appear at once.

Plotly's 4,7 MB module costs about 1,2 s of a fresh load and a WebGL map about 1,8 s (BENCHMARKS.md);
an inline SVG of the same figure costs a tenth of a second. The figure stays the one definition of the
chart (idm/charts/): this module reads it and writes what it says as SVG markup for the kinds of trace
the briefing pages use (lines, markers and labels, bars, regions of a map), with the same colours, type
sizes, thresholds, annotations and legend; its exports and the deck still go through Plotly (kaleido).
A figure with anything this module does not draw is left to Plotly (`render` returns None).

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
SUPPORTED = {"scatter", "bar", "choroplethmap", "scattermap"}
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

    def markup(self, *, label: str) -> str:
        return (f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {self.width:.0f} {self.height:.0f}' "
                f"width='100%' role='img' aria-label='{_attr(label)}' font-family='{FONT}' "
                f"style='max-width:{self.width:.0f}px;height:auto;display:block'>" + "".join(self.parts) + "</svg>")


def supports(figure: go.Figure) -> bool:
    """Whether `render` can draw the figure: one pair of axes (or one map), no subplots, known traces."""
    layout = figure.layout
    if any(trace.type not in SUPPORTED for trace in figure.data):
        return False
    if any(getattr(trace, "xaxis", None) not in (None, "x") or getattr(trace, "yaxis", None) not in (None, "y")
           for trace in figure.data if trace.type in ("scatter", "bar")):
        return False
    if layout.barmode not in (None, "stack", "overlay", "group", "relative"):
        return False
    axes = [key for key in layout.to_plotly_json() if re.fullmatch(r"[xy]axis\d+", key)]
    return not axes


def render(figure: go.Figure, *, width: int, label: str = "",
           link: Callable[[str], str | None] | None = None) -> str | None:
    """The figure as SVG markup `width` pixels wide (its own height), or None when it has something this
    module does not draw. `link(code)`: where a map region leads (its customdata), or None."""
    if not supports(figure):
        return None
    if any(trace.type == "choroplethmap" for trace in figure.data):
        return _map(figure, width=width, label=label, link=link)
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
    horizontal_bars = any(t.type == "bar" and t.orientation == "h" for t in figure.data)

    # The legend above the plot, in as many rows as the width needs (Plotly moves the plot down for it).
    items = _legend_items(figure)
    legend_size = layout.legend.font.size or font_size - 1
    legend_rows_height = 0.0
    if items and layout.showlegend is not False:
        legend_rows_height = _draw_legend(Canvas(width, height), items, left=left, top=0, width=width - left - right,
                                          size=legend_size)
    top = max(top, legend_rows_height + 10)

    # Axis labels need room on the left: category names of horizontal bars, tick labels otherwise.
    x_values = [v for t in figure.data for v in _series(t, "x") if v is not None]
    y_values = [v for t in figure.data for v in _series(t, "y") if v is not None]
    category_axis = "y" if horizontal_bars else ("x" if any(not _is_number(v) for v in x_values)
                                                  or layout.xaxis.type == "category" else None)
    tick_size = font_size
    y_title = layout.yaxis.title.text if layout.yaxis.title else None
    x_title = layout.xaxis.title.text if layout.xaxis.title else None
    if category_axis == "y":
        order = _category_order(layout.yaxis, y_values)
        label_room = max((_width(str(c), tick_size) for c in order), default=0) + 12
    else:
        order = _category_order(layout.xaxis, x_values) if category_axis == "x" else []
        label_room = 58
    plot_left = left + label_room + (26 if y_title else 0)
    plot_right = width - right
    plot_top = top
    x_tick_rows = max((plain_text(str(c)).count("\n") + 1 for c in order), default=1) if category_axis == "x" else 1
    plot_bottom = height - bottom - 24 * x_tick_rows - (28 if x_title else 0)
    plot_bottom = max(plot_bottom, plot_top + 60)

    # Axes: ranges from the layout or from the data, category axes in their order.
    if category_axis == "y":
        y_axis = Axis(plot_top, plot_bottom, categories=order, reversed=True)
        x_axis = _numeric_axis(layout.xaxis, x_values, figure, "x", plot_left, plot_right)
    elif category_axis == "x":
        x_axis = Axis(plot_left, plot_right, categories=order)
        y_axis = _numeric_axis(layout.yaxis, y_values, figure, "y", plot_bottom, plot_top)
    else:
        x_axis = _numeric_axis(layout.xaxis, x_values, figure, "x", plot_left, plot_right)
        y_axis = _numeric_axis(layout.yaxis, y_values, figure, "y", plot_bottom, plot_top)

    # Grid and tick labels.
    grid = _attr(layout.xaxis.gridcolor or "#e3e3e3")
    if not y_axis.categorical:
        for tick in _ticks(layout.yaxis, y_axis):
            y = y_axis(tick)
            canvas.add(f"<line x1='{plot_left:.1f}' y1='{y:.1f}' x2='{plot_right:.1f}' y2='{y:.1f}' stroke='{grid}'/>")
            canvas.text(plot_left - 8, y, number(tick, layout.yaxis.tickformat), size=tick_size, anchor="end")
    else:
        for category in y_axis.categories:
            canvas.text(plot_left - 6, y_axis(category), str(category), size=tick_size, anchor="end")
    if not x_axis.categorical:
        tick_values = _ticks(layout.xaxis, x_axis)
        tick_texts = _tick_texts(layout.xaxis, tick_values)
        for tick, text in zip(tick_values, tick_texts):
            x = x_axis(tick)
            canvas.add(f"<line x1='{x:.1f}' y1='{plot_top:.1f}' x2='{x:.1f}' y2='{plot_bottom:.1f}' stroke='{grid}'/>")
            canvas.text(x, plot_bottom + 8, text, size=tick_size, anchor="middle", baseline="hanging")
    else:
        for category in x_axis.categories:
            canvas.text(x_axis(category), plot_bottom + 8, str(category), size=tick_size, anchor="middle",
                        baseline="hanging")
    if y_title:
        middle = (plot_top + plot_bottom) / 2
        canvas.add(f"<text transform='translate({left + 12:.1f},{middle:.1f}) rotate(-90)' font-size='{font_size:.0f}' "
                   f"fill='#1f2a30' text-anchor='middle' dominant-baseline='central'>{_safe(y_title)}</text>")
    if x_title:
        canvas.text((plot_left + plot_right) / 2, height - bottom - 4, x_title, size=font_size, anchor="middle",
                    baseline="alphabetic")

    # Shapes behind the traces (threshold lines, the change of method).
    _shapes(canvas, figure, x_axis, y_axis, plot_left, plot_right, plot_top, plot_bottom)
    _bars(canvas, figure, x_axis, y_axis, horizontal_bars, font_size)
    _scatters(canvas, figure, x_axis, y_axis, font_size)
    _annotations(canvas, figure, x_axis, y_axis, plot_left, plot_right, plot_top, plot_bottom, font_size)
    if items and layout.showlegend is not False:
        _draw_legend(canvas, items, left=left, top=max(4.0, plot_top - legend_rows_height - 6),
                     width=width - left - right, size=legend_size)
    return canvas.markup(label=label)


def _category_order(axis, values: list) -> list:
    if axis.categoryorder == "array" and axis.categoryarray is not None:
        return list(axis.categoryarray)
    seen: list = []
    for value in values:
        if value not in seen:
            seen.append(value)
    return seen


def _numeric_axis(axis, values: list, figure: go.Figure, letter: str, start: float, end: float) -> Axis:
    if axis.range is not None and None not in axis.range:
        low, high = float(axis.range[0]), float(axis.range[1])
    else:
        numbers = [float(v) for v in values if _is_number(v)]
        stacked = figure.layout.barmode in ("stack", "relative")
        if stacked:
            sums: dict = {}
            other = "x" if letter == "y" else "y"
            for trace in figure.data:
                if trace.type != "bar":
                    continue
                for key, value in zip(_series(trace, other), _series(trace, letter)):
                    if _is_number(value):
                        sums[key] = sums.get(key, 0.0) + float(value)
            numbers += list(sums.values())
        bars = any(t.type == "bar" for t in figure.data)
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
    return [number(tick, axis.tickformat or ("d" if float(tick).is_integer() and abs(tick) > 100 else None))
            for tick in ticks]


def _shapes(canvas: Canvas, figure: go.Figure, x_axis: Axis, y_axis: Axis, left: float, right: float,
            top: float, bottom: float) -> None:
    for shape in figure.layout.shapes:
        if shape.type != "line":
            continue
        line = shape.line
        dash = {"dot": "2,4", "dash": "8,5"}.get(line.dash or "", "")
        style = (f"stroke='{_attr(line.color or '#555')}' stroke-width='{line.width or 1.5}'"
                 + (f" stroke-dasharray='{dash}'" if dash else ""))
        if str(shape.xref or "").endswith("domain") or shape.xref == "paper":  # a horizontal line across
            y = y_axis(shape.y0)
            canvas.add(f"<line x1='{left:.1f}' y1='{y:.1f}' x2='{right:.1f}' y2='{y:.1f}' {style}/>")
        else:  # a vertical line
            x = _x_position(x_axis, shape.x0)
            canvas.add(f"<line x1='{x:.1f}' y1='{top:.1f}' x2='{x:.1f}' y2='{bottom:.1f}' {style}/>")


def _x_position(axis: Axis, value) -> float:
    """A position on a categorical axis may be fractional (between two categories: 2,5)."""
    if axis.categorical and _is_number(value):
        return axis.start + axis.band() * (float(value) + 0.5)
    return axis(value)


def _bars(canvas: Canvas, figure: go.Figure, x_axis: Axis, y_axis: Axis, horizontal: bool, font_size: float) -> None:
    bars = [t for t in figure.data if t.type == "bar"]
    if not bars:
        return
    category_axis, value_axis = (y_axis, x_axis) if horizontal else (x_axis, y_axis)
    band = category_axis.band()
    gap = figure.layout.bargap if figure.layout.bargap is not None else 0.2
    thickness = band * (1 - gap)
    stacked = figure.layout.barmode in ("stack", "relative")
    base: dict = {}
    uniform = figure.layout.uniformtext
    min_text = uniform.minsize if uniform and uniform.mode == "hide" else 0
    for trace in bars:
        categories = _series(trace, "y" if horizontal else "x")
        values = _series(trace, "x" if horizontal else "y")
        colours = _per_point(trace.marker.color, len(values))
        texts = _per_point(trace.text, len(values))
        for index, (category, value) in enumerate(zip(categories, values)):
            if not _is_number(value):
                continue
            start = base.get(category, 0.0) if stacked else 0.0
            end = start + float(value)
            if stacked:
                base[category] = end
            # Clipped to the axis range, as Plotly clips a bar to its plot (a ranking's axis starts at 0,65).
            a, b = (value_axis(min(max(v, value_axis.low), value_axis.high)) for v in (start, end))
            centre = category_axis(category)
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


_POSITIONS = {  # textposition -> (dx, dy in font sizes, anchor, baseline)
    "top center": (0, -0.9, "middle", "alphabetic"), "bottom center": (0, 0.9, "middle", "hanging"),
    "middle right": (0.6, 0, "start", "middle"), "middle left": (-0.6, 0, "end", "middle"),
    "top right": (0.4, -0.6, "start", "alphabetic"), "top left": (-0.4, -0.6, "end", "alphabetic"),
    "bottom right": (0.4, 0.6, "start", "hanging"), "bottom left": (-0.4, 0.6, "end", "hanging"),
    "middle center": (0, 0, "middle", "middle"),
}


def _scatters(canvas: Canvas, figure: go.Figure, x_axis: Axis, y_axis: Axis, font_size: float) -> None:
    for trace in figure.data:
        if trace.type != "scatter":
            continue
        xs, ys = _series(trace, "x"), _series(trace, "y")
        points = [(x, y) for x, y in zip(xs, ys)
                  if x is not None and y is not None and (_is_number(y) or y_axis.categorical)]
        if not points:
            continue
        mode = trace.mode or "lines+markers"
        if "lines" in mode:
            path = " ".join(f"{'M' if i == 0 else 'L'}{_x_position(x_axis, x):.1f},{y_axis(y):.1f}"
                            for i, (x, y) in enumerate(points))
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
            px, py = _x_position(x_axis, x), y_axis(y)
            title = _safe(_hover(trace.hovertemplate, {
                "x": x, "y": y, "text": texts[index],
                "customdata": list(customdata[index]) if index < len(customdata) else None}))
            if "markers" in mode:
                size = (sizes[index] or 8) / 2
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
                dx, dy, anchor, baseline = _POSITIONS.get(positions[index] or "middle center", (0, 0, "middle",
                                                                                                   "middle"))
                offset = ((sizes[index] or 8) / 2 + 4) if "markers" in mode else 0
                canvas.text(px + dx * size_text + (offset if dx > 0 else -offset if dx < 0 else 0),
                            py + dy * size_text + (offset * 0.6 if dy > 0 else -offset * 0.6 if dy < 0 else 0),
                            str(texts[index]), size=size_text, colour=text_colour, anchor=anchor, baseline=baseline)


def _annotations(canvas: Canvas, figure: go.Figure, x_axis: Axis, y_axis: Axis, left: float, right: float,
                 top: float, bottom: float, font_size: float, *, paper: tuple[float, float, float, float] | None = None
                 ) -> None:
    """Annotations in data or paper coordinates, with their shifts, anchors and backgrounds. `paper`:
    left, right, top, bottom of the paper area when it is not the plot (maps)."""
    p_left, p_right, p_top, p_bottom = paper or (left, right, top, bottom)
    for note in figure.layout.annotations:
        if not note.text:
            continue
        if note.xref == "paper" or str(note.xref or "").endswith("domain"):
            x = p_left + float(note.x if note.x is not None else 0.5) * (p_right - p_left)
        else:
            x = _x_position(x_axis, note.x)
        if note.yref == "paper" or str(note.yref or "").endswith("domain"):
            y = p_bottom - float(note.y if note.y is not None else 0.5) * (p_bottom - p_top)
        else:
            y = y_axis(note.y)
        x += note.xshift or 0
        y -= note.yshift or 0
        size = note.font.size or font_size
        colour = note.font.color or "#1f2a30"
        anchor = {"left": "start", "right": "end", "center": "middle"}.get(note.xanchor or "center", "middle")
        baseline = {"top": "hanging", "bottom": "alphabetic", "middle": "middle"}.get(note.yanchor or "middle",
                                                                                     "middle")
        if anchor == "start" and x + _width(note.text, size) > canvas.width - 2:  # past the right edge: turn
            anchor, x = "end", x - 2 * (note.xshift or 0)
        if note.showarrow and note.ax is not None and note.ay is not None:
            tx, ty = x + float(note.ax), y + float(note.ay)
            canvas.add(f"<line x1='{x:.1f}' y1='{y:.1f}' x2='{tx:.1f}' y2='{ty:.1f}' "
                       f"stroke='{_attr(note.arrowcolor or '#555')}' stroke-width='{note.arrowwidth or 1}'/>")
            x, y, anchor, baseline = tx, ty, "middle", "middle"
        canvas.text(x, y, note.text, size=size, colour=colour, anchor=anchor, baseline=baseline,
                    background=note.bgcolor)


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
                share = 0.0 if high == low else min(1.0, max(0.0, (float(value) - low) / (high - low)))
                fill = sample_colorscale([list(stop) for stop in scale_colours], [share])[0]
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
    _annotations(canvas, figure, Axis(0, 1), Axis(0, 1), map_left, map_right, map_top, map_bottom, font_size,
                 paper=(paper_left, paper_right, map_top, map_bottom))
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
