"""Transisi status on the fixture database: numbers equal an independent count, every empty state speaks."""

import pytest

from tests import fixtures
from tests.helpers import errors, interactive, markdown, metrics, open_interactive, open_page, read

pytestmark = pytest.mark.app  # runs the dashboard in AppTest

PAIRS = """
WITH a AS (SELECT village_code, status FROM village_scores WHERE year = ? AND starts_with(village_code, ?)),
     b AS (SELECT village_code, status FROM village_scores WHERE year = ? AND starts_with(village_code, ?))
SELECT count(*) FILTER (WHERE status_rank(b.status) > status_rank(a.status)) AS up,
       count(*) FILTER (WHERE status_rank(b.status) = status_rank(a.status)) AS same,
       count(*) FILTER (WHERE status_rank(b.status) < status_rank(a.status)) AS down,
       count(*) FILTER (WHERE a.status IS NULL OR b.status IS NULL) AS outside
FROM a FULL OUTER JOIN b ON a.village_code = b.village_code
"""

def tables(app) -> list:
    return [d.value for d in app.dataframe]

@pytest.mark.parametrize("params, area, first, last", [
    ({}, "63", 2023, 2024),
    ({"tahun": "2023", "banding": "2022"}, "63", 2022, 2023),
    ({"tahun": "2022", "banding": "2024"}, "63", 2022, 2024),
    ({"kab": "6301"}, "6301", 2023, 2024),
    ({"kab": "6303", "kec": "630301"}, "630301", 2023, 2024),
])
def test_counts_equal_the_database(fixture_env, params, area, first, last):
    app = open_page("transisi", **params)
    assert not errors(app)
    with read(fixture_env) as con:
        up, same, down, outside = con.execute(PAIRS, [first, area, last, area]).fetchone()
    shown = metrics(app)
    assert shown["Naik status"] == str(up)
    assert shown["Tetap"] == str(same)
    assert shown["Turun status"] == str(down)
    assert shown["Di luar perbandingan"] == str(outside)
    assert f"{up} naik status" in markdown(app)

def test_default_view_lists_the_special_villages(fixture_env):
    app = open_interactive("transisi")
    assert not errors(app)
    text = markdown(app)
    assert "1 desa baru tercatat di 2024" in text and "1 desa 2023 tidak tercatat lagi di 2024" in text
    shown = tables(app)
    matrix = shown[0]
    assert matrix.set_index(matrix.columns[0]).loc["Tidak tercatat", "Berkembang"].startswith("1 ")
    assert matrix.set_index(matrix.columns[0]).loc["Mandiri", "Tidak tercatat"].startswith("1 ")
    up, down = shown[1], shown[2]
    assert set(fixtures.JUMPS) <= set(up["Kode"])
    assert set(fixtures.DROPS) <= set(down["Kode"])
    assert fixtures.NEW_IN_2024 not in set(up["Kode"]) | set(down["Kode"])
    units = shown[-1]
    assert set(units["Kabupaten"]) == {"Tanah Laut", "Kotabaru", "Banjar"}
    assert units["Baru tercatat"].sum() == 1 and units["Tidak tercatat lagi"].sum() == 1
    assert units["Tanpa nilai"].sum() == 1

@pytest.mark.parametrize("params, words", [
    ({"tahun": "2022", "banding": "2021"}, "angka tingkat provinsi yang dipublikasikan"),
    ({"tahun": "2021", "banding": "2023"}, "angka tingkat provinsi yang dipublikasikan"),
    ({"prov": "62"}, "angka tingkat provinsi yang dipublikasikan"),  # 2023: counts published, no village rows
    ({"prov": "KAL"}, "belum ada tahun pembanding"),  # both provinces have village rows in 2024 only
])
def test_years_without_village_rows_say_so(fixture_env, params, words):
    app = open_page("transisi", **params)
    assert not errors(app)
    assert any(words in i.value for i in app.info)
    assert not app.dataframe


def test_changing_the_regency_reruns(fixture_env):
    app = open_interactive("transisi")
    app = interactive(app.sidebar.selectbox(key="kab").set_value("6302").run())  # per district: new switches
    assert not errors(app)
    assert "Kotabaru" in app.title[0].value
    units = tables(app)[-1]
    assert units.columns[0] == "Kecamatan" and len(units) == 3
