"""Rendering helpers shared by the pages: every chart, table and map of a view goes through `show`,
with its downloads.

Images are rendered on the server (idm/export.py, kaleido) only when a download button is clicked:
`st.download_button` accepts a callable for `data` and runs it on click, so a page run costs nothing.
The same holds for "Cetak (PDF A4)" (idm/handout.py), which every page with a view offers under its
header (`view`, `print_button`).
"""

from __future__ import annotations

import re
import tempfile
from datetime import date
from pathlib import Path

import plotly.graph_objects as go
import streamlit as st

from idm import cache, deck, export, fmt, handout
from idm.filters import Filters
from idm.specs import Chart, Item, Missing, Table, VillageMap
from ui import frame as page_frame

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


def view(page: str, **params):
    """A page's view (idm.cache.view); when it has nothing to show (`empty`), say why and end the run.
    Otherwise the page's print button comes first (`print_button`)."""
    built = cache.view(page, **params)
    if getattr(built, "empty", None):
        empty(built.empty)
        st.stop()
    if page in handout.PAGES:
        print_button(page, built, filters=params["chosen"])
    return built


PRINT = "Cetak (PDF A4)"


def print_button(page: str, built, *, filters: Filters, title: str | None = None) -> None:
    """'Cetak (PDF A4)': the page's view as an A4 landscape PDF for handouts and letters (idm.handout),
    made only when clicked. A page that is not one of handout.PAGES (the comparison page) gives its
    title. Without Chromium the button is disabled and says why; a chart that fails to render is
    printed as its reason rather than failing the download."""
    if page_frame.presenting() or not handout.for_view(page, built, title=title).printable:
        return  # nothing but reasons, which the page says already
    name = export.file_name(filters, f"cetak-{page}", "pdf")
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


def show(item: Item, *, filters: Filters, on_select=None) -> object:
    """Render a view's item: a chart, a table, the village map, or the reason it cannot be drawn."""
    if isinstance(item, Missing):
        return empty(item.reason)
    if isinstance(item, Chart):
        return chart(item, filters=filters, on_select=on_select)
    if isinstance(item, Table):
        return table(item, filters=filters)
    if isinstance(item, VillageMap):
        return village_map(item, filters=filters)
    raise TypeError(f"cannot show {type(item).__name__}")


def chart(item: Chart, *, filters: Filters, on_select=None):
    """Draw a chart with PNG and SVG downloads named after it."""
    key = f"chart-{item.name}"
    selection = "ignore" if on_select is None else on_select
    if page_frame.presenting():
        return st.plotly_chart(_for_projector(item.figure), key=key, config=PRESENTATION_CONFIG, theme=None,
                               on_select=selection)
    event = st.plotly_chart(item.figure, key=key, config=PLOTLY_CONFIG, theme=None, on_select=selection)
    if item.citation:
        st.caption(page_frame.text(f"Sumber {item.citation}"))
    problem = export.unavailable()
    if problem:
        return event
    stamp = export.stamp(filters, item)
    png, svg, _ = st.columns([1, 1, 5], gap="small")
    png.download_button("PNG", data=lambda: export.png(item, stamp),
                        file_name=export.file_name(filters, item.name, "png"),
                        mime=export.MIME["png"], key=f"png-{item.name}", icon=":material/download:", type="tertiary",
                        on_click="ignore", help="Gambar 1920×1080 untuk presentasi, dengan judul, filter dan sumber")
    svg.download_button("SVG", data=lambda: export.svg(item, stamp),
                        file_name=export.file_name(filters, item.name, "svg"),
                        mime=export.MIME["svg"], key=f"svg-{item.name}", icon=":material/download:", type="tertiary",
                        on_click="ignore", help="Gambar vektor untuk dokumen cetak")
    return event


