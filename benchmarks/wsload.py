"""A room full of viewers, the server alone: `python -m benchmarks.wsload [--sessions 50] [--proxy --processes N]`.

A leader shares the link in a chat and the room opens it within a minute. Fifty browsers on the server's
own two cores would measure the browsers; this speaks Streamlit's own protocol instead, as its front end
does, so that only the server works:

- per session, the page is requested over HTTP as a browser does (the link, /_stcore/health and
  /_stcore/host-config; Streamlit's JavaScript is not: a browser caches it, and behind nginx it never
  reaches Streamlit), with the session's own cookies (Streamlit's XSRF cookie, the proxy's route);
- then the websocket /_stcore/stream (subprotocol "streamlit" and the XSRF token, permessage-deflate,
  the Origin header), and a BackMsg `rerun_script` with the link's query string and page name and the
  browser's context, as the front end sends on opening a link;
- every ForwardMsg is read until the run's `script_finished`; a run that ends early for a rerun (the
  app's router reruns once) is followed to the end. Cacheable messages are kept as the front end keeps
  them (for `max_cached_message_age` runs) and their hashes sent with the next rerun, so that the server
  answers with references as it does to a browser;
- the next pages are opened as a click in the sidebar: `rerun_script` with the page's
  `page_script_hash` (from the `navigation` message), the cached hashes and the context, after
  --think seconds on the page.

Each session opens Ringkasan (the link) and then four other pages, rotating through the viewers' pages
so that every page is visited. Server time per page = from sending `rerun_script` to receiving
`script_finished` (the queue in front of a busy server included). Errors: an exception element or an
error alert in the messages, a compile error, a page not found, a websocket or HTTP failure, a page not
finished within --timeout. Memory: the resident memory (RSS) of every Streamlit process, before,
at peak (sampled every 0,5 s), when the sessions closed and --settle seconds later (Streamlit drops a
closed session after server.disconnectedSessionTTL, 120 s).

Setups: Streamlit alone (default; started here), bin/serve with nginx and --proxy --processes N (started
here; --processes 1,2 starts both and alternates them rate by rate, so that the machine's other work
weighs on each alike), or a running server (--url, with --pid for its memory). --ramp 50,100,150 runs
one wave of sessions per rate (sessions per minute, arriving evenly within a minute) and reports the
highest rate held with the p95 at most --bound and no error. Exit code 1 when a single wave misses its
targets (p95, errors, memory not given back) or a ramp holds no rate.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import http.cookiejar
import json
import math
import os
import resource
import statistics
import sys
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from benchmarks import servers

# The pages a viewer opens after Ringkasan, in the sidebar's order (Kelola, the admin page, is not one).
VIEWER_PAGES = ["target", "tren", "peta", "transisi", "kemiskinan", "desa", "indikator"]
FIRST = "ringkasan"  # the link the leader shares opens the default page
P95_BOUND = 1.5  # seconds of server time per page, the users' target
MIB = 2**20
CONTEXT = {"timezone": "Asia/Makassar", "timezone_offset": -480, "locale": "id-ID", "is_embedded": False,
           "color_scheme": "light"}  # what a browser in a Kalimantan Selatan office reports


@dataclass
class PageRun:
    session: int
    page: str
    seconds: float  # rerun_script sent -> script_finished received
    first_delta: float  # rerun_script sent -> first element
    messages: int
    bytes: int  # message payloads (after permessage-deflate)
    references: int  # messages the server sent as a reference to the session's cache
    errors: list[str] = field(default_factory=list)
    started: float = 0.0  # seconds since the wave began


@dataclass
class SessionResult:
    number: int
    arrived: float  # seconds since the wave began
    runs: list[PageRun] = field(default_factory=list)
    failure: str | None = None  # the session could not go on (HTTP, websocket, timeout)


class Viewer:
    """One browser tab speaking Streamlit's protocol."""

    def __init__(self, base: str, number: int, *, query: str, timeout: float):
        self.base = base.rstrip("/")
        self.number = number
        self.query = query
        self.timeout = timeout
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.socket = None
        self.pages: dict[str, str] = {}  # url path -> page_script_hash ("" is the default page)
        self.cache: dict[str, int] = {}  # cacheable message hash -> the run it was last seen in
        self.max_age = 2
        self.run_count = 0

    # --- HTTP, as a browser opening the link ----------------------------------------------------

    def _get(self, path: str) -> None:
        with self.opener.open(self.base + path, timeout=self.timeout) as response:
            response.read()

    async def open_link(self, page: str) -> None:
        path = "/" if page == FIRST else f"/{page}"
        link = path + (f"?{self.query}" if self.query else "")
        for requested in (link, "/_stcore/health", "/_stcore/host-config"):
            await asyncio.to_thread(self._get, requested)

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.jar if c.name == name), None)

    # --- the websocket --------------------------------------------------------------------------

    async def connect(self) -> None:
        from websockets.asyncio.client import connect

        url = "ws" + self.base[len("http"):] + "/_stcore/stream"
        xsrf = self.cookie("_streamlit_xsrf")
        headers = {"Origin": self.base}
        if len(self.jar):
            headers["Cookie"] = "; ".join(f"{c.name}={c.value}" for c in self.jar)
        self.socket = await connect(url, subprotocols=["streamlit", *([xsrf] if xsrf else [])],
                                    additional_headers=headers,
                                    compression="deflate", max_size=None, ping_interval=None,
                                    open_timeout=self.timeout, close_timeout=5)

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()

    def rerun_message(self, page: str, *, link: bool) -> bytes:
        """The BackMsg the front end sends: on opening a link (query string, page name) or on a click
        in the sidebar (the page's hash), with the cached messages' hashes and the browser's context."""
        from streamlit.proto.BackMsg_pb2 import BackMsg

        message = BackMsg()
        state = message.rerun_script
        state.widget_states.SetInParent()
        path = "" if page == FIRST else page
        if link:
            state.query_string = self.query
            if path:
                state.page_name = path
        else:
            state.page_script_hash = self.pages[path]
        state.cached_message_hashes.extend(sorted(self.cache))
        context = state.context_info
        for key, value in CONTEXT.items():
            setattr(context, key, value)
        context.url = f"{self.base}/{path}"
        return message.SerializeToString()

    async def open_page(self, page: str, *, link: bool) -> PageRun:
        from streamlit.proto.Alert_pb2 import Alert
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        if not link and ("" if page == FIRST else page) not in self.pages:
            raise LookupError(f"halaman {page} tidak ada di navigasi: {sorted(self.pages)}")
        run = PageRun(self.number, page, 0.0, 0.0, 0, 0, 0)
        began = time.monotonic()
        await self.socket.send(self.rerun_message(page, link=link))
        deadline = began + self.timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"{page}: script_finished tidak datang dalam {self.timeout:.0f} s")
            data = await asyncio.wait_for(self.socket.recv(), timeout=left)
            if isinstance(data, str):
                run.errors.append(f"pesan teks dari server: {data[:100]}")
                continue
            message = ForwardMsg()
            message.ParseFromString(data)
            run.messages += 1
            run.bytes += len(data)
            kind = message.WhichOneof("type")
            if kind == "new_session":
                self.max_age = message.new_session.config.max_cached_message_age or self.max_age
            elif kind == "navigation":
                self.pages = {p.url_pathname: p.page_script_hash for p in message.navigation.app_pages}
            elif kind == "page_not_found":
                run.errors.append(f"halaman tidak ditemukan: {message.page_not_found.page_name}")
            elif kind == "ref_hash":
                run.references += 1
                if message.ref_hash not in self.cache:
                    run.errors.append("referensi ke pesan yang tidak disimpan")
                self.cache[message.ref_hash] = self.run_count
            elif kind == "delta":
                if not run.first_delta:
                    run.first_delta = time.monotonic() - began
                if message.metadata.cacheable:
                    self.cache[message.hash] = self.run_count
                element = message.delta.new_element if message.delta.HasField("new_element") else None
                if element is not None:
                    which = element.WhichOneof("type")
                    if which == "exception":
                        run.errors.append(f"exception: {element.exception.type}: {element.exception.message[:200]}")
                    elif which == "alert" and element.alert.format == Alert.ERROR:
                        run.errors.append(f"st.error: {element.alert.body[:200]}")
            elif kind == "script_finished":
                status = message.script_finished
                if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # the router's rerun: the page comes in the next run
                self.run_count += 1
                # The front end forgets cached messages not seen for max_cached_message_age runs.
                self.cache = {h: seen for h, seen in self.cache.items() if self.run_count - seen <= self.max_age}
                if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    run.errors.append("compile error")
                run.seconds = time.monotonic() - began
                return run


