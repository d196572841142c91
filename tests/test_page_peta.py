"""Peta on the fixture database: the measure from the link, drill-down, published years, the group."""

import json

import pytest

from idm import rules
from tests.helpers import errors, open_page

pytestmark = pytest.mark.app  # runs the dashboard in AppTest


def figures(app) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]


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
    assert len(app.get("plotly_chart")) == maps
    assert len(app.get("deck_gl_json_chart")) == decks


def test_measure_comes_from_the_link_and_goes_back_to_it(fixture_env):
    app = open_page("peta", ukuran="status")
    assert legend(figures(app)[0]) == [s.label for s in rules.STATUSES] + [rules.NO_IDM_LABEL]
    assert app.query_params["ukuran"] in ("status", ["status"])
    app.radio(key="ukuran").set_value("perubahan").run()
    assert not errors(app)
    assert app.query_params["ukuran"] in ("perubahan", ["perubahan"])
    trace = next(t for t in figures(app)[0]["data"] if t["type"] == "choroplethmap" and "zmin" in t)
    assert trace["zmin"] == -trace["zmax"]


def test_kota_without_desa_is_grey_never_zero(fixture_env):
    spec = figures(open_page("peta"))[0]
    grey = [t for t in spec["data"] if t["type"] == "choroplethmap" and t["colorscale"][0][1] == rules.NO_IDM_COLOUR]
    assert [list(t["locations"]) for t in grey] == [["6371"]]
    valued = [t for t in spec["data"] if t["type"] == "choroplethmap" and "6371" in t["locations"] and t is not grey[0]]
    assert not valued


def test_published_year_says_there_is_nothing_to_map(fixture_env):
    app = open_page("peta", tahun="2021")
    assert "hanya memiliki angka provinsi" in infos(app) and "0,6012" in infos(app)


def test_change_against_a_published_year_is_refused(fixture_env):
    app = open_page("peta", tahun="2022", banding="2021", ukuran="perubahan")
    assert not errors(app)
    assert "Perubahan IDM tidak dapat dipetakan" in infos(app)


def test_regency_is_outlined_and_its_districts_drawn(fixture_env):
    app = open_page("peta", kab="6303")
    regencies, districts = figures(app)
    outline = regencies["data"][-1]
    assert outline["locations"] == ["6303"] and outline["marker"]["line"]["width"] >= 3
    drawn = {code for t in districts["data"] if t["type"] == "choroplethmap" for code in t["locations"]}
    assert drawn == {"630301", "630302", "630303"}


def test_group_draws_the_provinces(fixture_env):
    spec = figures(open_page("peta", prov="KAL"))[0]
    drawn = {code for t in spec["data"] if t["type"] == "choroplethmap" for code in t["locations"]}
    assert drawn == {"62", "63"}
