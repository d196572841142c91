"""Rendering helpers shared by the pages: every chart, table and map of a view goes through `show`,
with its downloads.

Images are rendered on the server (idm/export.py, kaleido) only when a download button is clicked:
`st.download_button` accepts a callable for `data` and runs it on click, so a page run costs nothing.
The same holds for "Cetak (PDF A4)" (idm/handout.py), which every page with a view offers under its
header (`view`, `print_button`).
"""

from __future__ import annotations

import html
import logging
import tempfile
import threading
import weakref
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from idm import cache, deck, export, fmt, handout
from idm.charts import heading_and_body, larger_type, svg
from idm.filters import Filters
from idm.specs import Chart, Item, Missing, Table, VillageMap
from ui import frame as page_frame

log = logging.getLogger("idm.widgets")

# The modebar's own PNG button renders in the browser, offline, at projector size.
PLOTLY_CONFIG = {
    "displaylogo": False,
    "locale": "id",
    "toImageButtonOptions": {"format": "png", "width": 1920, "height": 1080, "scale": 1},
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
}
PRESENTATION_CONFIG = {**PLOTLY_CONFIG, "displayModeBar": False}
MISSING = "–"  # a table cell without a value
# What a page shows of a long table (the downloads hold it all): a meeting reads the top of a list, and
# the Styler that writes Indonesian numbers costs per cell (Transisi for Indonesia: 379.090 cells).
SHOWN_ROWS = 200


def view(page: str, *, printed: bool = True, **params):
    """A page's view (idm.cache.view); when it has nothing to show (`empty`), say why and end the run.
    Otherwise the page's print button comes first (`print_button`; `printed=False`: the page draws it,
    for a view it chooses further down)."""
    built = cache.view(page, **params)
    if getattr(built, "empty", None):
        empty(built.empty)
        st.stop()
    if printed and page in handout.PAGES:
        print_button(page, built, filters=params["chosen"])
    return built


PRINT = "Cetak (PDF A4)"


def print_button(page: str, built, *, filters: Filters, title: str | None = None, name: str | None = None) -> None:
    """'Cetak (PDF A4)': the page's view as an A4 landscape PDF for handouts and letters (idm.handout),
    made only when clicked. A page that is not one of handout.PAGES (the comparison page) gives its
    title; `name` what the file name says after the filters (default cetak-<page>). Without Chromium the
    button is disabled and says why; a chart that fails to render is printed as its reason rather than
    failing the download."""
    if page_frame.presenting() or not handout.for_view(page, built, title=title).printable:
        return  # nothing but reasons, which the page says already
    name = export.file_name(filters, name or f"cetak-{page}", "pdf")
    problem = export.unavailable()
    if problem:
        button, note = st.columns([1, 4], gap="small", vertical_alignment="center")
        button.download_button(PRINT, data=b"", file_name=name, mime=export.MIME["pdf"], key="cetak-pdf",
                               icon=":material/print:", disabled=True, help=problem)
        note.caption("Cetak PDF tidak tersedia: grafiknya digambar dengan Chromium, yang belum terpasang di "
                     "server ini (lihat keterangan di bawah judul).")
        return
    st.download_button(
        PRINT, data=lambda: handout.render(handout.for_view(page, built, title=title), strict=False).data,
        file_name=name, mime=export.MIME["pdf"], key="cetak-pdf", icon=":material/print:", on_click="ignore",
        help="PDF A4 mendatar untuk dibagikan atau dilampirkan pada surat: judul, filter, angka utama, grafik, "
             "baris pertama tabel, sumber dan tanggal")