async def session(viewer: Viewer, pages: list[str], *, think: float, began: float, result: SessionResult) -> None:
    try:
        await viewer.open_link(FIRST)
        await viewer.connect()
        for index, page in enumerate([FIRST, *pages]):
            if index:
                await asyncio.sleep(think)
            started = time.monotonic() - began
            run = await viewer.open_page(page, link=index == 0)
            run.started = started
            result.runs.append(run)
    except Exception as error:  # a failing session is counted; the others go on
        result.failure = f"{type(error).__name__}: {str(error)[:300]}"
    finally:
        try:
            await viewer.close()
        except Exception as error:
            result.failure = result.failure or f"menutup websocket: {type(error).__name__}: {error}"


def pages_for(number: int, rotation: list[str], count: int) -> list[str]:
    """The pages session `number` opens after Ringkasan: `count` of them, rotating."""
    return [rotation[(number + k) % len(rotation)] for k in range(min(count, len(rotation)))]


class Memory:
    """RSS of the server's processes, sampled in the background."""

    def __init__(self, pids: list[int]):
        self.pids = pids
        self.peak = 0
        self.peak_each: dict[int, int] = dict.fromkeys(pids, 0)
        self.samples: list[tuple[float, int]] = []
        self._task = None

    def now(self) -> int:
        return sum(self.each().values())

    def each(self) -> dict[int, int]:
        return {pid: servers.rss_bytes(pid) for pid in self.pids}

    async def _sample(self) -> None:
        began = time.monotonic()
        while True:
            each = self.each()
            total = sum(each.values())
            self.peak = max(self.peak, total)
            for pid, value in each.items():
                self.peak_each[pid] = max(self.peak_each[pid], value)
            self.samples.append((round(time.monotonic() - began, 1), total))
            await asyncio.sleep(0.5)

    def start(self) -> None:
        self._task = asyncio.ensure_future(self._sample())

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task


