"""What the tests share: opening the app at a page (AppTest), reading what it shows, reading a database."""

from __future__ import annotations

import re
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


def errors(app: AppTest) -> list[str]:
    return [str(e.value) for e in app.exception] + [e.value for e in app.error]


def markdown(app: AppTest) -> str:
    """Every markdown element's text, data escapes (ui.frame.text) undone: what the reader sees."""
    return unescape("\n".join(m.value for m in app.markdown))


def unescape(text: str) -> str:
    """Markdown escapes and the zero-width spaces that break autolinks (ui.frame.text) taken out."""
    return re.sub(r"\\(.)", r"\1", text).replace("\u200b", "")


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