def show(item: Item, *, filters: Filters, on_select=None, static: bool = True,
         link: Callable[[str], str | None] | None = None) -> object:
    """Render a view's item: a chart, a table, the village map, or the reason it cannot be drawn.
    `static` (every page): a chart drawn as SVG on the server where it can be (charts.svg), with a switch
    "Interaktif" that draws it with Plotly (zoom, pan, a legend that hides lines, selection), and a table
    as a plain table (a long one its first rows; the sortable grid on request), so that a page appears at
    once: Plotly's own code costs more than a second of a fresh load (BENCHMARKS.md). `link(code)`: where a
    region of such a map leads."""
    if isinstance(item, Missing):
        return empty(item.reason)
    if isinstance(item, Chart):
        if static and not st.session_state.get(_interactive_key(item)) and _static_chart(
                item, filters=filters, link=link):
            return None
        return chart(item, filters=filters, on_select=on_select, switch=static)
    if isinstance(item, Table):
        return table(item, filters=filters, static=static)
    if isinstance(item, VillageMap):
        return village_map(item, filters=filters)
    raise TypeError(f"cannot show {type(item).__name__}")


def chart(item: Chart, *, filters: Filters, on_select=None, switch: bool = False):
    """Draw a chart with Plotly, with PNG and SVG downloads named after it (`switch`: and the switch back
    to the static drawing)."""
    key = f"chart-{item.name}"
    selection = "ignore" if on_select is None else on_select
    heading, figure = _page_figure(item)
    st.markdown(f"<div class='idm-chart-heading'>{heading}</div>", unsafe_allow_html=True)
    event = st.plotly_chart(figure, key=key, config=PLOTLY_CONFIG, theme=None, on_select=selection, alt=item.title)
    if item.citation:
        st.caption(page_frame.text(f"Sumber {item.citation}"))
    _chart_controls(item, filters=filters, switch=switch)
    return event


def _interactive_key(item: Chart) -> str:
    return f"interaktif-{item.name}"


def _chart_controls(item: Chart, *, filters: Filters, switch: bool) -> None:
    """Under a chart: its PNG and SVG downloads (with its title, filters and source, made when clicked)
    where Chromium is installed, and the switch between the static drawing and Plotly's."""
    problem = export.unavailable()
    if problem and not switch:
        return
    row = st.container(horizontal=True, gap="small", vertical_alignment="center")  # never "P…"
    if switch:
        row.toggle("Interaktif", key=_interactive_key(item),
                   help="Gambar grafik dengan Plotly: perbesar, geser, sembunyikan garis lewat legenda. "
                        "Memuat kode grafik sekitar 1 detik.")
    if problem:
        return
    stamp = export.stamp(filters, item)
    row.download_button("PNG", data=lambda: export.png(item, stamp),
                        file_name=export.file_name(filters, item.name, "png"),
                        mime=export.MIME["png"], key=f"png-{item.name}", icon=":material/download:", type="tertiary",
                        on_click="ignore", help="Gambar 1920×1080 untuk presentasi, dengan judul, filter dan sumber")
    row.download_button("SVG", data=lambda: export.svg(item, stamp),
                        file_name=export.file_name(filters, item.name, "svg"),
                        mime=export.MIME["svg"], key=f"svg-{item.name}", icon=":material/download:", type="tertiary",
                        on_click="ignore", help="Gambar vektor untuk dokumen cetak")


def _static_chart(item: Chart, *, filters: Filters, link: Callable[[str], str | None] | None) -> bool:
    """The chart as inline SVG (one for a wide screen, one for a phone, CSS shows the one that fits) with
    its downloads; False when charts.svg cannot draw it (the caller draws it with Plotly)."""
    heading, body = _page_figure(item)
    drawn = _svg_of(item, body, link)
    if drawn is None:
        return False
    wide, small = drawn
    # The drawing for the browser's screen; both (CSS shows the one that fits) when it is not known.
    shown = {"wide": f"<div class='idm-svg'>{wide}</div>", "phone": f"<div class='idm-svg'>{small}</div>"}.get(
        page_frame.screen(), f"<div class='idm-svg idm-svg-wide'>{wide}</div><div class='idm-svg idm-svg-small'>"
                             f"{small}</div>")
    st.markdown(f"<div class='idm-chart-heading'>{heading}</div>{shown}", unsafe_allow_html=True)
    if item.citation:
        st.caption(page_frame.text(f"Sumber {item.citation}"))
    _chart_controls(item, filters=filters, switch=True)
    return True


_SVGS: dict[tuple[int, str], tuple[weakref.ref, tuple[str, str] | None]] = {}


