"""One reader of numbers written as text (idm.importers.numbers), for IDM files, BPS tables and target
files alike: a file's decimal mark decides only what it alone can decide."""

import math

import pandas as pd
import pytest

from idm.importers import numbers


@pytest.mark.parametrize("written, decimal, expected", [
    ("10", ".", 10.0), ("10", ",", 10.0), ("2.5", ".", 2.5), ("2,5", ",", 2.5), ("2,5", ".", 2.5),
    ("1.864", ",", 1864.0), ("1,864", ".", 1864.0), ("1.864,5", ",", 1864.5), ("-3", ".", -3.0),
    ("0,750", ".", 0.75), ("sepuluh", ".", None), ("10 desa", ",", None), ("", ".", None),
    # both marks: the last one is the decimal mark, whatever the file's
    ("1.234,5", ".", 1234.5), ("1,234.5", ",", 1234.5), ("43.502.000", ",", 43502000.0), ("1,2,3", ",", None),
    # an IDM file does not say: a lone mark is the decimal one
    ("0,7337", None, 0.7337), ("0.7337", None, 0.7337), (".5", None, 0.5), ("1.864", None, 1.864),
    ("\u22120,5", ",", -0.5), ("1 864", ",", 1864.0), ("1e3", ".", 1000.0), ("nan", ".", None),
])
def test_parse(written, decimal, expected):
    assert numbers.parse(written, decimal=decimal) == expected


@pytest.mark.parametrize("written, sign", [("inf", 1), ("-inf", -1), ("Infinity", 1), ("1e999", 1), ("-1e999", -1)])
def test_infinity_comes_back_for_the_range_check(written, sign):
    assert numbers.parse(written) == sign * math.inf


@pytest.mark.parametrize("texts, default, expected", [
    (["4,83", "5,1"], ".", (",", [])), (["4.83", "1.234,5"], ",", (",", [])), (["48.066"], ",", (",", ["48.066"])),
    (["48.066"], ".", (".", ["48.066"])), (["10", "12"], ",", (",", [])),
])
def test_decimal_mark_of_a_file(texts, default, expected):
    assert numbers.decimal_mark(texts, default=default) == expected


def test_a_column_is_parsed_once_per_distinct_text():
    parsed = numbers.parse_series(pd.Series(["0,5", "0,5", None, "x", "1"]))
    assert parsed.tolist()[:2] == [0.5, 0.5] and math.isnan(parsed[2]) and math.isnan(parsed[3]) and parsed[4] == 1.0
