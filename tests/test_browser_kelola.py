"""The Kelola data page in a real browser: log in, upload a small IDM file through the page's own file
input, read the plan, type a name, apply; the database changed and kept a version, nothing left the
machine, and the upload's folder is gone. The server runs on a copy of the fixture database.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import duckdb
import pytest

from idm import kelola, rules, versions
from tests import hostile
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, ERROR_SELECTORS, SHOTS, only_this_machine, start_server

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"Chromium not found at {CHROMIUM}")]

PASSWORD = "sandi-peramban-uji"


def wait_until_idle(page) -> None:
    """Wait until Streamlit's run is over (the app's script state) and stays over for a second."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=60_000)
    idle = '[data-testid="stApp"][data-test-script-state="notRunning"]'
    quiet, deadline = 0, time.monotonic() + 90
    while time.monotonic() < deadline and quiet < 4:
        busy = not page.locator(idle).count() or page.locator('[data-testid="stStatusWidget"]').count()
        quiet = 0 if busy else quiet + 1
        time.sleep(0.25)


def small_file(path: Path) -> Path:
    code = "6303012001"
    row = [code[:2], "KALIMANTAN SELATAN", code[:4], "BANJAR", code[:6], "ALUH ALUH", code, "DESA UJI",
           0.91, 0.91, 0.91, 0.91, rules.classify(0.91), None]
    return hostile.write_xlsx(path, [hostile.HEADER_2024, row])


def idm_of(database: Path) -> float:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute("SELECT idm FROM village_scores WHERE village_code = '6303012001' AND year = 2024"
                           ).fetchone()[0]


def test_log_in_and_apply_a_small_file(fixture_db, tmp_path, monkeypatch):
    database = tmp_path / "data" / "idm.duckdb"
    database.parent.mkdir()
    shutil.copyfile(fixture_db, database)
    before = idm_of(database)
    monkeypatch.setenv(kelola.ENVIRONMENT, PASSWORD)
    server, url = start_server(database)
    from playwright.sync_api import sync_playwright

    page_errors = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1920, "height": 1080})
            outside = only_this_machine(page)
            page.on("pageerror", lambda error: page_errors.append(str(error)))
            page.goto(f"{url}/kelola")
            wait_until_idle(page)
            page.get_by_label("Kata sandi admin").fill(PASSWORD)
            page.get_by_role("button", name="Masuk").click()
            page.wait_for_selector('[data-testid="stFileUploader"]', timeout=60_000)
            # Streamlit's own words ("Upload", "50MB per file") are replaced by Indonesian ones.
            words = page.evaluate("""() => [
                '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p',
                '[data-testid="stFileUploaderDropzoneInstructions"] span',
            ].map(s => getComputedStyle(document.querySelector(s), '::after').content)""")
            page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
                str(small_file(tmp_path / "IDM_2024_uji peramban.xlsx")))
            page.get_by_text("Yang akan berubah").wait_for(timeout=60_000)
            wait_until_idle(page)
            plan = page.locator('[data-testid="stMainBlockContainer"]').inner_text()
            folder = SHOTS / "kelola"
            folder.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(folder / "rencana.png"))
            name = page.get_by_label("Nama Anda", exact=True).and_(page.get_by_role("textbox"))
            name.fill("Petugas Uji")
            name.press("Enter")
            wait_until_idle(page)
            page.get_by_role("button", name="Terapkan").click()
            page.get_by_text("diterapkan oleh Petugas Uji").wait_for(timeout=60_000)
            wait_until_idle(page)
            page.get_by_text("diterapkan oleh Petugas Uji").scroll_into_view_if_needed()
            page.screenshot(path=str(folder / "diterapkan.png"))
            shown_errors = [page.locator(s).all_inner_texts() for s in ERROR_SELECTORS]
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert "IDM_2024_uji peramban.xlsx" in plan and "1 desa diperbarui" in plan
    assert words == ['"Pilih berkas"', '"atau seret berkas ke sini · paling besar 50 MB"'], words
    assert "Paling besar 50 MB per berkas" in plan
    assert not any(shown_errors), shown_errors
    assert not outside, f"requests leaving the machine: {outside[:5]}"
    assert not page_errors, page_errors
    assert before != 0.91 and idm_of(database) == 0.91
    (version,) = versions.list_versions(database)
    assert (version.who, version.file) == ("Petugas Uji", "IDM_2024_uji peramban.xlsx")
    assert not list((database.parent / "uploads").iterdir())