def _svg_of(item: Chart, body: go.Figure, link) -> tuple[str, str] | None:
    """svg.both of a view's figure, made once per figure and link (views are cached and shared)."""
    key = (id(item.figure), link("") if link else "")
    with _PAGE_LOCK:
        known = _SVGS.get(key)
        if known is not None and known[0]() is item.figure:
            return known[1]
    try:
        drawn = svg.both(body, label=item.title, link=link)
    except Exception:  # a figure the drawing gets wrong is drawn by Plotly: never an error on the page
        log.exception("grafik %s tidak dapat digambar sebagai SVG; digambar dengan Plotly", item.name)
        drawn = None
    with _PAGE_LOCK:
        for stale in [k for k, (ref, _) in _SVGS.items() if ref() is None]:
            del _SVGS[stale]
        _SVGS[key] = (weakref.ref(item.figure), drawn)
    return drawn


_PAGE_FIGURES: dict[int, tuple[weakref.ref, str, go.Figure]] = {}
_PAGE_LOCK = threading.Lock()  # sessions run in threads of one process


def _page_figure(item: Chart) -> tuple[str, go.Figure]:
    """charts.heading_and_body of a view's figure, made once per figure: views are cached and shared
    (idm.cache.view), so the same figure comes back on every rerun."""
    with _PAGE_LOCK:
        known = _PAGE_FIGURES.get(id(item.figure))
        if known is not None and known[0]() is item.figure:
            return known[1], known[2]
    heading, body = heading_and_body(item.figure)
    with _PAGE_LOCK:
        for stale in [key for key, (ref, _, _) in _PAGE_FIGURES.items() if ref() is None]:
            del _PAGE_FIGURES[stale]
        _PAGE_FIGURES[id(item.figure)] = (weakref.ref(item.figure), heading, body)
    return heading, body


def slide_chart(item: Chart) -> None:
    """A chart as a presentation slide (ui/slides.py): its subtitle under the slide's title, the figure
    filling the rest of the screen (CSS: frame.PRESENTATION_CSS) at projector type sizes."""
    heading, body = _page_figure(item)
    subtitle = heading.split("<br>", 1)[1] if "<br>" in heading else ""
    if subtitle:
        st.markdown(f"<div class='idm-slide-subtitle'>{subtitle}</div>", unsafe_allow_html=True)
    # Drawn for both screens, the one that fits shown (CSS): Plotly sizes a chart once, by pixels.
    lines = subtitle.count("<br>")
    # On a phone Plotly thins a crowded ranking's names: forced, they would be written over each other.
    every_name = page_frame.screen() != "phone"
    for screen, (height, factor) in SLIDE_SIZES.items():
        with st.container(key=f"idm-slide-chart-{screen}"):
            st.plotly_chart(larger_type(body, factor, height=height - SUBTITLE_LINE * lines, every_name=every_name),
                            key=f"slide-{screen}-{item.name}", config=PRESENTATION_CONFIG, theme=None,
                            alt=item.title)
    # A published figure's citation is on the last slide (Sumber data dan catatan), as in the deck.


# A slide's chart under its title bar: (height, type size factor) on a 1366x768 screen and on a 1920x1080
# one (frame.PRESENTATION_CSS shows the one that fits).
SLIDE_SIZES = {"kecil": (540, 1.15), "besar": (830, 1.35)}
SUBTITLE_LINE = 30  # pixels a subtitle line takes from the chart


