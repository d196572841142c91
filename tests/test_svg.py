"""Charts drawn on the server (idm.charts.svg) say what their Plotly figure says: the values and their
labels in Indonesian, the thresholds, the legend, hover as <title>, names as text, a map's regions as
links with their names on them; a figure with anything else is left to Plotly."""

from __future__ import annotations

import html
import itertools
import re
import xml.dom.minidom

import plotly.graph_objects as go
import pytest
from plotly.subplots import make_subplots

from idm import views
from idm.charts import heading_and_body, svg
from idm.filters import resolve
from idm.specs import Chart

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
    assert svg.render(go.Figure(go.Pie(values=[1, 2])), width=800) is None
    assert svg.render(go.Figure(go.Heatmap(z=[[1, 2]])), width=800) is None  # the template's colour scale
    assert svg.render(go.Figure(go.Scatter(x=[1], y=[1])).update_layout(xaxis_anchor="free"), width=800) is None
    assert svg.render(go.Figure(go.Sankey(node={"label": ["a", "b"]}, link={"source": [0], "target": [1],
                                                                           "value": [1]})), width=800) is None
    assert svg.render(make_subplots(rows=1, cols=2).add_scatter(x=[1], y=[1], row=1, col=2), width=800)
    assert svg.render(make_subplots(rows=2, cols=1).add_scatter(x=[1], y=[1], row=2, col=1), width=800)


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


PAGES = [("ringkasan", {}, {}), ("target", {}, {}), ("tren", {}, {}), ("tren", {"kab": "6301"}, {}),
         ("peta", {}, {}), ("transisi", {}, {}), ("transisi", {"kab": "6301"}, {}), ("kemiskinan", {}, {}),
         ("desa", {}, {}), ("bandingkan", {}, {"areas": ("6301", "6303", "63")})]


def charts_of(built) -> dict:
    return {key: item for key, item in built.items.items() if isinstance(item, Chart)}


def assert_drawn_on_the_server(charts: dict) -> None:
    assert charts
    for key, item in charts.items():
        markup = drawn(item)
        _, body = heading_and_body(item.figure)
        phone = svg.both(body, label=item.title)[1]
        xml.dom.minidom.parseString(phone)
        assert texts(markup), key


@pytest.mark.parametrize("page, link, options", PAGES,
                         ids=[f"{p}-{'-'.join(v.values()) or 'provinsi'}" for p, v, _ in PAGES])
def test_every_chart_of_every_page_is_drawn_on_the_server(fixture_database, page, link, options):
    """No page loads Plotly to appear: each of its charts is drawn as SVG (well-formed, at a wide screen's
    width and a phone's), every hover a <title>."""
    built = views.BUILDERS[page](fixture_database, chosen(fixture_database, **link), **options)
    assert_drawn_on_the_server(charts_of(built))


@pytest.mark.bundle
def test_the_indicator_charts_of_the_real_bundle_are_drawn_on_the_server(bundle_database):
    """The fixture has no indicator scores: the Indikator page's charts are checked on the real 2024 scores."""
    chosen_ = resolve({"prov": "63", "tahun": "2024"}, bundle_database.catalog())[0]
    charts = charts_of(views.BUILDERS["indikator"](bundle_database, chosen_))
    assert {"sub-dimensi", "kekurangan", "sinkronisasi", "naik-status"} <= set(charts)
    assert_drawn_on_the_server(charts)


def test_the_matrix_writes_each_count_in_its_cell_and_outlines_the_diagonal(fixture_database):
    built = views.transisi.build(fixture_database, chosen(fixture_database))
    markup = drawn(built.items["matriks"])
    words = " ".join(texts(markup))
    matrix = built.items["matriks-tabel"].frame
    heatmap = built.items["matriks"].figure.data[0]
    cells = [cell for row in heatmap.text for cell in row if cell]
    assert cells and all(cell.replace("<br>", "") in texts(markup) for cell in cells)  # count, then share
    assert len(re.findall(r"<rect [^>]*fill='none'", markup)) == sum(
        1 for shape in built.items["matriks"].figure.layout.shapes if shape.type == "rect")
    assert "Status 2023" in words and "Status 2024" in words
    assert not matrix.empty


