"""Names from the files are text in every figure: Plotly renders <a href>, <b> and <br> in titles, axis
labels, legends, hover text and annotations, and deck.gl renders its tooltip as HTML. A region or village
named with markup shows the markup as written, on the page, in the exported pictures and in the deck.
"""

from __future__ import annotations

import json
import shutil

import duckdb
import pytest

from idm import views
from idm.charts import heading_and_body, svg
from idm.database import Database
from idm.filters import resolve
from idm.specs import Chart, VillageMap

pytestmark = pytest.mark.db

EVIL = 'Jahat<a href="https://evil.example/">KLIK</a><b>TEBAL</b><br>BARIS'
RENDERED = ('<a href="https://evil.example/">', "<b>TEBAL</b>", "</b><br>BARIS")  # what must never reach a figure
# The fixture's regency 6301 (Tanah Laut), its district 630101 and village 6301012001, renamed.
RENAMED = {"6301": EVIL + " KAB", "630101": EVIL + " KEC", "6301012001": EVIL + " DESA"}


@pytest.fixture(scope="module")
def evil_database(fixture_db, tmp_path_factory) -> Database:
    path = tmp_path_factory.mktemp("nama") / "jahat.duckdb"
    shutil.copyfile(fixture_db, path)
    with duckdb.connect(str(path)) as con:
        for code, name in RENAMED.items():
            con.execute("UPDATE regions SET name = ? WHERE code = ?", [name, code])
            con.execute("UPDATE boundaries SET name = ? WHERE code = ?", [name, code])
        con.execute("UPDATE village_scores SET name = ? WHERE village_code = '6301012001'", [RENAMED["6301012001"]])
    return Database(path)


def strings(value) -> list[str]:
    """Every text of a figure that Plotly or deck.gl may draw (a map's shapes carry their names as
    GeoJSON properties, which neither draws: left out; the village map's tooltip properties are kept)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for key, item in value.items() if key != "geojson" for s in strings(item)]
    if isinstance(value, list | tuple):
        return [s for item in value for s in strings(item)]
    return []


def raw_markup(item) -> list[str]:
    if isinstance(item, Chart):
        found = strings(item.figure.to_plotly_json())
    elif isinstance(item, VillageMap):
        found = strings(json.loads(item.deck.to_json()))
    else:
        return []
    return [text for text in found if any(bad in text for bad in RENDERED)]


def filters_for(db: Database, **link):
    return resolve({"prov": "63", "tahun": "2024", "banding": "2023", **link}, db.catalog())[0]


VIEWS = [
    ("ringkasan", {}, {}), ("tren", {}, {}), ("tren", {"kab": "6301"}, {}),
    ("tren", {"kab": "6301", "kec": "630101"}, {}),
    ("peta", {}, {}), ("peta", {"kab": "6301"}, {}), ("peta", {"kab": "6301"}, {"measure": "perubahan"}),
    ("transisi", {}, {}), ("transisi", {"kab": "6301"}, {}), ("kemiskinan", {}, {}), ("desa", {}, {}),
    ("desa-profil", {}, {"code": "6301012001"}), ("target", {}, {}),
]


@pytest.mark.parametrize("page, link, options", VIEWS, ids=[f"{p}-{'-'.join(v.values()) or 'provinsi'}-{len(o)}"
                                                           for p, v, o in VIEWS])
def test_no_name_reaches_a_figure_as_markup(evil_database, page, link, options):
    built = views.BUILDERS[page](evil_database, chosen=filters_for(evil_database, **link), **options)
    items = getattr(built, "items", {}) or {}
    found = {key: raw_markup(item) for key, item in items.items()}
    assert not {key: texts for key, texts in found.items() if texts}
    assert any(isinstance(item, Chart | VillageMap) for item in items.values())  # something was drawn
    for key, item in items.items():  # and as the page draws it, in SVG on the server
        if isinstance(item, Chart):
            markup = svg.render(heading_and_body(item.figure)[1], width=1000, label=item.title) or ""
            assert not [bad for bad in RENDERED if bad in markup], key


def test_the_escaped_name_is_still_there_to_read(evil_database):
    built = views.BUILDERS["ringkasan"](evil_database, chosen=filters_for(evil_database))
    text = " ".join(strings(built.items[views.ringkasan.RANKING].figure.to_plotly_json()))
    assert "Jahat&lt;a href=\"https://evil.example/\"&gt;KLIK&lt;/a&gt;&lt;b&gt;TEBAL&lt;/b&gt;&lt;br&gt;BARIS" in text


def test_the_exported_picture_keeps_names_as_text(evil_database):
    """PNG, SVG and the deck's slides draw `export.printable` of the page's chart: its subtitle and footer
    (the filter context names the regency) are text too."""
    from idm import export

    chosen = filters_for(evil_database, kab="6301")
    built = views.BUILDERS["tren"](evil_database, chosen=chosen)
    chart = built.items["per-unit"]
    for with_title in (True, False):
        printed = export.printable(chart, export.stamp(chosen, chart), with_title=with_title)
        assert not [text for text in strings(printed.to_plotly_json()) if any(bad in text for bad in RENDERED)]
