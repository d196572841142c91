"""Downloads: a chart as PNG/SVG with its title, filter context and source in the image; a table as
CSV/XLSX. Title and source come from the spec (idm.specs), the context from the filters.

Images are rendered on the server by kaleido driving the Chromium of `config.browser_path()`, offline
(no CDN, no map tiles), with a time limit: a missing or stuck Chromium gives `RenderError` with an
Indonesian message, never a hang. No Streamlit here: the pages call it through ui/widgets.py, the rakor
deck (idm/deck.py) directly.

Exported text is data from outside (village names come from official files, which offices re-save):
a text cell that a spreadsheet would read as a formula is written as text.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import contextlib
import hashlib
import io
import json
import logging
import os
import re
import signal
import textwrap
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from idm import config, fmt
from idm.charts import plain
from idm.specs import Chart, Table

# A projector slide: 16:9, drawn at 1280x720 so that the pages' type sizes read the same,
# written at 1.5x so that the PNG is 1920x1080.
WIDTH, HEIGHT, SCALE = 1280, 720, 1.5
FOOTER_SIZE = 14
FOOTER_HEIGHT = 48  # two footer lines and a little air, in layout pixels
FOOTER_LINE = 19  # each further line (a published figure's citation)
CITATION_WIDTH = 165  # characters of a footer line at FOOTER_SIZE across WIDTH layout pixels
SUBTITLE_WIDTH, SUBTITLE_LINE = 140, 22  # a slide picture's subtitle line: characters across WIDTH, pixels
# Starting Chromium takes ~2 s, a figure ~0.2 s on the 2-core office server; far beyond that it is stuck.
START_TIMEOUT, FIGURE_TIMEOUT, STOP_TIMEOUT = 25, 20, 3

MIME = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
}

# What a spreadsheet reads as the start of a formula (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class RenderError(RuntimeError):
    """A chart image could not be rendered; the message says why in Indonesian."""


@dataclass(frozen=True)
class Stamp:
    """What every exported image and table says about itself."""

    context: str  # Filters.context: 'Kalimantan Selatan, Kab. Banjar, 2024 (pembanding 2023)'
    source: str
    made: date
    citation: str = ""  # where the published figures shown were published (specs.published_sources)

    def lines(self, width: int = CITATION_WIDTH) -> list[str]:
        """The context, the source, and the published figures' citation wrapped at `width` characters."""
        cited = textwrap.wrap(f"Sumber {self.citation}", width) if self.citation else []
        return [self.context, f"Sumber: {self.source} · Dasbor IDM, dibuat {self.made.strftime('%d-%m-%Y')}", *cited]


def stamp(filters, item: Chart | Table, made: date | None = None) -> Stamp:
    return Stamp(context=filters.context, source=item.source, made=made or date.today(),
                 citation=item.citation if isinstance(item, Chart) else "")


# --- figures -----------------------------------------------------------------------------------

def printable(chart: Chart, stamp: Stamp, *, width: int = WIDTH, height: int = HEIGHT,
              with_title: bool = True, figure: go.Figure | None = None) -> go.Figure:
    """A copy of a chart's figure at a fixed size with the stamp (context, source, date) as a footer.

    A figure taller than the canvas (a long ranking) gets a larger canvas of the same aspect ratio
    rather than squeezed bars. Without its title (the deck puts the title on the slide), the
    subtitle stays. `figure`: the chart's figure as the caller wants it drawn (the deck's larger type).
    """
    figure = figure if figure is not None else chart.figure  # the deck's: with larger type
    printed = go.Figure(figure)
    lines = stamp.lines(width=round(CITATION_WIDTH * width / WIDTH))
    if stamp.context in chart.subtitle:
        lines = lines[1:]  # the subtitle already says it
    footer = FOOTER_HEIGHT + FOOTER_LINE * max(0, len(lines) - 2)
    needed = (figure.layout.height or 560) + footer
    if needed > height:
        width, height = round(width * needed / height), needed
    margin = printed.layout.margin
    top = margin.t if margin.t is not None else 100
    bottom = (margin.b if margin.b is not None else 40) + footer + 20
    if not with_title:
        # The figure's own subtitle lines (escaped by base_layout), each wrapped to the picture's width.
        heading = figure.layout.title.text or ""
        written = re.sub(r"<[^>]+>", "", heading.split("<br>", 1)[1].replace("<br>", "\n")) if "<br>" in heading else ""
        wrapped = [part for line in written.split("\n") if line.strip()
                   for part in textwrap.wrap(line, round(SUBTITLE_WIDTH * width / WIDTH))]
        text = ("<span style='font-size:17px;color:#555'>" + "<br>".join(wrapped) + "</span>") if wrapped else None
        printed.update_layout(title_text=text)
        top = max(70, top - 40) + SUBTITLE_LINE * max(0, len(wrapped) - heading.count("<br>")) if wrapped else 40
    printed.update_layout(width=width, height=height, margin={"t": top, "b": bottom},
                          title_y=1 - 30 / height)  # multi-line titles need the air
    printed.add_annotation(
        text="<br>".join(plain(line) for line in lines), xref="paper", yref="paper", x=0, y=0, xanchor="left",
        yanchor="bottom",
        yshift=-(bottom - 10), showarrow=False, align="left", font={"size": FOOTER_SIZE, "color": "#555"},
    )
    return printed


