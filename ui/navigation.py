"""The app's pages and the router that runs them (app.py calls `run`)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import streamlit as st

_routed = threading.local()  # set while the router runs a page in this thread (one thread per session run)


# section -> (script, title, icon); the first page is the default.
PAGES = {
    "Briefing": [
        ("pages/ringkasan.py", "Ringkasan", ":material/dashboard:"),
        ("pages/target.py", "Target", ":material/flag:"),
        ("pages/tren.py", "Tren", ":material/trending_up:"),
        ("pages/peta.py", "Peta", ":material/map:"),
    ],
    "Analisis": [
        ("pages/transisi.py", "Transisi status", ":material/swap_vert:"),
        ("pages/kemiskinan.py", "Kemiskinan", ":material/payments:"),
        ("pages/desa.py", "Desa", ":material/home_pin:"),
        ("pages/indikator.py", "Indikator", ":material/checklist:"),
        ("pages/bandingkan.py", "Bandingkan", ":material/compare_arrows:"),
    ],
    # Last: behind the admin password (idm.admin); the briefing pages above never ask for one.
    "Admin": [
        ("pages/kelola.py", "Kelola data", ":material/admin_panel_settings:"),
    ],
}
DEFAULT = PAGES["Briefing"][0][0]


def pages(*, icons: bool = True) -> dict[str, list[st.Page]]:
    """The navigation. Without icons where nothing is drawn: a page's icon would become the tab's
    favicon, and Streamlit fetches a Material icon as a favicon from Google's CDN."""
    return {section: [st.Page(script, title=title, icon=icon if icons else None, default=script == DEFAULT)
                      for script, title, icon in entries]
            for section, entries in PAGES.items()}


def run(instead: Callable[[], None] | None = None) -> None:
    """Run the page the link asks for, inside the app's frame; or `instead` of any page (the slide show of
    presentation mode), the pages still declared so that every link of the app stays routed here."""
    _routed.active = True
    try:
        if instead is not None:
            st.navigation(pages(icons=False), position="hidden")
            instead()
        else:
            st.navigation(pages()).run()
    finally:
        _routed.active = False


def through_the_router() -> None:
    """Make sure a page runs inside app.py, also when a shared link is the first request after a restart.

    Until the app's first `st.navigation` call, Streamlit serves a `pages/` folder by itself: a link such
    as /desa?desa=... opened first runs pages/desa.py alone (no frame, file names as the menu). Declaring
    the app's navigation ends that mode for the server (documented behaviour of st.navigation); the
    rerun then runs app.py, which lands on the same page.
    """
    if not getattr(_routed, "active", False):
        st.navigation(pages(icons=False), position="hidden")
        st.rerun()
