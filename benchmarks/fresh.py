"""Fresh loads side by side: `python -m benchmarks.fresh [--runs 5] [--app [LABEL=]DIR]... [--peer DIR]`.

What a viewer who opens a link waits for, measured for several targets alternating in one run, so that
the machine's state (its load, other work) weighs on all of them alike:

- the bare Streamlit pages (benchmarks/bare/, one Streamlit for all, with this checkout's
  .streamlit/config.toml): a title, one metric, one paragraph; the same plus the dashboard's four
  sidebar filters (Streamlit's select boxes, on every page of the dashboard); plus one Plotly line chart,
  one Plotly choropleth_map of Kalimantan Selatan's 13 regencies (WebGL), one st.line_chart
  (Vega-Lite), the 13 regencies as an inline SVG drawn on the server, a pydeck (deck.gl) regency map;
- one or more checkouts of this dashboard (--app DIR, repeatable; default this checkout), each
  served by its own Streamlit with IDM_DB = DIR/data/idm.duckdb when present, else --db: Ringkasan,
  Peta of Kalimantan Selatan, Peta of Indonesia. Two checkouts (a git worktree of an older commit
  and this one) measure "before" and "after" in the same run;
- the peer, Peta Desa Nusantara (a static site; benchmarks/peer.py serves a local copy, --peer DIR or
  IDM_PEER_DIR; skipped with a message when there is none): its national view, and "goto + choose
  Kalimantan Selatan" (open the site, choose the province in its province list as soon as the list
  offers it; timed from the navigation).

Every load is a new Chromium context (1920x1080, empty cache), straight to the server (no nginx), with
benchmarks/hook.js in the page; nothing leaves this machine (host names other than loopback do not
resolve). "Drawn" is defined in the hook: the h1 visible, the script finished (a static site: no
request pending), every Plotly chart past plotly_afterplot, every deck.gl and Vega-Lite chart with its
canvas or svg, every image loaded (a static site: every canvas drawn), all of it holding for 0,5 s,
which is not counted; a chart below the fold counts once it is on the page. "First words": the first
frame showing an h1 or a paragraph with text. Both are measured from the navigation's start.

The targets run round robin, --runs times each (the first target of a round moves by one each round),
after one unmeasured load of each (the server's caches filled, as after a meeting's first click).
Reported per target: medians and p95 of drawn and first words, the difference and ratio to the bare
page (text) and, for the maps, the ratio to the peer; the load average beside each table. Exit code 1
when a target of the issue is missed (TARGETS).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from benchmarks import peer as peer_site
from benchmarks import servers

HOOK = (Path(__file__).with_name("hook.js")).read_text()
BARE = Path(__file__).with_name("bare")
QUIET = 0.5  # seconds without a new drawing, message, request or element before a page counts as drawn
POLL = 0.05

# Bare pages: name -> URL path (the text page is the router's default page, at /).
BARE_PAGES = {"text": "/", "filters": "/filters", "plotly_line": "/plotly_line", "choropleth_map": "/choropleth_map",
              "vega_line": "/vega_line", "svg_map": "/svg_map", "deck_map": "/deck_map"}
# The dashboard's pages measured: name -> URL path and query.
APP_PAGES = {"ringkasan": "/?prov=63", "peta_kalsel": "/peta?prov=63", "peta_indonesia": "/peta?prov=ID",
             **{page: f"/{page}?prov=63" for page in ("target", "tren", "transisi", "kemiskinan", "desa", "indikator",
                                                      "bandingkan")}}
PEER_PROVINCE = ("63", "Kalimantan Selatan")  # the option's value in the peer's province list, the h1 then
# Which peer scenario each dashboard page is set against.
PEER_OF = {"peta_kalsel": "peer:kalsel", "peta_indonesia": "peer:nasional"}
REFERENCE = "bare:text"

# The targets, in seconds (differences to the bare page) and ratios (to the peer).
TARGETS = {"ringkasan_drawn": 0.4, "ringkasan_words": 0.1, "other_drawn": 1.0, "peta_kalsel_vs_peer": 1.0}


@dataclass
class Target:
    name: str  # bare:text, app:after:ringkasan, peer:kalsel
    url: str
    expect: str | None = None  # text the h1 must contain to count as drawn
    choose: tuple[str, str] | None = None  # (selector, option value) chosen once the option is there


@dataclass
class Sample:
    target: str
    run: int
    drawn: float | None  # seconds from the navigation; None when the page failed
    first_words: float | None
    server: float | None  # the last websocket message (Streamlit: its script finished) or request end
    chosen_at: float | None = None  # "goto + choose": when the choice was made
    errors: int = 0  # error elements in the page, broken images
    failure: str | None = None
    load_average: float = 0.0  # the 1-minute load average when the load began


@dataclass
class Served:
    """What this run started: servers to stop, targets to load, notes to print."""

    servers: list = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    peer: servers.Server | None = None

    def missing_vendored(self) -> list[str]:
        """CDN files the peer asked for and the vendor folder lacks (its server logs them)."""
        if self.peer is None:
            return []
        return sorted({line for line in self.peer.log_tail(100_000).splitlines() if "vendored file missing" in line})

    def stop(self) -> None:
        for server in self.servers:
            server.stop()


def parse_app(value: str) -> tuple[str, Path]:
    label, _, folder = value.rpartition("=")
    path = Path(folder).expanduser().resolve()
    return (label or path.name), path


def start_all(args) -> Served:
    served = Served()
    try:
        bare = [name for name in args.bare.split(",") if name and name != "none"]
        if bare:
            server = servers.streamlit(BARE / "app.py", cwd=servers.REPO, database=args.db)
            served.servers.append(server)
            served.targets += [Target(f"bare:{name}", server.url + BARE_PAGES[name]) for name in bare]
            served.notes.append(f"bare: {server.url} (benchmarks/bare, IDM_DB={args.db})")
        for label, folder in [parse_app(value) for value in (args.app or [str(servers.REPO)])]:
            if not (folder / "app.py").is_file():
                raise SystemExit(f"--app {folder}: tidak ada app.py")
            own = folder / "data" / "idm.duckdb"
            database = own if own.is_file() else args.db
            server = servers.streamlit(folder / "app.py", cwd=folder, database=database, timeout=180)
            served.servers.append(server)
            pages = [page for page in args.pages.split(",") if page]
            absent = [page for page in pages if page not in ("ringkasan", "peta_kalsel", "peta_indonesia")
                      and not (folder / "pages" / f"{page}.py").is_file()]
            served.targets += [Target(f"app:{label}:{page}", server.url + APP_PAGES[page]
                                      + (f"&{args.query}" if args.query else ""))
                               for page in pages if page not in absent]
            served.notes.append(f"app:{label}: {server.url} ({folder}, IDM_DB={database})"
                                + (f"; tanpa halaman {', '.join(absent)}" if absent else ""))
        folder = peer_site.peer_dir(args.peer)
        given = args.peer or os.environ.get("IDM_PEER_DIR")
        if folder is None:
            served.notes.append(f"peer: dilewati ({given} tidak berisi index.html)" if given else
                                "peer: dilewati (tidak ada salinan lokal; --peer DIR atau IDM_PEER_DIR)")
        else:
            vendor = peer_site.vendor_dir(folder, args.peer_vendor)
            if not vendor.is_dir():
                served.notes.append(f"peer: PERINGATAN folder vendor {vendor} tidak ada: skrip CDN-nya tidak akan "
                                    "termuat (lihat BENCHMARKS.md)")
            port = servers.free_port()
            server = servers.launch([sys.executable, "-m", "benchmarks.peer", "--peer", str(folder),
                                     "--peer-vendor", str(vendor), "--port", str(port)],
                                    url=f"http://127.0.0.1:{port}", health=peer_site.PAGE, cwd=servers.REPO)
            served.servers.append(server)
            served.peer = server
            page = server.url + peer_site.PAGE
            served.targets += [Target("peer:nasional", page, expect="Indonesia"),
                               Target("peer:kalsel", page, expect=PEER_PROVINCE[1],
                                      choose=('select[aria-label="Pilih provinsi"]', PEER_PROVINCE[0]))]
            served.notes.append(f"peer: {page} ({folder}; CDN dari {vendor})")
    except BaseException:
        served.stop()
        raise
    return served


# --- one load -----------------------------------------------------------------------------------

def snapshot(page, expect: str | None) -> dict:
    return page.evaluate("(expect) => window.__idm ? window.__idm.snapshot(expect) : null", expect)


def load(browser, target: Target, *, run: int, timeout: float, screenshot: Path | None = None) -> Sample:
    from playwright.sync_api import Error as PlaywrightError

    context = browser.new_context(viewport=servers.VIEWPORT)
    if target.choose:
        # The hook chooses the option the moment the list offers it (an automated click would come
        # a few hundred milliseconds later and count against the page).
        selector, value = target.choose
        context.add_init_script(f"window.__idmChoose = {json.dumps({'selector': selector, 'value': value})};")
    context.add_init_script(HOOK)
    page = context.new_page()
    sample = Sample(target.name, run, None, None, None, load_average=os.getloadavg()[0])
    try:
        page.goto(target.url, wait_until="commit")
        deadline = time.monotonic() + timeout
        settled, state, problem = 0, None, None
        while time.monotonic() < deadline:
            try:
                state = snapshot(page, target.expect)
            except PlaywrightError as error:  # the document being replaced: ask again
                state, problem = None, str(error)[:300]
            if state and state["complete"]:
                settled = settled + 1 if state["now"] - state["lastEvent"] >= QUIET * 1000 else 0
                if settled >= 2:
                    sample.drawn = state["lastEvent"] / 1000
                    sample.first_words = state["firstWords"] / 1000 or None
                    sample.server = max(state["lastMessage"], state["lastRequestEnd"]) / 1000
                    sample.errors = state["errors"] + state["imageErrors"]
                    sample.chosen_at = state["chosenAt"] / 1000 or None
                    if screenshot:  # what "drawn" looked like (after the timing: not counted)
                        page.screenshot(path=str(screenshot))
                    return sample
            else:
                settled = 0
            time.sleep(POLL)
        sample.failure = f"tidak selesai digambar dalam {timeout:.0f} s: {json.dumps(state)[:600]} {problem or ''}"
    except Exception as error:  # a failed load is reported, the run goes on
        sample.failure = f"{type(error).__name__}: {str(error)[:400]}"
    finally:
        context.close()
    return sample


# --- summary ------------------------------------------------------------------------------------

def percentile(values: list[float], share: float) -> float:
    """Nearest rank: with fewer than 20 values, p95 is the slowest."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def summarise(samples: list[Sample], order: list[str]) -> dict[str, dict]:
    rows = {}
    for name in order:
        group = [s for s in samples if s.target == name]
        done = [s for s in group if s.drawn is not None]
        words = [s.first_words for s in done if s.first_words is not None]
        row = {"n": len(done), "failed": len(group) - len(done), "errors": sum(s.errors for s in group),
               "load_average": [min(s.load_average for s in group), max(s.load_average for s in group)]
               if group else [0, 0]}
        if done:
            drawn = [s.drawn for s in done]
            row.update(drawn_p50=statistics.median(drawn), drawn_p95=percentile(drawn, 0.95),
                       server_p50=statistics.median(s.server for s in done))
        if words:
            row.update(words_p50=statistics.median(words), words_p95=percentile(words, 0.95))
        chosen = [s.chosen_at for s in done if s.chosen_at is not None]
        if chosen:
            row["chosen_p50"] = statistics.median(chosen)
        rows[name] = row
    reference = rows.get(REFERENCE, {})
    for name, row in rows.items():
        if "drawn_p50" in row and "drawn_p50" in reference:
            row["vs_bare"] = row["drawn_p50"] - reference["drawn_p50"]
            row["ratio_bare"] = row["drawn_p50"] / reference["drawn_p50"]
        if "words_p50" in row and "words_p50" in reference:
            row["words_vs_bare"] = row["words_p50"] - reference["words_p50"]
        peer = rows.get(PEER_OF.get(name.rsplit(":", 1)[-1], ""), {})
        if name.startswith("app:") and "drawn_p50" in row and "drawn_p50" in peer:
            row["ratio_peer"] = row["drawn_p50"] / peer["drawn_p50"]
    return rows