def upstreams(folder: Path | None, since: int) -> dict[str, int]:
    """Websockets per Streamlit process, from nginx's access log past `since` bytes (a websocket's line is
    written when it closes): how the sticky sessions spread the viewers."""
    if folder is None or not (folder / "access.log").exists():
        return {}
    with (folder / "access.log").open("rb") as log:
        log.seek(since)
        lines = log.read().decode(errors="replace").splitlines()
    counts: dict[str, int] = {}
    for line in lines:
        found = servers.upstream_of(line)
        if found and found[0].startswith("/_stcore/stream"):
            counts[found[1]] = counts.get(found[1], 0) + 1
    return counts


async def wave(base: str, *, sessions: int, within: float, rotation: list[str], pages: int, think: float,
               query: str, timeout: float) -> tuple[list[SessionResult], float]:
    """`sessions` viewers arriving evenly within `within` seconds; returns when all have finished."""
    began = time.monotonic()
    results: list[SessionResult] = []
    tasks = []
    for number in range(sessions):
        arrival = number * within / sessions
        await asyncio.sleep(max(0.0, began + arrival - time.monotonic()))
        result = SessionResult(number, round(time.monotonic() - began, 2))
        results.append(result)
        viewer = Viewer(base, number, query=query, timeout=timeout)
        tasks.append(asyncio.ensure_future(session(viewer, pages_for(number, rotation, pages), think=think,
                                                   began=began, result=result)))
    await asyncio.gather(*tasks)
    return results, time.monotonic() - began


