"""Page speed on the server, without a browser: `python -m tests.benchmark [DB]`.

For each page of the sidebar and a few filter sets, runs the page once (cold: queries, caches,
geometry) and then reruns it REPEATS times as an interaction would (warm: cached results), and
prints the medians, then each page's slowest median against the 150 ms target (BENCHMARKS.md).
What a viewer waits for in a browser (websocket, drawing, a cold server) is measured by
`python -m benchmarks.browser`.
"""

from __future__ import annotations

import os
import re
import statistics
import sys
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from idm import config

REPO = Path(__file__).resolve().parents[1]
PAGES = re.findall(r'\("pages/(\w+)\.py"', (REPO / "ui" / "navigation.py").read_text())
VIEWS = {
    "Kalimantan Selatan": {"prov": "63"},
    "Kab. Banjar": {"prov": "63", "kab": "6303"},
    "Jawa Tengah (7.800 desa)": {"prov": "33"},
    "Kalimantan (5 provinsi)": {"prov": "KAL"},
    "Indonesia (38 provinsi)": {"prov": "00"},
}
REPEATS = 5
TARGET = 0.150  # seconds, a warm rerun of any page on the real bundle


def measure(page: str, params: dict[str, str]) -> tuple[float, float, int]:
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    app.switch_page(f"pages/{page}.py")
    started = time.perf_counter()
    app.run()
    cold = time.perf_counter() - started
    warm = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        app.run()
        warm.append(time.perf_counter() - started)
    return cold, statistics.median(warm), len(app.exception)


def main() -> None:
    if len(sys.argv) > 1:
        os.environ["IDM_DB"] = sys.argv[1]
    print(f"database: {config.db_path()} · beban {[round(v, 2) for v in os.getloadavg()]}")
    print(f"{'halaman':<12}{'tampilan':<28}{'pertama (s)':>12}{'median ulang (s)':>18}")
    worst: dict[str, tuple[float, str]] = {}
    for page in PAGES:
        for view, params in VIEWS.items():
            cold, warm, exceptions = measure(page, params)
            note = f"  {exceptions} exception(s)" if exceptions else ""
            print(f"{page:<12}{view:<28}{cold:>12.2f}{warm:>18.3f}{note}", flush=True)
            if warm > worst.get(page, (-1.0, ""))[0]:
                worst[page] = (warm, view)
    print(f"\nmedian ulang terlambat per halaman (target {TARGET * 1000:.0f} ms):")
    for page, (warm, view) in worst.items():
        verdict = "tercapai" if warm <= TARGET else f"meleset {1000 * (warm - TARGET):.0f} ms"
        print(f"  {page:<12}{1000 * warm:>6.0f} ms  {verdict:<18} ({view})")


if __name__ == "__main__":
    main()
