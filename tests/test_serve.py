"""The dashboard as an office deploys it (bin/serve: nginx in front of Streamlit): a page renders offline,
without error elements, with at most 3 MB over the wire for a fresh browser; static files compressed
and cached; every process gone after a stop; with IDM_PROCESSES=2 both Streamlit processes serve
viewers, each browser kept on one (sticky sessions)."""

from __future__ import annotations

import asyncio
import http.cookiejar
import time
import urllib.request
from pathlib import Path

import pytest

from benchmarks import servers, wsload
from benchmarks.browser import MB, Browser, wait_drawn
from idm import config
from tests.test_browser import only_this_machine

CHROMIUM = str(config.browser_path())
ERROR_SELECTORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"Chromium not found at {CHROMIUM}"),
              pytest.mark.skipif(servers.nginx_path() is None,
                                 reason="nginx not installed (apt-get install nginx-light)")]


@pytest.fixture(scope="module")
def proxied(fixture_db, tmp_path_factory):
    server = servers.start(fixture_db, proxy=True, serve_dir=tmp_path_factory.mktemp("serve"))
    yield server
    server.stop()


def static_script(url: str) -> str:
    """The path of the first script the page loads (content-hashed)."""
    with urllib.request.urlopen(url, timeout=10) as response:
        html = response.read().decode()
    start = html.index("./static/js/")
    return html[start + 1:html.index('"', start)]


def test_static_files_compressed_and_cached(proxied):
    request = urllib.request.Request(proxied.url + static_script(proxied.url), headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.headers["Content-Encoding"] == "gzip"
        assert "immutable" in response.headers["Cache-Control"]


@pytest.mark.parametrize("path", ["/?prov=63"])  # every page: python -m benchmarks.browser --proxy
def test_fresh_load_offline_without_errors_within_3_mb(proxied, path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = Browser(playwright, CHROMIUM)
        try:
            context, page, traffic = browser.open()
            outside = only_this_machine(page)
            page.goto(proxied.url + path, wait_until="commit")
            wait_drawn(page, since=0, messages_before=0)
            errors = page.locator(ERROR_SELECTORS).all_inner_texts()
            title = page.locator("h1").first.inner_text()
            compressed = any(traffic.compressed.values())
            # Plotly's chunk, fetched 4 s after the load for the pages that follow, is not this page's.
            wire = traffic.http - traffic.later + traffic.ws_wire
            context.close()
        finally:
            browser.close()
    assert not errors, errors
    assert not outside, outside[:5]
    assert title
    assert compressed, "websocket without permessage-deflate"
    assert wire <= 3 * MB, f"{wire / MB:.2f} MB over the wire"


def test_stop_ends_both_processes(proxied):
    """Last in this file: it stops the module's server."""
    nginx_pid = int((proxied.folder / "nginx.pid").read_text())
    proxied.stop()
    for pid in (*proxied.app_pids, nginx_pid, proxied.process.pid):
        assert gone(pid)
    with pytest.raises(OSError):
        urllib.request.urlopen(proxied.url + "/_stcore/health", timeout=2)


def upstream_of(folder: Path, route: str, url: str) -> str:
    """The Streamlit process nginx sends a browser with this route cookie to (its access log says)."""
    probe = f"/_stcore/health?probe={route}"  # nginx may write the line after the answer arrived
    request = urllib.request.Request(url + probe, headers={"Cookie": f"idm_route={route}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        response.read()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        for line in reversed((folder / "access.log").read_text().splitlines()):
            found = servers.upstream_of(line)
            if found and found[0] == probe:
                return found[1]
        time.sleep(0.05)
    raise AssertionError(f"{probe} not in the access log")


def open_ringkasan(url: str, route: str) -> wsload.PageRun:
    """One viewer with this route: the link, the websocket, Ringkasan's script run to its end."""
    viewer = wsload.Viewer(url, 0, query="prov=63", timeout=60)
    viewer.jar.set_cookie(http.cookiejar.Cookie(
        0, "idm_route", route, None, False, "127.0.0.1", False, False, "/", True, False, None, False, None, None, {}))

    async def visit():
        await viewer.open_link(wsload.FIRST)
        await viewer.connect()
        try:
            return await viewer.open_page(wsload.FIRST, link=True)
        finally:
            await viewer.close()

    return asyncio.run(visit())


def gone(pid: int) -> bool:
    return not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text()


def test_two_processes_serve_viewers_each_on_one(proxied, fixture_db):
    """After the module's server stopped (its folder keeps the compressed static files): IDM_PROCESSES=2."""
    server = servers.start(fixture_db, proxy=True, serve_dir=proxied.folder, processes=2)
    try:
        assert len(server.app_pids) == 2 and all(Path(f"/proc/{pid}").exists() for pid in server.app_pids)
        routes: dict[str, str] = {}  # upstream -> a route cookie that reaches it
        for number in range(32):
            route = f"{number:032x}"
            routes.setdefault(upstream_of(server.folder, route, server.url), route)
            if len(routes) == 2:
                break
        assert len(routes) == 2, routes
        for upstream, route in routes.items():
            assert upstream_of(server.folder, route, server.url) == upstream  # sticky: the same one again
            run = open_ringkasan(server.url, route)
            assert run.seconds > 0 and not run.errors, run
        # The websockets went to the processes their routes name (a websocket's line is logged when it closes).
        deadline, streams = time.monotonic() + 10, []
        while len(streams) < 2 and time.monotonic() < deadline:
            streams = [found[1] for found in map(servers.upstream_of, (server.folder / "access.log").read_text()
                                                 .splitlines()) if found and found[0] == "/_stcore/stream"]
            time.sleep(0.05)
        assert set(streams[-2:]) == set(routes)
    finally:
        server.stop()
    assert all(gone(pid) for pid in server.app_pids)