class _Renderer:
    """One Chromium for the whole process, driven by kaleido on its own event loop thread, one figure at
    a time, each with a time limit. Bytes are kept per figure JSON."""

    def __init__(self, capacity: int = 64):
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, bytes] = OrderedDict()
        self._capacity = capacity
        self._loop: asyncio.AbstractEventLoop | None = None
        self._kaleido = None
        self.failure: str | None = None  # why the last render failed, until one succeeds

    def render(self, spec: dict, opts: dict) -> bytes:
        key = hashlib.sha256(json.dumps([spec, opts], sort_keys=True, default=str).encode()).hexdigest()
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
            image = self._calc(spec, opts)
            self._cache[key] = image
            if len(self._cache) > self._capacity:
                self._cache.popitem(last=False)
            return image

    def _run(self, coroutine, timeout: float):
        future = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        try:
            return future.result(timeout=timeout)
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise

    def _start(self) -> None:
        problem = unavailable()
        if problem:
            raise RenderError(problem)
        browser = config.browser_path()
        from kaleido import Kaleido

        if self._loop is None:
            self._loop = asyncio.new_event_loop()
            threading.Thread(target=self._loop.run_forever, name="kaleido", daemon=True).start()
        # mathjax=False: kaleido would otherwise load MathJax from a CDN.
        kaleido = Kaleido(n=1, timeout=FIGURE_TIMEOUT, mathjax=False, path=str(browser))
        self._kaleido = kaleido  # known to shutdown() while it starts
        try:
            self._run(kaleido.open(), START_TIMEOUT)
        except Exception as error:
            self._stop(kaleido)
            self._kaleido = None
            raise RenderError(f"Gambar grafik tidak dapat dibuat: Chromium ({browser}) tidak dapat dijalankan "
                              f"dalam {START_TIMEOUT} detik ({type(error).__name__}).") from error
        self._kaleido = kaleido

    def shutdown(self) -> None:
        """At exit: the browser must not outlive the process (a stuck one would otherwise stay). Its
        watchdog's warning on seeing it go ("Wait expired, Browser is being closed by watchdog.") is ours
        to expect, not the user's to read."""
        logging.getLogger("choreographer").setLevel(logging.ERROR)
        if self._kaleido is not None:
            _kill(self._kaleido)

    def _stop(self, kaleido) -> None:
        """Close the browser; one that does not close in STOP_TIMEOUT is killed, never left running."""
        logging.getLogger("choreographer").setLevel(logging.ERROR)  # its watchdog would warn of our own stop
        with contextlib.suppress(Exception):
            self._run(kaleido.close(), STOP_TIMEOUT)
        _kill(kaleido)

    def _calc(self, spec: dict, opts: dict) -> bytes:
        try:
            for attempt in (1, 2):
                if self._kaleido is None:
                    self._start()
                try:
                    image = self._run(self._kaleido.calc_fig(spec, opts=opts), FIGURE_TIMEOUT)
                    self.failure = None
                    return image
                except Exception as error:
                    # A browser that died or hangs (machine asleep, killed) is replaced once.
                    self._stop(self._kaleido)
                    self._kaleido = None
                    if attempt == 2:
                        raise RenderError(f"Gambar grafik tidak selesai dibuat dalam {FIGURE_TIMEOUT} detik oleh "
                                          f"Chromium ({type(error).__name__}); coba lagi.") from error
        except RenderError as error:
            self.failure = str(error)
            raise
        raise AssertionError("unreachable")


