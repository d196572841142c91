"""Downloads: a figure as PNG/SVG with its title, filter context and source in the image; a table as
CSV/XLSX. Rendered on the server by kaleido (headless Chromium), offline: no CDN, no map tiles.

No Streamlit here: the pages call it through ui/widgets.py, the rakor deck (idm/deck.py) directly.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date

import pandas as pd
import plotly.graph_objects as go

# kaleido drives a Chrome; plotly_get_chrome needs the internet, the system Chromium does not.
os.environ.setdefault("BROWSER_PATH", "/usr/bin/chromium")

import kaleido  # noqa: E402  (reads BROWSER_PATH when it starts a browser)

# A projector slide: 16:9, drawn at 1280x720 so that the pages' type sizes read the same,
# written at 1.5x so that the PNG is 1920x1080.
WIDTH, HEIGHT, SCALE = 1280, 720, 1.5
FOOTER_SIZE = 14
FOOTER_HEIGHT = 48  # two footer lines and a little air, in layout pixels

SOURCE_IDM = "Indeks Desa Membangun (IDM), Kemendes PDTT"
SOURCE_BPS = "Badan Pusat Statistik (BPS) Provinsi Kalimantan Selatan"
# Charts whose name says they use BPS welfare figures (pages/kemiskinan.py) cite BPS as well.
_BPS_NAMES = re.compile(r"miskin|bps|ipm|gini|pdrb|kesejahteraan")

MIME = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
}


def source_for(name: str) -> str:
    """The data source line of a chart or table, from the name that also names its file."""
    return f"{SOURCE_IDM}; {SOURCE_BPS}" if _BPS_NAMES.search(name) else SOURCE_IDM


@dataclass(frozen=True)
class Stamp:
    """What every exported image and table says about itself."""

    context: str  # Filters.context: 'Kalimantan Selatan, Kab. Banjar, 2024 (pembanding 2023)'
    source: str
    made: date

    def lines(self) -> list[str]:
        return [self.context, f"Sumber: {self.source} · Dasbor IDM, dibuat {self.made.strftime('%d-%m-%Y')}"]


def stamp(filters, name: str, made: date | None = None) -> Stamp:
    return Stamp(context=filters.context, source=source_for(name), made=made or date.today())


# --- figures -----------------------------------------------------------------------------------

def split_title(figure: go.Figure) -> tuple[str, str]:
    """(title, subtitle) as plain text, from the '<b>title</b><br><span>subtitle</span>' of base_layout."""
    text = figure.layout.title.text or ""
    head, _, tail = text.partition("<br>")
    return _plain(head), _plain(tail)


def _plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html).strip()


def printable(figure: go.Figure, stamp: Stamp, *, width: int = WIDTH, height: int = HEIGHT,
              with_title: bool = True) -> go.Figure:
    """A copy of a page figure at a fixed size with the stamp (context, source, date) as a footer.

    A figure taller than the canvas (a long ranking) gets a larger canvas of the same aspect ratio
    rather than squeezed bars. Without its title (the deck puts the title on the slide), the
    subtitle stays.
    """
    printed = go.Figure(figure)
    needed = (figure.layout.height or 560) + FOOTER_HEIGHT
    if needed > height:
        width, height = round(width * needed / height), needed
    margin = printed.layout.margin
    top = margin.t if margin.t is not None else 100
    bottom = (margin.b if margin.b is not None else 40) + FOOTER_HEIGHT + 20
    if not with_title:
        _, subtitle = split_title(figure)
        text = f"<span style='font-size:17px;color:#555'>{subtitle}</span>" if subtitle else None
        printed.update_layout(title_text=text)
        top = max(70, top - 40) if subtitle else 40
    printed.update_layout(width=width, height=height, margin={"t": top, "b": bottom},
                          title_y=1 - 30 / height)  # multi-line titles need the air
    lines = stamp.lines()
    if stamp.context in (figure.layout.title.text or ""):
        lines = lines[1:]  # the subtitle already says it
    footer = "<br>".join(lines)
    printed.add_annotation(
        text=footer, xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="bottom",
        yshift=-(bottom - 10), showarrow=False, align="left",
        font={"size": FOOTER_SIZE, "color": "#555"},
    )
    return printed


class _Renderer:
    """One Chromium for the whole process (starting one costs ~2 s, a figure then ~0.2 s), used by one
    caller at a time: kaleido's sync server is a single queue. Bytes are kept per figure JSON."""

    def __init__(self, capacity: int = 64):
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, bytes] = OrderedDict()
        self._capacity = capacity

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

    @staticmethod
    def _calc(spec: dict, opts: dict) -> bytes:
        # mathjax=False: kaleido would otherwise load MathJax from a CDN.
        kaleido.start_sync_server(mathjax=False, silence_warnings=True)
        try:
            return kaleido.calc_fig_sync(spec, opts=opts)
        except Exception:
            # A browser that died (machine asleep, killed) is replaced once.
            kaleido.stop_sync_server(silence_warnings=True)
            kaleido.start_sync_server(mathjax=False, silence_warnings=True)
            return kaleido.calc_fig_sync(spec, opts=opts)