def verdicts(rows: dict[str, dict]) -> list[dict]:
    checks = []

    def check(name: str, value: float | None, bound: float, unit: str) -> None:
        if value is not None:
            checks.append({"target": name, "value": value, "bound": bound, "unit": unit, "met": value <= bound})

    for name, row in rows.items():
        if not name.startswith("app:"):
            continue
        page = name.rsplit(":", 1)[-1]
        if page == "ringkasan":
            check(f"{name} digambar, selisih dari halaman polos", row.get("vs_bare"), TARGETS["ringkasan_drawn"], "s")
            check(f"{name} kata pertama, selisih dari halaman polos", row.get("words_vs_bare"),
                  TARGETS["ringkasan_words"], "s")
        else:
            check(f"{name} digambar, selisih dari halaman polos", row.get("vs_bare"), TARGETS["other_drawn"], "s")
        if page == "peta_kalsel":
            check(f"{name} digambar, rasio terhadap peer Kalimantan Selatan", row.get("ratio_peer"),
                  TARGETS["peta_kalsel_vs_peer"], "x")
        if row["failed"] or row["errors"]:
            checks.append({"target": f"{name} tanpa galat", "value": row["failed"] + row["errors"], "bound": 0,
                           "unit": "n", "met": False})
    return checks


def number(value: float | None, decimals: int = 2, sign: bool = False) -> str:
    """Indonesian number format: 1.234,56."""
    if value is None:
        return "-"
    if round(value, decimals) == 0:
        value = 0.0  # no "-0,00"
    text = f"{value:{'+' if sign else ''},.{decimals}f}"
    return text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")


