"""Tren on the fixture database: lines, dimensions, spread and the change table equal the database."""

import pandas as pd
import pytest

from idm.charts import tren
from tests.helpers import drawings, errors, interactive, markdown, open_interactive, open_page, read

pytestmark = pytest.mark.app  # runs the dashboard in AppTest


@pytest.fixture(scope="module")
def con(fixture_db):
    with read(fixture_db) as connection:
        yield connection


def shown_table(app) -> pd.DataFrame:
    return app.dataframe[0].value


@pytest.mark.parametrize("params", [
    {}, {"kab": "6301"}, {"kab": "6301", "kec": "630101"}, {"tahun": "2021"}, {"prov": "62"}, {"prov": "KAL"},
    {"kab": "6303", "tahun": "2022"},
])
def test_page_draws_without_errors(fixture_env, params):
    app = open_page("tren", **params)
    assert not errors(app)
    assert app.title[0].value.startswith("Tren ")
    assert drawings(app) and not app.get("plotly_chart")  # drawn on the server: no Plotly to load
    app = interactive(app)
    assert not errors(app)
    assert len(app.dataframe) == 1 and app.get("plotly_chart")


def test_change_table_equals_the_database(fixture_env, con):
    app = open_interactive("tren")
    table = shown_table(app).set_index("Wilayah")
    expected = con.execute("""
        SELECT r.name, year, avg(v.idm) AS idm
        FROM village_scores v JOIN regions r ON r.code = substr(v.village_code, 1, 4)
        WHERE v.village_code LIKE '63%' GROUP BY ALL""").df().pivot(index="name", columns="year", values="idm")
    # The cells stay numbers (widgets.table writes them as 0,7480 / +0,0423 in the browser).
    for name, row in expected.iterrows():
        assert table.loc[name, "IDM 2024"] == pytest.approx(row[2024])
        assert table.loc[name, "IDM 2022"] == pytest.approx(row[2022])
        assert table.loc[name, "Δ 2023→2024"] == pytest.approx(row[2024] - row[2023])
        assert pd.isna(table.loc[name, "IDM 2021*"])  # published year: no regency figures
    # The province row first, with its published 2021 figure marked by the column name.
    assert table.index[0] == "Kalimantan Selatan"
    assert table.iloc[0]["IDM 2021*"] == pytest.approx(0.6012)
    # Regencies from the highest IDM in the last year down.
    ranked = list(expected[2024].sort_values(ascending=False).index)
    assert list(table.index[1:]) == ranked


def test_published_years_are_marked(fixture_env):
    app = open_page("tren")
    assert "Tahun 2021" in markdown(app) and "dipublikasikan" in markdown(app)


def test_district_shows_villages(fixture_env, con):
    app = open_interactive("tren", kab="6301", kec="630101")
    villages = con.execute("SELECT count(DISTINCT village_code) FROM village_scores "
                           "WHERE village_code LIKE '630101%'").fetchone()[0]
    assert len(shown_table(app)) == villages + 1  # and the district's own row
    assert "per desa" in markdown(app)


def test_unit_lines_mark_published_years(con, fixture_database):
    source = fixture_database
    figure = tren.unit_lines(units=source.unit_trend(area="63"), area=source.area_trend(area="63"),
                              area_name="Kalimantan Selatan", unit_word="kabupaten", title="t", subtitle="s")
    area_trace = next(t for t in figure.data if t.name == "Kalimantan Selatan (rata-rata desa)")
    symbols = dict(zip(area_trace.x, area_trace.marker.symbol))
    assert symbols[2021] == "circle-open" and symbols[2024] == "circle"
    assert list(figure.layout.xaxis.ticktext)[:2] == ["2021*", "2022"]
    regency_lines = [t for t in figure.data if t.mode == "lines+markers" and t.name != area_trace.name]
    assert len(regency_lines) == 3  # 6301-6303; the kota without desa has no line
    assert "0,6012*" in [a.text.replace("<b>", "").replace("</b>", "") for a in figure.layout.annotations]


def test_group_shows_published_province_years(con, fixture_database):
    units = fixture_database.unit_trend(area="6")
    published = units[units["source"] == "publikasi"]
    assert list(zip(published["code"], published["year"])) == [("62", 2023), ("63", 2021)]
    assert published["iks"].isna().all()


def test_distribution_equals_the_database(con, fixture_database):
    frame = fixture_database.village_distribution(area="6302")
    expected = con.execute("""SELECT year, quantile_cont(idm, 0.25), median(idm), max(idm), count(idm)
                              FROM village_scores WHERE village_code LIKE '6302%'
                              GROUP BY year ORDER BY year""").fetchall()
    figure = tren.distribution_box(frame=frame, published=[2021], title="t", subtitle="s")
    box = figure.data[0]
    for i, (_, q1, median, maximum, _) in enumerate(expected):
        assert box.q1[i] == pytest.approx(q1) and box.median[i] == pytest.approx(median)
        assert box.upperfence[i] == pytest.approx(maximum)
    assert list(figure.layout.xaxis.ticktext) == ["2021*", "2022", "2023", "2024"]
    assert any("tidak ada" in a.text for a in figure.layout.annotations)


def test_dimensions_leave_published_years_out(con, fixture_database):
    source = fixture_database
    figure = tren.dimension_lines(units=source.unit_trend(area="63"), area=source.area_trend(area="63"),
                                   area_name="Kalimantan Selatan", unit_word="kabupaten", title="t", subtitle="s")
    years = {int(x) for t in figure.data if t.x is not None for x in t.x if x is not None}
    assert years == {2022, 2023, 2024}
    assert "2021" in figure.layout.title.text


def test_indonesia_draws_only_the_years_every_province_has(fixture_database):
    """The fixture's Kalimantan Selatan has village rows 2022-2024, Kalimantan Tengah 2024 only: Indonesia
    has a figure of its own for 2024 alone, and says why 2022 and 2023 are left out (never a national
    line from one province's villages)."""
    from idm import views
    from idm.filters import resolve

    chosen = resolve({"prov": "ID", "tahun": "2024"}, fixture_database.catalog())[0]
    overview = views.ringkasan.build(fixture_database, chosen)
    status = overview.items[views.ringkasan.STATUS].figure
    assert {str(x) for trace in status.data for x in (trace.x or ()) if x is not None} == {"2024"}
    assert "Tahun 2022 dan 2023 tidak ditampilkan untuk Indonesia" in overview.partial_note
    trend = views.tren.build(fixture_database, chosen)
    area_line = [trace for trace in trend.items["per-unit"].figure.data if "rata-rata desa" in (trace.name or "")]
    assert [list(trace.x) for trace in area_line] == [[2024]]
    assert "Tahun 2022 dan 2023 tidak ditampilkan" in trend.partial_note
    # each province keeps its own line in every year it has (Kalimantan Selatan's 2021 as published)
    lines = {trace.name: [int(x) for x in trace.x] for trace in trend.items["per-unit"].figure.data
             if trace.mode and None not in list(trace.x)}
    assert lines["Kalimantan Selatan"] == [2021, 2022, 2023, 2024] and lines["Kalimantan Tengah"] == [2024]
