"""Numbers as Indonesian offices write them: the one reader of a number written as text.

'0,7337' and '0.7337' are the same IDM value; '1.864' is one thousand eight hundred sixty-four in a
file written with decimal commas, and 1,864 in one written with decimal points. A file says which mark
it uses (a BPS table by the marks of all its cells, a target file by its delimiter); an IDM file does
not need to, since its values lie between 0 and 1.

`parse` returns the number, or None when the text is not one. Infinity ('inf', '1e999') comes back as
infinity, for the caller's range check to refuse by row and column like any value out of range.
"""

from __future__ import annotations

import math
import re

import pandas as pd

# A cell that means "no value" in published spreadsheets and BPS tables.
EMPTY_MARKERS = frozenset({"", "-", "--", "\u2013", "\u2014", "\u2026", "...", "..", "NA", "N/A", "N.A", "N.A."})

_SHAPE = re.compile(r"[-+]?(\d[\d.,]*|[.,]\d+)([eE][-+]?\d+)?")
_INFINITY = re.compile(r"[-+]?(inf|infinity|∞)", re.IGNORECASE)


def grouped(text: str, separator: str) -> bool:
    """'43.502' or '43.502.000': digits in groups of three, as a thousands separator makes them.
    '0,232' is not: no number is written with a leading zero group."""
    return re.fullmatch(rf"[-+]?[1-9]\d{{0,2}}(\{separator}\d{{3}})+", text) is not None


def lone_separator(text: str) -> str | None:
    """',' or '.' when the text holds one separator, once: it may be a decimal mark or group thousands."""
    if text.count(",") + text.count(".") != 1:
        return None
    return "," if "," in text else "."


def parse(written: object, *, decimal: str | None = None) -> float | None:
    """The number a text stands for, None when it is not a number.

    decimal: the file's decimal mark, ',' or '.'; None when the file does not say, and then a lone
    separator is the decimal mark. With both marks in one number the last is the decimal one
    ('1.234,5', '1,234.5'); a lone separator that groups thousands and is not the file's decimal
    mark groups them ('1.864' in a decimal-comma file); several of one separator must group thousands.
    """
    text = str(written).strip().replace(" ", "").replace("\u00a0", "").replace("\u2212", "-")
    if _INFINITY.fullmatch(text):
        return -math.inf if text.startswith("-") else math.inf
    shape = _SHAPE.fullmatch(text)
    if shape is None:
        return None
    digits, exponent = shape.group(1), shape.group(2) or ""
    sign = text[0] if text[0] in "+-" else ""
    if "," in digits and "." in digits:
        mark = "," if digits.rfind(",") > digits.rfind(".") else "."
        thousands = "." if mark == "," else ","
        if digits.count(mark) > 1:
            return None
        digits = digits.replace(thousands, "").replace(mark, ".")
    elif (separator := "," if "," in digits else "." if "." in digits else None) is not None:
        is_grouped = grouped(sign + digits, separator)
        if digits.count(separator) > 1 or (is_grouped and decimal is not None and separator != decimal):
            if not is_grouped:
                return None
            digits = digits.replace(separator, "")
        else:
            digits = digits.replace(separator, ".")
    try:
        return float(sign + digits + exponent)
    except (ValueError, OverflowError):
        return None


def decimal_mark(texts: list[str], *, default: str) -> tuple[str, list[str]]:
    """The decimal mark a file's number texts use, and the texts only that choice decides ('48.066').

    A text with both marks, or a lone mark that cannot group thousands, votes; when nothing votes the
    file's default stands (a ',' separated file cannot hold unquoted decimal commas)."""
    votes = {",": 0, ".": 0}
    undecided = []
    for text in texts:
        if "," in text and "." in text:
            votes["," if text.rfind(",") > text.rfind(".") else "."] += 1
        elif (mark := lone_separator(text)) is not None:
            if grouped(text, mark):
                undecided.append(text)
            else:
                votes[mark] += 1
    if votes[","] or votes["."]:
        return ("," if votes[","] >= votes["."] else "."), []
    return default, undecided


def parse_series(texts: pd.Series, *, decimal: str | None = None) -> pd.Series:
    """`parse` of every text of a column as floats (NaN where not a number), each distinct text parsed once:
    a column of scores repeats a few values thousands of times."""
    distinct = texts.dropna().unique()
    parsed = {text: parse(text, decimal=decimal) for text in distinct}
    return pd.to_numeric(texts.map(parsed), errors="coerce").astype(float)
