"""Kemendagri region codes and what they say about a region: level, parent, kota or kabupaten, the
word for an area's sub-units, how a region is named. The one place this is worked out.

A code has 2 digits for a province ('63'), 4 for a regency or city ('6301'), 6 for a district
('630110') and 10 for a village ('6301102001', written '63.01.10.2001' by the offices).

An *area* is a code prefix the queries filter on: '' is Indonesia, '6' the five Kalimantan provinces
(61-65 are the only codes that start with 6), otherwise a region's code. Its *units* are the regions
one level down.
"""

from __future__ import annotations

import re

LEVELS = {2: "provinsi", 4: "kabupaten", 6: "kecamatan", 10: "desa"}  # by code length
LENGTHS = {level: length for length, level in LEVELS.items()}
PARENT_LENGTH = {4: 2, 6: 4, 10: 6}

INDONESIA = ""  # the area of the whole country: the prefix every code starts with
KALIMANTAN = "6"  # the area of the five Kalimantan provinces
# Indonesia as a region code: in published tables (BPS, indicator means, Indeks Desa counts), on the
# command line (`--province 00`) and in links (`?prov=00`). Older links wrote 'ID', still understood.
NATIONAL = "00"
NATIONAL_ALIASES = frozenset({NATIONAL, "ID"})

# Kemendagri numbering: a regency number from 71 up is a kota (Kotabaru, 6302, is a kabupaten);
# a village whose seventh digit is 1 is a kelurahan, 2 a desa.
FIRST_KOTA = "71"
KELURAHAN_DIGIT = "1"

_NOISE = re.compile(r"[\s.\-/]")


def clean(code: object) -> str:
    """'63.01.10.2001' -> '6301102001'; spaces, dots, dashes and slashes dropped."""
    return _NOISE.sub("", str(code or ""))


def is_national(written: object) -> bool:
    """'00', 'ID' (older links) or '' : all of Indonesia."""
    text = str(written or "").strip().upper()
    return text in NATIONAL_ALIASES or text == INDONESIA


def level(code: str) -> str | None:
    """'provinsi', 'kabupaten', 'kecamatan' or 'desa' by the code's length; None for anything else."""
    return LEVELS.get(len(code)) if code.isdigit() else None


def parent(code: str) -> str | None:
    """The code one level up; None for a province."""
    length = PARENT_LENGTH.get(len(code))
    return code[:length] if length else None


def is_kota(code: str) -> bool:
    return len(code) == 4 and code[2:4] >= FIRST_KOTA


def is_kelurahan(code: str) -> bool:
    return len(code) == 10 and code[6:7] == KELURAHAN_DIGIT


def kind(code: str) -> str | None:
    """The level, with kota for a city and kelurahan for an urban ward."""
    if is_kota(code):
        return "kota"
    if is_kelurahan(code):
        return "kelurahan"
    return level(code)


def unit_length(area: str) -> int:
    """Code length of the regions one level below an area."""
    if area in (INDONESIA, KALIMANTAN):
        return 2
    return {2: 4, 4: 6, 6: 10}[len(area)]


def unit_level(area: str) -> str:
    return LEVELS[unit_length(area)]


def unit_word(area: str) -> str:
    """What an area's sub-units are called in a sentence: provinsi, kabupaten, kecamatan, desa."""
    return unit_level(area)


def regency_name(code: str, name: str) -> str:
    """A regency or city as written in a title: 'Kabupaten Banjar', 'Kota Banjarmasin'.

    Region names of a kota already carry 'Kota'; those of a kabupaten do not.
    """
    if is_kota(code):
        return name if name.startswith("Kota") else f"Kota {name}"
    return f"Kabupaten {name}"


def short_name(code: str, name: str) -> str:
    """A region in a list or a legend: 'Prov. Kalimantan Selatan', 'Kab. Banjar', 'Kota Banjarmasin',
    'Kec. Bajuin', 'Desa Bajuin' is left as the bare name."""
    if len(code) == 4:
        return regency_name(code, name) if is_kota(code) else f"Kab. {name}"
    return {2: "Prov. ", 6: "Kec. "}.get(len(code), "") + name


# The names Indonesians abbreviate provinces by, for labels on a national map.
PROVINCE_ABBREVIATIONS = {
    "11": "Aceh", "12": "Sumut", "13": "Sumbar", "14": "Riau", "15": "Jambi", "16": "Sumsel", "17": "Bengkulu",
    "18": "Lampung", "19": "Babel", "21": "Kepri", "31": "Jakarta", "32": "Jabar", "33": "Jateng", "34": "DIY",
    "35": "Jatim", "36": "Banten", "51": "Bali", "52": "NTB", "53": "NTT", "61": "Kalbar", "62": "Kalteng",
    "63": "Kalsel", "64": "Kaltim", "65": "Kaltara", "71": "Sulut", "72": "Sulteng", "73": "Sulsel",
    "74": "Sultra", "75": "Gorontalo", "76": "Sulbar", "81": "Maluku", "82": "Malut", "91": "Papua",
    "92": "Papua Barat", "93": "Papua Selatan", "94": "Papua Tengah", "95": "Papua Pegunungan",
    "96": "Papua Barat Daya",
}


def map_label(code: str, name: str) -> str:
    """A region's name as a map writes it on the region: a province's abbreviation ('Kalsel'), a
    regency's or district's bare name ('Banjar'), a city with 'Kota' ('Kota Banjarmasin')."""
    if len(code) == 2:
        return PROVINCE_ABBREVIATIONS.get(code, name)
    if len(code) == 4 and is_kota(code):
        return regency_name(code, name)
    return name


def dotted(code: str) -> str:
    """'6301102001' -> '63.01.10.2001', as the offices write it."""
    if len(code) == 10:
        return f"{code[:2]}.{code[2:4]}.{code[4:6]}.{code[6:]}"
    return ".".join(code[i:i + 2] for i in range(0, len(code), 2))
