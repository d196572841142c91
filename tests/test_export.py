"""Downloads: PNG/SVG at projector size with title, context and source in the image; CSV/XLSX of tables,
with text that would start a formula written as text."""

import csv
import io
import xml.etree.ElementTree as ElementTree
import zipfile
from dataclasses import replace
from datetime import date

import openpyxl
import pandas as pd
import pytest
from PIL import Image

from idm import export, views
from idm.charts import ringkasan as figures
from idm.filters import resolve
from idm.specs import Chart, Table, chart
from tests.helpers import read, requires_chromium

STAMP_DATE = date(2025, 3, 4)
HOSTILE = ['=HYPERLINK("http://x","klik")', "+SUM(A1:A9)", "-2+3", "@cmd", "\tTAB", "\rCR"]


@pytest.fixture(scope="module")
def kalsel(fixture_database):
    chosen, _ = resolve({"prov": "63", "tahun": "2024", "banding": "2023"}, fixture_database.catalog())
    return chosen, views.ringkasan.build(fixture_database, chosen)


@pytest.mark.slow
@requires_chromium
@pytest.mark.parametrize("key", ["peringkat", "tren", "status"])
def test_png_is_projector_sized_16_9(kalsel, key):
    chosen, view = kalsel
    item = view.items[key]
    png = export.png(item, export.stamp(chosen, item, STAMP_DATE))
    width, height = Image.open(io.BytesIO(png)).size
    assert width >= 1920 and height >= 1080
    assert abs(width / height - 16 / 9) < 0.01


@pytest.mark.slow
@requires_chromium
def test_tall_figure_gets_a_larger_canvas_of_the_same_shape(kalsel, fixture_database):
    chosen, _ = kalsel
    units = fixture_database.unit_ranking(area="63", year=2024, compare_year=2023)
    many = pd.concat([units.assign(name=units["name"] + f" {i}") for i in range(6)])
    item = chart("banyak", figures.ranking_bar, title="Banyak", subtitle="x", frame=many)
    assert item.figure.layout.height > export.HEIGHT
    width, height = Image.open(io.BytesIO(export.png(item, export.stamp(chosen, item, STAMP_DATE)))).size
    assert height > 1080 and abs(width / height - 16 / 9) < 0.01


@pytest.mark.slow
@requires_chromium
def test_svg_parses_and_carries_title_context_source(kalsel):
    chosen, view = kalsel
    item = view.items["peringkat"]
    svg = export.svg(item, export.stamp(chosen, item, STAMP_DATE))
    text = " ".join(ElementTree.fromstring(svg).itertext())
    assert "Peringkat kabupaten menurut IDM 2024" in text
    assert "Kalimantan Selatan, 2024 (pembanding 2023)" in text
    assert "Kemendes PDTT" in text and "04-03-2025" in text


def test_source_comes_from_the_spec(kalsel, fixture_database):
    chosen, view = kalsel
    poverty = views.kemiskinan.build(fixture_database, chosen)
    assert "Badan Pusat Statistik" in export.stamp(chosen, poverty.items["tahun"]).source
    assert "Badan Pusat Statistik" not in export.stamp(chosen, view.items["peringkat"]).source


@pytest.mark.parametrize("name, expected", [
    ("peringkat-kabupaten", "idm-kalsel-2024-peringkat-kabupaten.png"),
    ("../../etc/passwd", "idm-kalsel-2024-etc-passwd.png"),  # a name never becomes a path
])
def test_file_names_say_what_they_hold(kalsel, name, expected):
    chosen, _ = kalsel
    assert export.file_name(chosen, name, "png") == expected


def ranking(fixture_database, **extra) -> Table:
    frame = fixture_database.unit_ranking(area="63", year=2024, compare_year=2023)[["name", "villages", "idm"]]
    frame = frame.rename(columns={"name": "Kabupaten/kota", "villages": "Desa", "idm": "IDM 2024"})
    return Table("peringkat-kabupaten", "Peringkat kabupaten", frame, **extra)