# --- summary ------------------------------------------------------------------------------------

def percentile(values: list[float], share: float) -> float:
    """Nearest rank: with fewer than 20 values, p95 is the slowest."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def summarise(results: list[SessionResult], seconds: float, rate: float) -> dict:
    runs = [run for result in results for run in result.runs]
    times = [run.seconds for run in runs]
    by_page: dict[str, list[PageRun]] = {}
    for run in runs:
        by_page.setdefault(run.page, []).append(run)
    errors = [f"sesi {run.session} {run.page}: {error}" for run in runs for error in run.errors]
    failures = [f"sesi {r.number}: {r.failure}" for r in results if r.failure]
    return {
        "rate": rate, "sessions": len(results), "seconds": round(seconds, 1), "pages": len(runs),
        "p50": statistics.median(times) if times else None, "p95": percentile(times, 0.95) if times else None,
        "max": max(times) if times else None,
        "errors": errors, "failures": failures,
        "per_page": {page: {"n": len(group), "p50": statistics.median(r.seconds for r in group),
                            "p95": percentile([r.seconds for r in group], 0.95),
                            "first_delta_p50": statistics.median(r.first_delta for r in group),
                            "kb_p50": statistics.median(r.bytes for r in group) / 1000,
                            "references_p50": statistics.median(r.references for r in group)}
                     for page, group in by_page.items()},
    }


def held(summary: dict, bound: float) -> bool:
    return summary["p95"] is not None and summary["p95"] <= bound and not summary["errors"] \
        and not summary["failures"]


def number(value: float, decimals: int) -> str:
    """Indonesian number format: 1.234,56."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")


