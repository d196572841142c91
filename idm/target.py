"""Targets the offices report against at the rakor, and what the data says was realised.

"Target peningkatan desa Mandiri 10, terealisasi 72 desa, 720 persen": this module computes each
target's realisation (idm.rules.TARGET_INDICATORS) from status counts the caller supplies, follows
multi-year plans (RPJMD) cumulatively, and projects a level at its average pace. The target files
are read by idm.importers.targets; the sentences that say all this are in idm.narrative.

The evaluation takes the data through two callables (see `CountsFn`, `RisenFn`), so that the same
code runs on the database (`for_area`), on the published summaries or on a test's dictionaries. A
realisation is never invented: when the data cannot give it, the result says "tanpa data" and which
year is missing.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass

import pandas as pd

from idm import fmt, rules
from idm.database import Database

BY_CODE = rules.TARGET_BY_CODE
CHANGE, LEVEL = rules.TARGET_CHANGE, rules.TARGET_LEVEL
UNIT = "desa"  # every indicator counts villages

# ---------------------------------------------------------------------------------------------
# Realisation

DESA = "desa"  # counts computed from village rows
PUBLIKASI = "publikasi"  # counts as published for the province
CAMPURAN = "campuran"  # one year from village rows, the other published
SOURCE_WORDS = {DESA: "data per desa", PUBLIKASI: "angka publikasi"}

# How a realisation was obtained, for the page to mark it.
METHOD_RISEN = "desa_naik"  # villages counted one by one across the two years
METHOD_DIFFERENCE = "selisih"  # difference of two years' counts
METHOD_NET = "penurunan_bersih"  # net decrease of T+ST standing in for desa_naik_dari_tertinggal
METHOD_LEVEL = "jumlah"  # a count in the year


@dataclass(frozen=True)
class StatusCounts:
    """Villages per status of an area in one year."""

    mandiri: int
    maju: int
    berkembang: int
    tertinggal: int
    sangat_tertinggal: int
    source: str  # DESA or PUBLIKASI
    citation: str | None = None  # where published counts were published

    @property
    def tertinggal_st(self) -> int:
        """Tertinggal + Sangat Tertinggal."""
        return self.tertinggal + self.sangat_tertinggal


# The two callables the caller implements (the integrator on the database, tests on dicts):
# counts(area, year): villages per status of an area ('63', '6303') in a year, from village rows
#   when the year has them (source DESA), else from the published province figures (PUBLIKASI),
#   else None.
CountsFn = Callable[[str, int], "StatusCounts | None"]
# risen(area, from_year, to_year): villages Tertinggal or Sangat Tertinggal in from_year and at least
#   Berkembang in to_year, from village rows; None when either year has no village rows.
RisenFn = Callable[[str, int, int], "int | None"]


def counts_from_summaries(summaries: pd.DataFrame) -> dict[tuple[str, int], StatusCounts]:
    """{(area code, year): StatusCounts} of published summaries (`read_summaries` frames)."""
    table = {}
    for row in summaries.itertuples(index=False):
        numbers = [row.mandiri, row.maju, row.berkembang, row.tertinggal, row.sangat_tertinggal]
        if any(pd.isna(n) for n in numbers):
            continue  # a year without published counts is a year without data
        table[(str(row.area_code), int(row.year))] = StatusCounts(*(int(n) for n in numbers), source=PUBLIKASI)
    return table


@dataclass(frozen=True)
class TargetResult:
    indicator: str
    indicator_label: str
    area_code: str
    area_name: str
    year: int
    target: float
    unit: str
    realisation: int | None  # None: tanpa data
    percent: float | None  # realisation / target x 100, one decimal; None for level targets and target 0
    met: bool | None  # None: tanpa data
    gap: int | float | None  # realisation - target (for a level: villages above the maximum when > 0)
    basis: str  # how the realisation was obtained, or why there is none, in Indonesian
    method: str | None  # METHOD_* or None
    source_kind: str | None  # DESA, PUBLIKASI, CAMPURAN or None
    missing_years: tuple[int, ...]  # years without status counts that the realisation needs
    published_realisation: float | None
    differs: bool | None  # the computed realisation differs from the published one (None: nothing to compare)
    document: str
    source_text: str
    source_file: str
    source_row: int | None

    @property
    def has_data(self) -> bool:
        return self.realisation is not None


def _source_kind(*sources: str) -> str:
    return sources[0] if len(set(sources)) == 1 else CAMPURAN


def _sources_text(years: tuple[int, ...], sources: tuple[str, ...]) -> str:
    if len(set(sources)) == 1:
        return SOURCE_WORDS[sources[0]]
    return ", ".join(f"{year}: {SOURCE_WORDS[source]}" for year, source in zip(years, sources, strict=True))


def _realise(indicator: rules.TargetIndicator, area: str, year: int, counts: CountsFn, risen: RisenFn):
    """(realisation, basis, method, source kind, missing years) of one target."""
    if indicator.kind == LEVEL:
        now = counts(area, year)
        if now is None:
            return None, None, None, None, (year,)
        basis = f"jumlah desa Tertinggal {year}, tanpa Sangat Tertinggal ({SOURCE_WORDS[now.source]})"
        return now.tertinggal, basis, METHOD_LEVEL, now.source, ()

    before_year = year - 1
    if indicator.code == "desa_naik_dari_tertinggal":
        number = risen(area, before_year, year)
        if number is not None:
            basis = (f"desa Tertinggal/Sangat Tertinggal {before_year} yang minimal Berkembang pada {year} "
                     f"({SOURCE_WORDS[DESA]})")
            return int(number), basis, METHOD_RISEN, DESA, ()
    before, now = counts(area, before_year), counts(area, year)
    missing = tuple(y for y, c in ((before_year, before), (year, now)) if c is None)
    if missing:
        return None, None, None, None, missing
    years, sources = (before_year, year), (before.source, now.source)
    where = _sources_text(years, sources)
    if indicator.code == "desa_mandiri_bertambah":
        return (now.mandiri - before.mandiri, f"selisih desa Mandiri {year} dan {before_year} ({where})",
                METHOD_DIFFERENCE, _source_kind(*sources), ())
    if indicator.code == "desa_tertinggal_berkurang":
        return (before.tertinggal - now.tertinggal,
                f"selisih desa Tertinggal {before_year} dan {year}, tanpa Sangat Tertinggal ({where})",
                METHOD_DIFFERENCE, _source_kind(*sources), ())
    # desa_naik_dari_tertinggal without village rows in both years: only the net decrease is known.
    return (before.tertinggal_st - now.tertinggal_st,
            f"penurunan bersih desa Tertinggal + Sangat Tertinggal {before_year} ke {year} ({where}), "
            "bukan hitungan desa yang naik",
            METHOD_NET, _source_kind(*sources), ())


def no_data_basis(missing_years: Iterable[int]) -> str:
    """'tanpa data: tahun 2020 tidak memiliki angka desa per status'."""
    return f"tanpa data: tahun {fmt.years_text(missing_years)} tidak memiliki angka desa per status"


def _optional(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def evaluate(targets: pd.DataFrame, *, counts: CountsFn, risen: RisenFn) -> list[TargetResult]:
    """One TargetResult per target row (`TargetFile.targets`, or several files' frames concatenated),
    in the order of the rows."""
    results = []
    for row in targets.itertuples(index=False):
        indicator = BY_CODE[row.indicator]
        area, year, target = str(row.area_code), int(row.year), float(row.target)
        realisation, basis, method, source_kind, missing = _realise(indicator, area, year, counts, risen)
        published = _optional(getattr(row, "published_realisation", None))
        if realisation is None:
            percent = met = gap = differs = None
            basis = no_data_basis(missing)
        else:
            if method != METHOD_LEVEL and rules.crosses_method_change((year - 1, year)):
                # Villages per status continue across the change; the statuses of the two years do not
                # come from one method, and the basis says so.
                basis += f"; status {year - 1} dari {rules.index_of(year - 1)}, {year} dari {rules.index_of(year)}"
            gap = realisation - target
            gap = int(gap) if float(gap).is_integer() else gap
            met = realisation >= target if indicator.higher_is_better else realisation <= target
            # A percentage of a maximum reads as achievement where it is not: levels report the gap.
            percent = round(realisation / target * 100, 1) if target and indicator.kind == CHANGE else None
            differs = None if published is None else abs(published - realisation) > 1e-9
        results.append(TargetResult(
            indicator=indicator.code,
            indicator_label=indicator.label,
            area_code=area,
            area_name=str(getattr(row, "area_name", "") or area),
            year=year,
            target=target,
            unit=str(getattr(row, "unit", "") or UNIT),
            realisation=realisation,
            percent=percent,
            met=met,
            gap=gap,
            basis=basis,
            method=method,
            source_kind=source_kind,
            missing_years=missing,
            published_realisation=published,
            differs=differs,
            document=str(getattr(row, "document", "") or ""),
            source_text=str(getattr(row, "source", "") or ""),
            source_file=str(getattr(row, "source_file", "") or ""),
            source_row=_int_or_none(getattr(row, "source_row", None)),
        ))
    return results


def _int_or_none(value) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _whole(value):
    """10.0 -> 10 for JSON and tables; other values unchanged."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def as_record(result: TargetResult) -> dict:
    """What a CLI prints per target (JSON: percent a number such as 720.0, met true/false/null)."""
    return {
        "indicator": result.indicator,
        "area": result.area_code,
        "year": result.year,
        "target": _whole(result.target),
        "realisation": result.realisation,
        "percent": result.percent,
        "met": result.met,
        "source": result.source_kind,
        "basis": result.basis,
        "published_realisation": _whole(result.published_realisation),
        "differs": result.differs,
    }


def results_frame(results: Iterable[TargetResult]) -> pd.DataFrame:
    """The results as a table (one row per target, the TargetResult fields as columns)."""
    columns = list(TargetResult.__dataclass_fields__)
    return pd.DataFrame([asdict(r) for r in results], columns=columns)


# ---------------------------------------------------------------------------------------------
# Multi-year series (RPJMD: one area, indicator and document over consecutive years)

SERIES_COLUMNS = ["year", "target", "realisation", "percent", "met", "source_kind", "basis", "has_data",
                  "cumulative_target", "cumulative_realisation", "planned_cumulative_target"]


@dataclass
class TargetSeries:
    area_code: str
    area_name: str
    indicator: str
    document: str
    # SERIES_COLUMNS, one row per year. cumulative_* add up the years with data only (None in years
    # without), so that realisation is never compared with targets of years nobody can measure;
    # planned_cumulative_target adds up every year, as the plan states it.
    years: pd.DataFrame
    missing_years: list[int]  # target years without data
    total_target: float  # the whole plan
    target_with_data: float  # the targets of the years with data
    realisation_with_data: int | None  # None when no year has data

    @property
    def percent_with_data(self) -> float | None:
        if self.realisation_with_data is None or not self.target_with_data:
            return None
        return round(self.realisation_with_data / self.target_with_data * 100, 1)


def series_keys(results: Iterable[TargetResult]) -> list[tuple[str, str, str]]:
    """(area_code, indicator, document) of every plan that spans more than one year, in order of appearance."""
    years: dict[tuple[str, str, str], set[int]] = {}
    for r in results:
        years.setdefault((r.area_code, r.indicator, r.document), set()).add(r.year)
    return [key for key, spanned in years.items() if len(spanned) > 1]


def target_series(results: Iterable[TargetResult], *, area_code: str, indicator: str,
                  document: str | None = None) -> TargetSeries:
    """Per year target and realisation of one plan, and both cumulated over the years with data."""
    chosen = sorted(
        (r for r in results
         if r.area_code == area_code and r.indicator == indicator and (document is None or r.document == document)),
        key=lambda r: r.year,
    )
    if not chosen:
        raise ValueError(f"no target {indicator} for {area_code}" + (f" in {document}" if document else ""))
    if len({r.year for r in chosen}) != len(chosen):
        raise ValueError(f"target {indicator} for {area_code} given twice for a year: name the document")
    rows = []
    cumulative_target, cumulative_realisation, planned = 0.0, 0, 0.0
    for r in chosen:
        planned += r.target
        if r.has_data:
            cumulative_target += r.target
            cumulative_realisation += r.realisation
        rows.append({
            "year": r.year, "target": r.target, "realisation": r.realisation, "percent": r.percent, "met": r.met,
            "source_kind": r.source_kind, "basis": r.basis, "has_data": r.has_data,
            "cumulative_target": cumulative_target if r.has_data else None,
            "cumulative_realisation": cumulative_realisation if r.has_data else None,
            "planned_cumulative_target": planned,
        })
    years = pd.DataFrame(rows, columns=SERIES_COLUMNS)
    for column in ("realisation", "cumulative_realisation"):
        years[column] = years[column].astype("Int64")
    with_data = [r for r in chosen if r.has_data]
    return TargetSeries(
        area_code=area_code,
        area_name=chosen[0].area_name,
        indicator=indicator,
        document=chosen[0].document if document is None else document,
        years=years,
        missing_years=[r.year for r in chosen if not r.has_data],
        total_target=planned,
        target_with_data=sum(r.target for r in with_data),
        realisation_with_data=sum(r.realisation for r in with_data) if with_data else None,
    )


# ---------------------------------------------------------------------------------------------
# Pace and a simple projection

# "Laju rata-rata": (value in the last year with data - value in the first) / years between them.
# Chosen over a least-squares slope because the room can check it by hand from two numbers on the
# slide, and with two to four yearly points a fitted line says nothing more.
PROJECTION_LABEL = "proyeksi sederhana (laju rata-rata), bukan target"
PROJECTION_HORIZON = 10  # years drawn beyond the last data year at most

MEASURES = {
    "mandiri": "desa Mandiri",
    "tertinggal": "desa Tertinggal",
    "tertinggal_st": "desa Tertinggal + Sangat Tertinggal",
}


@dataclass(frozen=True)
class Pace:
    measure: str  # a key of MEASURES
    first_year: int
    last_year: int
    first_value: int
    last_value: int
    per_year: float  # laju rata-rata: villages per year (negative: falling)
    sources: tuple[str, ...]  # DESA / PUBLIKASI of the years used


def _measure(counts: StatusCounts, measure: str) -> int:
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}; expected one of {', '.join(MEASURES)}")
    return getattr(counts, measure)


