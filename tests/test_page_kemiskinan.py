"""Kemiskinan on the fixture database: IDM beside poverty, the quadrant sentence, empty states."""

import json

import pandas as pd
import pytest

from idm import kemiskinan, rules
from idm.charts import kemiskinan as figures
from idm.filters import Filters
from tests.helpers import errors, interactive, markdown, open_interactive, open_page, read

pytestmark = pytest.mark.app  # runs the dashboard in AppTest

CHANGE = """
SELECT
    (SELECT avg(idm) FROM village_scores WHERE year = $2 AND starts_with(village_code, $1))
  - (SELECT avg(idm) FROM village_scores WHERE year = $3 AND starts_with(village_code, $1)) AS idm_change,
    (SELECT value FROM welfare WHERE year = $2 AND region_code = $1 AND indicator = 'p0')
  - (SELECT value FROM welfare WHERE year = $3 AND region_code = $1 AND indicator = 'p0') AS poverty_change
"""


def kalsel(year: int = 2024, compare_year: int | None = 2023, **extra) -> Filters:
    return Filters(province="63", province_name="Kalimantan Selatan", year=year, year_source="desa",
                   compare_year=compare_year, compare_source="desa", **extra)


@pytest.fixture(scope="module")
def con(fixture_db):
    with read(fixture_db) as connection:
        yield connection


@pytest.mark.parametrize("code", ["6301", "6302", "6303"])
@pytest.mark.parametrize("first, last", [(2023, 2024), (2022, 2024), (2022, 2023)])
def test_changes_equal_the_database(con, code, first, last, fixture_database):
    moves = kemiskinan.load(fixture_database, kalsel()).changes(first, last).set_index("code")
    idm_change, poverty_change = con.execute(CHANGE, [code, last, first]).fetchone()
    assert moves.loc[code, "idm_change"] == pytest.approx(round(idm_change, 4))
    assert moves.loc[code, "poverty_change"] == pytest.approx(round(poverty_change, 2))
    assert moves.loc[code, "quadrant"] == kemiskinan.quadrant(round(idm_change, 4), round(poverty_change, 2))


def test_kotabaru_rises_without_less_poverty(con, fixture_database):
    moves = kemiskinan.load(fixture_database, kalsel()).changes(2023, 2024)
    flagged = moves.loc[moves["quadrant"] == kemiskinan.UP_NOT_DOWN, "code"]
    assert list(flagged) == ["6302"]
    sentence = kemiskinan.discussion_sentence(moves, from_year=2023, to_year=2024)
    assert "Kabupaten Kotabaru" in sentence and "Tanah Laut" not in sentence


def test_kota_has_poverty_but_no_idm(con, fixture_database):
    data = kemiskinan.load(fixture_database, kalsel())
    moves = data.changes(2023, 2024).set_index("code")
    assert pd.isna(moves.loc["6371", "quadrant"]) and pd.isna(moves.loc["6371", "idm_change"])
    assert pd.notna(moves.loc["6371", "poverty_change"])
    scatter = figures.change_scatter(moves=moves.reset_index(), from_year=2023, to_year=2024, title="t", subtitle="s")
    assert "Kota Banjarmasin" not in [t for trace in scatter.data for t in (trace.text or ())]
    table = kemiskinan.side_by_side_table(data.frame).set_index("Wilayah")
    assert table.loc["Kota Banjarmasin", "P0 2024 (%)"] > 0
    assert table.loc["Kota Banjarmasin"].filter(like="IDM").isna().all()
    bars = figures.idm_poverty_bars(frame=data.year(2024), year=2024, title="t", subtitle="s")
    idm_names = [n for trace in bars.data if trace.type == "bar" and trace.xaxis == "x" for n in trace.y]
    assert "Kota Banjarmasin" not in idm_names and len(idm_names) == 3
    assert len({trace.name for trace in bars.data if trace.name}) >= 5  # all five statuses in the legend
    # The kota is named on the IDM panel, inside its axis (which starts near the lowest IDM, not at 0).
    label = next(t for t in bars.data if t.type == "scatter" and t.mode == "text" and "Kota Banjarmasin" in t.y)
    low, high = bars.layout.xaxis.range
    assert list(label.text) == [rules.NO_IDM_LABEL] and all(low < x < high for x in label.x)