def report(result: dict) -> str:
    meta = result["meta"]
    lines = [f"database {meta['database']} · {meta['date']} · mesin: {meta['machine']['cores']} inti, "
             f"{meta['machine']['cpu']}",
             f"beban (load average 1/5/15 menit) awal {meta['machine']['load_average']} akhir {meta['load_after']} · "
             f"CPU generator beban {number(meta['generator_cpu_seconds'], 1)} s",
             f"tiap sesi: Ringkasan (tautan ?{meta['query']}) lalu {meta['pages']} halaman lain, "
             f"jeda {number(meta['think'], 0)} s; sesi tiba merata dalam {number(meta['within'], 0)} s; "
             "waktu server = rerun_script dikirim -> script_finished diterima (detik; p95 = terburuk bila < 20)"]
    for setup in result["setups"]:
        lines += ["", f"== {setup['label']} =="]
        for summary in setup["waves"]:
            lines.append(f"{number(summary['rate'], 0)} sesi/menit: {summary['sessions']} sesi, {summary['pages']} "
                         f"halaman dalam {number(summary['seconds'], 0)} s · p50 {number(summary['p50'] or 0, 2)} s · "
                         f"p95 {number(summary['p95'] or 0, 2)} s · maks {number(summary['max'] or 0, 2)} s · "
                         f"galat {len(summary['errors'])} · sesi gagal {len(summary['failures'])} · "
                         f"{'TERTAHAN' if held(summary, meta['bound']) else 'TIDAK tertahan'} · "
                         f"beban akhir {summary['load_average']}")
            lines.append(f"  {'halaman':<11} {'n':>4} {'p50':>6} {'p95':>6} {'awal p50':>9} {'kB p50':>8} "
                         f"{'ref p50':>8}")
            for page in [FIRST, *VIEWER_PAGES]:
                row = summary["per_page"].get(page)
                if row:
                    lines.append(f"  {page:<11} {row['n']:>4} {number(row['p50'], 2):>6} {number(row['p95'], 2):>6} "
                                 f"{number(row['first_delta_p50'], 2):>9} {number(row['kb_p50'], 0):>8} "
                                 f"{number(row['references_p50'], 0):>8}")
            if summary.get("processes"):
                spread = ", ".join(f"{address} {count}" for address, count in summary["processes"].items())
                lines.append(f"  websocket per proses: {spread}")
            lines.append(f"  RSS setelah gelombang: {number(summary['rss_after'] / MIB, 0)} MiB")
            lines += [f"  {text}" for text in (summary["errors"] + summary["failures"])[:10]]
        if setup.get("warm_up_problems"):
            lines.append(f"masalah saat pemanasan: {setup['warm_up_problems'][:5]}")
        memory = setup["memory"]
        first = memory["sebelum"]
        lines.append(f"memori (RSS, {len(setup['pids'])} proses Streamlit, dijumlah):")
        for moment, value in memory.items():
            lines.append(f"  {moment:<34} {number(value / MIB, 0):>6} MiB ({'+' if value >= first else ''}"
                         f"{number((value - first) / MIB, 0)} MiB)")
        if len(setup["pids"]) > 1:
            lines.append("  puncak per proses: " + ", ".join(f"{number(v / MIB, 0)} MiB" for v in setup["peak_each"]))
    if meta.get("ramp"):
        width = max(len(s["label"]) for s in result["setups"]) + 2
        lines += ["", f"p95 waktu server per halaman (batas {number(meta['bound'], 1)} s, 0 galat):",
                  f"{'sesi/menit':>11} " + " ".join(f"{s['label']:>{width}}" for s in result["setups"])]
        rates = sorted({w["rate"] for s in result["setups"] for w in s["waves"]})
        for rate in rates:
            cells = []
            for setup in result["setups"]:
                wave_ = next((w for w in setup["waves"] if w["rate"] == rate), None)
                cells.append("-" if wave_ is None else f"{number(wave_['p95'] or 0, 2)} s "
                             f"{'ya' if held(wave_, meta['bound']) else 'TIDAK'} (beban {wave_['load_average'][0]})")
            lines.append(f"{number(rate, 0):>11} " + " ".join(f"{cell:>{width}}" for cell in cells))
        for setup in result["setups"]:
            rates_held = [w["rate"] for w in setup["waves"] if held(w, meta["bound"])]
            failed = [w["rate"] for w in setup["waves"] if not held(w, meta["bound"])]
            lines.append(f"{setup['label']}: tertahan sampai "
                         f"{number(max(rates_held), 0) + ' sesi/menit' if rates_held else 'tidak ada'}"
                         + (f" (pertama tidak tertahan: {number(min(failed), 0)} sesi/menit)" if failed else ""))
    return "\n".join(lines)


async def warm_up(process_urls: list[str], rotation: list[str], *, query: str, timeout: float) -> list[str]:
    """One unmeasured viewer per Streamlit process, straight to it, through every page: the views a
    meeting's first clicks would put in the caches (bin/serve warms only the default page)."""
    problems = []
    for index, url in enumerate(process_urls):
        result = SessionResult(-1 - index, 0.0)
        await session(Viewer(url, result.number, query=query, timeout=timeout), rotation, think=0,
                      began=time.monotonic(), result=result)
        problems += [result.failure] if result.failure else []
        problems += [error for run in result.runs for error in run.errors]
    return problems


@dataclass
class Setup:
    """A server measured: Streamlit alone, bin/serve with N processes, or a running one (--url)."""

    label: str
    base: str
    pids: list[int]
    folder: Path | None  # bin/serve's folder: its access log says which process served each websocket
    process_urls: list[str]  # each Streamlit process directly, for the warm-up
    server: servers.Server | None = None


