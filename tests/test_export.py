"""Downloads: PNG/SVG at projector size with title, context and source in the image; CSV/XLSX of tables."""

import io
import xml.etree.ElementTree as ElementTree
from datetime import date

import openpyxl
import pandas as pd
import pytest
from PIL import Image

from idm import db, export, overview
from idm.charts import overview as figures
from idm.deck import Catalog
from idm.filters import resolve
from idm.queries import Queries
from ui.widgets import file_stem

STAMP_DATE = date(2025, 3, 4)


@pytest.fixture(scope="module")
def kalsel(fixture_db):
    with db.connect(fixture_db) as con:
        source = Queries(con)
        chosen, _ = resolve({"prov": "63", "tahun": "2024", "banding": "2023"}, Catalog(source))
        yield chosen, overview.load(source, chosen), con


def page_figures(chosen, data):
    return {
        "peringkat-kabupaten": figures.ranking_bar(frame=data.units, title="Peringkat kabupaten menurut IDM 2024",
                                                   subtitle=chosen.context, compare_year=2023),
        "tren-idm": figures.trend_line(frame=data.trend, title="Tren IDM Kalimantan Selatan", subtitle="per tahun"),
        "status-per-tahun": figures.status_stack(frame=data.trend, title="Jumlah desa per status", subtitle="x"),
    }


@pytest.mark.parametrize("name", ["peringkat-kabupaten", "tren-idm", "status-per-tahun"])
def test_png_is_projector_sized_16_9(kalsel, name):
    chosen, data, _ = kalsel
    png = export.png(page_figures(chosen, data)[name], export.stamp(chosen, name, STAMP_DATE))
    width, height = Image.open(io.BytesIO(png)).size
    assert width >= 1920 and height >= 1080
    assert abs(width / height - 16 / 9) < 0.01


def test_tall_figure_gets_a_larger_canvas_of_the_same_shape(kalsel):
    chosen, data, _ = kalsel
    many = pd.concat([data.units.assign(name=data.units["name"] + f" {i}") for i in range(6)])
    figure = figures.ranking_bar(frame=many, title="Banyak", subtitle="x")
    assert figure.layout.height > export.HEIGHT
    width, height = Image.open(io.BytesIO(export.png(figure, export.stamp(chosen, "x", STAMP_DATE)))).size
    assert height > 1080 and abs(width / height - 16 / 9) < 0.01


@pytest.mark.parametrize("name, source", [
    ("peringkat-kabupaten", "Kemendes PDTT"),
    ("idm-dan-kemiskinan", "Badan Pusat Statistik"),
])
def test_svg_parses_and_carries_title_context_source(kalsel, name, source):
    chosen, data, _ = kalsel
    svg = export.svg(page_figures(chosen, data)["peringkat-kabupaten"], export.stamp(chosen, name, STAMP_DATE))
    root = ElementTree.fromstring(svg)
    text = " ".join(t for t in root.itertext())
    assert "Peringkat kabupaten menurut IDM 2024" in text
    assert "Kalimantan Selatan, 2024 (pembanding 2023)" in text
    assert source in text and "04-03-2025" in text


def test_file_names_say_what_they_hold(kalsel):
    chosen, _, _ = kalsel
    assert file_stem(chosen, "peringkat-kabupaten") == "idm-kalsel-2024-peringkat-kabupaten"


def ranking_table(con) -> pd.DataFrame:
    return Queries(con).unit_ranking(area="63", year=2024, compare_year=2023)[["code", "name", "villages", "idm"]]


def test_xlsx_has_header_numbers_formats_and_note(kalsel):
    chosen, _, con = kalsel
    frame = ranking_table(con)
    shown = export.labelled(frame, {"code": None, "name": "Kabupaten/kota", "idm": {"label": "IDM 2024"}})
    data = export.xlsx(shown, title="Peringkat kabupaten", stamp=export.stamp(chosen, "peringkat", STAMP_DATE))
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert [c.value for c in sheet[1]] == ["Kabupaten/kota", "villages", "IDM 2024"]
    expected = con.execute("SELECT r.name, count(*), avg(v.idm) FROM village_scores v JOIN regions r "
                           "ON r.code = left(v.village_code, 4) WHERE v.year = 2024 AND v.village_code LIKE '63%' "
                           "GROUP BY r.name").fetchall()
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2, max_row=1 + len(frame))}
    for name, villages, idm in expected:
        assert rows[name][1].value == villages and rows[name][1].number_format == "#,##0"
        assert rows[name][2].value == pytest.approx(idm, abs=5e-5) and rows[name][2].number_format == "0.0000"
    notes = [sheet.cell(row=r, column=1).value for r in range(len(frame) + 3, len(frame) + 6)]
    assert notes[0] == "Peringkat kabupaten"
    assert notes[1] == chosen.context
    assert "Sumber: Indeks Desa Membangun" in notes[2] and "04-03-2025" in notes[2]


def test_csv_reads_back_equal(kalsel):
    _, _, con = kalsel
    frame = ranking_table(con)
    back = pd.read_csv(io.BytesIO(export.csv(frame)), encoding="utf-8-sig", dtype={"code": str})
    pd.testing.assert_frame_equal(back, frame.reset_index(drop=True), check_dtype=False)


@pytest.mark.parametrize("name, bps", [("idm-dan-kemiskinan", True), ("kesejahteraan", True),
                                       ("peringkat-kabupaten", False), ("sankey-status", False)])
def test_source_follows_the_name(name, bps):
    assert ("BPS" in export.source_for(name)) == bps


def test_tables_show_indonesian_numbers_and_blank_gaps():
    import pandas as pd
    import streamlit as st

    from ui.widgets import _indonesian

    frame = pd.DataFrame({"Wilayah": ["A", "B"], "IDM": [0.74801, None], "Desa": [1872, 30],
                          "P0": [4.57, 3.1], "Lain": [None, "x"]})
    config = {"P0": st.column_config.NumberColumn("P0 (%)", format="%.2f")}
    styled, shown_config = _indonesian(frame, config)
    html = styled.to_html()
    assert "0,7480" in html and "1.872" in html and "4,57" in html
    assert "None" not in html and "nan" not in html
    assert "format" not in shown_config["P0"]["type_config"]  # the Styler writes the text, not Streamlit
    assert config["P0"]["type_config"]["format"] == "%.2f"  # the caller's config is left alone
