"""What a viewer waits for, measured in a real browser: `python -m benchmarks.browser [--db PATH] [--runs N] [--proxy]`.

Starts the dashboard itself on loopback (behind nginx as bin/serve runs it with --proxy) and drives
headless Chromium at 1920x1080. A page counts as drawn when Streamlit's run is over (no running
indicator, no stale or placeholder element), every Plotly chart on screen has fired
`plotly_afterplot` and every deck.gl canvas has drawn (benchmarks/hook.js records these in the page);
the time reported is that of the last of these events, measured from the navigation (a fresh load)
or from the click that caused it (a page switch, a filter choice). No fixed sleeps: the script only
waits for the page to stay quiet for QUIET seconds, to know that nothing else comes.

Scenarios, each repeated --runs times against one warm server:
- fresh: every page opened in a new browser context (empty cache), as a link is opened;
- switch: one session clicks through every page in the sidebar;
- filter: on every page, the year to the comparison year and back, the regency to one and back;
  on Peta also the province away and back to Kalimantan Selatan (the peer's province switch);
- cold: the first page after a server start (--cold times, each with a new server).
Bytes: HTTP responses as they came over the wire (CDP encodedDataLength) and websocket message
payloads (CDP frames); with websocket compression negotiated, the compressed size is estimated by
deflating the payloads as permessage-deflate does (one stream per connection).
"""

from __future__ import annotations

import argparse
import base64
import json
import math
import re
import statistics
import sys
import time
import zlib
from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from benchmarks import servers

HOOK = (Path(__file__).with_name("hook.js")).read_text()
QUIET = 0.5  # seconds without a new drawing, message or element before a page counts as drawn
POLL = 0.05
MB = 1_000_000

# page slug (the URL path) -> title in the sidebar, in the sidebar's order; the first is the default page.
PAGES = dict(re.findall(r'\("pages/(\w+)\.py", "([^"]+)"', (servers.REPO / "ui" / "navigation.py").read_text()))
FILTERLESS = {"kelola"}  # the data-management page has no filters: switched to, nothing chosen there

# The users' targets (issue "speed where the audience sits"), in seconds and bytes. Issue 22 tightened the
# page switch (p50 0,8 s) and the filter change (p50 0,5 s); its fresh-load targets are relative to a bare
# Streamlit page and the peer: benchmarks/fresh.py.
TARGETS = {
    "switch_p50": 0.8, "switch_p95": 2.0, "filter_p50": 0.5, "cold": 4.0,
    "fresh_ringkasan": 1.8, "fresh_peta": 1.8, "peta_province": 0.7,
    "fresh_bytes": 3 * MB, "regency_map_bytes": 1 * MB, "village_map_bytes": 2 * MB,
}


@dataclass
class Sample:
    scenario: str  # fresh, switch, filter, cold
    page: str
    action: str  # what was done: 'buka', 'tahun 2023', 'kab 6303', ...
    seconds: float
    http_bytes: int  # over the wire, compressed as sent
    ws_bytes: int  # websocket payload
    ws_wire_bytes: int  # websocket bytes on the wire (estimated when compressed, else the payload)
    errors: int
    run: int
    server_seconds: float = 0.0  # until the last websocket message: the server's part (the script run)

    @property
    def wire_bytes(self) -> int:
        return self.http_bytes + self.ws_wire_bytes


class Traffic:
    """Bytes a page received, from the DevTools protocol."""

    def __init__(self, context, page):
        self.http = 0
        self.ws = 0
        self.ws_wire = 0
        self.compressed: dict[str, bool] = {}
        self.later = 0  # of that, Plotly's chunk that bin/serve fetches once the page idles (for the next pages)
        self._deflaters: dict[str, object] = {}
        self._urls: dict[str, str] = {}
        session = context.new_cdp_session(page)
        session.on("Network.requestWillBeSent", self._sent)
        session.on("Network.loadingFinished", self._finished)
        session.on("Network.webSocketHandshakeResponseReceived", self._handshake)
        session.on("Network.webSocketFrameReceived", self._frame)
        session.send("Network.enable")

    def _sent(self, event: dict) -> None:
        self._urls[event["requestId"]] = event["request"]["url"]

    def _finished(self, event: dict) -> None:
        size = int(event.get("encodedDataLength") or 0)
        self.http += size
        if "/static/js/PlotlyChart." in self._urls.get(event["requestId"], ""):
            self.later += size

    def _handshake(self, event: dict) -> None:
        headers = {k.lower(): v for k, v in event["response"].get("headers", {}).items()}
        self.compressed[event["requestId"]] = "permessage-deflate" in headers.get("sec-websocket-extensions", "")

    def _frame(self, event: dict) -> None:
        response = event["response"]
        data = response.get("payloadData", "")
        payload = base64.b64decode(data) if response.get("opcode") == 2 else data.encode()
        self.ws += len(payload)
        request = event["requestId"]
        if self.compressed.get(request):
            deflater = self._deflaters.setdefault(request, zlib.compressobj(6, zlib.DEFLATED, -15))
            size = len(deflater.compress(payload)) + len(deflater.flush(zlib.Z_SYNC_FLUSH)) - 4
        else:
            size = len(payload)
        self.ws_wire += size + (2 if size < 126 else 4 if size < 65536 else 10)

    def mark(self) -> tuple[int, int, int]:
        return self.http, self.ws, self.ws_wire


