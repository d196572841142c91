"""The README's screenshots: every page at 1366x768 (projector), 1920x1080 and 390x844 (a phone), whole
page, and every presentation slide at 1366x768 and 1920x1080, from a running dashboard.

    python -m tests.screenshots http://localhost:8501 [--out docs/screenshots] [--province 63 --year 2024]

Writes OUT/<width>x<height>/<page>.png and OUT/slides/<width>x<height>/<number>.png, as 256-colour PNGs
(a few hundred kB each). Needs Chromium (BROWSER_PATH) and Playwright; the browser tests check the same
pages for cut text and scrolling slides, these are for people to look at.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from PIL import Image

from idm import config
from tests.test_browser import CHROMIUM_ARGS, DRAWN, PAGES, PHONE_AGENT, each_slide

REPO = Path(__file__).resolve().parents[1]
PAGE_SIZES = [(1366, 768), (1920, 1080), (390, 844)]
SLIDE_SIZES = [(1366, 768), (1920, 1080)]


def wait(page) -> None:
    page.wait_for_selector('[data-testid="stApp"]', timeout=60_000)
    page.wait_for_function(DRAWN, timeout=90_000, polling=100)
    page.wait_for_timeout(600)  # a rerun the first one triggers (link in step with the filters)
    page.wait_for_function(DRAWN, timeout=90_000, polling=100)


def save(png: bytes, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    # Octree keeps the few pixels of a rare colour (a status swatch in a legend), which median cut maps away.
    image.quantize(colors=256, method=Image.Quantize.FASTOCTREE).save(path, optimize=True)


def whole_page(page, width: int, height: int) -> bytes:
    """The page from top to bottom: Streamlit scrolls inside its main block, so the window grows to it."""
    tall = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    if tall > height:
        page.set_viewport_size({"width": width, "height": tall})
        page.wait_for_timeout(800)
        page.wait_for_function(DRAWN, timeout=30_000, polling=100)
    return page.screenshot(full_page=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.screenshots", description=__doc__.split("\n\n")[0])
    parser.add_argument("url", help="the running dashboard, e.g. http://localhost:8501")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    parser.add_argument("--province", default="63")
    parser.add_argument("--year", default="2024")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    link = f"prov={args.province}&tahun={args.year}"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(config.browser_path()), args=CHROMIUM_ARGS)
        for width, height in PAGE_SIZES:
            phone = width < 500
            for name in PAGES:
                context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=phone,
                                              has_touch=phone, user_agent=PHONE_AGENT if phone else None)
                page = context.new_page()
                page.goto(f"{args.url}/{'' if name == 'ringkasan' else name}?{link}")
                wait(page)
                save(whole_page(page, width, height), args.out / f"{width}x{height}" / f"{name}.png")
                print(f"{width}x{height} {name}", flush=True)
                context.close()
        for width, height in SLIDE_SIZES:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(f"{args.url}/?{link}&mode=presentasi&slide=1")
            wait(page)
            number = 0
            for number in each_slide(page, lambda page=page: wait(page)):
                save(page.screenshot(), args.out / "slides" / f"{width}x{height}" / f"{number:02d}.png")
            print(f"{width}x{height} {number} slides", flush=True)
            page.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