_renderer = _Renderer()


def image(figure: go.Figure, image_format: str = "png", *, scale: float = SCALE) -> bytes:
    """A figure that already has its size (see `printable`) as PNG or SVG bytes."""
    spec = json.loads(figure.to_json())
    opts = {"format": image_format, "width": figure.layout.width, "height": figure.layout.height,
            "scale": scale if image_format == "png" else 1}
    return _renderer.render(spec, opts)


def png(figure: go.Figure, stamp: Stamp) -> bytes:
    """1920x1080 (or larger, 16:9) PNG with title, context, source and date in the image."""
    return image(printable(figure, stamp), "png")


def svg(figure: go.Figure, stamp: Stamp) -> bytes:
    return image(printable(figure, stamp), "svg")


# --- tables ------------------------------------------------------------------------------------

def labelled(frame: pd.DataFrame, column_config: dict | None = None) -> pd.DataFrame:
    """The table as the page shows it: columns renamed to their labels, hidden columns (None) dropped."""
    if not column_config:
        return frame.copy()
    names, hidden = {}, []
    for column, config in column_config.items():
        if column not in frame.columns:
            continue
        if config is None:
            hidden.append(column)
        elif isinstance(config, str):
            names[column] = config
        elif isinstance(config, dict) and config.get("label"):
            names[column] = config["label"]
    return frame.drop(columns=hidden).rename(columns=names)


def csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark so that Excel reads the names of villages right; dot decimals."""
    return frame.to_csv(index=False).encode("utf-8-sig")


def _number_format(series: pd.Series) -> str | None:
    if pd.api.types.is_bool_dtype(series) or not pd.api.types.is_numeric_dtype(series):
        return None
    values = series.dropna()
    if re.search(r"tahun|year", str(series.name).lower()):
        return "0"
    if pd.api.types.is_integer_dtype(series) or (not values.empty and (values == values.round()).all()):
        return "#,##0"
    name = str(series.name).lower()
    if "%" in name or "persen" in name or "miskin" in name or "pct" in name:
        return "0.00"
    if not values.empty and values.abs().max() <= 1.5:
        return "0.0000"  # IDM and its dimensions are published to four decimals
    return "#,##0.00"


def xlsx(frame: pd.DataFrame, *, title: str, stamp: Stamp) -> bytes:
    """One sheet: header in row 1 (bold, frozen, filterable), numbers as numbers with a format,
    then a note under the table with title, context, source and date."""
    buffer = io.BytesIO()
    rows = len(frame)
    with pd.ExcelWriter(buffer, engine="xlsxwriter") as writer:
        frame.to_excel(writer, sheet_name="Data", index=False)
        book, sheet = writer.book, writer.sheets["Data"]
        header = book.add_format({"bold": True, "bg_color": "#e8eef1", "border": 1, "text_wrap": True,
                                  "valign": "top"})
        note = book.add_format({"italic": True, "font_color": "#555555"})
        for position, column in enumerate(frame.columns):
            sheet.write(0, position, str(column), header)
            number_format = _number_format(frame[column])
            width = max(len(str(column)), *(len(str(v)) for v in frame[column].head(200)), 6) + 2
            cell = book.add_format({"num_format": number_format}) if number_format else None
            sheet.set_column(position, position, min(width, 48), cell)
        sheet.freeze_panes(1, 0)
        if len(frame.columns):
            sheet.autofilter(0, 0, max(rows, 1), len(frame.columns) - 1)
        for offset, line in enumerate([title, *stamp.lines()]):
            sheet.write(rows + 2 + offset, 0, line, note)
        book.set_properties({"title": title, "subject": stamp.context, "comments": f"Sumber: {stamp.source}"})
    return buffer.getvalue()