async def measure(args, setups: list[Setup]) -> list[dict]:
    """Every rate on every setup, the setups alternating rate by rate (A B, then B A, ...), so that the
    machine's other work weighs on each alike; a setup stops after its first rate not held (--ramp)."""
    rates = [float(rate) for rate in args.ramp.split(",")] if args.ramp else [args.sessions * 60 / args.within]
    rotation = [page for page in args.pages.split(",") if page]
    memories = [Memory(setup.pids) for setup in setups]
    # "sebelum": when the viewers start (after the warm-up); "server baru": right after the start.
    results = [{"label": setup.label, "pids": setup.pids, "waves": [], "memory": {"server baru": memory.now()}}
               for setup, memory in zip(setups, memories)]
    for setup, memory, result in zip(setups, memories, results):
        if args.warm_up and setup.process_urls:
            print(f"{setup.label}: pemanasan, satu sesi per proses ({len(setup.process_urls)})...", file=sys.stderr,
                  flush=True)
            result["warm_up_problems"] = await warm_up(setup.process_urls, rotation, query=args.query,
                                                       timeout=args.timeout)
        result["memory"]["sebelum"] = memory.now()
        memory.start()
    active = list(range(len(setups)))
    try:
        for index, rate in enumerate(rates):
            for which in (active if index % 2 == 0 else active[::-1]):
                setup, memory, result = setups[which], memories[which], results[which]
                sessions = args.sessions if not args.ramp else max(1, round(rate * args.within / 60))
                log = setup.folder / "access.log" if setup.folder else None
                log_size = log.stat().st_size if log and log.exists() else 0
                print(f"{setup.label}: {number(rate, 0)} sesi/menit, {sessions} sesi dalam {args.within:.0f} s...",
                      file=sys.stderr, flush=True)
                wave_results, seconds = await wave(setup.base, sessions=sessions, within=args.within,
                                                   rotation=rotation, pages=args.pages_per_session, think=args.think,
                                                   query=args.query, timeout=args.timeout)
                summary = summarise(wave_results, seconds, rate)
                summary["rss_after"] = memory.now()
                summary["load_average"] = [round(value, 2) for value in os.getloadavg()]
                summary["processes"] = upstreams(setup.folder, log_size)
                summary["sessions_detail"] = [asdict(r) for r in wave_results]
                result["waves"].append(summary)
                print(f"  p95 {summary['p95'] or 0:.2f} s, galat {len(summary['errors'])}, "
                      f"gagal {len(summary['failures'])}", file=sys.stderr, flush=True)
                if args.ramp and not held(summary, args.bound) and args.stop_after_miss:
                    active = [i for i in active if i != which]
                if args.ramp:
                    await asyncio.sleep(args.pause)
            if not active:
                break
        for memory, result in zip(memories, results):
            result["memory"]["puncak"] = memory.peak
            result["memory"]["sesi ditutup"] = memory.now()
        if args.settle:
            print(f"menunggu {args.settle} s setelah sesi ditutup...", file=sys.stderr, flush=True)
            await asyncio.sleep(args.settle)
        for memory, result in zip(memories, results):
            result["memory"][f"{args.settle} s setelah sesi ditutup"] = memory.now()
    finally:
        for memory in memories:
            await memory.stop()
    for memory, result in zip(memories, results):
        result["peak_each"] = list(memory.peak_each.values())
        result["memory_samples"] = memory.samples
    return results