@pytest.mark.parametrize("width, upright", [(1000, False), (360, True)])
def test_a_matrix_too_narrow_for_its_column_names_sets_them_upright(fixture_database, width, upright):
    """On a phone the six status columns are about 30 px wide: their names ran into each other
    ('MajuBerkembangTertinggal'); there they stand upright, each over its own column."""
    figure = views.transisi.build(fixture_database, chosen(fixture_database)).items["matriks"].figure
    markup = svg.render(heading_and_body(figure)[1], width=width)
    columns = [svg.plain_text(str(name)) for name in figure.data[0].x]
    standing = [html.unescape(text) for text in re.findall(r"rotate\(-90\)'[^>]*>([^<]*)</text>", markup)]
    names = [" ".join(name.split()) for name in columns]
    assert (set(names) <= set(standing)) == upright
    if upright:  # one name a column: the rotated names stand at increasing x, a column apart
        xs = [float(x) for x, text in re.findall(r"translate\(([\d.]+),[\d.]+\) rotate\(-90\)'[^>]*>([^<]*)<", markup)
              if html.unescape(text) in names]
        assert len(xs) == len(names) and all(b - a > 20 for a, b in itertools.pairwise(xs))


def test_the_flows_carry_their_counts_and_their_hover(fixture_database):
    built = views.transisi.build(fixture_database, chosen(fixture_database))
    figure = built.items["sankey"].figure
    markup = drawn(built.items["sankey"])
    words = texts(markup)
    for label in figure.data[0].node.label:
        assert html.unescape(label) in words
    for hover in figure.data[0].link.customdata:
        assert f"<title>{hover}</title>" in markup
    assert len(re.findall(r"<path d='M[^']*C", markup)) == len(figure.data[0].link.value)


def test_the_spread_draws_each_years_box_with_its_median(fixture_database):
    built = views.tren.build(fixture_database, chosen(fixture_database))
    figure = built.items["sebaran"].figure
    markup = drawn(built.items["sebaran"])
    box = figure.data[0]
    for median in box.median:
        assert f"median {median:.4f}".replace(".", ",") in markup
    assert len(re.findall(r"<g><title>maks", markup)) == len(box.median)


def test_three_panels_share_one_scale_and_name_their_dimension(fixture_database):
    built = views.tren.build(fixture_database, chosen(fixture_database))
    markup = drawn(built.items["dimensi"])
    words = " ".join(texts(markup))
    for name in ("IKS", "IKE", "IKL"):
        assert name in words
    # One scale: the tick labels are written once, on the first panel.
    ticks = [word for word in texts(markup) if re.fullmatch(r"0,\d\d", word)]
    assert ticks and len(ticks) == len(set(ticks))


def test_the_quadrant_to_discuss_is_shaded_not_outlined(fixture_database):
    built = views.kemiskinan.build(fixture_database, chosen(fixture_database))
    markup = drawn(built.items["perubahan"])
    assert "fill='rgba(118,42,131,0.07)' stroke='none'" in markup


def _text_boxes(markup: str, wanted) -> list[tuple[str, tuple[float, float, float, float], int]]:
    """The words, box and number of lines of each <text> whose words, lines joined by spaces, pass `wanted`
    (a set, or a test); a box is left, top, right, bottom."""
    boxes = []
    for x, y, size, anchor, baseline, inner in re.findall(
            r"<text x='([\d.]+)' y='([\d.]+)' font-size='(\d+)'[^>]*text-anchor='(\w+)' "
            r"dominant-baseline='(\w+)'[^>]*>(.*?)</text>", markup):
        lines = [html.unescape(re.sub(r"<[^>]+>", "", line)) for line in re.split(r"<tspan [^>]*dy=[^>]*>", inner)]
        words = " ".join(line for line in lines if line)
        if words in wanted if isinstance(wanted, set) else wanted(words):
            size = float(size)
            width, line = max(svg._width(text, size) for text in lines), size * 1.2
            left = {"start": float(x), "middle": float(x) - width / 2, "end": float(x) - width}[anchor]
            top = {"central": float(y) - line / 2, "hanging": float(y), "alphabetic": float(y) - line * 0.8}[baseline]
            boxes.append((words, (left, top, left + width, top + line * len(lines)), len(lines)))
    return boxes


def _overlap(a, b) -> float:
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


@pytest.mark.parametrize("width", [1000, 360])
def test_the_quadrants_labels_never_run_over_each_other(fixture_database, width):
    """The two labels of a row of corners ("IDM turun & ..." left, "IDM naik & ..." right) share the
    plot's width: on a phone they wrap instead of running over each other."""
    built = views.kemiskinan.build(fixture_database, chosen(fixture_database))
    _, body = heading_and_body(built.items["perubahan"].figure)
    labels = _text_boxes(svg.render(body, width=width), lambda words: words.startswith("IDM "))
    assert len(labels) == 4
    for (_, box, _), (_, other, _) in itertools.combinations(labels, 2):
        assert _overlap(box, other) == 0, (box, other)
    assert max(lines for *_, lines in labels) == (1 if width == 1000 else 3)