def report(rows: dict[str, dict], checks: list[dict], meta: dict) -> str:
    lines = [f"{meta['date']} · {meta['runs']} putaran bergiliran · mesin: {meta['machine']['cores']} inti, "
             f"{meta['machine']['cpu']} · Chromium {meta['chromium']} · Streamlit {meta['streamlit']}",
             f"beban (load average 1/5/15 menit) awal {meta['machine']['load_average']} akhir {meta['load_after']}",
             "detik sejak navigasi; p95 = terburuk bila kurang dari 20 sampel; selisih/rasio dari median; "
             "polos = bare:text",
             f"{'target':<30} {'n':>2} {'digambar':>9} {'p95':>6} {'kata 1':>7} {'p95':>6} {'server':>7} "
             f"{'vs polos':>9} {'x polos':>8} {'x peer':>7} {'beban':>10}"]
    for name, row in rows.items():
        load = f"{number(row['load_average'][0], 1)}-{number(row['load_average'][1], 1)}"
        lines.append(f"{name:<30} {row['n']:>2} {number(row.get('drawn_p50')):>9} {number(row.get('drawn_p95')):>6} "
                     f"{number(row.get('words_p50')):>7} {number(row.get('words_p95')):>6} "
                     f"{number(row.get('server_p50')):>7} {number(row.get('vs_bare'), sign=True):>9} "
                     f"{number(row.get('ratio_bare')):>8} {number(row.get('ratio_peer')):>7} {load:>10}"
                     + (f"  gagal {row['failed']}" if row["failed"] else "")
                     + (f"  galat {row['errors']}" if row["errors"] else "")
                     + (f"  (pilih pada {number(row['chosen_p50'])} s)" if "chosen_p50" in row else ""))
    if checks:
        lines += ["", "target:"]
        for check in checks:
            unit = {"s": " s", "x": "x", "n": ""}[check["unit"]]
            signed = check["unit"] == "s"
            lines.append(f"  {'TERCAPAI' if check['met'] else 'MELESET '} {check['target']}: "
                         f"{number(check['value'], 2, sign=signed)}{unit} (batas {number(check['bound'], 2)}{unit})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from idm import config

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="rounds: every target is loaded once per round")
    parser.add_argument("--db", type=Path, default=config.db_path(),
                        help="database of the bare pages, and of an --app without data/idm.duckdb")
    parser.add_argument("--app", action="append", default=None, metavar="[LABEL=]DIR",
                        help="a checkout of the dashboard (repeatable; default: this checkout)")
    parser.add_argument("--query", default="", help="added to every page's link, e.g. tahun=2024 (default: the "
                                                    "link as shared, the newest year)")
    parser.add_argument("--pages", default=",".join(APP_PAGES), help="the dashboard's pages: " + ",".join(APP_PAGES))
    parser.add_argument("--bare", default=",".join(BARE_PAGES), help="bare pages, or none: " + ",".join(BARE_PAGES))
    parser.add_argument("--peer", default=None, help="the peer's work tree (default IDM_PEER_DIR; absent: skipped)")
    parser.add_argument("--peer-vendor", default=None, help="its CDN files (default IDM_PEER_VENDOR or DIR-vendor)")
    parser.add_argument("--timeout", type=float, default=90, help="seconds a load may take before it fails")
    parser.add_argument("--json", type=Path, default=None, help="write every sample and the summary here")
    parser.add_argument("--screenshots", type=Path, default=None,
                        help="a screenshot of each target once drawn (the unmeasured first load) into this folder")
    args = parser.parse_args(argv)
    if args.screenshots:
        args.screenshots.mkdir(parents=True, exist_ok=True)

    import streamlit
    from playwright.sync_api import sync_playwright

    meta = {"date": datetime.now().isoformat(timespec="seconds"), "runs": args.runs, "machine": servers.machine(),
            "streamlit": streamlit.__version__}
    served = start_all(args)
    samples: list[Sample] = []
    try:
        for note in served.notes:
            print(note, file=sys.stderr, flush=True)
        targets = served.targets
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(config.browser_path()),
                                                 args=servers.CHROMIUM_ARGS + servers.OFFLINE_ARGS)
            meta["chromium"] = browser.version
            try:
                for target in targets:  # unmeasured: caches filled, the first run's router reruns done
                    shot = args.screenshots / f"{target.name.replace(':', '-')}.png" if args.screenshots else None
                    warm = load(browser, target, run=-1, timeout=args.timeout, screenshot=shot)
                    if warm.failure:
                        print(f"pemanasan {target.name}: {warm.failure}", file=sys.stderr, flush=True)
                for run in range(args.runs):
                    print(f"putaran {run + 1}/{args.runs}...", file=sys.stderr, flush=True)
                    shift = run % len(targets)
                    for target in targets[shift:] + targets[:shift]:
                        sample = load(browser, target, run=run, timeout=args.timeout)
                        if sample.failure:
                            print(f"  {target.name}: {sample.failure}", file=sys.stderr, flush=True)
                        samples.append(sample)
            finally:
                browser.close()
        missing = served.missing_vendored()
    finally:
        served.stop()
    if missing:  # the peer ran without some of its scripts: its numbers are not the peer's
        served.notes += missing
    meta["load_after"] = [round(value, 2) for value in os.getloadavg()]
    meta["servers"] = served.notes  # where each target ran, and what was missing
    rows = summarise(samples, [t.name for t in targets])
    checks = verdicts(rows)
    print(report(rows, checks, meta))
    for note in missing:
        print(f"PERINGATAN {note}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"meta": meta, "summary": rows, "targets": checks,
                                         "samples": [asdict(s) for s in samples]}, indent=1, ensure_ascii=False))
    return 0 if all(check["met"] for check in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