def table(item: Table, *, filters: Filters, static: bool = False) -> None:
    """Draw a table with CSV and XLSX downloads named after it. A long table shows its first SHOWN_ROWS rows
    (they come in the order that matters: biggest change, smallest gap...); the downloads hold every row.
    `static`: a plain table, which appears with the page (Streamlit's data grid loads its own code and canvas,
    about 0,6 s of a fresh load): a short one whole, a long one its first PREVIEW_ROWS rows; a switch above
    it turns it into the sortable grid."""
    plain = static and not page_frame.presenting()
    long = len(item.frame) > WHOLE_ROWS
    in_grid = fmt.count(min(len(item.frame), SHOWN_ROWS))  # the rows the grid shows
    if plain and not st.toggle("Urutkan dan saring", key=f"grid-{item.name}",
                               help="Tabel interaktif: klik judul kolom untuk mengurutkan"
                                    + (f", gulir {in_grid} baris" if long else "")):
        st.markdown(_html_table(item, rows=PREVIEW_ROWS if long else None), unsafe_allow_html=True)
        if item.help:
            st.caption(page_frame.text(" · ".join(f"{column}: {tip}" for column, tip in item.help.items())))
        if long:
            st.caption(f"Ditampilkan {fmt.count(PREVIEW_ROWS)} baris pertama dari {fmt.count(len(item.frame))}; "
                       f"«Urutkan dan saring» menampilkan {in_grid} baris, unduhan CSV dan XLSX berisi semuanya.")
    else:
        st.dataframe(_indonesian(item, rows=SHOWN_ROWS), key=f"table-{item.name}", hide_index=True,
                     height=item.height or _whole_height(len(item.frame)), placeholder=MISSING,
                     column_config={column: st.column_config.Column(help=tip) for column, tip in item.help.items()})
        if len(item.frame) > SHOWN_ROWS:
            st.caption(f"Ditampilkan {fmt.count(SHOWN_ROWS)} baris pertama dari {fmt.count(len(item.frame))}; "
                       "unduhan CSV dan XLSX berisi semuanya.")
    if page_frame.presenting():
        return
    stamp = export.stamp(filters, item)
    row = st.container(horizontal=True, gap="small")
    row.download_button("CSV", data=lambda: export.csv(item), file_name=export.file_name(filters, item.name, "csv"),
                        mime=export.MIME["csv"], key=f"csv-{item.name}", icon=":material/download:",
                        type="tertiary", on_click="ignore")
    row.download_button("XLSX", data=lambda: export.xlsx(item, stamp),
                         file_name=export.file_name(filters, item.name, "xlsx"), mime=export.MIME["xlsx"],
                         key=f"xlsx-{item.name}", icon=":material/download:", type="tertiary", on_click="ignore",
                         help="Excel dengan format angka dan catatan sumber")


WHOLE_ROWS = 25  # a table this short is shown whole, never scrolled inside itself
PREVIEW_ROWS = 10  # a longer one's first rows as a plain table, as tall as the grid's ten


def _whole_height(rows: int) -> str:
    """'content' (every row visible) for a short table: Kotabaru, the 11th regency, once hid behind the
    table's own scroll bar at 1366x768; a longer one scrolls ('auto', ten rows)."""
    return "content" if rows <= WHOLE_ROWS else "auto"


def _html_table(item: Table, *, rows: int | None = None) -> str:
    """A table (its first `rows`) as HTML in the page's own markup (no component to load): every cell
    escaped, the numbers in the Indonesian format and to the right, as in the grid and the downloads."""
    formats = {column: fmt.formatter(spec) for column in item.frame.columns
               if (spec := fmt.column_format(item.frame[column], item.formats.get(column)))}
    formats = {column: formatter for column, formatter in formats.items() if formatter is not None}

    def text(value) -> str:  # one line: a blank line would end the HTML block and let markdown read the rest
        return html.escape(" ".join(str(value).split()))

    def cell(column, value) -> str:
        missing = value is None or (not isinstance(value, str) and pd.isna(value))
        shown = MISSING if missing else formats[column](value) if column in formats else value
        return f"<td class='{'n' if column in formats else 't'}'>{text(shown)}</td>"

    head = "".join(f"<th class='{'n' if column in formats else 't'}'>{text(column)}</th>"
                   for column in item.frame.columns)
    body = "".join("<tr>" + "".join(cell(column, value) for column, value in zip(item.frame.columns, row)) + "</tr>"
                   for row in (item.frame if rows is None else item.frame.head(rows)).itertuples(index=False,
                                                                                                  name=None))
    return f"<div class='idm-table'><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"


