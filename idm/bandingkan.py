"""Bandingkan: two to four areas side by side: a province's regencies and cities (and the province's own
average), or the provinces of the Indonesia and Kalimantan views.

Pure: `load(db, ...)` assembles from a `Database` what the Bandingkan page (and the rakor deck's
comparison slide) shows; the rest are DataFrames in, DataFrames out.

An area's figures in a year are its headline (idm.ringkasan.headline: village rows, else the figures
published for it). IDM values belong to the years of IDM (up to 2024); from 2025 the statuses come
from the Indeks Desa, whose villages per status continue the series but whose scores are another scale
(rules.index_of): they are never put beside an IDM value here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from idm import codes, fmt, rules
from idm.database import Database
from idm.filters import Catalog, Filters
from idm.ringkasan import Headline, headline

MIN_AREAS, MAX_AREAS = 2, 4
TOP_INDICATORS = 10
AVERAGE_NAME = "Rata-rata provinsi"  # the choice that stands for the province beside its regencies
DIMENSION_COLUMNS = [d.lower() for d in rules.DIMENSIONS]  # iks, ike, ikl
COUNT_COLUMNS = [rules.STATUS_COLUMNS[code] for code in rules.STATUS_CODES]  # mandiri ... sangat_tertinggal


@dataclass(frozen=True)
class Area:
    code: str  # a regency's or province's code; the province itself for its average
    name: str  # as a legend and a column header say it: 'Kab. Banjar', 'Rata-rata provinsi', 'Kalimantan Selatan'
    average: bool = False  # the province's average beside its regencies (drawn as the reference)
    spoken: str = ""  # as a sentence says it, when not `name`: 'Provinsi Kalimantan Selatan' for the average

    @property
    def said(self) -> str:
        return self.spoken or self.name


def choices(catalog: Catalog, chosen: Filters) -> dict[str, str]:
    """code -> name of the areas offered for these filters, in the order offered: for a province, its
    average first, then its regencies and cities that have village rows; for the Indonesia and
    Kalimantan views, their provinces."""
    if chosen.is_group:
        provinces = catalog.provinces()
        return {code: name for code, name in sorted(provinces.items(), key=lambda item: item[1])
                if code.startswith(chosen.area)}
    regencies = catalog.regencies(chosen.province)
    return {chosen.province: AVERAGE_NAME,
            **{code: codes.short_name(code, name) for code, name in regencies.items()}}


def selected(requested: Iterable[str], options: dict[str, str]) -> list[str]:
    """The requested codes that are offered, each once, at most MAX_AREAS, in the order asked."""
    kept: list[str] = []
    for code in requested:
        if code in options and code not in kept and len(kept) < MAX_AREAS:
            kept.append(code)
    return kept


def areas_of(wanted: Iterable[str], options: dict[str, str], chosen: Filters) -> list[Area]:
    def area(code: str) -> Area:
        if not chosen.is_group and code == chosen.province:
            return Area(code, options[code], average=True, spoken=f"Provinsi {chosen.province_name}")
        return Area(code, options[code])

    return [area(code) for code in selected(wanted, options)]


# --- what is compared -------------------------------------------------------------------------------

@dataclass
class Compared:
    year: int
    compare_year: int | None
    areas: list[Area]
    now: dict[str, Headline | None]  # area code -> its figures in `year` (None: nothing for that year)
    before: dict[str, Headline | None]  # ... in `compare_year`
    trend: pd.DataFrame  # see `trend`
    dimension_year: int | None  # the year whose IKS/IKE/IKL are compared (None: no year has them)
    indicator_year: int | None  # the year whose indicator scores are compared (None: no scores)
    indicator_means: pd.DataFrame  # indicator, area, villages, mean_score in `indicator_year`
    dictionary: pd.DataFrame  # the indicators of `indicator_year` (empty without one)

    @property
    def names(self) -> dict[str, str]:
        return {area.code: area.name for area in self.areas}


def trend(db: Database, areas: list[Area]) -> pd.DataFrame:
    """One row per area and year (area_trend of each): area, year, source, idm, iks, ike, ikl (NaN in the
    years of the Indeks Desa), status (of the IDM), villages per status, with_status (villages counted in
    a status) and mandiri_share (percent of them Mandiri)."""
    frames = [db.area_trend(area=area.code).assign(area=area.code) for area in areas]
    frames = [frame for frame in frames if not frame.empty]
    if not frames:
        return pd.DataFrame(columns=["area", "year", "source", "idm", *DIMENSION_COLUMNS, "status", *COUNT_COLUMNS,
                                     "with_status", "mandiri_share"])
    frame = pd.concat(frames, ignore_index=True)
    frame["year"] = frame["year"].astype(int)
    of_idm = frame["year"].map(rules.index_of) == rules.IDM
    # Never an Indeks Desa score where an IDM value is read, whatever a file put in these columns.
    frame[["idm", *DIMENSION_COLUMNS]] = frame[["idm", *DIMENSION_COLUMNS]].astype(float).where(of_idm)
    frame["status"] = frame["status"].where(of_idm & frame["idm"].notna())
    counts = frame[COUNT_COLUMNS].astype(float)
    frame["with_status"] = counts.sum(axis=1, min_count=1)
    frame["mandiri_share"] = 100 * counts["mandiri"] / frame["with_status"].where(frame["with_status"] > 0)
    return frame[["area", "year", "source", "idm", *DIMENSION_COLUMNS, "status", *COUNT_COLUMNS, "with_status",
                  "mandiri_share"]].sort_values(["area", "year"]).reset_index(drop=True)


def dimension_year(frame: pd.DataFrame, year: int) -> int | None:
    """The year whose IKS, IKE and IKL are compared: the chosen one when an area has them then; in a year
    of the Indeks Desa (which has no IKS/IKE/IKL) the last IDM year that has them; otherwise none."""
    years = set(frame.dropna(subset=["iks"])["year"].astype(int))
    if year in years:
        return year
    if rules.index_of(year) == rules.INDEKS_DESA:
        earlier = [y for y in years if y < year]
        return max(earlier) if earlier else None
    return None


def indicator_year(years: dict[str, set[int]], year: int) -> int | None:
    """The year whose indicator scores are compared: the chosen year when an area has scores then, else
    the latest earlier year with scores, else the latest year with scores; None without any."""
    every = set().union(*years.values()) if years else set()
    if not every:
        return None
    if year in every:
        return year
    earlier = [y for y in every if y < year]
    return max(earlier) if earlier else max(every)


def load(db: Database, chosen: Filters, areas: list[Area]) -> Compared:
    now = {area.code: headline(db, area=area.code, year=chosen.year) for area in areas}
    before = {area.code: headline(db, area=area.code, year=chosen.compare_year) if chosen.compare_year else None
              for area in areas}
    frame = trend(db, areas)
    score_years = {area.code: {int(y) for y in db.indicator_years(area=area.code)["year"]} for area in areas}
    scored_year = indicator_year(score_years, chosen.year)
    means = pd.DataFrame(columns=["indicator", "area", "villages", "mean_score"])
    dictionary = pd.DataFrame(columns=["code", "position", "name", "sub_dimension_name", "dimension"])
    if scored_year is not None:
        parts = [db.indicator_distribution(area=area.code, year=scored_year)[["code", "villages", "mean_score"]]
                 .rename(columns={"code": "indicator"}).assign(area=area.code)
                 for area in areas if scored_year in score_years[area.code]]
        means = pd.concat(parts, ignore_index=True)[["indicator", "area", "villages", "mean_score"]]
        dictionary = db.indicator_dictionary(year=scored_year)
    return Compared(year=chosen.year, compare_year=chosen.compare_year, areas=areas, now=now, before=before,
                    trend=frame, dimension_year=dimension_year(frame, chosen.year), indicator_year=scored_year,
                    indicator_means=means, dictionary=dictionary)


# --- the tables the page shows and the downloads write ----------------------------------------------

def _change(now: float | int | None, before: float | int | None) -> float | None:
    return None if now is None or before is None else now - before


def kpi_rows(compared: Compared) -> pd.DataFrame:
    """One row per area: IDM (an IDM year only), status, villages, Mandiri, and their change since the
    comparison year (the IDM change only when both years are IDM years)."""
    year, before_year = compared.year, compared.compare_year
    rows = []
    for area in compared.areas:
        now, before = compared.now[area.code], compared.before[area.code]
        mandiri = now.counts.get("MANDIRI") if now else None
        rows.append({
            "Wilayah": area.name,
            f"IDM {year}": now.idm if now else None,
            "Status": rules.STATUS_LABELS.get(now.status, "–") if now and now.status else "–",
            "Jumlah desa": now.villages if now else None,
            "Desa Mandiri": mandiri,
            "% Mandiri": (100 * mandiri / sum(v or 0 for v in now.counts.values())
                          if now and mandiri is not None and sum(v or 0 for v in now.counts.values()) else None),
            **({f"Δ IDM sejak {before_year}": _change(now.idm if now else None, before.idm if before else None),
                f"Δ Mandiri sejak {before_year}": _change(mandiri, before.counts.get("MANDIRI") if before else None)}
               if before_year else {}),
        })
    frame = pd.DataFrame(rows)
    for column in ("Jumlah desa", "Desa Mandiri", f"Δ Mandiri sejak {before_year}"):
        if column in frame:
            frame[column] = frame[column].astype("Int64")
    for column in (f"IDM {year}", "% Mandiri", f"Δ IDM sejak {before_year}"):
        if column in frame:
            frame[column] = frame[column].astype(float)
    return frame


def status_frame(compared: Compared) -> pd.DataFrame:
    """area, name, villages per status (count columns) and with_status of each area in the year; an area
    without figures that year has NaN counts."""
    rows = []
    for area in compared.areas:
        now = compared.now[area.code]
        counts = {rules.STATUS_COLUMNS[code]: (now.counts.get(code) if now else None) for code in rules.STATUS_CODES}
        known = [value for value in counts.values() if value is not None]
        rows.append({"area": area.code, "name": area.name, **counts,
                     "with_status": sum(known) if known else None})
    frame = pd.DataFrame(rows)
    frame[[*COUNT_COLUMNS, "with_status"]] = frame[[*COUNT_COLUMNS, "with_status"]].astype(float)
    return frame


def dimension_frame(compared: Compared) -> pd.DataFrame:
    """area, name, iks, ike, ikl, idm of each area in the dimension year (areas without them left out)."""
    if compared.dimension_year is None:
        return pd.DataFrame(columns=["area", "name", *DIMENSION_COLUMNS, "idm"])
    part = compared.trend[(compared.trend["year"] == compared.dimension_year) & compared.trend["iks"].notna()]
    order = {area.code: position for position, area in enumerate(compared.areas)}
    part = part.assign(name=part["area"].map(compared.names), order=part["area"].map(order)).sort_values("order")
    return part[["area", "name", *DIMENSION_COLUMNS, "idm"]].reset_index(drop=True)


def scored_areas(compared: Compared) -> list[Area]:
    """The areas with indicator scores in the indicator year."""
    present = set(compared.indicator_means["area"])
    return [area for area in compared.areas if area.code in present]


def differing(compared: Compared, *, top: int = TOP_INDICATORS) -> pd.DataFrame:
    """The indicators whose mean score (0-5) differs most between the areas with scores: code, name,
    sub_dimension_name, dimension, one mean column per area code, spread (highest minus lowest mean),
    highest, lowest (area codes). Largest spread first (ties: the ministry's order); indicators on which
    the areas do not differ are left out."""
    areas = [area.code for area in scored_areas(compared)]
    columns = ["code", "name", "sub_dimension_name", "dimension", *areas, "spread", "highest", "lowest"]
    if len(areas) < MIN_AREAS:
        return pd.DataFrame(columns=columns)
    wide = compared.indicator_means.pivot(index="indicator", columns="area", values="mean_score")[areas].dropna()
    spread = wide.max(axis=1) - wide.min(axis=1)
    table = pd.DataFrame({"code": wide.index, **{code: wide[code].to_numpy() for code in areas},
                          "spread": spread.to_numpy(), "highest": wide.idxmax(axis=1).to_numpy(),
                          "lowest": wide.idxmin(axis=1).to_numpy()})
    table = table.merge(compared.dictionary[["code", "position", "name", "sub_dimension_name", "dimension"]],
                        on="code", how="left")
    # A difference that does not show at the two decimals the table prints is no difference.
    table = table[table["spread"].round(2) > 0]
    table = table.sort_values(["spread", "position"], ascending=[False, True]).head(top)
    return table[columns].reset_index(drop=True)


def differing_rows(table: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """The differing indicators under Indonesian headers: one mean-score column per area."""
    areas = [code for code in names if code in table.columns]
    return pd.DataFrame({
        "Kode": table["code"],
        "Indikator": table["name"],
        "Sub-dimensi": table["sub_dimension_name"],
        **{f"Skor {names[code]}": table[code].round(2) for code in areas},
        "Selisih": table["spread"].round(2),
        "Tertinggi": table["highest"].map(names),
        "Terendah": table["lowest"].map(names),
    }).reset_index(drop=True)


# --- in words -----------------------------------------------------------------------------------

def sentence(compared: Compared) -> str:
    """One line for the page and the slide's speaker notes: who leads on IDM (an IDM year) and the share
    of Mandiri villages of each area; an area without figures for the year is named as such."""
    year = compared.year
    with_figures = [(area, compared.now[area.code]) for area in compared.areas if compared.now[area.code]]
    without = [area.said for area in compared.areas if not compared.now[area.code]]
    parts: list[str] = []
    scored = sorted(((area, now) for area, now in with_figures if now.idm is not None),
                    key=lambda pair: pair[1].idm, reverse=True)
    if len(scored) >= MIN_AREAS:
        (top, high), (bottom, low) = scored[0], scored[-1]
        parts.append(f"IDM {year} tertinggi {top.said} {fmt.idm(high.idm)} "
                     f"({rules.STATUS_LABELS.get(high.status, '–')}), terendah {bottom.said} {fmt.idm(low.idm)} "
                     f"({rules.STATUS_LABELS.get(low.status, '–')}), selisih {fmt.idm(high.idm - low.idm)}.")
    shares = []
    for area, now in with_figures:
        mandiri = now.counts.get("MANDIRI")
        total = sum(value or 0 for value in now.counts.values())
        if mandiri is not None and total:
            shares.append(f"{area.said} {fmt.count(mandiri)} dari {fmt.count(total)} "
                          f"({fmt.percent(100 * mandiri / total)})")
    if shares:
        parts.append(f"Desa Mandiri {rules.year_label(year)}: " + "; ".join(shares) + ".")
    if without:
        parts.append(f"Tanpa angka {year}: {', '.join(without)}.")
    return " ".join(parts)