def start_setups(args) -> list[Setup]:
    if args.url:
        return [Setup(f"server {args.url}", args.url, args.pid, None, [args.url])]
    setups: list[Setup] = []
    try:
        if not args.proxy:
            server = servers.start(args.db)
            return [Setup("Streamlit saja (tanpa nginx)", server.url, server.app_pids, None, server.app_urls, server)]
        for count in [int(n) for n in str(args.processes).split(",") if n]:
            # Each bin/serve its own folder (config, logs, pids); a lasting one keeps its gzip copies.
            folder = args.serve_dir / f"proses-{count}" if args.serve_dir else None
            server = servers.start(args.db, proxy=True, serve_dir=folder, processes=count)
            setups.append(Setup(f"bin/serve, nginx + {count} proses Streamlit", server.url, server.app_pids,
                                server.folder, server.app_urls, server))
    except BaseException:
        for setup in setups:
            setup.server.stop()
        raise
    return setups


def main(argv: list[str] | None = None) -> int:
    from idm import config

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=config.db_path())
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--within", type=float, default=60, help="seconds in which the sessions arrive, evenly")
    parser.add_argument("--think", type=float, default=5, help="seconds a viewer stays on a page before the next")
    parser.add_argument("--pages", default=",".join(VIEWER_PAGES), help="pages opened after Ringkasan, rotating")
    parser.add_argument("--pages-per-session", type=int, default=4)
    parser.add_argument("--query", default="prov=63", help="the shared link's query string")
    parser.add_argument("--timeout", type=float, default=120, help="seconds a page may take before it counts as failed")
    parser.add_argument("--bound", type=float, default=P95_BOUND, help="p95 of server time per page, seconds")
    parser.add_argument("--settle", type=int, default=120, help="seconds to wait after the sessions closed")
    parser.add_argument("--ramp", default=None, help="sessions per minute, one wave each: 20,40,60")
    parser.add_argument("--pause", type=float, default=10, help="seconds between the waves of --ramp")
    parser.add_argument("--no-stop-after-miss", dest="stop_after_miss", action="store_false",
                        help="with --ramp: run every rate, also after one was not held")
    parser.add_argument("--proxy", action="store_true", help="through bin/serve (nginx), started here")
    parser.add_argument("--processes", default="1",
                        help="with --proxy: Streamlit processes (IDM_PROCESSES); 1,2 measures both, alternating")
    parser.add_argument("--serve-dir", type=Path, default=None,
                        help="with --proxy: folder for bin/serve's folders (keeps their gzip copies)")
    parser.add_argument("--url", default=None, help="a running server instead of starting one")
    parser.add_argument("--pid", type=int, action="append", default=[], help="with --url: a Streamlit process to watch")
    parser.add_argument("--no-warm-up", dest="warm_up", action="store_false",
                        help="skip the unmeasured viewer per process that fills the caches first")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)

    meta = {"database": str(args.db), "query": args.query, "pages": args.pages_per_session, "think": args.think,
            "within": args.within, "bound": args.bound, "ramp": args.ramp,
            "date": datetime.now().isoformat(timespec="seconds"), "machine": servers.machine()}
    usage_before = resource.getrusage(resource.RUSAGE_SELF)
    setups = start_setups(args)
    try:
        results = asyncio.run(measure(args, setups))
    finally:
        for setup in setups:
            if setup.server is not None:
                setup.server.stop()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    meta["generator_cpu_seconds"] = (usage.ru_utime + usage.ru_stime - usage_before.ru_utime - usage_before.ru_stime)
    meta["load_after"] = [round(value, 2) for value in os.getloadavg()]
    result = {"meta": meta, "setups": results}
    print(report(result))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False))
    if args.ramp:
        return 0 if all(any(held(s, args.bound) for s in r["waves"]) for r in results) else 1
    return 0 if all(held(r["waves"][0], args.bound) and given_back(r["memory"]) for r in results) else 1


def given_back(memory: dict) -> bool:
    """Memory two minutes after the sessions closed is nearer to where it was before them than to the peak."""
    return list(memory.values())[-1] <= memory["sebelum"] + (memory["puncak"] - memory["sebelum"]) / 2


if __name__ == "__main__":
    sys.exit(main())