@pytest.mark.parametrize("width", [1000, 360])
def test_notes_side_by_side_wrap_to_the_room_between_them(bundle_database, width):
    """The spread's notes over its years (Kalimantan Selatan's medians of 2023 and 2024, "tidak ada data per
    desa" over 2021 and 2022) ran into each other on a phone; each now wraps (and, where one word is still
    too wide, gets smaller) to the room between it and its neighbour."""
    figure = views.tren.build(bundle_database, chosen(bundle_database)).items["sebaran"].figure
    notes = {" ".join(svg.plain_text(n.text).split()) for n in figure.layout.annotations
             if n.xref in (None, "x") and n.yref in (None, "y")}
    markup = svg.render(heading_and_body(figure)[1], width=width)
    boxes = _text_boxes(markup, lambda words: any(words.split()[0] == note.split()[0] for note in notes))
    assert len(boxes) >= 3

    def into(a, b) -> float:  # how far two boxes reach into each other, across and down (0: apart)
        return min(max(0.0, min(a[2], b[2]) - max(a[0], b[0])), max(0.0, min(a[3], b[3]) - max(a[1], b[1])))

    # Widths are the renderer's estimate (a little wider than the type): 2 px is within it. Before: 12 and 72 px
    # on a phone, 12 px on the wide drawing (the medians).
    assert all(into(a, b) <= 2 for (_, a, _), (_, b, _) in itertools.combinations(boxes, 2)), boxes


@pytest.mark.parametrize("width", [1000, 360])
def test_the_points_names_cover_no_other_name_and_no_point(bundle_database, width):
    """A scatter's names placed for the wide drawing crowd each other on a phone's (Kalimantan Selatan's 11
    kabupaten, 2023-2024): there each name moves around its point to where it covers no other name and no
    marker."""
    built = views.kemiskinan.build(bundle_database, chosen(bundle_database))
    item = built.items["perubahan"]
    names = {name for trace in item.figure.data if trace.text is not None for name in trace.text}
    markup = svg.render(heading_and_body(item.figure)[1], width=width)
    boxes = {words: box for words, box, _ in _text_boxes(markup, names)}
    assert set(boxes) == names and len(names) >= 3
    points = [tuple(map(float, found)) for found in
              re.findall(r"<circle cx='([\d.]+)' cy='([\d.]+)' r='([\d.]+)'", markup)]

    for name, box in boxes.items():
        assert all(_overlap(box, other) == 0 for other_name, other in boxes.items() if other_name != name), name
        assert all(_overlap(box, (x - r, y - r, x + r, y + r)) == 0 for x, y, r in points), name


def test_panels_side_by_side_keep_their_words_to_themselves(fixture_database):
    """On a phone the poverty chart's two panels (IDM, P0) sit 40 px apart: the IDM panel's last tick ran into
    the P0 panel's first ("1,000%"), and "Tanpa IDM (kelurahan)" ran under the P0 bars. A tick that would run
    over one already written is left out; a label gets smaller type and wraps before the next panel."""
    figure = views.kemiskinan.build(fixture_database, chosen(fixture_database)).items["tahun"].figure
    markup = svg.render(heading_and_body(figure)[1], width=360)
    ticks = [box for words, box, _ in _text_boxes(markup, lambda words: bool(re.fullmatch(r"[\d,.]+%?", words)))
             if box[1] > 300]  # the row of ticks under the panels
    assert len(ticks) >= 3
    assert all(_overlap(a, b) == 0 for a, b in itertools.combinations(ticks, 2)), ticks
    missing = [box for words, box, _ in _text_boxes(markup, lambda words: words.startswith("Tanpa IDM"))]
    bars = [(float(x), float(y), float(x) + float(w), float(y) + float(h)) for x, y, w, h in re.findall(
        r"<rect x='([\d.]+)' y='([\d.]+)' width='([\d.]+)' height='([\d.]+)' fill='[^']*'><title>", markup)]
    assert missing and bars
    assert all(_overlap(label, bar) == 0 for label in missing for bar in bars)


def test_a_second_scale_leaves_the_first_one_alone():
    """Target's cumulated lines on the right scale do not stretch the bars' scale on the left; ticks have the
    decimals their step needs."""
    figure = go.Figure([go.Bar(x=["2023", "2024"], y=[10, 12]),
                        go.Scatter(x=["2023", "2024"], y=[10, 200], yaxis="y2")])
    figure.update_layout(yaxis2={"overlaying": "y", "side": "right"})
    markup = svg.render(figure, width=800)

    def words(pattern: str) -> list[str]:
        return [html.unescape(re.sub(r"<[^>]+>", "", text)) for text in re.findall(pattern, markup)]

    left = words(r"<text [^>]*text-anchor='end'[^>]*>(.*?)</text>")
    right = words(r"<text x='7\d\d\.\d'[^>]*>(.*?)</text>")
    assert left == ["0", "2,5", "5", "7,5", "10", "12,5"]
    assert right == ["0", "50", "100", "150", "200"]