class Browser:
    """Headless Chromium at projector size, each context with the drawing hook."""

    def __init__(self, playwright, executable: str):
        self.browser = playwright.chromium.launch(executable_path=executable, args=servers.CHROMIUM_ARGS)

    def open(self):
        context = self.browser.new_context(viewport=servers.VIEWPORT)
        context.add_init_script(HOOK)
        page = context.new_page()
        return context, page, Traffic(context, page)

    def close(self) -> None:
        self.browser.close()


def snapshot(page) -> dict:
    return page.evaluate("window.__idm ? window.__idm.snapshot() : null")


def wait_drawn(page, *, since: float, messages_before: int, timeout: float = 90) -> tuple[float, dict]:
    """Seconds from `since` (performance.now() in ms; 0 = the navigation) until the page was drawn."""
    deadline = time.monotonic() + timeout
    settled = 0
    state = None
    while time.monotonic() < deadline:
        state = snapshot(page)
        if state and state["messages"] > messages_before and state["title"] is not None \
                and not state["running"] and not state["stale"] and not state["skeletons"] \
                and state["chartsDrawn"] == state["charts"] and state["decksDrawn"] == state["decks"]:
            last = max(state["lastAfterplot"], state["lastDeckDraw"], state["lastMutation"], state["lastMessage"])
            settled = settled + 1 if state["now"] - last >= QUIET * 1000 else 0
            if settled >= 2:
                return (last - since) / 1000, state
        else:
            settled = 0
        time.sleep(POLL)
    raise TimeoutError(f"halaman tidak selesai digambar dalam {timeout:.0f} s: {state}")


def page_url(base: str, slug: str, params: dict[str, str]) -> str:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"{base}/{'' if slug == 'ringkasan' else slug}" + (f"?{query}" if query else "")


def fresh_load(browser: Browser, url: str, *, scenario: str, slug: str, action: str, run: int) -> Sample:
    context, page, traffic = browser.open()
    try:
        page.goto(url, wait_until="commit")
        seconds, state = wait_drawn(page, since=0, messages_before=0)
        return Sample(scenario, slug, action, seconds, traffic.http, traffic.ws, traffic.ws_wire, state["errors"], run,
                      state["lastMessage"] / 1000)
    finally:
        context.close()


def act(page, traffic: Traffic, do, *, scenario: str, slug: str, action: str, run: int) -> Sample:
    """Do something in the page (a click, a choice) and measure until the page is drawn again."""
    before = snapshot(page)
    http, ws, ws_wire = traffic.mark()
    do()
    since = snapshot(page)["lastInput"]
    seconds, state = wait_drawn(page, since=since, messages_before=before["messages"])
    return Sample(scenario, slug, action, seconds, traffic.http - http, traffic.ws - ws, traffic.ws_wire - ws_wire,
                  state["errors"], run, (state["lastMessage"] - since) / 1000)


def choose(page, label: str, option: str) -> None:
    """Pick `option` in the sidebar's select box `label`."""
    box = page.locator('[data-testid="stSidebar"]').get_by_role("combobox", name=label, exact=True)
    box.click()
    box.fill(option)  # the list shows a few options at a time: typing brings the one wanted into it
    # An Indeks Desa year is listed as "2025 (Indeks Desa)": the option whose label starts with the words.
    words = re.escape(option).replace("/", "\\/")  # Playwright writes the pattern between slashes
    page.get_by_role("option", name=re.compile(rf"^{words}( \(|$)")).click()