def test_published_year_has_no_regency_idm(con, fixture_database):
    data = kemiskinan.load(fixture_database, kalsel(2021, 2022))
    year = data.year(2021)
    assert year.loc[year["code"] != "63", "idm"].isna().all()
    assert year["p0"].notna().all()
    table = kemiskinan.side_by_side_table(data.frame).set_index("Wilayah")
    assert table.loc["KALIMANTAN SELATAN" if "KALIMANTAN SELATAN" in table.index else table.index[0], "IDM 2021"] \
        == pytest.approx(0.6012)


def test_page_names_kotabaru(fixture_env):
    app = open_interactive("kemiskinan")
    assert not errors(app)
    text = markdown(app)
    assert "IDM naik tetapi persentase penduduk miskin tidak turun dari 2023 ke 2024" in text
    assert "Kabupaten Kotabaru" in text
    assert app.radio(key="bps").options == ["Indeks Pembangunan Manusia (IPM)", "Rasio Gini",
                                                      "PDRB per kapita"]
    welfare = app.dataframe[-1].value
    assert {"IPM 2021", "IPM 2024"} <= set(welfare.columns)
    assert "Kota Banjarmasin" in set(welfare["Wilayah"])
    app = interactive(app.radio(key="bps").set_value("pdrb_kapita").run())  # another indicator's own switches
    assert not errors(app)
    assert {"PDRB/kapita 2022 (ribu Rp)"} <= set(app.dataframe[-1].value.columns)
    assert app.query_params["bps"] == "pdrb_kapita"


@pytest.mark.parametrize("params, words", [
    ({"tahun": "2021", "banding": "2023"}, "IDM per kabupaten tidak ada untuk 2021"),
    ({"prov": "62"}, "Belum ada data kemiskinan"),
    ({"prov": "KAL"}, "pilih satu provinsi"),
])
def test_what_is_missing_is_said(fixture_env, params, words):
    app = open_page("kemiskinan", **params)
    assert not errors(app)
    assert any(words in i.value for i in app.info)


def test_published_year_still_shows_poverty(fixture_env):
    app = open_interactive("kemiskinan", tahun="2021", banding="2022")
    assert not errors(app)
    charts = [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]
    # P0 and the indicator chosen below it (IPM) per regency; no scatter without regency IDM
    assert [chart["data"][0]["type"] for chart in charts] == ["bar", "bar"]
    assert any("Diagram perubahan 2021–2022 tidak dapat dibuat" in i.value for i in app.info)


def test_regency_is_highlighted(fixture_env):
    app = open_interactive("kemiskinan", kab="6302")
    assert not errors(app)
    spec = json.loads(app.get("plotly_chart")[0].proto.spec)
    assert "<b>Kotabaru</b>" in [name for trace in spec["data"] for name in trace.get("y") or ()]


def test_scatter_labels_of_a_crowd_do_not_collide():
    """Regencies a few pixels apart get different places around their markers."""
    import pandas as pd

    from idm.charts.kemiskinan import _label_positions

    crowd = pd.DataFrame({"name": ["Tanah Laut", "Banjar", "Tabalong", "Hulu Sungai Tengah"],
                          "idm_change": [0.0460, 0.0462, 0.0471, 0.0542],
                          "poverty_change": [-0.07, -0.08, -0.09, -0.03]})  # 4 px apart
    places = _label_positions(crowd, x_range=(-0.028, 0.071), y_range=(-0.91, 0.37))
    assert len(set(places[:3])) == 3  # the three stacked points do not share a side
    alone = _label_positions(crowd.iloc[:1], x_range=(-0.028, 0.071), y_range=(-0.91, 0.37))
    assert alone == ["middle right"]
