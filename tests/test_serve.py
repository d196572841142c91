"""The dashboard as an office deploys it (bin/serve: nginx in front of Streamlit): a page renders offline,
without error elements, with at most 3 MB over the wire for a fresh browser; static files compressed
and cached; both processes gone after a stop."""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest

from benchmarks import servers
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
            wire = traffic.http + traffic.ws_wire
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
    for pid in (proxied.app_pid, nginx_pid, proxied.process.pid):
        assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text()
    with pytest.raises(OSError):
        urllib.request.urlopen(proxied.url + "/_stcore/health", timeout=2)
