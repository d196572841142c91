"""What the Ringkasan page (and the rakor deck's KPI slide) shows, assembled from the queries."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from idm import narrative, rules
from idm.filters import Filters

@dataclass
class Headline:
    """An area's figures in one year."""

    year: int
    villages: int
    scored: int
    idm: float | None
    status: str | None
    counts: dict[str, int]  # villages per status
    unit_counts: dict[str, int | None]  # regencies (districts, provinces) per status
    source: str  # 'desa' | 'publikasi'


@dataclass
class Overview:
    filters: Filters
    headline: Headline | None
    compare: Headline | None
    trend: pd.DataFrame
    units: pd.DataFrame
    sentence: str | None

    @property
    def status_table(self) -> pd.DataFrame:
        """status, n, n_compare: villages per status in both years."""
        rows = [{"status": s, "n": self.headline.counts.get(s, 0),
                 "n_compare": self.compare.counts.get(s, 0) if self.compare else None}
                for s in rules.STATUS_CODES]
        return pd.DataFrame(rows)


def headline(source, *, area: str, year: int, province_level: bool) -> Headline | None:
    """From the village rows; for a whole province in a year without them, from the published figures."""
    kpi = source.area_kpi(area=area, year=year)
    if kpi["villages"]:
        counts = source.status_counts(area=area, year=year)
        per = {unit: dict(zip(part["status"], part["n"].astype(int))) for unit, part in counts.groupby("unit")}
        return Headline(
            year=year, villages=int(kpi["villages"]), scored=int(kpi["scored"]), idm=float(kpi["idm"]),
            status=kpi["status"], counts={s: per.get("desa", {}).get(s, 0) for s in rules.STATUS_CODES},
            unit_counts={s: per.get("wilayah", {}).get(s, 0) for s in rules.STATUS_CODES}, source="desa",
        )
    if not province_level:
        return None
    published = source.published_summary(province=area, year=year)
    if published.empty:
        return None
    row = published.iloc[0]

    def whole(value) -> int | None:
        return None if pd.isna(value) else int(value)

    return Headline(
        year=year, villages=whole(row["villages"]), scored=whole(row["villages"]) - (whole(row["no_score"]) or 0),
        idm=float(row["idm"]), status=rules.classify(float(row["idm"])),
        counts={s: whole(row[c]) or 0 for s, c in rules.STATUS_COLUMNS.items()},
        unit_counts={"MANDIRI": whole(row["regencies_mandiri"]), "MAJU": whole(row["regencies_maju"]),
                     "BERKEMBANG": whole(row["regencies_berkembang"]), "TERTINGGAL": None,
                     "SANGAT TERTINGGAL": None},
        source="publikasi",
    )


def load(source, chosen: Filters) -> Overview:
    """`source` is idm.cache (pages) or queries.Queries(con) (tests, exports)."""
    area = chosen.area
    province_level = not chosen.regency and not chosen.is_group
    current = headline(source, area=area, year=chosen.year, province_level=province_level)
    compare = (headline(source, area=area, year=chosen.compare_year, province_level=province_level)
               if chosen.compare_year else None)
    trend = source.area_trend(area=area)
    units = source.unit_ranking(area=area, year=chosen.year, compare_year=chosen.compare_year or chosen.year)
    sentence = None
    if current is not None and current.idm is not None:
        sentence = narrative.overview(
            area_name=chosen.area_name, year=chosen.year, idm=current.idm,
            compare_year=compare.year if compare else None, idm_compare=compare.idm if compare else None,
            mandiri=current.counts["MANDIRI"], mandiri_compare=compare.counts["MANDIRI"] if compare else None,
            units=units if not units["idm"].isna().all() else units.iloc[0:0], unit_word=chosen.unit_word,
        )
    return Overview(filters=chosen, headline=current, compare=compare, trend=trend, units=units, sentence=sentence)
