"""What the Ringkasan page (and the rakor deck's KPI slide) shows, assembled from the queries."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from idm import codes, filters, fmt, narrative, rules
from idm.database import Database
from idm.filters import Filters


@dataclass
class Headline:
    """An area's figures in one year, from its village rows or, in a year without them, as published for
    the area (Indonesia, a province, a regency). A published year may lack the IDM value itself (only
    counts published); a year of the Indeks Desa (from 2025) never has one, its villages per status
    continue IDM's (`index` says which index the year's statuses come from)."""

    year: int
    villages: int | None
    scored: int | None
    idm: float | None
    status: str | None
    counts: dict[str, int | None]  # villages per status
    unit_counts: dict[str, int | None]  # regencies (districts, provinces) per status; None: not published
    source: str  # 'desa' | 'publikasi'
    rank: int | None = None  # a province's national rank by IDM
    ranked: int | None = None  # among how many provinces (None: a published rank, the number not stated)
    rank_source: str | None = None  # 'desa': computed from every province's village rows; 'publikasi'
    skor: float | None = None  # the mean Indeks Desa score of the villages that have one (Indeks Desa years)
    scored_indeks_desa: int | None = None  # villages with an Indeks Desa score
    citation: str | None = None  # where a published year's figures were published

    @property
    def index(self) -> str:
        """rules.IDM or rules.INDEKS_DESA: the index this year's statuses come from."""
        return rules.index_of(self.year)


@dataclass(frozen=True)
class Rank:
    """A region's place among its peers (a regency among its province's, a district among its regency's):
    by the mean IDM of their villages on four decimals (by the mean Indeks Desa score in its years),
    equal values sharing a place."""

    rank: int
    ranked: int  # peers with a value that year
    by: str  # rules.IDM or rules.INDEKS_DESA
    word: str  # what the peers are: 'kabupaten', 'kecamatan'

    def text(self) -> str:
        """'10 dari 11 kabupaten'."""
        return f"{self.rank} dari {self.ranked} {self.word}"


@dataclass
class Overview:
    filters: Filters
    headline: Headline | None
    compare: Headline | None
    trend: pd.DataFrame
    units: pd.DataFrame
    sentence: str | None
    rank: Rank | None = None  # a regency's or district's place among its peers in the year
    rank_compare: Rank | None = None  # the same in the comparison year
    table: pd.DataFrame | None = None  # every unit of the area: unit_table
    partial_years: tuple[int, ...] = ()  # a group's years left out of its trend: not every province has rows


def group_trend(db: Database, chosen: Filters, frame: pd.DataFrame) -> tuple[pd.DataFrame, tuple[int, ...]]:
    """A group's (Indonesia's, Kalimantan's) rows per year limited to the years the whole group has
    (filters.group_years): Indonesia 2023 from the five Kalimantan provinces' rows is no figure of
    Indonesia. Returns the rows kept and the years left out; a single province's frame unchanged."""
    if not chosen.is_group or frame.empty:
        return frame, ()
    whole = filters.group_years(db.catalog(), chosen.province)
    partial = tuple(sorted(int(y) for y in set(frame["year"]) if int(y) not in whole))
    return frame[frame["year"].isin(list(whole))].reset_index(drop=True), partial


def partial_years_note(chosen: Filters, years: tuple[int, ...]) -> str | None:
    """'Tahun 2023 tidak ditampilkan untuk Indonesia: hanya sebagian provinsi memiliki data per desa.'"""
    if not years:
        return None
    return (f"Tahun {fmt.years_text(years)} tidak ditampilkan untuk {chosen.area_name}: hanya sebagian provinsi "
            "memiliki data per desa tahun itu, jadi angkanya bukan angka seluruh wilayah.")


# The regency table's columns, in order (unit_table): Indonesian headings, numbers kept as numbers.
def _value_column(year: int) -> str:
    return "Skor Indeks Desa" if rules.index_of(year) == rules.INDEKS_DESA else "IDM"


