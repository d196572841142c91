"""Every page in a real browser: start the server, open each page in headless Chromium at the projector's
1366x768, fail on any error element, any request that leaves the machine or any text cut, save a screenshot.
Also in the browser: a shared link as the server's very first request, a hostile link value, a
database rebuilt under the running server, the presentation's slides, the comparison link (Bandingkan) at
the projector's and a phone's size, and the Kelola data page applying an uploaded file.

One module, so that its servers and its Chromium are started once (module-scoped fixtures): starting
each, and the first page a fresh server runs, cost seconds of the two cores.

Screenshots land in artifacts/screenshots/<database>/<page>.png (not committed; the README's come from
the real bundle run).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest

from idm import config, kelola, rules, versions
from tests import fixtures, hostile

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = str(config.browser_path())
SHOTS = REPO / "artifacts" / "screenshots"
PAGES = sorted(re.findall(r'\("pages/(\w+)\.py"', (REPO / "ui" / "navigation.py").read_text()))
ERROR_SELECTORS = ['[data-testid="stException"]', '[data-testid="stAlertContentError"]']
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"Chromium not found at {CHROMIUM}")]

# Drawn: Streamlit's run over (the app's script state, which its running indicator shows only after a
# delay), every Plotly chart has its SVG, every deck.gl map its canvas.
DRAWN = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
  // An element whose code is still loading shows a skeleton (a metric with a delta came after one without)
  if (document.querySelector('[data-testid="stSkeleton"]')) return false;
  if (!document.querySelector('[data-testid="stMainBlockContainer"] h1')) return false;
  const plots = [...document.querySelectorAll('.js-plotly-plot')];
  if (!plots.every(p => p.querySelector('.main-svg'))) return false;
  const decks = [...document.querySelectorAll('[data-testid="stDeckGlJsonChart"]')];
  return decks.every(d => d.querySelector('canvas'));
}"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(database: Path, **env) -> tuple[subprocess.Popen, str]:
    port = free_port()
    environment = {**os.environ, "IDM_DB": str(database), "BROWSER_PATH": CHROMIUM, **env}
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(REPO / "app.py"), "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=REPO, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(240):
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
                if response.status == 200:
                    return server, url
        except OSError:
            time.sleep(0.25)
    server.kill()
    raise RuntimeError(f"streamlit did not start: {server.stdout.read().decode()[-2000:]}")


def only_this_machine(page) -> list[str]:
    """Let `page` reach this machine only: every other request is aborted and its URL added to the list
    returned (a test fails on any)."""
    outside: list[str] = []

    def route(request_route) -> None:
        url = request_route.request.url
        host = urllib.parse.urlsplit(url).hostname or ""
        if host in ("127.0.0.1", "localhost") or url.startswith(("data:", "blob:")):
            request_route.continue_()
        else:
            outside.append(url)
            request_route.abort()

    page.route("**/*", route)
    return outside


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def served(request, browser):
    """The real bundle when it is there (CI has it), else the fixture database."""
    try:
        database, name = request.getfixturevalue("bundle_db"), "bundle"
    except pytest.skip.Exception:
        database, name = request.getfixturevalue("fixture_db"), "fixture"
    server, url = start_server(database)
    yield name, url
    stop(server)


# A phone's browser says so (the page then sends the charts drawn for a phone only, ui.frame.screen).
PHONE_AGENT = ("Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) "
               "Chrome/131.0.0.0 Mobile Safari/537.36")


class Visit:
    """A page opened offline: requests that leave the machine are blocked and recorded."""

    def __init__(self, browser, url: str, *, width: int = 1920, height: int = 1080):
        self.page = browser.new_page(viewport={"width": width, "height": height},
                                     user_agent=PHONE_AGENT if width < 500 else None)
        self.outside = only_this_machine(self.page)
        self.page_errors: list[str] = []
        self.page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        self.page.goto(url)
        self.wait()

    @classmethod
    def sized(cls, browser, url: str, *, width: int, height: int) -> Visit:
        return cls(browser, url, width=width, height=height)

    def wait(self) -> None:
        self.page.wait_for_selector('[data-testid="stApp"]', timeout=60_000)
        self.page.wait_for_function(DRAWN, timeout=90_000, polling=100)
        self.page.wait_for_timeout(300)  # a rerun the first one triggers (link in step with the filters)
        self.page.wait_for_function(DRAWN, timeout=90_000, polling=100)

    def errors(self) -> list[str]:
        return [text for selector in ERROR_SELECTORS for text in self.page.locator(selector).all_inner_texts()]

    def close(self) -> None:
        self.page.close()


@pytest.fixture(scope="module")
def session(served, browser):
    """One viewer at the projector's 1366x768 clicking through the pages: the first page opened by a deep
    link as the server's very first request, the others through the menu, as in a meeting."""
    database, url = served
    first = PAGES[0]
    visit = Visit.sized(browser, f"{url}/{'' if first == 'ringkasan' else first}?prov=63&tahun=2024",
                        width=1366, height=768)
    yield database, visit
    visit.close()


