"""Cetak: a page of the dashboard as an A4 landscape PDF, for handouts and letters.

The entry point takes a generic list of view items, so that any page (the comparison page too) prints
the same way:

    from idm import handout
    printed = handout.render(handout.Handout(
        title="Perbandingan ...", context=chosen.context,          # the header: title, filter context
        items=[view.items[key] for key in (...)],                   # idm.specs items, in print order
        numbers=[handout.Number("Naik status", "790")],             # optional headline numbers
        lines=[view.sentence]))                                     # optional sentences under the header
    printed.data  # the PDF's bytes; printed.pages, printed.failed

What each item becomes: a `Chart` its title in the page's type, then its picture rendered by kaleido
(idm/export.py) across the page at print resolution (subtitle, legend, plot), then its generated
sentence (`note`, each sentence once); a pair of charts the same, side by side; a `Table` its first
rows drawn as a table ("Ditampilkan 20 baris pertama dari 790"); a `VillageMap` its table (pydeck
draws only in a browser); a `Missing` its reason. Every page has a footer with the sources of the
items on it, the date and "halaman 1 dari 3". A chart is never split (it stays on a page that gives
it SHRINK of the room a new page would); a whole table that does not fit moves to the next page, an
excerpt may stop earlier (and says so); so nothing runs past a page's footer (`layout` says where
everything goes).

`for_view(page, view)` and `for_page(db, page, chosen)` give the Handout of one of the dashboard's
pages (PAGES): its title, its items in the page's order, its headline numbers and sentences. The
dashboard's "Cetak (PDF A4)" button (ui/widgets.py) and `python -m idm cetak` use them.

Pages are composed with Pillow, as the rakor deck's PDF is (idm/deck.py: its fonts and line
wrapping), and written by idm/pdf.py with their text beneath the picture, so that the PDF can be
searched and its text copied into a letter. No Streamlit here.
"""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import pandas as pd
import plotly.graph_objects as go
from PIL import Image, ImageDraw, ImageFont

from idm import deck, export, fmt, pdf, transisi, views
from idm.charts import INK
from idm.database import Database
from idm.filters import Filters
from idm.specs import Chart, Item, Missing, Table, VillageMap

# A4 landscape, drawn at print resolution.
DPI = 300
PAGE_MM = (297, 210)


def _px(mm: float) -> int:
    return round(mm * DPI / 25.4)


def _pt(points: float) -> int:
    return round(points * DPI / 72)


PAGE = (_px(PAGE_MM[0]), _px(PAGE_MM[1]))
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = _px(12), _px(9), _px(8)
WIDTH = PAGE[0] - 2 * MARGIN_X  # of the content
GAP = _px(5)  # between two items
# A chart is laid out at least this wide (layout pixels) across the page: the pages' type (17 px) then
# prints at about 10 pt. A taller chart is laid out wider so that it fits a page, never cut.
CHART_WIDTH = 1280
COLUMN_WIDTH = 680  # a chart in one of two columns: the width the pages' side-by-side maps are drawn for
SHRINK = 0.8  # a chart stays on a page that has this share of the room the next page would give it
# A table of up to FULL_ROWS rows prints whole, a longer one its FIRST_ROWS first rows (they come in the
# order that matters, as on the page); the downloads hold every row.
FULL_ROWS, FIRST_ROWS = 25, 20
LEAST_ROWS = 10  # an excerpt fills the rest of a page with at least this many rows, else starts a new page
CELL_LINES = 2  # a long text cell wraps onto this many lines, then ends with '…'
ROW_PAD = _px(0.8)  # above and below a table row's text

# Type sizes in points.
TITLE, CONTEXT, STAMP, RUNNING = 17, 11.5, 9, 8.5
LEAD, NOTE, REASON = 10.5, 9.5, 10
NUMBER_LABEL, NUMBER_VALUE = 9, 18
TABLE_TITLE, CELL_SIZES, CUT = 11, (8.5, 8, 7.5, 7), 8
FOOTER = 7.5
SOURCE_LINES = 2  # the footer's room for its sources (all five sources of idm.specs take two)

GREY, RULE, HEADER_FILL, ZEBRA, MISSING_FILL = "#555555", "#c8c8c8", "#e8eef1", "#f4f6f7", "#f1f1f1"
ACCENT = deck.ACCENT
EMPTY = "–"  # a table cell without a value, as on the page


@dataclass(frozen=True)
class Number:
    """A headline number printed as a tile under the header: 'Naik status' 790."""

    label: str
    value: str
    detail: str = ""


