"""Where the data lives. Defaults are relative to the checkout, environment variables override."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def sources_dir() -> Path:
    """The open-data bundle: `IDM_SOURCES`, else ../shared/open-data beside the checkout."""
    return Path(os.environ.get("IDM_SOURCES") or REPO.parent / "shared" / "open-data")


def db_path() -> Path:
    """The dashboard's database: `IDM_DB`, else data/idm.duckdb in the checkout."""
    return Path(os.environ.get("IDM_DB") or REPO / "data" / "idm.duckdb")


def browser_path() -> Path:
    """The Chromium that renders chart images (kaleido) and runs the browser tests: `BROWSER_PATH`,
    else Debian's /usr/bin/chromium."""
    return Path(os.environ.get("BROWSER_PATH") or "/usr/bin/chromium")


def home_province() -> str:
    """The office's own province (Kemendagri code): the default view, highlighted among provinces.
    `IDM_PROVINCE`, else Kalimantan Selatan, the office this dashboard was first built for."""
    return (os.environ.get("IDM_PROVINCE") or "63").strip()
