"""The IDM rules as tables of cases (Permendesa PDTT 2/2016 thresholds, formula, gap to next status)."""

import math

import duckdb
import pytest

from idm import fmt, rules


@pytest.mark.parametrize("idm, status", [
    (0.9284, "MANDIRI"),
    (0.8156, "MANDIRI"),
    (0.8155, "MAJU"),  # the threshold itself belongs to the status below
    (0.81554, "MAJU"),  # classified on the value rounded to 4 decimals
    (0.81555, "MANDIRI"),
    (0.7073, "MAJU"),
    (0.7072, "BERKEMBANG"),
    (0.5990, "BERKEMBANG"),
    (0.5989, "TERTINGGAL"),
    (0.4908, "TERTINGGAL"),
    (0.4907, "SANGAT TERTINGGAL"),
    (0.0, "SANGAT TERTINGGAL"),
    (None, None),
    (math.nan, None),
])
def test_classify(idm, status):
    assert rules.classify(idm) == status


@pytest.mark.parametrize("idm, target, gap", [
    (0.4000, "TERTINGGAL", 0.0908),
    (0.5989, "BERKEMBANG", 0.0001),
    (0.7000, "MAJU", 0.0073),
    (0.8155, "MANDIRI", 0.0001),
    (0.9000, None, None),
])
def test_gap_to_next_status(idm, target, gap):
    upper = rules.next_status(rules.classify(idm))
    assert (upper.code if upper else None) == target
    assert rules.gap_to_next(idm) == gap


@pytest.mark.parametrize("code, minimum", [
    ("TERTINGGAL", 0.4908), ("BERKEMBANG", 0.5990), ("MAJU", 0.7073), ("MANDIRI", 0.8156), ("SANGAT TERTINGGAL", 0.0),
])
def test_minimum_idm_of_each_status(code, minimum):
    assert rules.minimum_idm(code) == minimum


@pytest.mark.parametrize("word, code", [
    ("MANDIRI", "MANDIRI"), ("maju", "MAJU"), (" Berkembang ", "BERKEMBANG"),
    ("sangat tertinggal", "SANGAT TERTINGGAL"),
    ("Sangat_Tertinggal", "SANGAT TERTINGGAL"), ("SANGAT-TERTINGGAL", "SANGAT TERTINGGAL"), ("maju sekali", None),
    ("", None), (None, None),
])
def test_normalise_status(word, code):
    assert rules.normalise_status(word) == code


def test_sql_macro_classifies_like_python():
    con = duckdb.connect()
    con.execute(rules.status_sql_macro())
    con.execute(rules.status_rank_sql_macro())
    values = [i / 10000 for i in range(0, 10001, 7)] + [0.4907, 0.4908, 0.5989, 0.599, 0.7072, 0.7073, 0.8155, 0.8156]
    for value in values:
        assert con.execute("SELECT status_idm(?)", [value]).fetchone()[0] == rules.classify(value), value
    assert con.execute("SELECT status_rank('MANDIRI'), status_rank('x')").fetchone() == (5, None)


def test_every_status_has_its_field_colour():
    assert rules.STATUS_COLOURS == {"MANDIRI": "#137a52", "MAJU": "#62a84f", "BERKEMBANG": "#e0bd3d",
                                    "TERTINGGAL": "#d4602b", "SANGAT TERTINGGAL": "#a51f2d"}
    assert rules.STATUS_CODES[0] == "MANDIRI" and rules.STATUS_CODES[-1] == "SANGAT TERTINGGAL"


@pytest.mark.parametrize("value, decimals, sign, text", [
    (0.748, 4, False, "0,7480"),
    (1864, 0, False, "1.864"),
    (75265, 0, False, "75.265"),
    (0.0423, 4, True, "+0,0423"),
    (-3, 0, True, "-3"),
    (1234567.891, 2, False, "1.234.567,89"),
    (None, 0, False, "–"),
])
def test_indonesian_number_format(value, decimals, sign, text):
    assert fmt.number(value, decimals, sign=sign) == text


@pytest.mark.parametrize("name, display", [
    ("HULU SUNGAI SELATAN", "Hulu Sungai Selatan"), ("KOTA BANJARMASIN", "Kota Banjarmasin"),
    ("SUNGAI PINANG II", "Sungai Pinang II"), ("BATI-BATI", "Bati-Bati"), ("", ""),
])
def test_region_names_for_display(name, display):
    assert fmt.region_name(name) == display
