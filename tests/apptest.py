"""Helpers for AppTest: open app.py on the fixture database at a page, with query parameters."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")

TIMEOUT = 60


def open_page(page: str | None = None, **params: str) -> AppTest:
    """Run app.py (with IDM_DB set by the fixture_env fixture), then switch to pages/<page>.py."""
    app = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    if page:
        app.switch_page(f"pages/{page}.py")
        app.run()
    return app


def errors(app: AppTest) -> list[str]:
    return [str(e.value) for e in app.exception] + [e.value for e in app.error]


def markdown(app: AppTest) -> str:
    return "\n".join(m.value for m in app.markdown)