@dataclass(frozen=True)
class Handout:
    """What to print: the header's title and filter context, then numbers, sentences and items."""

    title: str
    context: str  # Filters.context: 'Kalimantan Selatan, Kab. Banjar, 2024 (pembanding 2023)'
    items: Sequence[Item | tuple[Chart, Chart]]  # a pair of charts prints side by side
    numbers: Sequence[Number] = ()
    lines: Sequence[str] = ()  # sentences under the header (a page's generated sentence, its notes)

    @property
    def printable(self) -> bool:
        """Whether anything but reasons would be printed."""
        return any(not isinstance(item, Missing) for item in self.items)

    def reasons(self) -> list[str]:
        return [item.reason for item in self.items if isinstance(item, Missing)]


@dataclass(frozen=True)
class Printed:
    data: bytes
    pages: int
    failed: list[str] = field(default_factory=list)  # charts drawn as a reason instead (strict=False)


# --- text ---------------------------------------------------------------------------------------

@lru_cache(maxsize=32)
def _font(points: float, bold: bool = False) -> ImageFont.FreeTypeFont:
    return deck._font(_pt(points), bold)


_MEASURE = ImageDraw.Draw(Image.new("RGB", (1, 1)))


def _length(text: str, font) -> float:
    return _MEASURE.textlength(text, font=font)


def _line_height(font) -> int:
    return round(font.size * 1.28)


def _baseline(font) -> int:
    """From the top of a line to its baseline."""
    ascent, descent = font.getmetrics()
    return round(ascent + (_line_height(font) - ascent - descent) / 2)


def _cut(text: str, font, width: float) -> str:
    """The text, or as much of it as fits `width` followed by '…'."""
    if _length(text, font) <= width:
        return text
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if _length(text[:middle].rstrip() + "…", font) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…"


def _lines(text: str, font, width: float, most: int | None = None) -> list[str]:
    """The text wrapped to `width`, every line fitting; past `most` lines the last ends with '…'."""
    wrapped = [_cut(line, font, width) for line in deck._wrap(_MEASURE, " ".join(str(text).split()), font, int(width))]
    if most is not None and len(wrapped) > most:
        wrapped = [*wrapped[:most - 1], _cut(wrapped[most - 1] + " " + wrapped[most], font, width - 1)]
        if not wrapped[-1].endswith("…"):
            wrapped[-1] = _cut(wrapped[-1] + " …", font, width)
    return wrapped


class _Sheet:
    """One page being drawn, and the words on it for the PDF's text layer."""

    def __init__(self) -> None:
        self.picture = Image.new("RGB", PAGE, "white")
        self.draw = ImageDraw.Draw(self.picture)
        self.words: list[pdf.Words] = []

    def text(self, x: float, top: float, text: str, font, *, fill: str = INK, right: bool = False) -> None:
        """One line whose box starts at `top`; `x` its left edge, or its right edge when `right`."""
        if not text:
            return
        width = _length(text, font)
        left = x - width if right else x
        baseline = top + _baseline(font)
        self.draw.text((left, baseline), text, font=font, fill=fill, anchor="ls")
        self.words.append(pdf.Words(left, baseline, font.size, text, width))

    def paragraph(self, x: float, top: float, lines: Sequence[str], font, *, fill: str = INK) -> None:
        for number, line in enumerate(lines):
            self.text(x, top + number * _line_height(font), line, font, fill=fill)


# --- blocks: what an item takes on a page -------------------------------------------------------

@dataclass
class _Placed:
    """A block laid out: its height, the sources it adds to the page's footer, and how to draw it."""

    height: int
    sources: tuple[str, ...]
    draw: Callable[[_Sheet, int], None]


class _Block:
    def fit(self, room: int, *, fresh: bool) -> _Placed | None:
        """The block laid out in `room` pixels of height, or None when it belongs on the next page.
        On a fresh (empty) page it always fits."""
        raise NotImplementedError


