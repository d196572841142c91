"""Status transitions of villages between two years: the matrix, who moved, and where.

Pure: fed by the `status_transitions` query (one row per village listed in either year), used by
the Transisi page and the rakor deck. Besides the five statuses, each side has two more categories
so that no village is dropped: "Tanpa nilai" (listed without a score) and "Tidak tercatat" (not
listed that year: new, renamed or merged villages). A village moved up or down only when it has
a status in both years; the status is the one published for the village.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from idm import codes, fmt, rules
from idm.database import Database
from idm.filters import Filters

NO_SCORE = "TANPA NILAI"
NOT_LISTED = "TIDAK TERCATAT"
CATEGORIES = (*rules.STATUS_CODES, NO_SCORE, NOT_LISTED)  # the order of every axis and node column
CATEGORY_LABELS = {**rules.STATUS_LABELS, NO_SCORE: "Tanpa nilai", NOT_LISTED: "Tidak tercatat"}

# Level of the units the shares are computed for, by code length, and the columns naming them.
UNIT_COLUMNS = {2: ("province_code", "province"), 4: ("regency_code", "regency"), 6: ("district_code", "district")}

JUMP = 2  # a village that crosses this many status levels or more at once is worth a look


@dataclass
class Transitions:
    """Villages of an area between two years. `message` is set (and the frames empty) when the two
    years cannot be compared; it says why in Indonesian."""

    from_year: int | None
    to_year: int | None
    villages: pd.DataFrame  # the query's rows plus from_category, to_category, change (levels)
    unit_word: str
    message: str | None = None
    note: str | None = None  # provinces left out of a Kalimantan comparison, say so under the charts

    @property
    def ok(self) -> bool:
        return self.message is None

    @property
    def matrix(self) -> pd.DataFrame:
        return transition_matrix(self.villages)

    @property
    def counts(self) -> dict[str, int]:
        return movement_counts(self.villages)

    def moved(self, direction: str) -> pd.DataFrame:
        return moved_table(self.villages, direction=direction, from_year=self.from_year, to_year=self.to_year)

    def units(self, unit_length: int) -> pd.DataFrame:
        return unit_shares(self.villages, unit_length=unit_length)


def categorise(frame: pd.DataFrame) -> pd.DataFrame:
    """Add from_category, to_category (one of CATEGORIES) and change (status levels, NaN unless
    the village has a status in both years)."""
    villages = frame.copy()
    for side in ("from", "to"):
        listed = villages[f"listed_{side}"].astype(bool)
        status = villages[f"status_{side}"].where(villages[f"status_{side}"].isin(rules.STATUS_CODES))
        villages[f"{side}_category"] = status.where(~listed | status.notna(), NO_SCORE).where(listed, NOT_LISTED)
    rank_from = villages["status_from"].map(rules.STATUS_RANK)
    rank_to = villages["status_to"].map(rules.STATUS_RANK)
    villages["change"] = (rank_to - rank_from).astype("Float64")
    return villages


def transition_matrix(villages: pd.DataFrame) -> pd.DataFrame:
    """Villages from each category (rows, earlier year) to each category (columns, later year)."""
    if villages.empty:
        return pd.DataFrame(0, index=list(CATEGORIES), columns=list(CATEGORIES))
    counts = pd.crosstab(villages["from_category"], villages["to_category"])
    return counts.reindex(index=list(CATEGORIES), columns=list(CATEGORIES), fill_value=0).astype(int)


def matrix_table(matrix: pd.DataFrame, *, from_year: int, to_year: int) -> pd.DataFrame:
    """The matrix for reading: 'n (p%)' per cell, p the share of the row (the earlier year's category),
    with row and column totals. Empty rows and columns are left out, except the five statuses."""
    keep = [c for c in CATEGORIES if c in rules.STATUS_CODES or matrix.loc[c].sum() or matrix[c].sum()]
    part = matrix.loc[keep, keep]
    totals = part.sum(axis=1)
    rows = []
    for category in keep:
        row = {f"{from_year} \\ {to_year}": CATEGORY_LABELS[category]}
        for target in keep:
            n = int(part.loc[category, target])
            share = 100 * n / totals[category] if totals[category] else None
            row[CATEGORY_LABELS[target]] = f"{fmt.count(n)} ({fmt.percent(share)})" if n else "–"
        row["Jumlah"] = fmt.count(int(totals[category]))
        rows.append(row)
    total_row = {f"{from_year} \\ {to_year}": "Jumlah"}
    total_row.update({CATEGORY_LABELS[t]: fmt.count(int(part[t].sum())) for t in keep})
    total_row["Jumlah"] = fmt.count(int(part.values.sum()))
    rows.append(total_row)
    return pd.DataFrame(rows)


def movement_counts(villages: pd.DataFrame) -> dict[str, int]:
    """How many villages went up, stayed, went down, jumped, and the ones outside the comparison."""
    change = villages["change"]
    return {
        "listed_from": int(villages["listed_from"].sum()),
        "listed_to": int(villages["listed_to"].sum()),
        "comparable": int(change.notna().sum()),
        "up": int((change > 0).sum()),
        "same": int((change == 0).sum()),
        "down": int((change < 0).sum()),
        "jumps": int((change.abs() >= JUMP).sum()),
        "new": int((villages["from_category"] == NOT_LISTED).sum()),
        "gone": int((villages["to_category"] == NOT_LISTED).sum()),
        "no_score_from": int((villages["from_category"] == NO_SCORE).sum()),
        "no_score_to": int((villages["to_category"] == NO_SCORE).sum()),
        # listed in both years, without a score in one of them (new or gone villages are counted above)
        "no_score": int((villages["listed_from"] & villages["listed_to"] & change.isna()).sum()),
        "outside": int(change.isna().sum()),
    }


def value_label(year: int) -> str:
    """The header of a year's value: 'IDM 2024', or 'Skor Indeks Desa 2025' (0-100, never IDM's scale)."""
    return f"IDM {year}" if rules.index_of(year) == rules.IDM else f"Skor Indeks Desa {year}"


def difference_label(from_year: int, to_year: int) -> str | None:
    """The header of the change in value between two years, None across the change of method: an IDM
    value and an Indeks Desa score are never subtracted."""
    if rules.crosses_method_change((from_year, to_year)):
        return None
    return "Selisih IDM" if rules.index_of(to_year) == rules.IDM else "Selisih skor"


def moved_table(villages: pd.DataFrame, *, direction: str, from_year: int, to_year: int) -> pd.DataFrame:
    """The villages that went up ('naik'), down ('turun') or crossed JUMP levels or more either way
    ('lompat'), biggest change first, with Indonesian headers. Each year's value is its index's (IDM
    up to 2024, the Indeks Desa score from 2025); their difference only within one index."""
    change = villages["change"]
    chosen = {"naik": change > 0, "turun": change < 0, "lompat": change.abs() >= JUMP}[direction]
    part = villages[chosen.fillna(False).astype(bool)].copy()
    value = {side: part[f"{'idm' if rules.index_of(year) == rules.IDM else 'skor'}_{side}"]
             for side, year in (("from", from_year), ("to", to_year))}
    difference = difference_label(from_year, to_year)
    part["order"] = part["change"].abs()
    part["difference"] = (value["to"] - value["from"]).round(4) if difference else 0.0
    part["size"] = part["difference"].abs()
    part = part.sort_values(["order", "size", "village_code"], ascending=[False, False, True])
    table = pd.DataFrame({
        "Kode": part["village_code"],
        "Desa": part["name"].map(fmt.region_name),
        "Kecamatan": part["district"],
        "Kabupaten/Kota": part["regency"],
        value_label(from_year): value["from"].loc[part.index],
        value_label(to_year): value["to"].loc[part.index],
        f"Status {from_year}": part["status_from"].map(rules.STATUS_LABELS),
        f"Status {to_year}": part["status_to"].map(rules.STATUS_LABELS),
        "Perubahan status": part["change"].astype(int),
    })
    if difference:
        table[difference] = part["difference"]
    return table


def unit_level(area: str) -> int:
    """Code length of the units whose shares are compared: the area's sub-regions, or the district
    itself when the area is one (its sub-units would be single villages)."""
    return min(codes.unit_length(area), 6)


def unit_shares(villages: pd.DataFrame, *, unit_length: int) -> pd.DataFrame:
    """Per unit: villages compared (status in both years), up, same, down with their shares (percent
    of the compared villages), and the new, no-longer-listed and no-score villages beside them."""
    code_column, name_column = UNIT_COLUMNS[unit_length]
    if villages.empty:
        return pd.DataFrame(columns=["code", "name", "comparable", "up", "same", "down", "share_up",
                                     "share_down", "new", "gone", "no_score"])
    flags = pd.DataFrame({
        "code": villages[code_column],
        "name": villages[name_column].fillna(villages[code_column]),
        "comparable": villages["change"].notna(),
        "up": (villages["change"] > 0).fillna(False),
        "same": (villages["change"] == 0).fillna(False),
        "down": (villages["change"] < 0).fillna(False),
        "new": villages["from_category"] == NOT_LISTED,
        "gone": villages["to_category"] == NOT_LISTED,
        "no_score": (villages["from_category"] == NO_SCORE) | (villages["to_category"] == NO_SCORE),
    })
    units = flags.groupby(["code", "name"], as_index=False).sum().astype(
        dict.fromkeys(("comparable", "up", "same", "down", "new", "gone", "no_score"), int))
    base = units["comparable"].where(units["comparable"] > 0)
    units["share_up"] = (100 * units["up"] / base).astype(float)
    units["share_down"] = (100 * units["down"] / base).astype(float)
    columns = ["code", "name", "comparable", "up", "same", "down", "share_up", "share_down", "new", "gone", "no_score"]
    return units[columns].sort_values(["share_up", "name"], ascending=[False, True]).reset_index(drop=True)


def units_table(units: pd.DataFrame, *, unit_word: str) -> pd.DataFrame:
    """unit_shares with Indonesian headers."""
    return pd.DataFrame({
        unit_word.capitalize(): units["name"],
        "Desa dibandingkan": units["comparable"],
        "Naik": units["up"],
        "Tetap": units["same"],
        "Turun": units["down"],
        "% naik": units["share_up"].round(1),
        "% turun": units["share_down"].round(1),
        "Baru tercatat": units["new"],
        "Tidak tercatat lagi": units["gone"],
        "Tanpa nilai": units["no_score"],
    })


def sentence(counts: dict[str, int], *, from_year: int, to_year: int, area_name: str) -> str:
    """'Dari 1.871 desa ... 790 naik status, 1.079 tetap, 2 turun.' plus the villages outside it."""
    text = (f"Dari {fmt.count(counts['comparable'])} desa {area_name} yang berstatus di {from_year} dan {to_year}, "
            f"{fmt.count(counts['up'])} naik status, {fmt.count(counts['same'])} tetap dan "
            f"{fmt.count(counts['down'])} turun")
    if counts["jumps"]:
        text += f"; {fmt.count(counts['jumps'])} berpindah {JUMP} tingkat atau lebih sekaligus"
    text += "."
    outside = []
    if counts["new"]:
        outside.append(f"{fmt.count(counts['new'])} desa baru tercatat di {to_year}")
    if counts["gone"]:
        outside.append(f"{fmt.count(counts['gone'])} desa {from_year} tidak tercatat lagi di {to_year}")
    if counts["no_score"]:
        outside.append(f"{fmt.count(counts['no_score'])} desa tercatat tanpa status di salah satu tahun")
    if counts["outside"]:
        text += f" Di luar perbandingan {fmt.count(counts['outside'])} desa: " + ", ".join(outside) + "."
    if rules.crosses_method_change((from_year, to_year)):
        text += (f" Status {from_year} dari {rules.index_of(from_year)}, status {to_year} dari "
                 f"{rules.index_of(to_year)}: yang dibandingkan status, bukan nilai.")
    return text


def _empty(message: str, unit_word: str, from_year: int | None = None, to_year: int | None = None) -> Transitions:
    return Transitions(from_year=from_year, to_year=to_year, villages=pd.DataFrame(), unit_word=unit_word,
                       message=message)


def load(db: Database, chosen: Filters) -> Transitions:
    """The transitions of the chosen area from the earlier to the later of the two sidebar years."""
    unit_word = codes.LEVELS[unit_level(chosen.area)]
    if not chosen.compare_year:
        return _empty(f"{chosen.area_name} hanya memiliki data IDM tahun {chosen.year}: belum ada tahun pembanding "
                      "untuk melihat perpindahan status desa.", unit_word)
    from_year, to_year = sorted((chosen.year, chosen.compare_year))
    sources = {chosen.year: chosen.year_source, chosen.compare_year: chosen.compare_source}
    published = [y for y in (from_year, to_year) if sources[y] == "publikasi"]
    if published:
        years = " dan ".join(str(y) for y in published)
        return _empty(f"Perpindahan status tidak dapat dihitung untuk {from_year}–{to_year}: tahun {years} hanya "
                      f"memiliki angka tingkat provinsi yang dipublikasikan, tanpa data per desa. Pilih dua tahun "
                      "yang memiliki data per desa di samping.", unit_word, from_year, to_year)
    frame = db.status_transitions(area=chosen.area, from_year=from_year, to_year=to_year)
    missing = [y for y, column in ((from_year, "listed_from"), (to_year, "listed_to"))
               if frame.empty or not frame[column].any()]
    if missing:
        years = " dan ".join(str(y) for y in missing)
        return _empty(f"Tidak ada data per desa {chosen.area_name} untuk tahun {years}: perpindahan status "
                      f"{from_year}–{to_year} tidak dapat dihitung.", unit_word, from_year, to_year)
    note = None
    if chosen.is_group:
        # A province without village rows in one of the years would count all its villages as new or
        # gone: compare only the provinces listed in both years, and name the others.
        listed = frame.groupby("province_code")[["listed_from", "listed_to"]].any()
        both = listed[listed["listed_from"] & listed["listed_to"]].index
        left_out = sorted(set(frame.loc[~frame["province_code"].isin(both), "province"].fillna("?")))
        if left_out:
            note = (f"Tanpa data per desa di kedua tahun, tidak disertakan: {', '.join(left_out)}.")
        frame = frame[frame["province_code"].isin(both)]
        if frame.empty:
            return _empty(f"Tidak ada provinsi yang memiliki data per desa di {from_year} dan {to_year}.",
                          unit_word, from_year, to_year)
    return Transitions(from_year=from_year, to_year=to_year, villages=categorise(frame), unit_word=unit_word,
                       note=note)