@dataclass(frozen=True)
class View:
    province: str
    regency: str
    year: int
    compare: int
    names: dict[str, str]  # option labels: province, regency, away province
    group: bool = False  # several provinces (Indonesia, Kalimantan): no regency filter


def view_for(database: Path, *, province: str, regency: str | None, year: int | None, away: str) -> View:
    """The filters a run uses, with the labels the sidebar shows for them (read from the database)."""
    from idm import filters
    from idm.database import Database

    catalog = Database(database).catalog()
    chosen, _ = filters.resolve({"prov": province, "tahun": str(year) if year else None}, catalog)
    provinces = catalog.provinces()
    names = {"province": chosen.province_name,
             "away": provinces.get(away, next(name for code, name in provinces.items() if code != chosen.province))}
    if chosen.is_group:
        return View(chosen.province, "", chosen.year, chosen.compare_year or chosen.year, names, group=True)
    regencies = catalog.regencies(chosen.province)
    regency = regency or ("6303" if "6303" in regencies else next(iter(regencies)))  # Kab. Banjar
    names["regency"] = regencies[regency]
    return View(chosen.province, regency, chosen.year, chosen.compare_year or chosen.year, names)


def session_run(browser: Browser, base: str, view: View, *, run: int, pages: list[str]) -> list[Sample]:
    """One viewer: open the first page, then click through every page and change filters on each."""
    samples = []
    context, page, traffic = browser.open()
    try:
        page.goto(page_url(base, "ringkasan", {"prov": view.province, "tahun": str(view.year)}), wait_until="commit")
        wait_drawn(page, since=0, messages_before=0)
        order = [slug for slug in PAGES if slug in pages and slug != "ringkasan"] + \
                (["ringkasan"] if "ringkasan" in pages else [])
        for slug in order:
            href = f"{base}/{'' if slug == 'ringkasan' else slug}"
            link = page.locator(f'[data-testid="stSidebarNav"] a[href="{href}"]')
            samples.append(act(page, traffic, link.click, scenario="switch", slug=slug, action="pindah halaman",
                               run=run))
            changes = [] if slug in FILTERLESS else [("Tahun", str(view.compare), f"tahun {view.compare}"),
                                                     ("Tahun", str(view.year), f"tahun {view.year}")]
            if changes and not view.group:
                changes += [("Kabupaten/kota", view.names["regency"], f"kab {view.regency}"),
                            ("Kabupaten/kota", "Semua kabupaten/kota", "kab semua")]
            if slug == "peta":
                changes += [("Provinsi", view.names["away"], "provinsi lain"),
                            ("Provinsi", view.names["province"], f"provinsi {view.province}")]
            for label, option, action in changes:
                def pick(label=label, option=option):
                    choose(page, label, option)

                samples.append(act(page, traffic, pick, scenario="filter", slug=slug, action=action, run=run))
    finally:
        context.close()
    return samples


def fresh_run(browser: Browser, base: str, view: View, *, run: int, pages: list[str]) -> list[Sample]:
    samples = []
    for slug in pages:
        samples.append(fresh_load(browser, page_url(base, slug, {"prov": view.province}), scenario="fresh",
                                  slug=slug, action="buka", run=run))
    if "peta" in pages and not view.group:
        samples.append(fresh_load(browser, page_url(base, "peta", {"prov": view.province, "kab": view.regency}),
                                  scenario="fresh", slug="peta", action=f"buka kab {view.regency}", run=run))
    return samples


def cold_runs(playwright, executable: str, database: Path, view: View, *, times: int, proxy: bool,
              serve_dir: Path | None, env: dict[str, str]) -> tuple[list[Sample], list[float]]:
    samples, starts = [], []
    for run in range(times):
        server = servers.start(database, proxy=proxy, serve_dir=serve_dir, env=env)
        try:
            starts.append(server.started_in)
            browser = Browser(playwright, executable)
            try:
                samples.append(fresh_load(browser, page_url(server.url, "ringkasan", {"prov": view.province}),
                                          scenario="cold", slug="ringkasan", action="buka setelah server mulai",
                                          run=run))
            finally:
                browser.close()
        finally:
            server.stop()
    return samples, starts


# --- summary ------------------------------------------------------------------------------------

