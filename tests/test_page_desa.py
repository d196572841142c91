"""Desa page on the fixture database: links open a profile, search, empty states, the priority list."""

import pytest

from idm import desa
from tests.fixtures import NEW_IN_2024, NO_SCORE_2024
from tests.helpers import errors, markdown, open_page, read

pytestmark = pytest.mark.app  # runs the dashboard in AppTest


def headers(app) -> list[str]:
    return [h.value for h in app.header]


def notices(app) -> str:
    return "\n".join([w.value for w in app.warning] + [i.value for i in app.info])


@pytest.mark.parametrize("params, header, notice", [
    ({}, None, "Ketik nama atau kode desa"),
    ({"desa": "6301012001"}, "Desa Banua Hanyar", None),
    ({"desa": "63.01.01.2001"}, "Desa Banua Hanyar", None),  # dotted code in a link
    ({"desa": "abc"}, None, "tidak dikenali"),
    ({"desa": "9999999999"}, None, "tidak ada di data IDM"),
    ({"desa": NO_SCORE_2024}, "Desa Banua Hanyar", "tanpa nilai"),
    ({"desa": NEW_IN_2024, "tahun": "2023"}, None, "tidak tercantum dalam data IDM 2023"),
    ({"desa": "6301012001", "tahun": "2021"}, "Desa Banua Hanyar", "hanya memiliki angka provinsi"),
    ({"desa": "6201012001", "prov": "62"}, "Desa Banua Hanyar", None),
])
def test_link_opens_a_profile_without_errors(fixture_env, params, header, notice):
    app = open_page("desa", **params)
    assert not errors(app)
    if header:
        assert header in headers(app)
    if notice:
        assert notice in notices(app)


def test_profile_states_the_gap_and_the_cheapest_dimension(fixture_env):
    app = open_page("desa", desa="6301012001", tahun="2023")
    with read(fixture_env) as con:
        row = con.execute("SELECT idm, iks, ike, ikl FROM village_scores "
                          "WHERE village_code = '6301012001' AND year = 2023").fetchone()
    plan = desa.plan(idm=row[0], iks=row[1], ike=row[2], ikl=row[3])
    assert plan.sentence in markdown(app)
    assert {m.label: m.value for m in app.metric}["IDM 2023"] == f"{row[0]:.4f}".replace(".", ",")
    assert app.query_params["desa"] in ("6301012001", ["6301012001"])


@pytest.mark.parametrize("typed, expected_header", [
    ("banua hanyar", "Desa Banua Hanyar"),
    ("banua hanyr", "Desa Banua Hanyar"),
    ("63.01.01.2001", "Desa Banua Hanyar"),
])
def test_search_opens_the_first_hit(fixture_env, typed, expected_header):
    app = open_page("desa", kab="6301")
    app.text_input(key="desa_cari").set_value(typed).run()
    assert not errors(app)
    assert expected_header in headers(app)
    choices = app.selectbox(key="desa_pilih")
    assert all(", Tanah Laut" in label for label in choices.options)


def test_search_without_hit_says_so(fixture_env):
    app = open_page("desa")
    app.text_input(key="desa_cari").set_value("zzzzqqq").run()
    assert not errors(app)
    assert "Tidak ada desa yang cocok" in notices(app)


def test_priority_list_count_equals_the_module(fixture_env, fixture_database):
    app = open_page("desa")
    assert not errors(app)
    listed = desa.priority_list(fixture_database.near_next_status(area="63", year=2024), max_gap=0.01)
    assert f"**{len(listed)} desa** butuh kenaikan IDM paling banyak 0,010" in markdown(app)
    app.select_slider(key="selisih").set_value(0.05).run()
    assert not errors(app)
    wider = desa.priority_list(fixture_database.near_next_status(area="63", year=2024), max_gap=0.05)
    assert f"**{len(wider)} desa**" in markdown(app)


def test_priority_list_in_a_published_year_is_an_empty_state(fixture_env):
    app = open_page("desa", tahun="2021")
    assert not errors(app)
    assert "tidak memiliki nilai per desa" in notices(app)
