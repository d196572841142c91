"""A quick regression check of page speed (the real numbers are in BENCHMARKS.md): every page, rerun
with warm caches as a widget change reruns it, stays under a generous bound on the fixture database."""

from __future__ import annotations

import re
import statistics
import time
from pathlib import Path

import pytest

from tests.helpers import errors, open_page

PAGES = re.findall(r'\("pages/(\w+)\.py"', (Path(__file__).resolve().parents[1] / "ui" / "navigation.py").read_text())
BOUND = 1.5  # seconds; BENCHMARKS.md's target is 0,15 s on the real bundle

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("params", [{"prov": "63"}, {"prov": "63", "kab": "6301"}], ids=["provinsi", "kabupaten"])
@pytest.mark.parametrize("page", PAGES)
def test_warm_rerun_is_quick(fixture_env, page, params):
    app = open_page(page, **params)
    app.run()  # anything a first run leaves to its rerun
    times = []
    for _ in range(3):
        started = time.perf_counter()
        app.run()
        times.append(time.perf_counter() - started)
    assert not errors(app)
    assert statistics.median(times) < BOUND, f"{page}: {times}"
