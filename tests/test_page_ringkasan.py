"""Ringkasan on the fixture database: KPI equal the database's, filters and links change them."""

import pytest

from idm import rules
from tests import fixtures
from tests.helpers import errors, markdown, metrics, open_page, read, unescape

pytestmark = pytest.mark.app  # runs the dashboard in AppTest


def test_kpi_equal_the_fixture_rows(fixture_env):
    """The page and `summary` share one function (Database.headline): the oracle is pandas on the rows
    the fixture database was built from."""
    rows = fixtures.village_rows()
    rows = rows[(rows["year"] == 2024) & rows["village_code"].str.startswith("63")]
    app = open_page()
    assert not errors(app)
    shown = metrics(app)
    assert shown["IDM 2024"] == f"{rows['idm'].mean():.4f}".replace(".", ",")
    counts = rows["status"].value_counts()
    assert shown["Desa Mandiri"] == str(counts.get("MANDIRI", 0))
    assert shown["Jumlah desa"] == str(len(rows))
    text = markdown(app)
    for code in rules.STATUS_CODES:
        assert f"<div class='n'>{counts.get(code, 0)}</div>" in text
    assert "IDM Kalimantan Selatan naik dari" in text


@pytest.mark.parametrize("params, label, expected_link", [
    ({"tahun": "2023"}, "IDM 2023", {"tahun": "2023", "banding": "2022"}),
    ({"tahun": "2023", "banding": "2022"}, "IDM 2023", {"banding": "2022"}),
    ({"tahun": "1999"}, "IDM 2024", {"tahun": "2024"}),  # stale year: default with a notice
    ({"prov": "99"}, "IDM 2024", {"prov": "63"}),
    ({"prov": "62"}, "IDM 2024", {"prov": "62"}),
    ({"kab": "6303"}, "IDM 2024", {"kab": "6303"}),
    ({"kab": "6303", "kec": "630399"}, "IDM 2024", {"kab": "6303"}),
])
def test_link_sets_the_filters(fixture_env, params, label, expected_link):
    app = open_page(**params)
    assert not errors(app)
    assert label in metrics(app)
    for key, value in expected_link.items():
        assert app.query_params[key] == [value] or app.query_params[key] == value


def test_bad_link_value_gets_a_notice(fixture_env):
    app = open_page(tahun="1999")
    assert any("1999" in c.value for c in app.sidebar.caption)


def test_regency_filter_changes_the_kpi(fixture_env):
    app = open_page()
    before = metrics(app)["IDM 2024"]
    app.sidebar.selectbox(key="kab").set_value("6303").run()
    assert not errors(app)
    with read(fixture_env) as con:
        expected = con.execute(
            "SELECT round(avg(idm), 4) FROM village_scores WHERE year = 2024 AND village_code LIKE '6303%'"
        ).fetchone()[0]
    assert metrics(app)["IDM 2024"] == f"{expected:.4f}".replace(".", ",") != before
    assert app.query_params["kab"] in ("6303", ["6303"])
    assert "Kabupaten Banjar" in app.title[0].value


def test_published_year_is_marked(fixture_env):
    app = open_page(tahun="2021", banding="2022")
    assert not errors(app)
    assert metrics(app)["IDM 2021"] == "0,6012"
    assert any("dipublikasikan" in i.value for i in app.info)


def test_province_without_earlier_years(fixture_env):
    app = open_page(prov="62")
    assert not errors(app)
    assert "IDM 2024" in metrics(app)


def test_kalimantan_group_compares_provinces(fixture_env):
    app = open_page(prov="KAL")
    assert not errors(app)
    assert "Kalimantan (5 provinsi)" in unescape(app.title[0].value)


@pytest.mark.parametrize("year, partial", [("2023", True), ("2024", False), ("2022", False)])
def test_partial_data_banner(fixture_env, year, partial):
    """The fixture's published 2023 figures list 80 villages; its village rows hold 72."""
    app = open_page(tahun=year)
    assert not errors(app)
    banners = [w.value for w in app.warning if "Data parsial" in w.value]
    assert bool(banners) == partial
    if partial:
        assert "72 desa Kalimantan Selatan tahun 2023" in banners[0] and "80 desa" in banners[0]


def test_outdated_database_is_named_not_crashed(tmp_path, monkeypatch):
    import duckdb

    old = tmp_path / "old.duckdb"
    with duckdb.connect(str(old)) as con:
        con.execute("CREATE TABLE meta (key VARCHAR, value VARCHAR)")
    monkeypatch.setenv("IDM_DB", str(old))
    app = open_page()
    assert not app.exception
    assert "versi lama" in app.error[0].value and "python -m idm build" in app.error[0].value
