"""Map builders on the fixture database, checked without a browser: traces, colours, legend, no-IDM regions."""

import json

import pandas as pd
import pytest

from idm import rules
from idm.charts import peta as maps
from tests.helpers import read


@pytest.fixture(scope="module")
def con(fixture_db):
    with read(fixture_db) as connection:
        yield connection


def regency_map(database, measure_name: str, **extra):
    values = database.unit_ranking(area="63", year=2024, compare_year=2023)
    return maps.choropleth(geojson=database.geojson("kabupaten", "63"), values=values, measure_name=measure_name,
                           year=2024, compare_year=2023, title="t", subtitle="s", **extra)


def choropleths(figure):
    return [t for t in figure.data if t.type == "choroplethmap"]


def legend_names(figure) -> list[str]:
    return [t.name for t in figure.data if t.type == "scattermap" and t.showlegend]


@pytest.mark.parametrize("value, expected", [
    ("status", "status"), ("PERUBAHAN", "perubahan"), ("ikl", "ikl"), ("", "idm"), (None, "idm"), ("peta", "idm"),
])
def test_measure_from_link(value, expected):
    assert maps.measure(value) == expected


def test_status_map_uses_the_five_colours_and_lists_all_five(con, fixture_database):
    figure = regency_map(fixture_database, "status")
    expected = con.execute("""
        SELECT substr(village_code, 1, 4) AS code, status_idm(avg(idm)) AS status FROM village_scores
        WHERE year = 2024 AND village_code LIKE '63%' GROUP BY 1""").df()
    drawn = {}
    for trace in choropleths(figure):
        colour = trace.colorscale[0][1]
        for code in trace.locations:
            drawn[code] = colour
    for code, status in zip(expected["code"], expected["status"]):
        assert drawn[code] == rules.STATUS_COLOURS[status]
    assert drawn["6371"] == rules.NO_IDM_COLOUR  # the kota without desa: grey, not a value
    assert legend_names(figure) == [s.label for s in rules.STATUSES] + [rules.NO_IDM_LABEL]
    assert figure.layout.map.style == "white-bg"


@pytest.mark.parametrize("measure_name, column", [("idm", "idm"), ("iks", "iks"), ("ike", "ike"), ("ikl", "ikl")])
def test_continuous_map_values_equal_the_database(con, measure_name, column, fixture_database):
    figure = regency_map(fixture_database, measure_name)
    expected = con.execute(f"""
        SELECT substr(village_code, 1, 4) AS code, avg({column}) AS v FROM village_scores
        WHERE year = 2024 AND village_code LIKE '63%' GROUP BY 1""").df().set_index("code")["v"]
    scaled = [t for t in choropleths(figure) if t.z is not None and t.showscale is not False]
    assert len(scaled) == 1
    shown = dict(zip(scaled[0].locations, scaled[0].z))
    assert set(shown) == set(expected.index)
    for code, value in shown.items():
        assert value == pytest.approx(expected[code])
    assert "6371" not in shown
    assert rules.NO_IDM_LABEL in legend_names(figure)
    assert scaled[0].colorbar.tickformat == ".3f"
    assert figure.layout.separators == ",."


def test_change_map_is_diverging_around_zero(con, fixture_database):
    figure = regency_map(fixture_database, "perubahan")
    expected = con.execute("""
        SELECT substr(village_code, 1, 4) AS code,
               avg(idm) FILTER (WHERE year = 2024) - avg(idm) FILTER (WHERE year = 2023) AS change
        FROM village_scores WHERE village_code LIKE '63%' GROUP BY 1""").df().set_index("code")["change"]
    trace = next(t for t in choropleths(figure) if t.showscale is not False)
    assert trace.zmin == -trace.zmax
    assert trace.zmax == pytest.approx(expected.abs().max())
    for code, value in zip(trace.locations, trace.z):
        assert value == pytest.approx(expected[code])
    assert trace.colorbar.tickformat.startswith("+")


def test_selected_region_is_outlined(con, fixture_database):
    figure = regency_map(fixture_database, "idm", highlight="6303")
    outline = choropleths(figure)[-1]
    assert list(outline.locations) == ["6303"] and outline.marker.line.width >= 3


