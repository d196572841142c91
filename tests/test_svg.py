"""Charts drawn on the server (idm.charts.svg) say what their Plotly figure says: the values and their
labels in Indonesian, the thresholds, the legend, hover as <title>, names as text, a map's regions as
links with their names on them; a figure with anything else is left to Plotly."""

from __future__ import annotations

import html
import re
import xml.dom.minidom

import plotly.graph_objects as go
import pytest
from plotly.subplots import make_subplots

from idm import views
from idm.charts import heading_and_body, svg
from idm.filters import resolve

pytestmark = pytest.mark.db


def chosen(db, **link):
    return resolve({"prov": "63", "tahun": "2024", "banding": "2023", **link}, db.catalog())[0]


def drawn(item, **options) -> str:
    _, body = heading_and_body(item.figure)
    markup = svg.render(body, width=1000, label=item.title, **options)
    assert markup is not None
    xml.dom.minidom.parseString(markup)  # well-formed: a browser draws all of it
    return markup


def texts(markup: str) -> list[str]:
    """The words a viewer reads, each <text> element's spans joined."""
    return [html.unescape(re.sub(r"<[^>]+>", "", part)) for part in re.findall(r"<text[^>]*>(.*?)</text>", markup)]


@pytest.mark.parametrize("spec, value, written", [
    (".4f", 0.79031, "0,7903"), (".2f", 0.8, "0,80"), (",d", 1872, "1.872"), ("d", 2024, "2024"),
    ("+.3f", 0.0422, "+0,042"), (None, 1500.0, "1.500"), (",", 1871.0, "1.871"),
])
def test_numbers_in_indonesian(spec, value, written):
    assert svg.number(value, spec) == written


def test_what_it_cannot_draw_is_left_to_plotly():
    assert svg.render(go.Figure(go.Heatmap(z=[[1, 2]])), width=800) is None
    assert svg.render(make_subplots(rows=1, cols=2).add_scatter(x=[1], y=[1], row=1, col=2), width=800) is None


def test_the_trend_says_its_values_thresholds_and_legend(fixture_database):
    overview = views.ringkasan.build(fixture_database, chosen(fixture_database))
    markup = drawn(overview.items[views.ringkasan.TREND])
    words = texts(markup)
    trend = fixture_database.area_trend(area="63")
    for value in trend["idm"].dropna():
        assert f"{value:.4f}".replace(".", ",") in words
    assert "Mandiri > 0,8155" in words and "Maju > 0,7072" in words
    assert "Dihitung dari data per desa" in words and "Angka yang dipublikasikan" in words
    assert "2024" in words and "2.024" not in words  # years are not thousands
    assert "<title>2024: IDM 0,7283 (Dihitung dari data per desa)</title>" in markup or "<title>2024: IDM" in markup


def test_the_status_chart_stacks_the_counts(fixture_database):
    overview = views.ringkasan.build(fixture_database, chosen(fixture_database))
    markup = drawn(overview.items[views.ringkasan.STATUS])
    rows = fixture_database.area_trend(area="63").set_index("year")
    words = texts(markup)
    for year in (2022, 2023, 2024):
        assert str(int(rows.loc[year, "maju"])) in words
    assert re.search(rf"<title>2024: {int(rows.loc[2024, 'mandiri'])} desa \(Mandiri\)</title>", markup)


def test_the_ranking_names_every_unit_and_marks_the_comparison(fixture_database):
    overview = views.ringkasan.build(fixture_database, chosen(fixture_database))
    markup = drawn(overview.items[views.ringkasan.RANKING])
    units = fixture_database.unit_ranking(area="63", year=2024, compare_year=2023).dropna(subset=["idm"])
    words = texts(markup)
    for name, value in zip(units["name"], units["idm"]):
        assert name in words and f"{value:.4f}".replace(".", ",") in words
    assert markup.count("stroke-width='3'><title>") == len(units)  # the 2023 marks


def test_a_map_links_each_region_and_names_it(fixture_database):
    built = views.peta.build(fixture_database, chosen(fixture_database))
    link = lambda code: f"?kab={code}"  # noqa: E731
    markup = drawn(built.items[views.peta.TOP], link=link)
    for code, name in (("6301", "Tanah Laut"), ("6302", "Kotabaru"), ("6303", "Banjar")):
        assert f"href='?kab={code}'" in markup and name in texts(markup)
    phone = svg.render(svg.narrow(heading_and_body(built.items[views.peta.TOP].figure)[1], width=420), width=420,
                       link=link)
    points = [(float(x), float(y)) for x, y in re.findall(r"[ML](-?[\d.]+),(-?[\d.]+)", phone)]
    assert points and all(-1 <= x <= 421 for x, _ in points)  # the whole province fits the phone


def test_names_are_text(fixture_database, tmp_path):
    """A region named with markup shows the markup as written (escaped), never as SVG or a link."""
    import shutil

    import duckdb

    from idm.database import Database

    path = tmp_path / "jahat.duckdb"
    shutil.copyfile(fixture_database.path, path)
    evil = 'Jahat<a href="https://evil.example/">KLIK</a><b>X</b>'
    with duckdb.connect(str(path)) as con:
        con.execute("UPDATE regions SET name = ? WHERE code = '6301'", [evil])
        con.execute("UPDATE boundaries SET name = ? WHERE code = '6301'", [evil])
    db = Database(path)
    overview = views.ringkasan.build(db, chosen(db))
    built = views.peta.build(db, chosen(db))
    for item in (overview.items[views.ringkasan.RANKING], built.items[views.peta.TOP]):
        markup = drawn(item)
        assert "<a href=\"https://evil" not in markup and "<b>X</b>" not in markup
        assert "&lt;a href=" in markup
