"""Peta on the fixture database: the measure from the link, drill-down, published years, the group.

The regency and district maps are drawn on the server as SVG (charts.svg), each region a link that opens
it; what they show is read from the page's SVG and from the view's figures (the one definition)."""

import re

import pytest

from idm import rules, views
from idm.filters import resolve
from tests.helpers import drawings, errors, open_page

pytestmark = pytest.mark.app  # runs the dashboard in AppTest


def figures(fixture_database, **link) -> list[dict]:
    """The view's figures of the maps for the link, as Plotly JSON."""
    chosen = resolve({"prov": "63", **link}, fixture_database.catalog())[0]
    built = views.peta.build(fixture_database, chosen, measure=link.get("ukuran", "idm"))
    return [item.figure.to_plotly_json() for key, item in built.items.items()
            if key in (views.peta.TOP, "kecamatan") and hasattr(item, "figure")]


def legend(spec: dict) -> list[str]:
    return [t["name"] for t in spec["data"] if t["type"] == "scattermap" and t.get("showlegend")]


def infos(app) -> str:
    return "\n".join(i.value for i in app.info)


@pytest.mark.parametrize("params, maps, decks", [
    ({}, 1, 0),
    ({"ukuran": "status"}, 1, 0),
    ({"ukuran": "perubahan"}, 1, 0),
    ({"ukuran": "ikl", "kab": "6301"}, 2, 1),
    ({"kab": "6301", "kec": "630102"}, 2, 1),
    ({"prov": "62", "kab": "6201"}, 2, 1),
    ({"prov": "KAL"}, 1, 0),
    ({"tahun": "2021"}, 0, 0),
])
def test_page_draws_the_maps(fixture_env, params, maps, decks):
    app = open_page("peta", **params)
    assert not errors(app)
    assert len(drawings(app)) == maps
    assert len(app.get("deck_gl_json_chart")) == decks


def test_measure_comes_from_the_link_and_goes_back_to_it(fixture_env, fixture_database):
    app = open_page("peta", ukuran="status")
    for label in [s.label for s in rules.STATUSES] + [rules.NO_IDM_LABEL]:
        assert f">{label}<" in drawings(app)[0]  # the map's legend
    assert legend(figures(fixture_database, ukuran="status")[0]) == [s.label for s in rules.STATUSES] + [
        rules.NO_IDM_LABEL]
    assert app.query_params["ukuran"] in ("status", ["status"])
    app.radio(key="ukuran").set_value("perubahan").run()
    assert not errors(app)
    assert app.query_params["ukuran"] in ("perubahan", ["perubahan"])
    # a region opens with the same measure
    assert re.search(r"href='\?[^']*ukuran=perubahan[^']*kab=6301'", drawings(app)[0])
    trace = next(t for t in figures(fixture_database, ukuran="perubahan")[0]["data"]
                 if t["type"] == "choroplethmap" and "zmin" in t)
    assert trace["zmin"] == -trace["zmax"]


def test_kota_without_desa_is_grey_never_zero(fixture_env, fixture_database):
    spec = figures(fixture_database)[0]
    grey = [t for t in spec["data"] if t["type"] == "choroplethmap" and t["colorscale"][0][1] == rules.NO_IDM_COLOUR]
    assert [list(t["locations"]) for t in grey] == [["6371"]]
    valued = [t for t in spec["data"] if t["type"] == "choroplethmap" and "6371" in t["locations"] and t is not grey[0]]
    assert not valued
    drawn = drawings(open_page("peta"))[0]
    assert re.search(rf"fill='{rules.NO_IDM_COLOUR}'[^>]*><title>Kota Banjarmasin", drawn)


def test_published_year_says_there_is_nothing_to_map(fixture_env):
    app = open_page("peta", tahun="2021")
    assert "hanya memiliki angka provinsi" in infos(app) and "0,6012" in infos(app)


def test_change_against_a_published_year_is_refused(fixture_env):
    app = open_page("peta", tahun="2022", banding="2021", ukuran="perubahan")
    assert not errors(app)
    assert "Perubahan IDM tidak dapat dipetakan" in infos(app)


def test_regency_is_outlined_and_its_districts_drawn(fixture_env, fixture_database):
    regencies, districts = figures(fixture_database, kab="6303")
    outline = regencies["data"][-1]
    assert outline["locations"] == ["6303"] and outline["marker"]["line"]["width"] >= 3
    drawn = {code for t in districts["data"] if t["type"] == "choroplethmap" for code in t["locations"]}
    assert drawn == {"630301", "630302", "630303"}
    page = drawings(open_page("peta", kab="6303"))
    assert len(page) == 2 and all(f"kec={code}'" in page[1] for code in drawn)  # each district opens


def test_group_draws_the_provinces(fixture_env, fixture_database):
    spec = figures(fixture_database, prov="KAL")[0]
    drawn = {code for t in spec["data"] if t["type"] == "choroplethmap" for code in t["locations"]}
    assert drawn == {"62", "63"}
    page = drawings(open_page("peta", prov="KAL"))[0]
    assert "href='?prov=62&amp;" in page and "href='?prov=63&amp;" in page and ">Kalteng<" in page
    assert ">Kalsel<" in page