@pytest.mark.parametrize("name", PAGES)
def test_page_in_a_real_browser(session, name):
    """Each page reached through the menu: no error, nothing fetched from outside, the filters in the link,
    and at 1366x768 no text cut, no word broken over two lines, no legend over a title."""
    database, visit = session
    page = visit.page
    if name != PAGES[0]:
        page.locator(f'[data-testid="stSidebarNav"] a[href$="/{"" if name == "ringkasan" else name}"]').click()
        page.wait_for_url(re.compile(rf"/{'' if name == 'ringkasan' else name}(\?|$)"), timeout=30_000)
        visit.wait()
    folder = SHOTS / database
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"))
    title = page.locator("h1").first.inner_text(timeout=10_000)
    # Also when the first page was the server's first request, the pages run inside app.py's frame.
    menu = page.locator('[data-testid="stSidebarNav"]').inner_text(timeout=10_000)
    errors = visit.errors()
    problems = page.evaluate(LAYOUT_PROBLEMS)
    assert "Ringkasan" in menu and "Transisi status" in menu and "app" not in menu.split(), menu
    assert not errors, errors
    assert not visit.outside, f"requests leaving the machine: {visit.outside[:5]}"
    assert not visit.page_errors, visit.page_errors
    assert title
    assert not problems, problems
    if name != "kelola":  # the data-management page has no filters
        assert "prov=63" in page.url and "tahun=2024" in page.url  # the filters travel with the viewer


@pytest.fixture(scope="module")
def own_server(fixture_db, tmp_path_factory, browser):
    """A server of its own on a copy of the fixture database, in a folder of its own, for tests that
    change the file; its Kelola data page takes PASSWORD."""
    database = tmp_path_factory.mktemp("own") / "data" / "idm.duckdb"
    database.parent.mkdir()
    shutil.copyfile(fixture_db, database)
    server, url = start_server(database, **{kelola.ENVIRONMENT: PASSWORD})
    yield database, url
    stop(server)


# --- Kelola data: log in, upload a small IDM file through the page's own file input, read the plan, type a
# name, apply; the database changed and kept a version, nothing left the machine, the upload's folder is gone.

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


def test_log_in_and_apply_a_small_file(own_server, browser, tmp_path):
    database, url = own_server
    before = idm_of(database)
    page_errors = []
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    try:
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
    finally:
        page.close()
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


def test_a_hostile_link_value_stays_text(own_server, browser):
    _, url = own_server
    value = "[klik di sini](http://evil.example/) **tebal**"
    visit = Visit(browser, f"{url}/?prov={urllib.parse.quote(value)}")
    links = visit.page.eval_on_selector_all("a[href*='evil.example']", "els => els.length")
    bold = visit.page.eval_on_selector_all("strong", "els => els.map(e => e.innerText)")
    sidebar = visit.page.locator('[data-testid="stSidebar"]').inner_text()
    visit.close()
    assert links == 0 and "tebal" not in bold
    assert "[klik di sini](http://evil.example/)" in sidebar.replace("\u200b", "")  # shown as the text it is


