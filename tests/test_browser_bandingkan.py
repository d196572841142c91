"""Bandingkan in a real browser: the comparison link opened in headless Chromium at the projector's
1366x768 (no text cut, no legend over a title) and at a phone's size, failing on any error element, any
request that leaves the machine or any script error; on the phone the link also holds a code the page
does not offer, named in a notice and dropped from the link (every kind of bad code: test_page_bandingkan).

Screenshots land in artifacts/screenshots/<database>/bandingkan-<width>.png (not committed).
"""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

import pytest

from tests import test_browser
from tests.test_browser import CHROMIUM, DRAWN, ERROR_SELECTORS, LAYOUT_PROBLEMS, SHOTS, only_this_machine

# The browser tests' module-scoped fixtures, made once more for this module (its own server and Chromium).
browser = test_browser.browser
served = test_browser.served

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"Chromium not found at {CHROMIUM}")]

# What each database compares: the real bundle's Banjar, Tabalong and the province; the fixture's three.
AREAS = {"bundle": ("6303", "6309", "63"), "fixture": ("6303", "6301", "63")}
SIZES = [(1366, 768), (390, 844)]


def opened(browser, url: str, *, width: int = 1920, height: int = 1080):
    """A page at `url`, drawn, offline; returns it with the lists of outside requests and script errors."""
    page = browser.new_page(viewport={"width": width, "height": height})
    outside = only_this_machine(page)
    page_errors: list[str] = []
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    page.goto(url)
    page.wait_for_selector('[data-testid="stApp"]', timeout=60_000)
    page.wait_for_function(DRAWN, timeout=90_000, polling=100)
    page.wait_for_timeout(300)  # a rerun the first one triggers (link in step with the filters)
    page.wait_for_function(DRAWN, timeout=90_000, polling=100)
    return page, outside, page_errors


def error_texts(page) -> list[str]:
    return [text for selector in ERROR_SELECTORS for text in page.locator(selector).all_inner_texts()]


@pytest.mark.parametrize("width, height", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_comparison_link_in_a_real_browser(served, browser, width, height):
    name, url = served
    areas = AREAS[name]
    phone = width < 500
    asked = [areas[0], "9999", *areas[1:]] if phone else list(areas)
    page, outside, page_errors = opened(browser, f"{url}/bandingkan?prov=63&tahun=2024&bandingkan={','.join(asked)}",
                                        width=width, height=height)
    try:
        # The charts are drawn on the server (no Plotly to load); one for the wide screen, one for a phone each.
        page.wait_for_function("() => document.querySelectorAll('.idm-svg svg').length >= 3",
                               timeout=60_000, polling=200)
        folder = SHOTS / name
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"bandingkan-{width}.png"))
        title = page.locator("h1").first.inner_text(timeout=10_000)
        chosen = page.locator('[data-testid="stMultiSelect"]').inner_text(timeout=10_000)
        shown = page.locator('[data-testid="stApp"]').inner_text()
        drawings = page.locator(".idm-svg svg").count()
        plots = page.locator(".js-plotly-plot").count()
        problems = [] if phone else page.evaluate(LAYOUT_PROBLEMS)
        errors = error_texts(page)
        current = urllib.parse.unquote(page.url)
        if not phone:  # "Interaktif" draws that chart with Plotly, in place
            page.locator('[data-testid="stCheckbox"]:visible').filter(has_text="Interaktif").first.locator("label").click()
            page.wait_for_function("() => [...document.querySelectorAll('.js-plotly-plot')].filter("
                                   "p => p.querySelector('.main-svg')).length == 1",
                                   timeout=60_000, polling=200)
            switched = page.locator(".idm-svg svg").count()
            errors += error_texts(page)
    finally:
        page.close()
    assert not errors, errors
    assert not outside, f"requests leaving the machine: {outside[:5]}"
    assert not page_errors, page_errors
    assert not problems, problems
    assert title.startswith("Bandingkan wilayah Kalimantan Selatan")
    assert "Rata-rata provinsi" in chosen
    assert drawings >= 3 and plots == 0  # trend, villages per status, IKS/IKE/IKL (the KPI picture waits)
    if not phone:
        assert switched == drawings - 1
    assert re.search(rf"bandingkan={','.join(areas)}(&|$)", current) and "prov=63" in current, current
    if phone:
        assert "Nilai '9999' untuk 'bandingkan' di tautan tidak tersedia dan diabaikan." in shown
