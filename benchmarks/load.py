"""Many viewers at once against one server.

`python -m benchmarks.load [--db PATH] [--sessions 30] [--batch 5] [--proxy] [--json FILE]`

Opens --sessions browser sessions against one dashboard server, --batch of them at a time (one
headless Chromium, a context per session). Each session opens Ringkasan from a link, clicks through
every other page in the sidebar and then changes one filter (the regency: a different one per
session, so that the caches fill as a meeting's many questions would). Every page view is timed as
benchmarks/browser.py times it (until every chart is drawn) and checked for error elements and
script errors.

Reports the p50/p95 page time (and the server's part: until the last websocket message), the
error count, and the server's resident memory (VmRSS of the
Streamlit process): before the first session, after --views page views, when the sessions have
closed, and --settle seconds later (Streamlit drops a closed session's state after
server.disconnectedSessionTTL, 120 s). Not part of the test suite: it runs for several minutes.
Exit code 1 when a target is missed (p95 over 3 s, any error).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from benchmarks import servers
from benchmarks.browser import HOOK, PAGES, POLL, QUIET, number, page_url, percentile

P95_TARGET = 3.0  # seconds, the users' bound for a page under load


@dataclass
class View:
    session: int
    page: str
    action: str
    seconds: float
    errors: int  # error elements on the page
    script_errors: int  # uncaught errors in the page's JavaScript
    server_seconds: float  # until the last websocket message: the server's part


async def snapshot(page) -> dict:
    return await page.evaluate("window.__idm ? window.__idm.snapshot() : null")


async def wait_drawn(page, *, since: float, messages_before: int, timeout: float = 120) -> tuple[float, dict]:
    """As benchmarks.browser.wait_drawn, for the asynchronous API."""
    deadline = time.monotonic() + timeout
    settled, state = 0, None
    while time.monotonic() < deadline:
        state = await snapshot(page)
        if state and state["messages"] > messages_before and state["title"] is not None \
                and not state["running"] and not state["stale"] and not state["skeletons"] \
                and state["chartsDrawn"] == state["charts"] and state["decksDrawn"] == state["decks"]:
            last = max(state["lastAfterplot"], state["lastDeckDraw"], state["lastMutation"], state["lastMessage"])
            settled = settled + 1 if state["now"] - last >= QUIET * 1000 else 0
            if settled >= 2:
                return (last - since) / 1000, state
        else:
            settled = 0
        await asyncio.sleep(POLL)
    raise TimeoutError(f"halaman tidak selesai digambar dalam {timeout:.0f} s: {state}")


class Load:
    def __init__(self, server: servers.Server, browser, *, province: str, regencies: list[tuple[str, str]],
                 views_mark: int):
        self.server = server
        self.browser = browser
        self.province = province
        self.regencies = regencies
        self.views: list[View] = []
        self.failures: list[str] = []
        self.views_mark = views_mark
        self.memory: dict[str, int] = {}

    def counted(self, view: View) -> None:
        self.views.append(view)
        if len(self.views) == self.views_mark:
            self.memory[f"setelah {self.views_mark} tampilan"] = servers.rss_bytes(self.server.app_pid)

    async def session(self, number_: int) -> None:
        context = await self.browser.new_context(viewport=servers.VIEWPORT)
        await context.add_init_script(HOOK)
        page = await context.new_page()
        script_errors: list[str] = []
        page.on("pageerror", lambda error: script_errors.append(str(error)))
        base = self.server.url
        try:
            await page.goto(page_url(base, "ringkasan", {"prov": self.province}), wait_until="commit")
            seconds, state = await wait_drawn(page, since=0, messages_before=0)
            self.counted(View(number_, "ringkasan", "buka", seconds, state["errors"], len(script_errors),
                              state["lastMessage"] / 1000))
            # Every page, Indikator last: its regency is the filter changed (Kelola, the last in the menu, has none).
            for slug in [s for s in PAGES if s not in ("ringkasan", "indikator")] + ["indikator"]:
                before = await snapshot(page)
                await page.locator(f'[data-testid="stSidebarNav"] a[href="{base}/{slug}"]').click()
                since = (await snapshot(page))["lastInput"]
                seconds, state = await wait_drawn(page, since=since, messages_before=before["messages"])
                self.counted(View(number_, slug, "pindah halaman", seconds, state["errors"], len(script_errors),
                                  (state["lastMessage"] - since) / 1000))
            code, name = self.regencies[number_ % len(self.regencies)]
            before = await snapshot(page)
            box = page.locator('[data-testid="stSidebar"]').get_by_role("combobox", name="Kabupaten/kota", exact=True)
            await box.click()
            await box.fill(name)
            await page.get_by_role("option", name=name, exact=True).click()
            since = (await snapshot(page))["lastInput"]
            seconds, state = await wait_drawn(page, since=since, messages_before=before["messages"])
            self.counted(View(number_, "indikator", f"kab {code}", seconds, state["errors"], len(script_errors),
                              (state["lastMessage"] - since) / 1000))
        except Exception as error:  # a session that fails is counted, the others go on
            self.failures.append(f"sesi {number_}: {type(error).__name__}: {str(error)[:300]}")
        finally:
            await context.close()


async def run(args) -> dict:
    from playwright.async_api import async_playwright

    from idm import config
    from idm.database import Database

    catalog = Database(args.db).catalog()
    regencies = list(catalog.regencies(args.province).items())
    server = servers.start(args.db, proxy=args.proxy, serve_dir=args.serve_dir)
    result: dict = {"meta": {"database": str(args.db), "proxy": args.proxy, "sessions": args.sessions,
                             "batch": args.batch, "date": datetime.now().isoformat(timespec="seconds"),
                             "machine": servers.machine()}}
    try:
        load = None
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=str(config.browser_path()),
                                                       args=servers.CHROMIUM_ARGS)
            load = Load(server, browser, province=args.province, regencies=regencies, views_mark=args.views)
            load.memory["sebelum"] = servers.rss_bytes(server.app_pid)
            began = time.monotonic()
            for first in range(0, args.sessions, args.batch):
                numbers = range(first, min(first + args.batch, args.sessions))
                await asyncio.gather(*(load.session(n) for n in numbers))
                print(f"sesi {numbers[-1] + 1}/{args.sessions}: {len(load.views)} tampilan, "
                      f"RSS {servers.rss_bytes(server.app_pid) / 2**20:.0f} MiB", file=sys.stderr, flush=True)
            result["meta"]["seconds"] = round(time.monotonic() - began, 1)
            await browser.close()
        load.memory["sesi ditutup"] = servers.rss_bytes(server.app_pid)
        await asyncio.sleep(args.settle)
        load.memory[f"{args.settle} s setelah sesi ditutup"] = servers.rss_bytes(server.app_pid)
    finally:
        server.stop()
    times = [v.seconds for v in load.views]
    result.update({
        "views": [asdict(v) for v in load.views], "failures": load.failures, "memory": load.memory,
        "p50": statistics.median(times) if times else None, "p95": percentile(times, 0.95) if times else None,
        "errors": sum(v.errors for v in load.views),
        "script_errors": max((v.script_errors for v in load.views), default=0),
    })
    result["meta"]["load_after"] = [round(value, 2) for value in __import__("os").getloadavg()]
    return result


def report(result: dict, views_mark: int) -> str:
    meta = result["meta"]
    lines = [f"database: {meta['database']} · proxy: {'ya' if meta['proxy'] else 'tidak'} · "
             f"{meta['sessions']} sesi, {meta['batch']} bersamaan · {len(result['views'])} tampilan halaman "
             f"dalam {number(meta['seconds'], 0)} s",
             f"mesin: {meta['machine']['cores']} inti, {meta['machine']['cpu']}, beban awal "
             f"{meta['machine']['load_average']} akhir {meta['load_after']}"]
    if result["p50"] is not None:
        lines.append(f"waktu halaman: p50 {number(result['p50'], 2)} s, p95 {number(result['p95'], 2)} s "
                     f"(batas p95 {number(P95_TARGET, 1)} s)")
    by_page: dict[str, list[dict]] = {}
    for view in result["views"]:
        by_page.setdefault(view["page"] if view["action"] != "buka" else "ringkasan (buka)", []).append(view)
    for page, views in by_page.items():
        times = [v["seconds"] for v in views]
        server = statistics.median(v["server_seconds"] for v in views)
        lines.append(f"  {page:<18} n={len(times):>3} p50 {number(statistics.median(times), 2)} s "
                     f"p95 {number(percentile(times, 0.95), 2)} s (server p50 {number(server, 2)} s)")
    lines.append(f"elemen galat: {result['errors']}, galat skrip: {result['script_errors']}, "
                 f"sesi gagal: {len(result['failures'])}")
    lines += [f"  {failure}" for failure in result["failures"]]
    memory = result["memory"]
    first = memory["sebelum"]
    lines.append("memori server (RSS):")
    for moment, value in memory.items():
        lines.append(f"  {moment:<28} {number(value / 2**20, 0):>6} MiB ({'+' if value >= first else ''}"
                     f"{number((value - first) / 2**20, 0)} MiB)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from idm import config

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=config.db_path())
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--batch", type=int, default=5, help="sessions open at the same time")
    parser.add_argument("--views", type=int, default=200, help="memory is read after this many page views")
    parser.add_argument("--settle", type=int, default=120, help="seconds to wait after the sessions closed")
    parser.add_argument("--province", default="63")
    parser.add_argument("--proxy", action="store_true")
    parser.add_argument("--serve-dir", type=Path, default=None)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    result = asyncio.run(run(args))
    print(report(result, args.views))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False))
    ok = result["p95"] is not None and result["p95"] <= P95_TARGET and not result["errors"] \
        and not result["script_errors"] and not result["failures"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