def test_fitted_view_centres_on_the_box():
    lon, lat, zoom = maps.fitted_view((114.0, -4.0, 114.6, -3.4), width=800, height=600)
    assert lon == pytest.approx(114.3) and lat == pytest.approx(-3.7, abs=0.01)
    _, _, wider_zoom = maps.fitted_view((110.0, -4.0, 119.0, 2.0), width=800, height=600)
    assert 5 < wider_zoom < zoom < 12


def test_village_deck_has_no_base_map_and_a_tooltip(con, fixture_database):
    values = fixture_database.village_map_values(area="630101", year=2024, compare_year=2023)
    deck, legend = maps.village_deck(geojson=fixture_database.geojson("desa", "630101"), values=values,
                                     measure_name="status",
                                     year=2024, compare_year=2023)
    spec = json.loads(deck.to_json())
    assert spec["mapStyle"] == maps.BLANK_STYLE  # inline: no style, tile or glyph URL to fetch
    assert spec["mapStyle"].startswith("data:") and "http" not in json.dumps(spec)
    layer = spec["layers"][0]
    assert layer["@@type"] == "GeoJsonLayer"
    features = layer["data"]["features"]
    assert sorted(f["id"] for f in features) == sorted(values["code"])
    by_code = values.set_index("code")
    for feature in features:
        row = by_code.loc[feature["id"]]
        assert feature["properties"]["warna"][:3] == [int(rules.STATUS_COLOURS[row["status"]][i:i + 2], 16)
                                                      for i in (1, 3, 5)]
        assert feature["properties"]["kecamatan"] == row["district"]
    for field in ("{nama}", "{kecamatan}", "{nilai}", "{status}", "{perubahan}"):
        assert field in deck._tooltip["html"]
    assert legend == {"kind": "status"}
    html = maps.legend_html(legend, measure_name="status", year=2024, compare_year=2023)
    assert all(s.label in html for s in rules.STATUSES)


def test_villages_without_polygon_are_listed():
    values = pd.DataFrame({"code": ["1", "2"], "name": ["A", "B"], "district": ["K", "K"], "idm": [0.7, 0.8],
                           "status": ["BERKEMBANG", "MAJU"], "change": [0.01, None], "has_polygon": [True, False]})
    assert list(maps.without_polygon(values)["Desa"]) == ["B"]
    assert list(maps.without_polygon(values)["IDM"]) == [0.8]  # a number: widgets.table writes 0,8000


def test_village_table_holds_the_map_numbers():
    values = pd.DataFrame({"code": ["1"], "name": ["A"], "district": ["K"], "idm": [0.7], "status": ["MAJU"],
                           "iks": [0.7], "ike": [0.6], "ikl": [0.8], "idm_compare": [0.69], "change": [0.01],
                           "has_polygon": [True]})
    table = maps.village_table(values, year=2024, compare_year=2023)
    assert list(table.columns) == ["Kode", "Desa", "Kecamatan", "IDM 2024", "Status", "IKS", "IKE", "IKL",
                                   "IDM 2023", "Perubahan"]
    assert table.loc[0, "Status"] == "Maju" and table.loc[0, "Perubahan"] == 0.01
    assert "IDM 2023" not in maps.village_table(values, year=2024, compare_year=None)


def test_village_deck_is_serialised_once_and_compactly(fixture_database):
    """st.pydeck_chart serialises the deck on every rerun: the cached view's deck answers with one string."""
    from pydeck.bindings.json_tools import serialize

    values = fixture_database.village_map_values(area="630101", year=2024, compare_year=2023)
    deck, _ = maps.village_deck(geojson=fixture_database.geojson("desa", "630101"), values=values, measure_name="idm",
                                year=2024, compare_year=2023)
    text = deck.to_json()
    assert deck.to_json() is text
    assert "\n" not in text and ", " not in text
    assert json.loads(text) == json.loads(serialize(deck))  # what pydeck itself would send, indented
    assert len(text) < len(serialize(deck)) / 2
