"""Start Streamlit with the app already warm: `python deploy/warm_start.py run app.py [streamlit options]`.

Streamlit imports a page's modules and builds its first figures only when the first viewer
connects: on the 2-core machine 3,5 s of the first page after a start (py-spy: 1,0 s importing
pandas, DuckDB, Plotly and the app's modules, 1,1 s building Ringkasan's figures, most of it
Plotly creating its validators on first use; BENCHMARKS.md). bin/serve starts Streamlit through
this file, which does that work before the server listens: the default page's view is built into
the view cache, then Streamlit's own command line takes over.
Nothing here is needed for correctness: if warming fails, Streamlit starts as usual.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def warm() -> str:
    """Import what every page needs and build the default page's view once."""
    import plotly.graph_objects  # noqa: F401

    from idm import cache, filters
    from ui import frame, widgets  # noqa: F401

    # Streamlit keeps cache_resource entries in the process, runtime or not: the catalog and the
    # view built here are the ones the first viewer's run finds.
    chosen, _ = filters.resolve({}, cache.cached_database().catalog())
    cache.view("ringkasan", chosen=chosen)
    return chosen.area_name


def main() -> None:
    started = time.perf_counter()
    try:
        area = warm()
        print(f"pemanasan: modul dan Ringkasan {area} siap ({time.perf_counter() - started:.1f} s)", flush=True)
    except Exception as error:  # a missing or outdated database is reported by the app itself
        print(f"pemanasan dilewati: {type(error).__name__}: {error}", flush=True)
    from streamlit.web.cli import main as streamlit

    sys.argv[0] = "streamlit"
    sys.exit(streamlit())


if __name__ == "__main__":
    main()