def test_a_rebuild_under_the_running_server_is_shown(own_server, browser):
    """The open session shows the new file on its next rerun, and a new session (a reload) too."""
    database, url = own_server
    visit = Visit(browser, url)
    first = visit.page.locator('[data-testid="stMetricValue"]').first.inner_text()
    data = fixtures.fixture_dataset()
    data.villages = [data.villages[0].assign(idm=data.villages[0]["idm"] - 0.05)]
    rebuilt = database.with_name("baru.duckdb")
    from idm.importers.build import write_dataset

    write_dataset(data, rebuilt)
    os.replace(rebuilt, database)  # as a build swaps its file in
    visit.page.locator('[data-testid="stSidebarNav"] a').first.click()  # a rerun of the open session
    visit.page.wait_for_function(
        "first => { const v = document.querySelector('[data-testid=\"stMetricValue\"]');"
        " return v && v.innerText !== first; }", arg=first, timeout=30_000)
    visit.wait()
    again = visit.page.locator('[data-testid="stMetricValue"]').first.inner_text()
    visit.page.reload()  # a brand-new session
    visit.wait()
    new_session = visit.page.locator('[data-testid="stMetricValue"]').first.inner_text()
    errors = visit.errors()
    visit.close()
    assert not errors
    assert again != first and new_session == again


# --- the meeting room: every text whole at 1366x768 (above), slides without scrolling------------------------

# Problems a viewer sees, found in the page: text cut by its box (an element whose content is wider than
# the box that clips it), a word broken over two lines, a chart legend over its title or its plot. Charts
# are checked through their own SVG; tables (canvas) are not text here.
LAYOUT_PROBLEMS = """() => {
  const problems = [];
  const main = document.querySelector('[data-testid="stAppViewContainer"]');
  const seen = el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  for (const el of main.querySelectorAll('p, h1, h2, h3, h4, h5, span, label, button, div')) {
    if (!seen(el) || el.closest('.js-plotly-plot, [data-testid="stDataFrame"], [data-testid="stDeckGlJsonChart"]'))
      continue;
    const style = getComputedStyle(el);
    const clips = style.overflowX === 'hidden' || style.overflowX === 'clip' || style.textOverflow === 'ellipsis';
    const ownText = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (clips && ownText && el.scrollWidth > el.clientWidth + 1)
      problems.push('terpotong: ' + el.textContent.trim().slice(0, 60));
    // cut at the bottom: a box that clips or scrolls its text vertically
    const clipsY = ['hidden', 'clip', 'auto', 'scroll'].includes(style.overflowY);
    if (clipsY && el.scrollHeight > el.clientHeight + 4 && !el.closest('[data-testid="stSidebar"]')
        && el.innerText && el.innerText.trim()
        && !el.querySelector('.js-plotly-plot, [data-testid="stDataFrame"], [data-testid="stDeckGlJsonChart"]'))
      problems.push('terpotong di bawah: ' + el.innerText.trim().slice(0, 60));
  }
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || !seen(parent) || parent.closest('.js-plotly-plot, svg, [data-testid="stDataFrame"], code'))
      continue;
    const text = node.textContent;
    for (const match of text.matchAll(/[^\\s\u2013\u2014/-]+/g)) {  // a line may break after a dash or slash
      if (match[0].length > 24) continue;  // a web address may wrap where it must
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (lines.size > 1) problems.push('kata terpotong: ' + match[0]);
    }
  }
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {
    const legend = plot.querySelector('.legend');
    if (!legend || !seen(legend)) continue;
    const box = legend.getBoundingClientRect();
    const heading = plot.closest('[data-testid="stElementContainer"]')?.previousElementSibling
      ?.querySelector('.idm-chart-heading');
    if (heading && box.top < heading.getBoundingClientRect().bottom - 1)
      problems.push('legenda menutupi judul: ' + heading.textContent.slice(0, 60));
    const gtitle = plot.querySelector('.g-gtitle');
    if (gtitle && seen(gtitle) && box.top < gtitle.getBoundingClientRect().bottom - 1)
      problems.push('legenda menutupi judul grafik');
    for (const area of plot.querySelectorAll('.nsewdrag')) {
      const a = area.getBoundingClientRect();
      const horizontal = box.width > box.height;
      if (horizontal && box.bottom > a.top + 2 && box.top < a.bottom && box.left < a.right && box.right > a.left)
        problems.push('legenda menutupi plot: ' + (heading ? heading.textContent.slice(0, 60) : ''));
    }
  }
  return [...new Set(problems)];
}"""

SCROLLS = """() => { const main = document.querySelector('[data-testid="stMain"]');
  return main.scrollHeight - main.clientHeight; }"""


SIZES = [(1366, 768), (1920, 1080)]