def pace(history: Mapping[int, StatusCounts], *, measure: str) -> Pace | None:
    """Laju rata-rata of one measure over the years with data; None with fewer than two such years."""
    years = sorted(year for year, counts in history.items() if counts is not None)
    if len(years) < 2:
        return None
    first, last = years[0], years[-1]
    first_value, last_value = _measure(history[first], measure), _measure(history[last], measure)
    return Pace(measure, first, last, first_value, last_value, (last_value - first_value) / (last - first),
                tuple(dict.fromkeys(history[y].source for y in years)))


def paces(history: Mapping[int, StatusCounts]) -> dict[str, Pace | None]:
    """Laju rata-rata of Mandiri, Tertinggal, and Tertinggal + Sangat Tertinggal."""
    return {measure: pace(history, measure=measure) for measure in MEASURES}


@dataclass
class Projection:
    pace: Pace
    target: float
    target_year: int
    met_year: int | None  # first year the projection reaches the target; None when the pace goes the wrong way
    values: pd.DataFrame  # year, value: from the last data year on, for a dashed line
    label: str = PROJECTION_LABEL


def project_level(history: Mapping[int, StatusCounts], *, target: float, target_year: int,
                  measure: str = "tertinggal") -> Projection | None:
    """When a maximum (a level target such as desa_tertinggal 0) is reached at the laju rata-rata.

    None with fewer than two years of data. Counts never go below zero in the projection.
    """
    found = pace(history, measure=measure)
    if found is None:
        return None
    start, value, step = found.last_year, found.last_value, found.per_year
    if value <= target:
        met_year = start
    elif step < 0:
        # A hair of tolerance: 17 / (17 / 7) is 7.000000000000001 in floating point, and means 7 years.
        met_year = start + math.ceil((value - target) / -step - 1e-9)
    else:
        met_year = None
    end = max(target_year, met_year if met_year is not None else target_year)
    end = min(end, start + PROJECTION_HORIZON)
    years = list(range(start, max(end, start) + 1))
    values = [max(value + step * (y - start), 0.0) for y in years]
    return Projection(found, target, target_year, met_year, pd.DataFrame({"year": years, "value": values}))


# ---------------------------------------------------------------------------------------------
# From the database


def history(db: Database, area: str) -> dict[int, StatusCounts]:
    """Villages per status of an area in every year with counts: village rows, else published."""
    trend = db.area_trend(area=area)
    table = {}
    for row in trend.itertuples(index=False):
        numbers = [row.mandiri, row.maju, row.berkembang, row.tertinggal, row.sangat_tertinggal]
        if any(pd.isna(n) for n in numbers):
            continue
        table[int(row.year)] = StatusCounts(*(int(n) for n in numbers),
                                            source=DESA if row.source == "desa" else PUBLIKASI,
                                            citation=row.citation if isinstance(row.citation, str) else None)
    return table


def for_area(db: Database, area: str) -> list[TargetResult]:
    """Every target of an area with its realisation from the database."""
    targets = db.targets(area=area)
    if targets.empty:
        return []
    known: dict[str, dict[int, StatusCounts]] = {}

    def counts(code: str, year: int) -> StatusCounts | None:
        if code not in known:
            known[code] = history(db, code)
        return known[code].get(year)

    def risen(code: str, from_year: int, to_year: int) -> int | None:
        return db.risen(area=code, from_year=from_year, to_year=to_year)

    return evaluate(targets, counts=counts, risen=risen)
