"""What the tests share: opening the app at a page (AppTest), reading what it shows, reading a database, reading
back a printed PDF (idm/pdf.py)."""

from __future__ import annotations

import re
import zlib
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")

TIMEOUT = 60


def open_page(page: str | None = None, **params: str) -> AppTest:
    """Run app.py (with IDM_DB set by the fixture_env fixture), then switch to pages/<page>.py."""
    app = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in params.items():
        app.query_params[key] = value
    if page:
        app.switch_page(f"pages/{page}.py")  # the first run already lands on the page, as a deep link does
    app.run()
    return app


def interactive(app: AppTest) -> AppTest:
    """The page with each chart switched to Plotly ("Interaktif") and each table to the sortable grid
    ("Urutkan dan saring"): its figures and tables read as Streamlit holds them (a page draws them as SVG
    and plain tables first: tests/test_svg.py, tests/test_widgets.py)."""
    switches = [t for t in app.toggle if t.key and t.key.startswith(("interaktif-", "grid-"))]
    for switch in switches:
        switch.set_value(True)
    return app.run() if switches else app


def open_interactive(page: str | None = None, **params: str) -> AppTest:
    """open_page, then every chart and table switched to its interactive form (`interactive`)."""
    return interactive(open_page(page, **params))


def errors(app: AppTest) -> list[str]:
    return [str(e.value) for e in app.exception] + [e.value for e in app.error]


def markdown(app: AppTest) -> str:
    """Every markdown element's text, data escapes (ui.frame.text) undone: what the reader sees."""
    return unescape("\n".join(m.value for m in app.markdown))


def unescape(text: str) -> str:
    """Markdown escapes and the zero-width spaces that break autolinks (ui.frame.text) taken out, a
    no-break space read as the space it shows."""
    return re.sub(r"\\(.)", r"\1", text).replace("\u200b", "").replace("\u00a0", " ")


def drawings(app: AppTest) -> list[str]:
    """The charts drawn on the server (charts.svg) as the page holds them: heading and wide drawing."""
    return [m.value for m in app.markdown if "<div class='idm-svg idm-svg-wide'>" in m.value]


def metrics(app: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in app.metric}


def read(path: Path | str) -> duckdb.DuckDBPyConnection:
    """A plain read-only connection for checks written in SQL (use it in a `with` block)."""
    return duckdb.connect(str(path), read_only=True)


def chromium_missing() -> str | None:
    """Why chart images cannot be rendered here (no Chromium), or None."""
    from idm import export

    return export.unavailable()


requires_chromium = pytest.mark.skipif(chromium_missing() is not None, reason=str(chromium_missing()))


def pdf_objects(data: bytes) -> dict[int, bytes]:
    """The objects of a PDF written by idm/pdf.py, by number."""
    return {int(m[1]): m[2] for m in re.finditer(rb"(\d+) 0 obj\n(.*?)\nendobj", data, re.S)}


def pdf_stream(body: bytes) -> bytes:
    head, rest = body.split(b"stream\n", 1)
    raw = rest.rsplit(b"\nendstream", 1)[0]
    return zlib.decompress(raw) if b"/FlateDecode" in head else raw


def pdf_text(data: bytes) -> tuple[list[tuple[float, float]], list[str]]:
    """Each page's size in points and its text (the layer beneath the page's picture), a line per run."""
    found = pdf_objects(data)
    [cmap] = [pdf_stream(body) for body in found.values() if b"/FlateDecode" in body
              and b"begincmap" in pdf_stream(body)]
    upper = {int(code, 16): chr(int(char, 16)) for code, char in re.findall(rb"<([0-9A-F]{2})> <([0-9A-F]{4})>", cmap)}
    sizes, texts = [], []
    for body in (body for body in found.values() if b"/Type /Page " in body):
        box = re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", body)
        sizes.append((float(box[1]), float(box[2])))
        content = pdf_stream(found[int(re.search(rb"/Contents (\d+) 0 R", body)[1])])
        texts.append("\n".join("".join(chr(b) if b < 128 else upper[b] for b in bytes.fromhex(run.decode()))
                               for run in re.findall(rb"<([0-9A-F]*)> Tj", content)))
    return sizes, texts