class _Paragraphs(_Block):
    def __init__(self, lines: Sequence[str], points: float = LEAD, fill: str = INK):
        self.font = _font(points)
        self.fill = fill
        self.lines = [wrapped for line in lines if line for wrapped in _lines(line, self.font, WIDTH)]

    def fit(self, room: int, *, fresh: bool) -> _Placed | None:
        step = _line_height(self.font)
        shown = self.lines if len(self.lines) * step <= room or not fresh else self.lines[:max(1, room // step)]
        if len(shown) * step > room and not fresh:
            return None
        return _Placed(len(shown) * step, (), lambda sheet, top: sheet.paragraph(MARGIN_X, top, shown, self.font,
                                                                                  fill=self.fill))


class _Numbers(_Block):
    """Headline numbers as a row of tiles."""

    def __init__(self, numbers: Sequence[Number]):
        self.numbers = list(numbers)
        self.label, self.value, self.detail = _font(NUMBER_LABEL), _font(NUMBER_VALUE, bold=True), _font(NUMBER_LABEL)

    def fit(self, room: int, *, fresh: bool) -> _Placed | None:
        pad = _px(2.5)
        height = (2 * pad + _line_height(self.label) + _line_height(self.value)
                  + (_line_height(self.detail) if any(n.detail for n in self.numbers) else 0))
        if height > room and not fresh:
            return None
        gap = _px(4)
        count = len(self.numbers)
        tile = min(_px(62), (WIDTH - gap * (count - 1)) // count)

        def draw(sheet: _Sheet, top: int) -> None:
            for position, number in enumerate(self.numbers):
                left = MARGIN_X + position * (tile + gap)
                sheet.draw.rectangle([left, top, left + tile, top + height], outline=RULE, width=2)
                sheet.draw.rectangle([left, top, left + _px(1.2), top + height], fill=ACCENT)
                x, y, inner = left + _px(3.5), top + pad, tile - _px(5)
                sheet.text(x, y, _cut(number.label, self.label, inner), self.label, fill=GREY)
                y += _line_height(self.label)
                sheet.text(x, y, _cut(number.value, self.value, inner), self.value)
                y += _line_height(self.value)
                sheet.text(x, y, _cut(number.detail, self.detail, inner), self.detail, fill=GREY)

        return _Placed(height, (), draw)


class _Picture(_Block):
    """Charts across the page, one or two side by side: each chart's title drawn on the page (as a
    table's is), its picture below (subtitle, legend, plot) and its generated sentence under that."""

    def __init__(self, charts: Sequence[Chart], *, notes: Sequence[str], strict: bool, failed: list[str]):
        self.charts = list(charts)
        count = len(self.charts)
        self.column = (WIDTH - GAP * (count - 1)) // count
        least = CHART_WIDTH if count == 1 else COLUMN_WIDTH
        self.figures = [_untitled(chart) for chart in self.charts]
        self.sizes = [(max(least, int(chart.figure.layout.width or 0)), int(figure.layout.height))
                      for chart, figure in zip(self.charts, self.figures)]
        self.title_font, self.font = _font(TABLE_TITLE, bold=True), _font(NOTE)
        self.titles = [_lines(chart.title, self.title_font, self.column, 2) for chart in self.charts]
        self.notes = [_lines(note, self.font, self.column, 4) if note else [] for note in notes]
        self.strict, self.failed = strict, failed

    def fit(self, room: int, *, fresh: bool) -> _Placed | None:
        above = max(len(title) for title in self.titles) * _line_height(self.title_font) + _px(1)
        below = max((_px(2) + len(note) * _line_height(self.font)) if note else 0 for note in self.notes)
        natural = max(round(self.column * high / wide) for wide, high in self.sizes)
        height = min(natural, room - above - below)
        # Here rather than on the next page, unless the next page would print it much larger.
        if height < SHRINK * min(natural, BODY_BOTTOM - BODY_TOP - above - below) and not fresh:
            return None
        height = max(height, 1)
        # Same width on paper, laid out wider: a figure keeps its height (legend and margins stay where its
        # builder put them) and gets more room across.
        widths = [max(wide, round(high * self.column / height)) for wide, high in self.sizes]

        def draw(sheet: _Sheet, top: int) -> None:
            for position in range(len(self.charts)):
                left = MARGIN_X + position * (self.column + GAP)
                sheet.paragraph(left, top, self.titles[position], self.title_font)
                self._draw_picture(sheet, position, left, top + above, widths[position])
                sheet.paragraph(left, top + above + height + _px(2), self.notes[position], self.font)

        return _Placed(above + height + below, tuple(chart.source for chart in self.charts), draw)

    def _draw_picture(self, sheet: _Sheet, position: int, left: int, top: int, layout_width: int) -> None:
        chart, layout_height = self.charts[position], self.sizes[position][1]
        size = (self.column, round(self.column * layout_height / layout_width))
        figure = go.Figure(self.figures[position])
        figure.update_layout(width=layout_width)
        try:
            png = export.image(figure, "png", scale=self.column / layout_width)
        except export.RenderError as error:
            if self.strict:
                raise
            self.failed.append(f"{chart.title}: {error}")
            _reason_box(sheet, left, top, size, f"Grafik «{chart.title}» tidak dapat digambar: {error}")
            return
        picture = Image.open(io.BytesIO(png)).convert("RGB")
        if picture.size != size:
            picture = picture.resize(size, Image.LANCZOS)
        sheet.picture.paste(picture, (left, top))


_TITLE_LINE = re.compile(r"^<b>.*?</b>(<br>)?", re.S)


def _untitled(chart: Chart) -> go.Figure:
    """The chart's figure without its bold title line, which the page draws in its own type (as the rakor
    deck puts it on the slide: export.printable, with_title=False). The subtitle lines move up into the
    title's place and the figure gets as much shorter, so that subtitle, legend and plot keep their
    distances and sizes."""
    figure = go.Figure(chart.figure)
    text = figure.layout.title.text or ""
    if not _TITLE_LINE.match(text):
        return figure  # not a title this module knows how to take out: the picture keeps it
    rest = _TITLE_LINE.sub("", text, count=1)
    lines = rest.count("<br>") + 1 if rest else 0
    # Measured with kaleido for idm.charts.base_layout's type (24 px title, 15 px subtitle): Plotly sets a
    # title of several lines higher, so one line is anchored 8 px from the top and several 20 px; the
    # subtitle then starts 24 (one line) or 29 px (several) higher than under the title.
    anchor, saved = (8, 24) if lines == 1 else (20, 29) if lines else (20, 30)
    height = int(figure.layout.height or 560)
    top = figure.layout.margin.t if figure.layout.margin.t is not None else 100
    saved = min(saved, max(0, top - 20))
    height -= saved
    figure.update_layout(title_text=rest or None, height=height, margin_t=top - saved, title_y=1 - anchor / height)
    return figure


def _reason_box(sheet: _Sheet, left: int, top: int, size: tuple[int, int], reason: str) -> None:
    """A reason where a picture would be, in a grey box of the picture's size."""
    font = _font(REASON)
    step = _line_height(font)
    lines = _lines(reason, font, size[0] - _px(10), max(1, (size[1] - 2 * _px(3)) // step))
    sheet.draw.rectangle([left, top, left + size[0], top + size[1]], fill=MISSING_FILL)
    sheet.paragraph(left + _px(5), top + _px(3), lines, font, fill=GREY)


class _Reason(_Block):
    """Why an item cannot be drawn: a grey box with the reason."""

    def __init__(self, reason: str):
        self.font = _font(REASON)
        self.lines = _lines(reason, self.font, WIDTH - _px(10))

    def fit(self, room: int, *, fresh: bool) -> _Placed | None:
        pad, step = _px(3), _line_height(self.font)
        lines = self.lines
        if 2 * pad + len(lines) * step > room:
            if not fresh:
                return None
            lines = _lines(" ".join(lines), self.font, WIDTH - _px(10), max(1, (room - 2 * pad) // step))
        height = 2 * pad + len(lines) * step

        def draw(sheet: _Sheet, top: int) -> None:
            sheet.draw.rectangle([MARGIN_X, top, MARGIN_X + WIDTH, top + height], fill=MISSING_FILL)
            sheet.draw.rectangle([MARGIN_X, top, MARGIN_X + _px(1.2), top + height], fill="#999999")
            sheet.paragraph(MARGIN_X + _px(5), top + pad, lines, self.font, fill=GREY)

        return _Placed(height, (), draw)


def _cells(table: Table, rows: int) -> tuple[list[str], list[list[str]], list[bool]]:
    """Headers, the first `rows` rows as the page shows them (Indonesian numbers, '–' for none) and
    which columns are numbers (right-aligned)."""
    frame = table.frame.head(rows)
    columns, numeric = [], []
    for column in table.frame.columns:
        spec = fmt.column_format(table.frame[column], table.formats.get(column))
        formatter = fmt.formatter(spec) if spec else None
        numeric.append(formatter is not None)

        def shown(value, formatter=formatter) -> str:
            if value is None or value is pd.NA or (isinstance(value, float) and value != value):
                return EMPTY
            if isinstance(value, bool):
                return "ya" if value else "tidak"
            text = formatter(value) if formatter is not None else " ".join(str(value).split())
            return text or EMPTY

        columns.append([shown(value) for value in frame[column]])
    body = [list(row) for row in zip(*columns)] if columns else []
    return [" ".join(str(c).split()) for c in table.frame.columns], body, numeric


class _Grid(_Block):
    """A table's first rows: title, wrapped header, zebra rows, numbers right-aligned."""

    def __init__(self, table: Table, *, title: str | None = None, caption: str = ""):
        self.table = table
        self.total = len(table.frame)
        self.planned = self.total if self.total <= FULL_ROWS else FIRST_ROWS
        self.headers, self.body, self.numeric = _cells(table, self.planned)
        self.title_font, self.cut_font = _font(TABLE_TITLE, bold=True), _font(CUT)
        self.title = _lines(title or table.title, self.title_font, WIDTH, 2)
        self.caption = _lines(caption, self.cut_font, WIDTH, 2) if caption else []
        self._columns()

    def _columns(self) -> None:
        """Column widths: each column as wide as its widest cell and header when the page allows,
        else headers wrap and long texts share what numbers leave."""
        pad = _px(1.6)
        room = 2 * pad + 3  # and a few pixels, so that a cell measured to fit is never cut by rounding
        for points in CELL_SIZES:
            font, bold = _font(points), _font(points, bold=True)
            natural, least = [], []
            for position, header in enumerate(self.headers):
                cells = max((_length(row[position], font) for row in self.body), default=0) + room
                whole = _length(header, bold) + room
                word = max((_length(w, bold) for w in header.split()), default=0) + room
                if self.numeric[position]:
                    least.append(max(cells, word))
                    natural.append(max(cells, whole))
                else:
                    least.append(max(word, min(cells, _px(24))))
                    natural.append(max(least[-1], min(max(cells, whole), _px(90))))
            if sum(least) <= WIDTH or points == CELL_SIZES[-1]:
                break
        if sum(natural) <= WIDTH:
            widths = natural
        elif sum(least) <= WIDTH:
            spare, wanted = WIDTH - sum(least), sum(n - m for n, m in zip(natural, least))
            widths = [m + (n - m) * spare / wanted for n, m in zip(natural, least)]
        else:
            widths = [m * WIDTH / sum(least) for m in least]
        self.font, self.bold, self.pad = font, bold, pad
        self.widths = [int(w) for w in widths]
        self.header_lines = [_lines(h, bold, w - 2 * pad, 3) for h, w in zip(self.headers, self.widths)]
        self.cell_lines = [[_lines(cell, font, w - 2 * pad, CELL_LINES) for cell, w in zip(row, self.widths)]
                           for row in self.body]
        step = _line_height(font)
        self.header_height = max((len(lines) for lines in self.header_lines), default=1) * step + 2 * ROW_PAD
        self.row_heights = [max((len(lines) for lines in row), default=1) * step + 2 * ROW_PAD
                            for row in self.cell_lines]

    def _height(self, rows: int) -> int:
        head = len(self.title) * _line_height(self.title_font) + _px(1.5)
        head += len(self.caption) * _line_height(self.cut_font)
        cut = _line_height(self.cut_font) + _px(1) if rows < self.total else 0
        return head + self.header_height + sum(self.row_heights[:rows]) + cut

    def fit(self, room: int, *, fresh: bool) -> _Placed | None:
        rows = self.planned
        # A whole table moves to the next page rather than lose rows; an excerpt may stop earlier.
        least = rows if rows == self.total else min(rows, LEAST_ROWS)
        if self._height(rows) > room:
            if not fresh and self._height(least) > room:
                return None
            while rows > 1 and self._height(rows) > room:
                rows -= 1
        return _Placed(self._height(rows), (self.table.source,), lambda sheet, top: self._draw(sheet, top, rows))

    def _draw(self, sheet: _Sheet, top: int, rows: int) -> None:
        y = top
        sheet.paragraph(MARGIN_X, y, self.title, self.title_font)
        y += len(self.title) * _line_height(self.title_font) + _px(1.5)
        sheet.paragraph(MARGIN_X, y, self.caption, self.cut_font, fill=GREY)
        y += len(self.caption) * _line_height(self.cut_font)
        right = MARGIN_X + sum(self.widths)
        step = _line_height(self.font)

        def row(lines_per_cell: list[list[str]], height: int, font, fill: str | None) -> None:
            if fill:
                sheet.draw.rectangle([MARGIN_X, y, right, y + height], fill=fill)
            x = MARGIN_X
            for lines, width, numeric in zip(lines_per_cell, self.widths, self.numeric):
                for number, line in enumerate(lines):
                    if numeric:
                        sheet.text(x + width - self.pad, y + ROW_PAD + number * step, line, font, right=True)
                    else:
                        sheet.text(x + self.pad, y + ROW_PAD + number * step, line, font)
                x += width

        row(self.header_lines, self.header_height, self.bold, HEADER_FILL)
        y += self.header_height
        sheet.draw.line([MARGIN_X, y, right, y], fill=GREY, width=2)
        for number in range(rows):
            row(self.cell_lines[number], self.row_heights[number], self.font, ZEBRA if number % 2 else None)
            y += self.row_heights[number]
        sheet.draw.line([MARGIN_X, y, right, y], fill=RULE, width=2)
        if rows < self.total:
            said = (f"Ditampilkan {fmt.count(rows)} baris pertama dari {fmt.count(self.total)}; unduhan CSV dan XLSX "
                    "di dasbor berisi semuanya.")
            sheet.text(MARGIN_X, y + _px(1), said, self.cut_font, fill=GREY)


def _blocks(handout: Handout, *, strict: bool, failed: list[str]) -> list[_Block]:
    blocks: list[_Block] = []
    if handout.numbers:
        blocks.append(_Numbers(handout.numbers))
    said = {line for line in handout.lines if line}
    if said:
        blocks.append(_Paragraphs([line for line in handout.lines if line]))
    for item in handout.items:
        if isinstance(item, Chart) or (isinstance(item, tuple) and all(isinstance(c, Chart) for c in item)):
            charts = [item] if isinstance(item, Chart) else list(item)
            notes = [chart.note if chart.note not in said else "" for chart in charts]
            said.update(chart.note for chart in charts)
            blocks.append(_Picture(charts, notes=notes, strict=strict, failed=failed))
        elif isinstance(item, Table):
            blocks.append(_Grid(item))
        elif isinstance(item, VillageMap):
            blocks.append(_Grid(item.table, title=item.title,
                                caption="Peta desa hanya dapat dilihat di dasbor; yang dicetak: angka per desa."))
        elif isinstance(item, Missing):
            blocks.append(_Reason(item.reason))
    return blocks


# --- pages --------------------------------------------------------------------------------------

def _header_height(handout: Handout | None, *, first: bool) -> int:
    if first and handout is not None:
        title = _lines(handout.title, _font(TITLE, bold=True), WIDTH - _px(45), 2)
        context = _lines(handout.context, _font(CONTEXT), WIDTH, 2)
        return (len(title) * _line_height(_font(TITLE, bold=True)) + len(context) * _line_height(_font(CONTEXT))
                + _px(2.5) + _px(5))
    return _line_height(_font(RUNNING)) + _px(1.5) + _px(4)


def _draw_header(sheet: _Sheet, handout: Handout, *, first: bool, today: date) -> None:
    y = MARGIN_TOP
    if first:
        title_font, context_font = _font(TITLE, bold=True), _font(CONTEXT)
        title = _lines(handout.title, title_font, WIDTH - _px(45), 2)
        sheet.paragraph(MARGIN_X, y, title, title_font)
        stamp = _font(STAMP)
        sheet.text(MARGIN_X + WIDTH, y + _baseline(title_font) - _baseline(stamp),
                   f"Dicetak {today.strftime('%d-%m-%Y')}", stamp, fill=GREY, right=True)
        y += len(title) * _line_height(title_font)
        context = _lines(handout.context, context_font, WIDTH, 2)
        sheet.paragraph(MARGIN_X, y, context, context_font, fill=GREY)
        y += len(context) * _line_height(context_font) + _px(1.5)
        sheet.draw.line([MARGIN_X, y, MARGIN_X + WIDTH, y], fill=RULE, width=2)
        sheet.draw.rectangle([MARGIN_X, y - _px(0.6), MARGIN_X + _px(40), y + _px(0.6)], fill=ACCENT)
        return
    font = _font(RUNNING)
    sheet.text(MARGIN_X, y, _cut(f"{handout.title} · {handout.context}", font, WIDTH), font, fill=GREY)
    y += _line_height(font) + _px(1.5)
    sheet.draw.line([MARGIN_X, y, MARGIN_X + WIDTH, y], fill=RULE, width=2)


FOOTER_TOP = PAGE[1] - MARGIN_BOTTOM - (SOURCE_LINES + 1) * _line_height(_font(FOOTER)) - _px(2)
BODY_BOTTOM = FOOTER_TOP - _px(3)
BODY_TOP = MARGIN_TOP + _header_height(None, first=False) + _px(1)  # on every page after the first


def _sources(placed: Sequence[_Placed]) -> str:
    """'Sumber: A; B': every source of the page's items once, in order."""
    named: list[str] = []
    for block in placed:
        for source in block.sources:
            for part in source.split(";"):
                if part.strip() and part.strip() not in named:
                    named.append(part.strip())
    return "Sumber: " + "; ".join(named) + "." if named else ""


def _draw_footer(sheet: _Sheet, sources: str, *, page: int, pages: int, today: date) -> None:
    font, step = _font(FOOTER), _line_height(_font(FOOTER))
    last = FOOTER_TOP + _px(2) + SOURCE_LINES * step
    lines = _lines(sources, font, WIDTH, SOURCE_LINES) if sources else []
    first = last - len(lines) * step
    sheet.draw.line([MARGIN_X, first - _px(1.5), MARGIN_X + WIDTH, first - _px(1.5)], fill=RULE, width=2)
    sheet.paragraph(MARGIN_X, first, lines, font, fill=GREY)
    sheet.text(MARGIN_X, last, f"Dasbor IDM, dicetak {today.strftime('%d-%m-%Y')}", font, fill=GREY)
    sheet.text(MARGIN_X + WIDTH, last, f"halaman {page} dari {pages}", font, fill=GREY, right=True)


@dataclass(frozen=True)
class Layout:
    """Where every block of every page goes: (top, placed) per page, and the body's limits."""

    pages: list[list[tuple[int, _Placed]]]
    first_top: int
    top: int
    bottom: int


def layout(handout: Handout, *, strict: bool = True, failed: list[str] | None = None) -> Layout:
    """Blocks onto pages, top to bottom: a block that does not fit the room left starts a new page."""
    first_top = MARGIN_TOP + _header_height(handout, first=True) + _px(1)
    top, bottom = BODY_TOP, BODY_BOTTOM
    pages: list[list[tuple[int, _Placed]]] = [[]]
    y = first_top
    for block in _blocks(handout, strict=strict, failed=failed if failed is not None else []):
        placed = block.fit(bottom - y, fresh=not pages[-1])
        if placed is None:
            pages.append([])
            y = top
            placed = block.fit(bottom - y, fresh=True)
        pages[-1].append((y, placed))
        y += placed.height + GAP
    return Layout(pages, first_top, top, bottom)


def _draw(handout: Handout, planned: Layout, today: date) -> Iterator[pdf.Page]:
    """The pages drawn one at a time (a page at print resolution holds ~11 MB until it is written)."""
    for number, placed in enumerate(planned.pages, start=1):
        sheet = _Sheet()
        _draw_header(sheet, handout, first=number == 1, today=today)
        for top, block in placed:
            block.draw(sheet, top)
        _draw_footer(sheet, _sources([block for _, block in placed]), page=number, pages=len(planned.pages),
                     today=today)
        yield pdf.Page(sheet.picture, sheet.words)


# One print at a time: the fonts are shared, and kaleido draws one figure at a time anyway.
_PRINTING = threading.Lock()


def pictures(handout: Handout, *, today: date | None = None) -> list[Image.Image]:
    """The pages as pictures (for looking at them and for tests)."""
    with _PRINTING:
        return [page.picture for page in _draw(handout, layout(handout), today or date.today())]


def render(handout: Handout, *, today: date | None = None, strict: bool = True) -> Printed:
    """The PDF. strict: a chart that cannot be rendered raises export.RenderError; otherwise its place
    says why (the dashboard's button: a download must not fail half-way) and `failed` names it."""
    failed: list[str] = []
    with _PRINTING:
        planned = layout(handout, strict=strict, failed=failed)
        data = pdf.write(_draw(handout, planned, today or date.today()), size=pdf.A4_LANDSCAPE, width_of=_advance,
                         title=handout.title, subject=handout.context)
    return Printed(data, len(planned.pages), failed)


def _advance(char: str) -> float:
    """A character's width in the regular font, in thousandths of the size (the PDF's text layer)."""
    return _length(char, _font_units())


@lru_cache(maxsize=1)
def _font_units() -> ImageFont.FreeTypeFont:
    return deck._font(1000)


# --- the dashboard's pages ----------------------------------------------------------------------

TITLES: dict[str, Callable[[Filters], str]] = {
    "ringkasan": lambda chosen: f"Ringkasan IDM {chosen.area_name}",
    "target": lambda chosen: f"Target dan capaian {chosen.area_name}",
    "tren": lambda chosen: f"Tren IDM {chosen.area_name}",
    "peta": lambda chosen: f"Peta IDM {chosen.area_name}",
    "transisi": lambda chosen: f"Transisi status desa {chosen.area_name}",
    "kemiskinan": lambda chosen: f"IDM dan kemiskinan {chosen.province_name}",
    "desa": lambda chosen: f"Desa hampir naik status, {chosen.area_name} {chosen.year}",
    "indikator": lambda chosen: f"Indikator IDM {chosen.area_name}",
}
PAGES = tuple(TITLES)

# Items a page shows before the rest of its view (the rest follow in the view's order).
FIRST = {
    "target": ("papan", "rencana-", "laju", "semua"),
    "kemiskinan": ("tahun", "perubahan", "perubahan-tabel", "per-tahun"),
    "transisi": ("sankey", "matriks", "matriks-tabel", "naik", "turun", "lompat", "terbesar"),
}


def _ordered(page: str, items: dict[str, Item]) -> list[Item]:
    keys = list(items)
    first = [k for prefix in FIRST.get(page, ()) for k in keys if k == prefix or
             (prefix.endswith("-") and k.startswith(prefix))]
    return [items[k] for k in dict.fromkeys([*first, *keys])]


def _extras(page: str, view) -> tuple[list[Number], list[str]]:
    """The headline numbers and sentences a page shows above its items."""
    if page == "transisi":
        counts = view.counts
        numbers = [Number("Naik status", fmt.count(counts["up"])), Number("Tetap", fmt.count(counts["same"])),
                   Number("Turun status", fmt.count(counts["down"])),
                   Number(f"Lompat ≥{transisi.JUMP} tingkat", fmt.count(counts["jumps"])),
                   Number("Di luar perbandingan", fmt.count(counts["outside"]))]
        return numbers, [view.sentence, view.note]
    if page == "indikator":
        return [Number("Desa dengan skor indikator", fmt.count(view.villages)),
                Number("Indikator dengan ≥ 50% desa skor 0–2", f"{view.half_low} dari {view.indicators}"),
                Number("Desa naik status dengan 1–2 indikator", fmt.count(view.quick))], []
    if page == "tren":
        published = (f"Tahun {', '.join(map(str, view.published))} (ditandai * dan titik terbuka): hanya angka IDM "
                     "provinsi yang dipublikasikan, tanpa nilai per kabupaten/desa, IKS/IKE/IKL maupun sebaran IDM "
                     "desa." if view.published else "")
        return [], [published, view.table_caption]
    if page == "peta":
        return [], [view.notice]
    if page == "kemiskinan":
        return [], [view.coverage, view.year_notice]
    if page == "target":
        return [], [view.sentence]
    return [], []


def for_view(page: str, view, *, title: str | None = None) -> Handout:
    """The Handout of a dashboard page from its built view (idm.views.BUILDERS[page]); a page not in
    PAGES prints its items in the view's order under `title`."""
    chosen: Filters = view.filters
    heading = title or (TITLES[page](chosen) if page in TITLES else page)
    empty = getattr(view, "empty", None)
    if page == "indikator" and empty:
        extra = view.dimensions.items.values() if view.dimensions and not view.dimensions.empty else ()
        return Handout(heading, chosen.context, [Missing(empty), *extra])
    if empty:
        return Handout(heading, chosen.context, [Missing(empty)])
    numbers, lines = _extras(page, view)
    items: list[Item | tuple[Chart, Chart]] = _ordered(page, view.items)
    top, districts = view.items.get("atas"), view.items.get("kecamatan")
    if page == "peta" and isinstance(top, Chart) and isinstance(districts, Chart):
        # Drawn for two columns, as the page shows them.
        items = [(top, districts), *(item for item in items if item is not top and item is not districts)]
    return Handout(heading, chosen.context, items, numbers, [line for line in lines if line])


def for_page(db: Database, page: str, chosen: Filters) -> Handout:
    """Build the page's view for the filters (its other choices as the page starts) and its Handout."""
    if page not in PAGES:
        raise LookupError(f"Halaman '{page}' tidak dikenal; pilih salah satu: {', '.join(PAGES)}.")
    return for_view(page, views.BUILDERS[page](db, chosen=chosen))
