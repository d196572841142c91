"""Every page in a real browser: start the server, open each page in headless Chromium at projector
size (1920x1080), fail on any error element or any request that leaves the machine, save a screenshot.

Screenshots land in artifacts/screenshots/<database>/<page>.png (not committed; the README's come from
the real bundle run).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from idm import config

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = str(config.browser_path())
SHOTS = REPO / "artifacts" / "screenshots"
PAGES = sorted(re.findall(r'\("pages/(\w+)\.py"', (REPO / "ui" / "navigation.py").read_text()))
ERROR_SELECTORS = ['[data-testid="stException"]', '[data-testid="stAlertContentError"]']

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"Chromium not found at {CHROMIUM}")]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(database: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "IDM_DB": str(database), "BROWSER_PATH": CHROMIUM}
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(REPO / "app.py"), "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
                if response.status == 200:
                    return server, url
        except OSError:
            time.sleep(0.5)
    server.kill()
    raise RuntimeError(f"streamlit did not start: {server.stdout.read().decode()[-2000:]}")


@pytest.fixture(scope="module", params=["fixture", "bundle"])
def served(request, fixture_db, tmp_path_factory):
    if request.param == "bundle":
        database = request.getfixturevalue("bundle_db")
    else:
        database = fixture_db
    server, url = start_server(database)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield request.param, url, browser
        browser.close()
    server.terminate()
    server.wait(timeout=10)


def wait_until_idle(page) -> None:
    """Streamlit shows its running indicator while the script runs; wait for it to go and stay gone."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=60_000)
    quiet = 0
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and quiet < 4:
        running = page.locator('[data-testid="stStatusWidget"]').count()
        quiet = 0 if running else quiet + 1
        time.sleep(0.5)
    page.wait_for_timeout(1500)  # let Plotly and deck.gl draw


@pytest.mark.parametrize("name", PAGES)
def test_page_in_a_real_browser(served, name):
    database, url, browser = served
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    outside, page_errors = [], []

    def only_this_machine(route):
        host = route.request.url.split("/")[2].split(":")[0]
        if host in ("127.0.0.1", "localhost") or route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_this_machine)
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    page.goto(f"{url}/{'' if name == 'ringkasan' else name}?prov=63")
    wait_until_idle(page)
    folder = SHOTS / database
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"))
    errors = [page.locator(s).all_inner_texts() for s in ERROR_SELECTORS]
    title = page.locator("h1").first.inner_text(timeout=10_000)
    # Also when this link is the server's first request, the page runs inside app.py's frame.
    menu = page.locator('[data-testid="stSidebarNav"]').inner_text(timeout=10_000)
    page.close()
    assert "Ringkasan" in menu and "Transisi status" in menu and "app" not in menu.split(), menu
    assert not any(errors), errors
    assert not outside, f"requests leaving the machine: {outside[:5]}"
    assert not page_errors, page_errors
    assert title and "sedang dibangun" not in title