def percentile(values: list[float], share: float) -> float:
    """Nearest rank: with fewer than 20 values, p95 is the slowest."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def group_action(sample: Sample) -> str:
    """Filter changes summarised per kind (both directions of a year or regency change together)."""
    if sample.scenario == "filter" and sample.action.startswith(("tahun", "kab")):
        return sample.action.split()[0] + " (pilih dan kembali)"
    return sample.action


def summarise(samples: list[Sample]) -> list[dict]:
    groups: dict[tuple[str, str, str], list[Sample]] = defaultdict(list)
    for sample in samples:
        groups[(sample.scenario, sample.page, group_action(sample))].append(sample)
    rows = []
    for (scenario, page, action), group in groups.items():
        times = [s.seconds for s in group]
        rows.append({"scenario": scenario, "page": page, "action": action, "n": len(group),
                     "p50": statistics.median(times), "p95": percentile(times, 0.95), "max": max(times),
                     "server_p50": statistics.median(s.server_seconds for s in group),
                     "http_bytes": statistics.median(s.http_bytes for s in group),
                     "ws_bytes": statistics.median(s.ws_bytes for s in group),
                     "ws_wire_bytes": statistics.median(s.ws_wire_bytes for s in group),
                     "wire_bytes": statistics.median(s.wire_bytes for s in group),
                     "errors": sum(s.errors for s in group)})
    return rows


def verdicts(samples: list[Sample], view: View, *, proxy: bool) -> list[dict]:
    """Each target: the measured value, the bound, met or not."""
    def of(scenario, page=None, action=None):
        return [s for s in samples if s.scenario == scenario and (page is None or s.page == page)
                and (action is None or s.action == action)]

    checks = []

    def check(name, values, bound, *, statistic="p50", unit="s"):
        if not values:
            return
        value = statistics.median(values) if statistic == "p50" else percentile(values, 0.95) \
            if statistic == "p95" else max(values)
        checks.append({"target": name, "statistic": statistic, "value": value, "bound": bound, "unit": unit,
                       "met": value <= bound})

    switch = [s.seconds for s in of("switch")]
    check("pindah halaman (semua halaman)", switch, TARGETS["switch_p50"])
    check("pindah halaman (semua halaman)", switch, TARGETS["switch_p95"], statistic="p95")
    for page in PAGES:
        times = [s.seconds for s in of("switch", page)]
        check(f"pindah ke {page}", times, TARGETS["switch_p50"])
    changes = [s for s in of("filter") if not s.action.startswith("provinsi")]
    check("ganti filter (semua halaman)", [s.seconds for s in changes], TARGETS["filter_p50"])
    for page in PAGES:
        check(f"ganti filter di {page}", [s.seconds for s in changes if s.page == page], TARGETS["filter_p50"])
    back = of("filter", "peta", f"provinsi {view.province}")
    check(f"peta: pindah ke provinsi {view.province}", [s.seconds for s in back], TARGETS["peta_province"])
    check("halaman pertama setelah server mulai", [s.seconds for s in of("cold")], TARGETS["cold"], statistic="max")
    check("ringkasan, browser baru", [s.seconds for s in of("fresh", "ringkasan")], TARGETS["fresh_ringkasan"])
    check("peta, browser baru", [s.seconds for s in of("fresh", "peta", "buka")], TARGETS["fresh_peta"])
    check("peta kabupaten/kota: bita dikirim", [s.ws_wire_bytes for s in of("switch", "peta")],
          TARGETS["regency_map_bytes"], statistic="max", unit="B")
    village_map = of("filter", "peta", f"kab {view.regency}")
    check(f"peta desa {view.regency}: bita dikirim", [s.ws_wire_bytes for s in village_map],
          TARGETS["village_map_bytes"], statistic="max", unit="B")
    if proxy:
        check("muatan awal di browser baru (lewat proxy)", [s.wire_bytes for s in of("fresh")],
              TARGETS["fresh_bytes"], statistic="max", unit="B")
    return checks


def number(value: float, decimals: int) -> str:
    """Indonesian number format: 1.234,56."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")


def megabytes(value: float) -> str:
    return number(value / MB, 2)


