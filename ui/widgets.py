"""Rendering helpers shared by the pages: every chart and table goes through here, with its downloads.

Images are rendered on the server (idm/export.py, kaleido) only when a download button is clicked:
`st.download_button` accepts a callable for `data` and runs it on click, so a page run costs nothing.
"""

from __future__ import annotations

import re
import tempfile
from datetime import date
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from idm import export, fmt
from idm.filters import Filters
from ui import frame as page_frame

# The modebar's own PNG button renders in the browser, offline, at projector size.
PLOTLY_CONFIG = {
    "displaylogo": False,
    "locale": "id",
    "toImageButtonOptions": {"format": "png", "width": 1920, "height": 1080, "scale": 1},
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
}
PRESENTATION_CONFIG = {**PLOTLY_CONFIG, "displayModeBar": False}


def file_stem(filters: Filters, name: str) -> str:
    """'idm-kalsel-2024-peringkat-kabupaten': what the file holds, for download names."""
    return f"idm-{filters.slug}-{name}"


def chart(figure: go.Figure, *, name: str, filters: Filters, on_select: str = "ignore"):
    """Draw a figure with PNG and SVG downloads. `name` says what it shows ('peringkat-kabupaten');
    it names the downloads."""
    if page_frame.presenting():
        return st.plotly_chart(_for_projector(figure), key=f"chart-{name}", config=PRESENTATION_CONFIG, theme=None,
                               on_select=on_select)
    event = st.plotly_chart(figure, key=f"chart-{name}", config=PLOTLY_CONFIG, theme=None, on_select=on_select)
    stamp = export.stamp(filters, name)
    stem = file_stem(filters, name)
    png, svg, _ = st.columns([1, 1, 5], gap="small")
    png.download_button("PNG", data=lambda: export.png(figure, stamp), file_name=f"{stem}.png",
                        mime=export.MIME["png"], key=f"png-{name}", icon=":material/download:", type="tertiary",
                        on_click="ignore", help="Gambar 1920×1080 untuk presentasi, dengan judul, filter dan sumber")
    svg.download_button("SVG", data=lambda: export.svg(figure, stamp), file_name=f"{stem}.svg",
                        mime=export.MIME["svg"], key=f"svg-{name}", icon=":material/download:", type="tertiary",
                        on_click="ignore", help="Gambar vektor untuk dokumen cetak")
    return event


def _for_projector(figure: go.Figure, factor: float = 1.3) -> go.Figure:
    """Every type size times `factor` and a taller plot, for presentation mode; the page's figure stays."""
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


def table(frame: pd.DataFrame, *, name: str, filters: Filters, column_config: dict | None = None,
          height: int | str = "auto") -> None:
    """Draw a table with CSV and XLSX downloads. `name` says what it holds ('perubahan-tahunan')."""
    styled, config = _indonesian(frame, column_config)
    st.dataframe(styled, key=f"table-{name}", hide_index=True, column_config=config, height=height)
    if page_frame.presenting():
        return
    stamp = export.stamp(filters, name)
    stem = file_stem(filters, name)
    title = name.replace("-", " ").capitalize() + f" · {filters.context}"
    shown = export.labelled(frame, column_config)
    csv, xlsx, _ = st.columns([1, 1, 5], gap="small")
    csv.download_button("CSV", data=lambda: export.csv(shown), file_name=f"{stem}.csv", mime=export.MIME["csv"],
                        key=f"csv-{name}", icon=":material/download:", type="tertiary", on_click="ignore")
    xlsx.download_button("XLSX", data=lambda: export.xlsx(shown, title=title, stamp=stamp),
                         file_name=f"{stem}.xlsx", mime=export.MIME["xlsx"], key=f"xlsx-{name}",
                         icon=":material/download:", type="tertiary", on_click="ignore",
                         help="Excel dengan format angka dan catatan sumber")


def _indonesian(frame: pd.DataFrame, column_config: dict | None):
    """Numbers shown as 0,7480 and 1.872 while the cells stay numbers (sorting stays numeric).

    Streamlit's column formats know no decimal comma: a column's printf format moves from its column
    config into a Styler that writes the Indonesian text. Columns without one get 4 decimals for values
    within [-1, 1] (indices, changes), 2 otherwise, and thousands separators for whole numbers.
    """
    config = {key: (dict(value, type_config=dict(value["type_config"])) if isinstance(value, dict)
                    and isinstance(value.get("type_config"), dict) else value)
              for key, value in (column_config or {}).items()}
    formats = {}
    for column in frame.columns:
        series = frame[column]
        if pd.api.types.is_bool_dtype(series) or not pd.api.types.is_numeric_dtype(series):
            continue
        entry = config.get(column)
        spec = entry["type_config"].get("format") if isinstance(entry, dict) and "type_config" in entry else None
        if spec is None:
            values = series.dropna()
            whole = pd.api.types.is_integer_dtype(series) or (len(values) and (values % 1 == 0).all())
            spec = ",d" if whole else (".4f" if len(values) and values.abs().max() <= 1 else ".2f")
        formatter = fmt.formatter(spec)
        if formatter is None:
            continue
        formats[column] = formatter
        if isinstance(entry, dict) and "type_config" in entry:
            entry["type_config"].pop("format", None)
    return frame.style.format(formats, na_rep=""), config


def empty(message: str) -> None:
    """The honest empty state: what is missing and what to do."""
    st.info(message, icon=":material/info:")


# --- bahan rakor -------------------------------------------------------------------------------

def _deck_paths(filters: Filters) -> tuple[Path, Path]:
    """Where this view's deck is kept: one pair of files per filters, database and day (not in session_state)."""
    from idm import cache, deck

    path, mtime = cache.database_key()
    folder = Path(tempfile.gettempdir()) / "idm-bahan-rakor" / f"{Path(path).stem}-{mtime}-{date.today():%Y%m%d}"
    stem = deck.file_stem(filters)
    return folder / f"{stem}.pptx", folder / f"{stem}.pdf"


def deck_button(filters: Filters) -> None:
    """'Bahan rakor': build the PPTX and PDF of this view with progress, then offer both files."""
    from idm import cache, deck

    pptx, pdf = _deck_paths(filters)
    if not pptx.is_file() and st.button("Bahan rakor", icon=":material/slideshow:", key="deck-build",
                                        help="Presentasi 16:9 (PowerPoint) dan PDF dari grafik dasbor ini"):
        with st.status("Menyiapkan bahan rakor…", expanded=True) as status:
            bar = st.progress(0.0)

            def progress(done: int, total: int, label: str) -> None:
                bar.progress(done / total, text=label)

            try:
                built = deck.build(cache, filters, progress=progress)
            except LookupError as error:
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
