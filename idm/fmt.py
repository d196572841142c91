"""Indonesian number and name formatting for labels: 0,7480; 1.864 desa; +0,0423."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pandas as pd


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def number(value, decimals: int = 0, *, sign: bool = False) -> str:
    """1864 -> '1.864'; 0.748 with decimals=4 -> '0,7480'; sign=True adds '+' to positives."""
    if _missing(value):
        return "–"
    text = f"{value:+,.{decimals}f}" if sign else f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def idm(value, *, sign: bool = False) -> str:
    """An IDM (or IKS/IKE/IKL) value, always four decimals as published."""
    return number(value, 4, sign=sign)


def percent(value, decimals: int = 1, *, sign: bool = False) -> str:
    """12.345 -> '12,3%' (value already in percent)."""
    return "–" if _missing(value) else number(value, decimals, sign=sign) + "%"


def year_range(years) -> str:
    """'2021–2024' for three or more years in a row, else '2023, 2024' (each year once, in order)."""
    ordered = sorted({int(year) for year in years})
    if len(ordered) > 2 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"{ordered[0]}–{ordered[-1]}"
    return ", ".join(map(str, ordered))


def years_text(years) -> str:
    """'2022', '2022 dan 2023', '2021, 2022 dan 2023': years as a sentence says them, in the given order."""
    listed = [str(year) for year in years]
    return listed[0] if len(listed) == 1 else ", ".join(listed[:-1]) + " dan " + listed[-1]


def count(value, noun: str = "") -> str:
    """1864, 'desa' -> '1.864 desa'."""
    text = number(value, 0)
    return f"{text} {noun}" if noun else text


_ROMAN = re.compile(r"^(?=[IVXL]+$)L?X{0,3}(IX|IV|V?I{0,3})$")


def region_name(name: str | None) -> str:
    """'HULU SUNGAI SELATAN' -> 'Hulu Sungai Selatan'; keeps roman numerals ('SUNGAI II' -> 'Sungai II')."""
    if not name:
        return ""
    words = []
    for word in str(name).split():
        upper = word.upper()
        if _ROMAN.match(upper):
            words.append(upper)
        else:
            words.append("-".join(part[:1].upper() + part[1:].lower() for part in word.split("-")))
    return " ".join(words)


# Abbreviations the offices use themselves in file names and letters.
_PROVINCE_SHORT = {"61": "kalbar", "62": "kalteng", "63": "kalsel", "64": "kaltim", "65": "kaltara",
                   "KAL": "kalimantan", "00": "indonesia"}


def slug(code: str, name: str) -> str:
    """Region for a file name: '63', 'Kalimantan Selatan' -> 'kalsel'; others 'jawa-barat'."""
    return _PROVINCE_SHORT.get(code) or re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


_SPEC = re.compile(r"^%?(?P<sign>\+)?(?P<thousands>,)?(?:\.(?P<decimals>\d+))?(?P<kind>[df])(?P<percent>%%|%)?$")
_YEAR_COLUMN = re.compile(r"tahun|year", re.IGNORECASE)


@dataclass(frozen=True)
class Spec:
    """A printf-style column format ('%.4f', '%+d', '%.1f%%', ',d') taken apart."""

    decimals: int
    sign: bool
    thousands: bool
    percent: bool  # the value is already in percent: '12.3' is shown '12,3%'


def parse(spec: str) -> Spec | None:
    """None for a format this module does not understand (the column is then shown as it is)."""
    match = _SPEC.match(spec.strip())
    if not match:
        return None
    decimals = 0 if match["kind"] == "d" else int(match["decimals"] or 6)
    # Whole numbers get thousands separators unless the format is a bare '%d' (years, codes).
    thousands = bool(match["thousands"]) or (match["kind"] == "f" and decimals == 0)
    return Spec(decimals, bool(match["sign"]), thousands, bool(match["percent"]))


def column_format(series: pd.Series, given: str | None = None) -> str | None:
    """The format a table column is shown and exported with: the one given, else 4 decimals for values
    within [-1, 1] (indices and their changes), 2 for other decimals, thousands separators for whole
    numbers, none for a year; None for text and yes/no columns."""
    if given:
        return given
    if pd.api.types.is_bool_dtype(series) or not pd.api.types.is_numeric_dtype(series):
        return None
    values = series.dropna()
    if pd.api.types.is_integer_dtype(series) or (len(values) and (values % 1 == 0).all()):
        return "%d" if _YEAR_COLUMN.search(str(series.name)) else ",d"
    return ".4f" if len(values) and values.abs().max() <= 1 else ".2f"


def formatter(spec: str):
    """A column format as a function giving Indonesian text ('0,7480', '1.872', '+12', '12,3%').

    Streamlit's own number formats know no decimal comma, so tables format their cells with this.
    Returns None for a spec it does not understand (the column is then left as it is).
    """
    parsed = parse(spec)
    if parsed is None:
        return None

    def apply(value) -> str:
        if value is None or value is pd.NA or _missing(value):
            return ""
        text = number(value, parsed.decimals, sign=parsed.sign)
        if not parsed.thousands and parsed.decimals == 0:
            text = text.replace(".", "")
        return text + ("%" if parsed.percent else "")

    return apply


def excel_format(spec: str) -> str | None:
    """The same format as an Excel number format (the workbook shows it in the reader's locale)."""
    parsed = parse(spec)
    if parsed is None:
        return None
    body = ("#,##0" if parsed.thousands else "0") + ("." + "0" * parsed.decimals if parsed.decimals else "")
    if parsed.percent:
        body += '"%"'
    return f"+{body};-{body};{body}" if parsed.sign else body