def test_xlsx_has_header_numbers_formats_and_note(kalsel, fixture_database, fixture_db):
    chosen, _ = kalsel
    table = ranking(fixture_database)
    data = export.xlsx(table, export.stamp(chosen, table, STAMP_DATE))
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert [c.value for c in sheet[1]] == ["Kabupaten/kota", "Desa", "IDM 2024"]
    with read(fixture_db) as con:
        expected = con.execute("SELECT r.name, count(*), avg(v.idm) FROM village_scores v JOIN regions r "
                               "ON r.code = left(v.village_code, 4) WHERE v.year = 2024 AND v.village_code LIKE '63%' "
                               "GROUP BY r.name").fetchall()
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2, max_row=1 + len(table.frame))}
    for name, villages, idm in expected:
        assert rows[name][1].value == villages and rows[name][1].number_format == "#,##0"
        assert rows[name][2].value == pytest.approx(idm, abs=5e-5) and rows[name][2].number_format == "0.0000"
    notes = [sheet.cell(row=r, column=1).value for r in range(len(table.frame) + 3, len(table.frame) + 6)]
    assert notes[0] == f"Peringkat kabupaten · {chosen.context}"
    assert notes[1] == chosen.context
    assert "Sumber: Indeks Desa Membangun" in notes[2] and "04-03-2025" in notes[2]


def test_csv_reads_back_rounded_as_shown(fixture_database):
    table = ranking(fixture_database, formats={"IDM 2024": "%.4f"})
    back = pd.read_csv(io.BytesIO(export.csv(table)), encoding="utf-8-sig")
    assert list(back.columns) == list(table.frame.columns)
    assert list(back["IDM 2024"]) == [round(v, 4) if v == v else v for v in table.frame["IDM 2024"]] \
        or back["IDM 2024"].isna().equals(table.frame["IDM 2024"].isna())
    text = export.csv(Table("t", "t", pd.DataFrame({"x": [0.044399999999999995, 0.7480]}))).decode("utf-8-sig")
    assert "0.0444" in text and "0.044399999" not in text


def hostile_table() -> Table:
    frame = pd.DataFrame({"Desa": HOSTILE, "IDM": [0.5, -0.25, 0.7, 0.8, 0.1, 0.2], "Perubahan": [-1, 2, 3, -4, 5, 6]})
    frame["=Judul"] = HOSTILE  # a header from outside too
    return Table("desa", '=HYPERLINK("http://x")', frame)


def test_xlsx_writes_hostile_text_as_text_and_numbers_as_numbers(kalsel):
    table = hostile_table()
    data = export.xlsx(table, export.Stamp(context='@SUM(1+1) "konteks"', source="-sumber", made=STAMP_DATE))
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet  # not one formula in the workbook
    cells = openpyxl.load_workbook(io.BytesIO(data)).active
    # openpyxl leaves the carriage return in its XML escape, as Excel would not
    assert [cells.cell(row=r, column=1).value.replace("_x000D_", "\r") for r in range(2, 8)] == HOSTILE
    assert cells.cell(row=1, column=4).value == "=Judul"
    assert all(cells.cell(row=r, column=1).data_type == "s" for r in range(1, 8))
    assert cells.cell(row=3, column=2).value == -0.25 and cells.cell(row=3, column=2).data_type == "n"
    assert cells.cell(row=2, column=3).value == -1 and cells.cell(row=2, column=3).data_type == "n"


def test_csv_neutralises_text_that_starts_a_formula():
    rows = list(csv.reader(io.StringIO(export.csv(hostile_table()).decode("utf-8-sig"), newline="")))
    assert rows[0] == ["Desa", "IDM", "Perubahan", "'=Judul"]
    assert [r[0] for r in rows[1:]] == ["'" + h for h in HOSTILE]
    assert [r[1] for r in rows[1:3]] == ["0.5", "-0.25"]  # numbers stay numbers, minus sign and all
    assert [r[2] for r in rows[1:3]] == ["-1", "2"]


def test_tables_show_indonesian_numbers_and_blank_gaps():
    from ui.widgets import _indonesian

    frame = pd.DataFrame({"Wilayah": ["A", "B"], "IDM": [0.74801, None], "Desa": [1872, 30],
                          "P0": [4.57, 3.1], "Tahun": [2023, 2024], "Lain": [None, "x"]})
    html = _indonesian(Table("t", "t", frame, formats={"P0": "%.2f"})).to_html()
    assert "0,7480" in html and "1.872" in html and "4,57" in html and "2024" in html and "2.024" not in html
    assert "None" not in html and "nan" not in html and ">–<" in html


def test_a_chart_spec_keeps_its_strings(kalsel):
    _, view = kalsel
    item = view.items["peringkat"]
    assert isinstance(item, Chart) and item.title in item.figure.layout.title.text
    assert replace(item, note="x").note == "x"