def ranks(stats: pd.DataFrame, year: int) -> pd.Series:
    """Place of each unit (index: code) among those with a value in `year`: IDM on four decimals, or the
    Indeks Desa score on two, highest first, equal values sharing the place."""
    part = stats[stats["year"] == year].set_index("code")
    if rules.index_of(year) == rules.INDEKS_DESA:
        values = part["skor"].where(part["scored_indeks_desa"] > 0).round(2)
    else:
        values = part["idm"].where(part["scored"] > 0).round(rules.DECIMALS)
    return values.rank(ascending=False, method="min").dropna().astype(int)


def unit_rank(db: Database, *, area: str, year: int) -> Rank | None:
    """A regency's or district's place among the units of the area one level up, from the village rows;
    None for a province or Indonesia (the national rank says theirs), or without values."""
    parent = codes.parent(area)
    if parent is None or len(area) not in (4, 6):
        return None
    placed = ranks(db.unit_stats(area=parent, years=[year]), year)
    if area not in placed.index:
        return None
    return Rank(int(placed[area]), len(placed), rules.index_of(year), codes.unit_word(parent))


def unit_table(stats: pd.DataFrame, *, year: int, compare_year: int | None, unit_word: str) -> pd.DataFrame:
    """Every unit of an area in one row: its value (IDM, or the Indeks Desa score from 2025) and change,
    its place and the change of place, villages per status and their change, the Mandiri share. A value
    of one index never minus a value of the other: across the change of method, only counts change."""
    now = stats[stats["year"] == year].set_index("code")
    names = stats.drop_duplicates("code").set_index("code")[["name", "kind"]]
    table = pd.DataFrame(index=names.index)
    table[unit_word.capitalize()] = names["name"]
    column = _value_column(year)
    value = "skor" if column != "IDM" else "idm"
    table[f"{column} {year}"] = now[value].reindex(table.index)
    place = ranks(stats, year)
    table[f"Peringkat {year}"] = place.reindex(table.index).astype("Int64")
    same_index = compare_year is not None and rules.index_of(compare_year) == rules.index_of(year)
    before = stats[stats["year"] == compare_year].set_index("code") if compare_year is not None else None
    if same_index:
        table[f"Perubahan {column}"] = (now[value] - before[value]).reindex(table.index)
        earlier = ranks(stats, compare_year).reindex(table.index)
        # Up the ranking is a smaller number: the change of place says how many places it rose.
        table["Perubahan peringkat"] = (earlier - place.reindex(table.index)).astype("Int64")
    for status in rules.STATUSES:
        count = now[rules.STATUS_COLUMNS[status.code]].reindex(table.index)
        table[f"Desa {status.label}"] = count.astype("Int64")
        if before is not None:
            table[f"Δ {status.label}"] = (count - before[rules.STATUS_COLUMNS[status.code]].reindex(table.index)
                                          ).astype("Int64")
    villages = now["villages"].reindex(table.index)
    table["Desa"] = villages.astype("Int64")
    table["Porsi Mandiri (%)"] = (100 * now["mandiri"].reindex(table.index) / villages).round(1)
    table = table[villages.fillna(0) > 0].sort_values(f"Peringkat {year}", na_position="last")
    return table.reset_index(drop=True)


def national_rank(db: Database, *, province: str, year: int) -> tuple[int | None, int | None, str | None]:
    """(rank, ranked, source) of a province: among all provinces when every one has village rows that
    year, else as published (without the number ranked), else unknown."""
    ranking = db.province_ranking()
    row = ranking[(ranking["province_code"] == province) & (ranking["year"] == year)]
    if not row.empty:
        return int(row["rank"].iloc[0]), int(row["ranked"].iloc[0]), "desa"
    published = db.published_summary(area=province, year=year)
    if not published.empty and pd.notna(published["national_rank"].iloc[0]):
        return int(published["national_rank"].iloc[0]), None, "publikasi"
    return None, None, None