def _descendants(pid: int) -> list[int]:
    """Every process below `pid` (Linux /proc): choreographer starts Chromium through a wrapper process."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, queue = [], [pid]
    while queue:
        for child in children.get(queue.pop(), []):
            found.append(child)
            queue.append(child)
    return found


def _kill(kaleido) -> None:
    """Kill the browser kaleido started, its wrapper and everything below them."""
    process = getattr(kaleido, "subprocess", None)  # choreographer's process
    if process is None or process.poll() is not None:
        return
    for pid in [*_descendants(process.pid), process.pid]:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(Exception):
        process.wait(timeout=1)


_renderer = _Renderer()
atexit.register(_renderer.shutdown)


def unavailable() -> str | None:
    """Why chart images cannot be rendered on this server (no Chromium), in Indonesian; None when they can."""
    browser = config.browser_path()
    if browser.is_file() and os.access(browser, os.X_OK):
        return None
    return (f"Gambar grafik (PNG, SVG, bahan rakor) tidak dapat dibuat: Chromium tidak ditemukan di {browser}. "
            "Pasang dengan `apt-get install chromium` (atau atur BROWSER_PATH), lalu muat ulang halaman.")


def last_failure() -> str | None:
    """Why the last image failed, until one succeeds again."""
    return _renderer.failure


def image(figure: go.Figure, image_format: str = "png", *, scale: float = SCALE) -> bytes:
    """A figure that already has its size (see `printable`) as PNG or SVG bytes. RenderError on failure."""
    spec = json.loads(figure.to_json())
    opts = {"format": image_format, "width": figure.layout.width, "height": figure.layout.height,
            "scale": scale if image_format == "png" else 1}
    return _renderer.render(spec, opts)


def png(chart: Chart, stamp: Stamp) -> bytes:
    """1920x1080 (or larger, 16:9) PNG with title, context, source and date in the image."""
    return image(printable(chart, stamp), "png")


def svg(chart: Chart, stamp: Stamp) -> bytes:
    return image(printable(chart, stamp), "svg")


# --- tables ------------------------------------------------------------------------------------

def as_text(value: object) -> object:
    """A text cell that a spreadsheet would read as a formula, with a leading apostrophe; others as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _shown(table: Table) -> pd.DataFrame:
    """The table's cells as shown: numbers rounded to the decimals they are shown with, text neutralised."""
    frame = table.frame.copy()
    for column in frame.columns:
        series = frame[column]
        spec = fmt.column_format(series, table.formats.get(column))
        parsed = fmt.parse(spec) if spec else None
        if parsed is not None:
            frame[column] = series.round(parsed.decimals)
        elif not pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
            frame[column] = series.map(as_text)
    frame.columns = [as_text(str(c)) for c in frame.columns]
    return frame


def csv(table: Table) -> bytes:
    """UTF-8 with a byte-order mark so that Excel reads the names of villages right; dot decimals,
    rounded as shown; text that would start a formula begins with an apostrophe."""
    # CRLF rows (RFC 4180): a carriage return inside a cell then gets the cell quoted, as a newline does.
    return _shown(table).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def xlsx(table: Table, stamp: Stamp) -> bytes:
    """One sheet: header in row 1 (bold, frozen, filterable), numbers as numbers with the format they are
    shown with, then a note under the table with title, context, source and date. Every text is written
    as text (no formulas, no links), whatever it starts with."""
    frame = table.frame
    buffer = io.BytesIO()
    rows = len(frame)
    options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    with pd.ExcelWriter(buffer, engine="xlsxwriter", engine_kwargs={"options": options}) as writer:
        frame.to_excel(writer, sheet_name="Data", index=False)
        book, sheet = writer.book, writer.sheets["Data"]
        header = book.add_format({"bold": True, "bg_color": "#e8eef1", "border": 1, "text_wrap": True,
                                  "valign": "top"})
        note = book.add_format({"italic": True, "font_color": "#555555"})
        for position, column in enumerate(frame.columns):
            sheet.write_string(0, position, str(column), header)
            spec = fmt.column_format(frame[column], table.formats.get(column))
            number_format = fmt.excel_format(spec) if spec else None
            width = max(len(str(column)), *(len(str(v)) for v in frame[column].head(200)), 6) + 2
            cell = book.add_format({"num_format": number_format}) if number_format else None
            sheet.set_column(position, position, min(width, 48), cell)
        sheet.freeze_panes(1, 0)
        if len(frame.columns):
            sheet.autofilter(0, 0, max(rows, 1), len(frame.columns) - 1)
        title = f"{table.title} · {stamp.context}"
        for offset, line in enumerate([title, *stamp.lines()]):
            sheet.write_string(rows + 2 + offset, 0, line, note)
        book.set_properties({"title": table.title, "subject": stamp.context, "comments": f"Sumber: {stamp.source}"})
    return buffer.getvalue()


def file_name(filters, name: str, suffix: str) -> str:
    """'idm-kalsel-2024-peringkat-kabupaten.png': what the file holds. `name` comes from the spec;
    anything that is not a letter, digit or dash is dropped so that it stays one plain file name."""
    safe = re.sub(r"[^a-z0-9-]+", "-", name.lower()).strip("-")
    return f"idm-{filters.slug}-{safe}.{suffix}"
