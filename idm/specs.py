"""What a page view hands to the page and to the rakor deck: named charts, tables and maps, each with
its title, subtitle, source and generated sentence, or the honest reason it cannot be drawn.

A chart is defined once, in its page's view module (idm/views/); the page renders it through
ui/widgets.py, the deck picks it by its key, and the exports take title and source from it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk

from idm import rules

# Where the numbers come from: the full name for an export's and a slide's footer (`source`), and the short
# one a chart's subtitle says (`note`). The only place sources are worded.
SOURCE_IDM = "Indeks Desa Membangun (IDM), Kemendes PDTT"
SOURCE_INDEKS_DESA = "Indeks Desa (Permendesa PDT 9/2024), status Kepmendes PDT 343/2025"
SOURCE_INDICATORS = "API rumusan IDM Kemendes PDTT (skor 50 indikator)"
SOURCE_BPS = "Badan Pusat Statistik (BPS)"
SOURCE_BOUNDARIES = "Badan Informasi Geospasial (BIG), RBI 1:10.000, disederhanakan"
SOURCE_TARGETS = "target yang dinyatakan Dinas PMD (dokumen tercantum per target)"
_SHORT = {
    SOURCE_IDM: "IDM Kemendes PDTT",
    SOURCE_INDEKS_DESA: "Indeks Desa Kemendes PDT",
    SOURCE_INDICATORS: "skor indikator IDM Kemendes PDTT",
    SOURCE_BPS: "BPS",
    SOURCE_BOUNDARIES: "batas wilayah BIG, disederhanakan",
    SOURCE_TARGETS: "target Dinas PMD",
}

INDEX_SOURCES = {rules.IDM: SOURCE_IDM, rules.INDEKS_DESA: SOURCE_INDEKS_DESA}


def index_sources(years) -> tuple[str, ...]:
    """The sources of the indices some years' statuses come from, IDM's first: (SOURCE_IDM,) up to 2024,
    both across the change of method."""
    indices = {rules.index_of(year) for year in years}
    return tuple(source for index, source in INDEX_SOURCES.items() if index in indices)


def published_sources(years_and_citations) -> str:
    """Where published figures come from, said once per citation with its years: 'angka publikasi 2021,
    2022: Dinas PMD Kalsel, rakor 2024 ...; 2025: ...'. '' when none; pairs of (year, citation), a None
    citation (a year computed from village rows) left out."""
    years: dict[str, list[int]] = {}
    for year, citation in years_and_citations:
        if isinstance(citation, str) and citation:
            years.setdefault(citation, []).append(int(year))
    if not years:
        return ""
    return "angka publikasi " + "; ".join(f"{', '.join(map(str, sorted(shown)))}: {citation}"
                                          for citation, shown in years.items())


def source_note(*sources: str) -> str:
    """'Sumber: IDM Kemendes PDTT; BPS': the sources of a chart as its subtitle says them (a text that is not
    one of the SOURCE_* names, e.g. 'penduduk miskin (Maret) BPS', is said as written)."""
    return "Sumber: " + "; ".join(_SHORT.get(source, source) for source in sources)


@dataclass(frozen=True)
class Chart:
    """A Plotly figure with what it says about itself."""

    name: str  # names the downloads: 'peringkat-kabupaten' -> idm-kalsel-2024-peringkat-kabupaten.png
    title: str
    subtitle: str  # the filter context and how to read the chart
    source: str
    figure: go.Figure
    note: str = ""  # the generated sentence: said on the page where it fits, the deck's speaker notes
    # (year, where that year's published figures were published) for the published years it shows
    citations: tuple[tuple[int, str], ...] = ()

    @property
    def citation(self) -> str:
        """The citations said once each with their years (published_sources), or ''."""
        return published_sources(self.citations)


@dataclass(frozen=True)
class Table:
    """A table as the page shows it and the downloads write it: numeric cells, Indonesian headers."""

    name: str
    title: str
    frame: pd.DataFrame
    source: str = SOURCE_IDM
    formats: Mapping[str, str] = field(default_factory=dict)  # column -> printf format ('%.4f', '%+d', '%.1f%%')
    help: Mapping[str, str] = field(default_factory=dict)  # column -> tooltip of its header
    height: int | None = None


@dataclass(frozen=True)
class VillageMap:
    """The pydeck village map: no picture export, its numbers download as `table`."""

    name: str
    title: str
    deck: pdk.Deck
    legend_html: str
    table: Table
    picture: Chart | None = None  # the same map drawn by Plotly, for the PNG and SVG downloads


@dataclass(frozen=True)
class Missing:
    """Why an item cannot be drawn for these filters, in Indonesian: shown on the page, listed in the deck."""

    reason: str


Item = Chart | Table | VillageMap | Missing


def chart(name: str, builder: Callable[..., go.Figure], *, title: str, subtitle: str, source: str = SOURCE_IDM,
          note: str = "", citations=(), **data) -> Chart:
    """builder(title=..., subtitle=..., **data) as a Chart: the strings are written once. `citations`:
    (year, citation) pairs of the published years shown; a year computed from village rows has none."""
    cited = tuple((int(year), text) for year, text in citations if isinstance(text, str) and text)
    return Chart(name=name, title=title, subtitle=subtitle, source=source,
                 figure=builder(title=title, subtitle=subtitle, **data), note=note, citations=cited)