def _for_projector(figure: go.Figure, factor: float = 1.3) -> go.Figure:
    """Every type size times `factor` and a taller plot, for presentation mode; the view's figure stays."""
    larger = go.Figure(figure)
    layout = larger.layout
    larger.update_layout(font_size=round((layout.font.size or 17) * factor),
                         title_font_size=round((layout.title.font.size or 24) * factor),
                         legend_font_size=round((layout.legend.font.size or 16) * factor),
                         height=round((layout.height or 560) * 1.25),
                         margin_t=round((layout.margin.t or 100) * factor))
    if layout.title.text:  # the subtitle's size is written in its span
        larger.update_layout(title_text=re.sub(
            r"font-size:(\d+)px", lambda m: f"font-size:{round(int(m.group(1)) * factor)}px", layout.title.text))
    for annotation in larger.layout.annotations:
        if annotation.font.size:
            annotation.font.size = round(annotation.font.size * factor)
    for trace in larger.data:
        font = getattr(trace, "textfont", None)
        if font is not None and isinstance(font.size, (int, float)):
            font.size = round(font.size * factor)
    return larger


def table(item: Table, *, filters: Filters) -> None:
    """Draw a table with CSV and XLSX downloads named after it. A long table shows its first SHOWN_ROWS rows
    (they come in the order that matters: biggest change, smallest gap...); the downloads hold every row."""
    st.dataframe(_indonesian(item, rows=SHOWN_ROWS), key=f"table-{item.name}", hide_index=True,
                 height=item.height or _whole_height(len(item.frame)), placeholder=MISSING,
                 column_config={column: st.column_config.Column(help=tip) for column, tip in item.help.items()})
    if len(item.frame) > SHOWN_ROWS:
        st.caption(f"Ditampilkan {fmt.count(SHOWN_ROWS)} baris pertama dari {fmt.count(len(item.frame))}; "
                   "unduhan CSV dan XLSX berisi semuanya.")
    if page_frame.presenting():
        return
    stamp = export.stamp(filters, item)
    csv, xlsx, _ = st.columns([1, 1, 5], gap="small")
    csv.download_button("CSV", data=lambda: export.csv(item), file_name=export.file_name(filters, item.name, "csv"),
                        mime=export.MIME["csv"], key=f"csv-{item.name}", icon=":material/download:",
                        type="tertiary", on_click="ignore")
    xlsx.download_button("XLSX", data=lambda: export.xlsx(item, stamp),
                         file_name=export.file_name(filters, item.name, "xlsx"), mime=export.MIME["xlsx"],
                         key=f"xlsx-{item.name}", icon=":material/download:", type="tertiary", on_click="ignore",
                         help="Excel dengan format angka dan catatan sumber")


ROW_PIXELS = 35  # st.dataframe's row height, the header's too
WHOLE_ROWS = 25  # a table this short is shown whole, never scrolled inside itself
SCROLL_BAR = 16  # room for the horizontal scroll bar of a table wider than its column


def _whole_height(rows: int) -> int | str:
    """A short table's height in pixels with every row visible (Kotabaru, the 11th regency, once hid
    behind the table's own scroll bar at 1366x768); a longer one scrolls."""
    return ROW_PIXELS * (rows + 1) + 3 + SCROLL_BAR if rows <= WHOLE_ROWS else "auto"


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
    st.caption("Arahkan kursor ke sebuah desa untuk melihat nama, kecamatan, IDM, status dan perubahannya.")
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
        first, second, _ = st.columns([1, 1, 3], gap="small")
        first.download_button("Bahan rakor (PowerPoint)", data=pptx.read_bytes, file_name=pptx.name,
                              mime=export.MIME["pptx"], key="deck-pptx", icon=":material/slideshow:",
                              type="primary", on_click="ignore")
        second.download_button("Bahan rakor (PDF)", data=pdf.read_bytes, file_name=pdf.name,
                               mime=export.MIME["pdf"], key="deck-pdf", icon=":material/picture_as_pdf:",
                               on_click="ignore")