def each_slide(page, wait: Callable[[], None]) -> Iterator[int]:
    """The slides of the presentation open in `page`, one after the other through "Berikutnya": yields
    each slide's number while the page shows it (`wait` waits until a slide is drawn)."""
    number = 1
    while True:
        yield number
        following = page.locator(".st-key-idm-slide-next button")
        if following.is_disabled():
            return
        following.click()
        number += 1
        page.wait_for_url(re.compile(rf"slide={number}\b"), timeout=30_000)
        wait()


def test_every_slide_fits_the_screen(served, browser):
    """Presentation mode: each slide shown without scrolling and without cut text at 1366x768 and at
    1920x1080 (the same slide, the window resized: the slide's CSS picks its drawing by height)."""
    _, url = served
    visit = Visit.sized(browser, f"{url}/?prov=63&tahun=2024&mode=presentasi&slide=1", width=1366, height=768)
    page = visit.page
    problems, number = [], 0
    # A slide's rerun sets its link itself and triggers none after it: drawn once is drawn (Visit.wait's
    # pause is for a page's first load).
    for number in each_slide(page, lambda: page.wait_for_function(DRAWN, timeout=90_000, polling=100)):
        for width, height in SIZES if number % 2 else SIZES[::-1]:  # one resize per slide
            page.set_viewport_size({"width": width, "height": height})
            page.wait_for_timeout(200)
            page.wait_for_function(DRAWN, timeout=30_000, polling=100)
            overflow = page.evaluate(SCROLLS)
            if overflow > 1:
                problems.append(f"slide {number} {width}x{height}: {overflow} px di luar layar")
            problems += [f"slide {number} {width}x{height}: {p}" for p in page.evaluate(LAYOUT_PROBLEMS)]
    visit.close()
    assert number >= 8, "the rakor has at least its eight sections"
    assert not problems, problems


# --- Bandingkan: the comparison link at the projector's 1366x768 (no text cut, no legend over a title) and at
# a phone's size; on the phone the link also holds a code the page does not offer, named in a notice and
# dropped from the link (every kind of bad code: test_page_bandingkan). Screenshots: bandingkan-<width>.png.

# What each database compares: the real bundle's Banjar, Tabalong and the province; the fixture's three.
AREAS = {"bundle": ("6303", "6309", "63"), "fixture": ("6303", "6301", "63")}
COMPARISON_SIZES = [(1366, 768), (390, 844)]


@pytest.mark.parametrize("width, height", COMPARISON_SIZES, ids=[f"{w}x{h}" for w, h in COMPARISON_SIZES])
def test_comparison_link_in_a_real_browser(served, browser, width, height):
    name, url = served
    areas = AREAS[name]
    phone = width < 500
    asked = [areas[0], "9999", *areas[1:]] if phone else list(areas)
    visit = Visit(browser, f"{url}/bandingkan?prov=63&tahun=2024&bandingkan={','.join(asked)}",
                  width=width, height=height)
    page = visit.page
    try:
        # The charts are drawn on the server (no Plotly to load).
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
        errors = visit.errors()
        current = urllib.parse.unquote(page.url)
        if not phone:  # "Interaktif" draws that chart with Plotly, in place
            page.locator('[data-testid="stCheckbox"]:visible').filter(has_text="Interaktif").first.locator(
                "label").click()
            page.wait_for_function("() => [...document.querySelectorAll('.js-plotly-plot')].filter("
                                   "p => p.querySelector('.main-svg')).length == 1", timeout=60_000, polling=200)
            switched = page.locator(".idm-svg svg").count()
            errors += visit.errors()
    finally:
        visit.close()
    assert not errors, errors
    assert not visit.outside, f"requests leaving the machine: {visit.outside[:5]}"
    assert not visit.page_errors, visit.page_errors
    assert not problems, problems
    assert title.startswith("Bandingkan wilayah Kalimantan Selatan")
    assert "Rata-rata provinsi" in chosen
    assert drawings >= 3 and plots == 0  # trend, villages per status, IKS/IKE/IKL (the KPI picture waits)
    if not phone:
        assert switched == drawings - 1
    assert re.search(rf"bandingkan={','.join(areas)}(&|$)", current) and "prov=63" in current, current
    if phone:
        assert "Nilai '9999' untuk 'bandingkan' di tautan tidak tersedia dan diabaikan." in shown
