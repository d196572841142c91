"""Indikator page: smoke on the indicator fixture (tests/test_indicators.py), empty states on the
shared fixture database (no indicator scores) and in a year without scores."""

from __future__ import annotations

import pytest

from tests.helpers import drawings, errors, markdown, metrics, open_page, unescape
from tests.test_indicators import VILLAGES, build_indicator_fixture

pytestmark = pytest.mark.app  # runs the dashboard in AppTest


@pytest.fixture(scope="module")
def indicator_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("page-indicators") / "indicators.duckdb"
    build_indicator_fixture(path)
    return path


@pytest.fixture
def indicator_env(indicator_path, monkeypatch):
    monkeypatch.setenv("IDM_DB", str(indicator_path))
    return indicator_path


def infos(app) -> str:
    return "\n".join(i.value for i in app.info)


@pytest.mark.parametrize("params, villages, quick", [
    ({}, len(VILLAGES), "4"),  # 6301: two villages up with one indicator; 6302: one with one, one with two
    ({"kab": "6301"}, 5, "2"),
    ({"kab": "6302"}, 2, "2"),
])
def test_page_shows_the_area(indicator_env, params, villages, quick):
    app = open_page("indikator", tahun="2024", **params)
    assert not errors(app)
    shown = metrics(app)
    assert shown["Desa dengan skor indikator"] == str(villages)
    assert shown["Desa naik status dengan 1–2 indikator"] == quick
    assert len(drawings(app)) >= 3  # sub-dimensions, shortfalls, gain per unit
    assert "Pilih desa" in infos(app)


def test_report_card_from_the_link(indicator_env):
    app = open_page("indikator", tahun="2024", desa="6301012001")
    assert not errors(app)
    text = markdown(app)
    assert "IDM 0,7556, Maju" in text and "IKL03" in text and "1 indikator" in text
    assert app.query_params["desa"] in ("6301012001", ["6301012001"])


def test_choosing_a_village_draws_its_card(indicator_env):
    app = open_page("indikator", tahun="2024")
    charts = len(drawings(app))
    app.selectbox(key="desa_rapor").set_value("6302012002").run()
    assert not errors(app)
    assert len(drawings(app)) == charts + 1
    assert "15 dari 50 indikator bernilai 0–2" in markdown(app)


def test_page_offers_the_synchronisation_workbook(indicator_env):
    app = open_page("indikator", tahun="2024")
    assert not errors(app)
    assert "#### Bahan sinkronisasi OPD" in [m.value for m in app.markdown]
    labels = [b.proto.label for b in app.get("download_button")]
    assert "Bahan sinkronisasi OPD (XLSX, satu lembar per sektor)" in labels


def test_year_without_scores_offers_the_dimension_view(indicator_env):
    app = open_page("indikator", tahun="2023")
    assert not errors(app)
    assert "hanya tersedia untuk tahun 2024" in infos(app)
    assert "IKS (ketahanan sosial)" in metrics(app)
    assert not [b for b in app.get("download_button") if b.proto.label.startswith("Bahan sinkronisasi")]


def test_database_without_indicator_data(fixture_env):
    app = open_page("indikator")
    assert not errors(app)
    assert "Belum ada skor indikator" in infos(app)
    assert "IDM" in app.title[0].value


def test_published_year_says_there_are_no_village_rows(fixture_env):
    app = open_page("indikator", tahun="2021", banding="2022")
    assert not errors(app)
    assert "hanya angka provinsi" in infos(app)


@pytest.mark.parametrize("group, lacking", [("KAL", "2 provinsi lain"), ("ID", "34 provinsi lain")])
def test_a_group_with_scores_for_some_provinces_only_says_so(bundle_db, monkeypatch, group, lacking):
    """Scores exist for Kalimantan Tengah, Selatan and Timur only: no figure may stand for the whole group."""
    monkeypatch.setenv("IDM_DB", str(bundle_db))
    app = open_page("indikator", prov=group, tahun="2024")  # Indonesia's newest year: 2025's published counts
    assert not errors(app)
    notice = " ".join(unescape(i.value) for i in app.info)
    assert "hanya tersedia untuk Kalimantan Tengah, Kalimantan Selatan, Kalimantan Timur" in notice
    assert lacking in notice
    assert not [m for m in app.metric if m.label == "Desa dengan skor indikator"]