def headline(db: Database, *, area: str, year: int, unit_length: int | None = None) -> Headline | None:
    """From the village rows; for a whole province in a year without them, from the published figures.

    unit_length: the sub-regions counted per status (by default one level down; `summary` asks for
    regencies even for Indonesia)."""
    rank = national_rank(db, province=area, year=year) if codes.level(area) == "provinsi" else (None, None, None)
    indeks_desa = rules.index_of(year) == rules.INDEKS_DESA
    kpi = db.area_kpi(area=area, year=year)
    if kpi["villages"]:
        counts = db.status_counts(area=area, year=year, unit_length=unit_length)
        per = {unit: dict(zip(part["status"], part["n"].astype(int))) for unit, part in counts.groupby("unit")}
        return Headline(
            year=year, villages=int(kpi["villages"]),
            scored=int(kpi["scored_indeks_desa"] if indeks_desa else kpi["scored"]),
            idm=None if pd.isna(kpi["idm"]) else float(kpi["idm"]), status=kpi["status"],
            counts={s: per.get("desa", {}).get(s, 0) for s in rules.STATUS_CODES},
            # An area's status is its villages' mean IDM classified; the Indeks Desa has no such rule.
            unit_counts=(dict.fromkeys(rules.STATUS_CODES) if indeks_desa
                         else {s: per.get("wilayah", {}).get(s, 0) for s in rules.STATUS_CODES}),
            source="desa", rank=rank[0], ranked=rank[1], rank_source=rank[2],
            skor=None if pd.isna(kpi["skor"]) else float(kpi["skor"]),
            scored_indeks_desa=int(kpi["scored_indeks_desa"]),
        )
    published = db.published_summary(area=area, year=year)
    if published.empty:
        return None
    row = published.iloc[0]

    def whole(value) -> int | None:
        return None if pd.isna(value) else int(value)

    idm = None if pd.isna(row["idm"]) else float(row["idm"])
    villages = whole(row["villages"])
    return Headline(
        year=year, villages=villages, scored=None if villages is None else villages - (whole(row["no_score"]) or 0),
        idm=idm, status=rules.classify(idm),
        counts={s: whole(row[c]) for s, c in rules.STATUS_COLUMNS.items()},
        unit_counts={"MANDIRI": whole(row["regencies_mandiri"]), "MAJU": whole(row["regencies_maju"]),
                     "BERKEMBANG": whole(row["regencies_berkembang"]), "TERTINGGAL": None,
                     "SANGAT TERTINGGAL": None},
        source="publikasi", rank=rank[0], ranked=rank[1], rank_source=rank[2],
        citation=row["source"] if isinstance(row["source"], str) else None,
    )


def load(db: Database, chosen: Filters) -> Overview:
    """The chosen area's headline in both years, its trend and its units ranked."""
    area = chosen.area
    current = headline(db, area=area, year=chosen.year)
    compare = headline(db, area=area, year=chosen.compare_year) if chosen.compare_year else None
    trend, partial = group_trend(db, chosen, db.area_trend(area=area))
    units = db.unit_ranking(area=area, year=chosen.year, compare_year=chosen.compare_year or chosen.year)
    rank = unit_rank(db, area=area, year=chosen.year)
    rank_compare = unit_rank(db, area=area, year=chosen.compare_year) if chosen.compare_year else None
    table = None
    if codes.unit_length(area) in (2, 4, 6):
        years = [chosen.year, *([chosen.compare_year] if chosen.compare_year else [])]
        table = unit_table(db.unit_stats(area=area, years=years), year=chosen.year, compare_year=chosen.compare_year,
                           unit_word=chosen.unit_word)
    sentence = None
    if current is not None and current.index == rules.INDEKS_DESA:
        sentence = narrative.indeks_desa_sentence(
            area_name=chosen.area_name, now=current.counts, year=chosen.year, rank=current.rank,
            before=compare.counts if compare else None, compare_year=compare.year if compare else None,
            published=current.source == "publikasi")
    elif current is not None and current.idm is None and current.source == "publikasi":
        sentence = narrative.published_counts_sentence(area_name=chosen.area_name, year=chosen.year,
                                                       counts=current.counts, rank=current.rank)
    elif current is not None and current.idm is not None:
        sentence = narrative.overview(
            area_name=chosen.area_name, year=chosen.year, idm=current.idm,
            compare_year=compare.year if compare else None, idm_compare=compare.idm if compare else None,
            mandiri=current.counts["MANDIRI"], mandiri_compare=compare.counts["MANDIRI"] if compare else None,
            units=units if not units["idm"].isna().all() else units.iloc[0:0], unit_word=chosen.unit_word,
        )
    return Overview(filters=chosen, headline=current, compare=compare, trend=trend, units=units, sentence=sentence,
                    rank=rank, rank_compare=rank_compare, table=table, partial_years=partial)