def _indonesian(item: Table, *, rows: int | None = None):
    """Numbers shown as 0,7480 and 1.872 while the cells stay numbers (sorting stays numeric): Streamlit's
    column formats know no decimal comma, so a Styler writes the Indonesian text (idm.fmt). A missing value
    shows as '–' (st.dataframe's placeholder), never as 'None'."""
    formats = {}
    for column in item.frame.columns:
        spec = fmt.column_format(item.frame[column], item.formats.get(column))
        formatter = fmt.formatter(spec) if spec else None
        if formatter is not None:
            formats[column] = formatter
    shown = item.frame if rows is None else item.frame.head(rows)
    return shown.style.format(formats, na_rep=MISSING)


def village_map(item: VillageMap, *, filters: Filters) -> None:
    """The pydeck village map, its legend, and its numbers as a downloadable table."""
    st.pydeck_chart(item.deck, height=620, key=item.name)
    st.markdown(item.legend_html, unsafe_allow_html=True)  # built from our own colours and numbers only
    st.caption("Arahkan kursor ke sebuah desa untuk melihat nama, kecamatan, nilai, status dan perubahannya.")
    if item.picture is not None:
        _chart_controls(item.picture, filters=filters, switch=False)
    with st.expander("Angka per desa di peta ini (untuk diunduh)"):
        table(item.table, filters=filters)


def empty(message: str) -> None:
    """The honest empty state: what is missing and what to do (names in it shown as text)."""
    st.info(page_frame.text(message), icon=":material/info:")


# --- bahan rakor -------------------------------------------------------------------------------

def _deck_paths(filters: Filters, compare_areas: tuple[str, ...] = ()) -> tuple[Path, Path]:
    """Where this view's deck is kept: one pair of files per filters, compared areas, database and day (not
    in session_state)."""
    version = cache.cached_database().version()
    folder = (Path(tempfile.gettempdir()) / "idm-bahan-rakor"
              / f"{Path(version.path).stem}-{version.inode}-{version.mtime_ns}-{date.today():%Y%m%d}")
    stem = deck.file_stem(filters, compare_areas=compare_areas)
    return folder / f"{stem}.pptx", folder / f"{stem}.pdf"


def deck_button(filters: Filters, *, compare_areas: tuple[str, ...] = ()) -> None:
    """'Bahan rakor': build the PPTX and PDF of this view with progress, then offer both files.
    `compare_areas`: the areas of the Bandingkan page, for the deck's "Perbandingan wilayah" slide."""
    if export.unavailable():  # the page's header says why (frame.header), once for every image
        return
    pptx, pdf = _deck_paths(filters, compare_areas)
    if not pptx.is_file() and st.button("Bahan rakor", icon=":material/slideshow:", key="deck-build",
                                        help="Presentasi 16:9 (PowerPoint) dan PDF dari grafik dasbor ini"):
        with st.status("Menyiapkan bahan rakor…", expanded=True) as status:
            bar = st.progress(0.0)

            def progress(done: int, total: int, label: str) -> None:
                bar.progress(done / total, text=label)

            try:
                built = deck.build(cache.cached_database(), filters, compare_areas=compare_areas,
                                   progress=progress)
            except (LookupError, export.RenderError) as error:
                status.update(label=f"Bahan rakor tidak dapat dibuat: {error}", state="error")
                return
            pptx.parent.mkdir(parents=True, exist_ok=True)
            pdf.write_bytes(deck.to_pdf(built))
            pptx.write_bytes(deck.to_pptx(built))  # last: its presence says the pair is complete
            bar.progress(1.0, text="Selesai")
            note = f" ({len(built.missing)} bagian belum tersedia)" if built.missing else ""
            status.update(label=f"Bahan rakor siap: {len(built.slides)} halaman{note}", state="complete",
                          expanded=False)
    if pptx.is_file():
        row = st.container(horizontal=True, gap="small")
        row.download_button("Bahan rakor (PowerPoint)", data=pptx.read_bytes, file_name=pptx.name,
                              mime=export.MIME["pptx"], key="deck-pptx", icon=":material/slideshow:",
                              type="primary", on_click="ignore")
        row.download_button("Bahan rakor (PDF)", data=pdf.read_bytes, file_name=pdf.name,
                               mime=export.MIME["pdf"], key="deck-pdf", icon=":material/picture_as_pdf:",
                               on_click="ignore")