def report(rows: list[dict], checks: list[dict], meta: dict) -> str:
    lines = [f"database: {meta['database']} · proxy: {'ya' if meta['proxy'] else 'tidak'} "
             f"(preload {meta['preload']}) · "
             f"putaran: {meta['runs']} · mesin: {meta['machine']['cores']} inti, {meta['machine']['cpu']}, "
             f"beban awal {meta['machine']['load_average']} akhir {meta['load_after']}",
             "waktu dalam detik (p95 = nilai terburuk bila kurang dari 20 sampel); bita dalam MB (10^6)",
             "server = sampai pesan websocket terakhir (skrip selesai); sisanya browser menggambar",
             f"{'skenario':<8} {'halaman':<11} {'aksi':<26} {'n':>3} {'p50':>7} {'p95':>7} {'server':>7} "
             f"{'http MB':>8} {'ws MB':>7} {'ws kabel':>9} {'total':>7} err"]
    for row in sorted(rows, key=lambda r: (["cold", "fresh", "switch", "filter"].index(r["scenario"]),
                                           list(PAGES).index(r["page"]), r["action"])):
        lines.append(f"{row['scenario']:<8} {row['page']:<11} {row['action'][:26]:<26} {row['n']:>3} "
                     f"{number(row['p50'], 2):>7} {number(row['p95'], 2):>7} {number(row['server_p50'], 2):>7} "
                     f"{megabytes(row['http_bytes']):>8} "
                     f"{megabytes(row['ws_bytes']):>7} {megabytes(row['ws_wire_bytes']):>9} "
                     f"{megabytes(row['wire_bytes']):>7} {row['errors']:>3}")
    lines.append("")
    lines.append("target:")
    for check in checks:
        value = (f"{number(check['value'], 2)} s" if check["unit"] == "s" else f"{megabytes(check['value'])} MB")
        bound = (f"{number(check['bound'], 1)} s" if check["unit"] == "s" else f"{megabytes(check['bound'])} MB")
        lines.append(f"  {'TERCAPAI' if check['met'] else 'MELESET '} {check['target']} {check['statistic']}: "
                     f"{value} (batas {bound})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from idm import config

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=config.db_path())
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cold", type=int, default=3, help="server starts to measure the first page after")
    parser.add_argument("--proxy", action="store_true", help="behind nginx, as bin/serve deploys it")
    parser.add_argument("--serve-dir", type=Path, default=None, help="nginx's folder (keeps the gzip copies)")
    parser.add_argument("--preload", choices=["plotly", "none"], default="plotly",
                        help="with --proxy: pages import Plotly's chunk at once (bin/serve's IDM_PRELOAD)")
    parser.add_argument("--province", default="63")
    parser.add_argument("--regency", default=None, help="for the regency filter change (default: the first)")
    parser.add_argument("--away", default="64", help="the province Peta switches away from and back")
    parser.add_argument("--year", type=int, default=None)
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--scenarios", default="cold,fresh,session",
                        help="cold, fresh (new browser per page), session (page switches and filter changes)")
    parser.add_argument("--json", type=Path, default=None, help="write samples and summary here")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    executable = str(config.browser_path())
    pages = [p for p in args.pages.split(",") if p]
    scenarios = set(args.scenarios.split(","))
    view = view_for(args.db, province=args.province, regency=args.regency, year=args.year, away=args.away)
    meta = {"database": str(args.db), "proxy": args.proxy, "runs": args.runs, "date": datetime.now().isoformat(
        timespec="seconds"), "machine": servers.machine(), "view": asdict(view)}
    env = {"IDM_PRELOAD": args.preload}
    meta["preload"] = args.preload if args.proxy else "none"
    samples: list[Sample] = []
    with sync_playwright() as playwright:
        if "cold" in scenarios and args.cold:
            cold, starts = cold_runs(playwright, executable, args.db, view, times=args.cold, proxy=args.proxy,
                                     serve_dir=args.serve_dir, env=env)
            samples += cold
            meta["server_start_seconds"] = starts
        server = servers.start(args.db, proxy=args.proxy, serve_dir=args.serve_dir, env=env)
        browser = Browser(playwright, executable)
        try:
            # One unmeasured pass fills the server's caches, as a meeting's first clicks do.
            session_run(browser, server.url, view, run=-1, pages=pages)
            for run in range(args.runs):
                print(f"putaran {run + 1}/{args.runs}...", file=sys.stderr, flush=True)
                if "fresh" in scenarios:
                    samples += fresh_run(browser, server.url, view, run=run, pages=pages)
                if "session" in scenarios:
                    samples += session_run(browser, server.url, view, run=run, pages=pages)
        finally:
            browser.close()
            server.stop()
    meta["load_after"] = [round(value, 2) for value in __import__("os").getloadavg()]
    rows = summarise(samples)
    checks = verdicts(samples, view, proxy=args.proxy)
    print(report(rows, checks, meta))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"meta": meta, "summary": rows, "targets": checks,
                                         "samples": [asdict(s) | {"wire_bytes": s.wire_bytes} for s in samples]},
                                        indent=1, ensure_ascii=False))
    return 0 if all(check["met"] for check in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
