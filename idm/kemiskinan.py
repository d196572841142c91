"""IDM beside poverty and welfare, per regency: what the Kemiskinan page (and the rakor deck) shows.

Pure: fed by the `welfare_by_region` query (a province and its regencies/cities, one row per
region and year, one column per BPS indicator: p0, p1, p2, ipm, gini, tpt, pdrb_kapita). The story
of the briefing (docs/IDM.md): P0 falling while IDM rises; a regency where IDM rises but P0 does not
fall is the one the meeting must discuss. The other indicators a province's tables hold are shown
beside IDM too. A kota made only of kelurahan has no IDM: it appears in the BPS tables, never on an
IDM axis.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from idm import codes, fmt, rules
from idm.database import Database
from idm.filters import Filters
from idm.welfare import INDICATORS

# Quadrants of the change scatter: IDM up (> 0 on four decimals) or not, P0 down (< 0) or not.
UP_DOWN = "IDM naik & kemiskinan turun"
UP_NOT_DOWN = "IDM naik & kemiskinan tidak turun"
DOWN_DOWN = "IDM turun & kemiskinan turun"
DOWN_NOT_DOWN = "IDM turun & kemiskinan tidak turun"
QUADRANTS = (UP_DOWN, UP_NOT_DOWN, DOWN_DOWN, DOWN_NOT_DOWN)

IMPORT_HINT = "unduh tabel dari situs BPS dan impor di halaman Kelola data"


@dataclass
class Poverty:
    """`frame`: the query's rows; `message` says in Indonesian why nothing can be shown (or None)."""

    province: str
    province_name: str
    frame: pd.DataFrame
    message: str | None = None

    @property
    def ok(self) -> bool:
        return self.message is None

    @property
    def regencies(self) -> pd.DataFrame:
        return self.frame[self.frame["level"] == "kabupaten"]

    def idm_years(self) -> list[int]:
        """Years in which regencies have IDM from village rows."""
        part = self.regencies
        return sorted(int(y) for y in part.loc[part["idm_source"] == "desa", "year"].unique())

    def indicators(self) -> list[str]:
        """Keys of the BPS indicators with any value for the province or its regencies, in INDICATORS order."""
        return [key for key in INDICATORS if key in self.frame and self.frame[key].notna().any()]

    def indicator_years(self, key: str) -> list[int]:
        return sorted(int(y) for y in self.frame.loc[self.frame[key].notna(), "year"].unique())

    def poverty_years(self) -> list[int]:
        return self.indicator_years("p0")

    def year(self, year: int) -> pd.DataFrame:
        return year_frame(self.frame, year=year)

    def changes(self, from_year: int, to_year: int) -> pd.DataFrame:
        return changes(self.frame, from_year=from_year, to_year=to_year)


def year_frame(frame: pd.DataFrame, *, year: int) -> pd.DataFrame:
    """The regencies/cities in one year: code, name, kind, idm, status, idm_source and the indicators."""
    part = frame[(frame["level"] == "kabupaten") & (frame["year"] == year)]
    return part[["code", "name", "kind", "idm", "status", "idm_source", *INDICATORS]].reset_index(drop=True)


def changes(frame: pd.DataFrame, *, from_year: int, to_year: int) -> pd.DataFrame:
    """Per regency/city: IDM and P0 in both years, their changes and the quadrant (None when a
    change is missing: a kota without IDM, a year without village rows or without BPS figures)."""
    regencies = frame[frame["level"] == "kabupaten"]
    before = regencies[regencies["year"] == from_year].set_index("code")
    after = regencies[regencies["year"] == to_year].set_index("code")
    codes = sorted(set(before.index) | set(after.index))
    before, after = before.reindex(codes), after.reindex(codes)
    result = pd.DataFrame({
        "code": codes,
        "name": after["name"].fillna(before["name"]).values,
        "kind": after["kind"].fillna(before["kind"]).values,
        "idm_from": before["idm"].where(before["idm_source"] == "desa").values,
        "idm_to": after["idm"].where(after["idm_source"] == "desa").values,
        "poverty_from": before["p0"].values,
        "poverty_to": after["p0"].values,
    })
    result["idm_change"] = (result["idm_to"] - result["idm_from"]).astype(float).round(rules.DECIMALS)
    result["poverty_change"] = (result["poverty_to"] - result["poverty_from"]).astype(float).round(2)
    result["quadrant"] = [quadrant(i, p) for i, p in zip(result["idm_change"], result["poverty_change"])]
    return result


def quadrant(idm_change: float | None, poverty_change: float | None) -> str | None:
    if pd.isna(idm_change) or pd.isna(poverty_change):
        return None
    if idm_change > 0:
        return UP_DOWN if poverty_change < 0 else UP_NOT_DOWN
    return DOWN_DOWN if poverty_change < 0 else DOWN_NOT_DOWN


def discussion_sentence(moves: pd.DataFrame, *, from_year: int, to_year: int) -> str | None:
    """The regencies where IDM rose but poverty did not fall, named in one Indonesian sentence.
    None when no regency has both changes."""
    known = moves[moves["quadrant"].notna()]
    if known.empty:
        return None
    flagged = known[known["quadrant"] == UP_NOT_DOWN].sort_values("poverty_change", ascending=False)
    if flagged.empty:
        rising = (known["idm_change"] > 0).sum()
        if not rising:
            return f"Tidak ada kabupaten yang IDM-nya naik dari {from_year} ke {to_year}."
        return (f"Di semua {fmt.count(rising)} kabupaten yang IDM-nya naik dari {from_year} ke {to_year}, "
                "persentase penduduk miskin juga turun.")
    parts = [f"{codes.regency_name(row.code, row.name)} (IDM {fmt.idm(row.idm_change, sign=True)}, "
             f"penduduk miskin {fmt.number(row.poverty_change, 2, sign=True)} poin persen)"
             for row in flagged.itertuples()]
    names = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " dan " + parts[-1]
    verb = "kabupaten yang" if len(parts) == 1 else f"{len(parts)} kabupaten yang"
    return (f"IDM naik tetapi persentase penduduk miskin tidak turun dari {from_year} ke {to_year} di {verb} "
            f"perlu dibahas: {names}.")


def side_by_side_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Province first, then regencies/cities; for each year 'IDM <year>' and 'P0 <year>' (percent).
    A kota has no IDM (NaN, labelled in the page), a year from published figures only has IDM for
    the province alone."""
    years = sorted(int(y) for y in frame["year"].unique())
    rows = []
    for (code, name, level), part in frame.groupby(["code", "name", "level"], sort=False):
        by_year = part.set_index("year")
        row = {"Wilayah": name if level == "provinsi" else codes.regency_name(code, name)}
        for year in years:
            row[f"IDM {year}"] = by_year["idm"].get(year)
            row[f"P0 {year} (%)"] = by_year["p0"].get(year)
        rows.append(row)
    table = pd.DataFrame(rows)
    return table.astype({c: float for c in table.columns if c != "Wilayah"})


def indicator_table(frame: pd.DataFrame, *, indicator: str) -> pd.DataFrame:
    """One BPS indicator for every region (province first) and every year it has: 'Wilayah',
    then '<short> <year>' ('IPM 2023', 'P1 2024', 'TPT 2024 (%)')."""
    shown = INDICATORS[indicator]
    years = sorted(int(y) for y in frame.loc[frame[indicator].notna(), "year"].unique())
    rows = []
    for (code, name, level), part in frame.groupby(["code", "name", "level"], sort=False):
        by_year = part.set_index("year")
        row = {"Wilayah": name if level == "provinsi" else codes.regency_name(code, name)}
        for year in years:
            row[shown.heading(year)] = by_year[indicator].get(year)
        rows.append(row)
    table = pd.DataFrame(rows)
    return table.astype({c: float for c in table.columns if c != "Wilayah"})


def changes_table(moves: pd.DataFrame, *, from_year: int, to_year: int) -> pd.DataFrame:
    """changes() with Indonesian headers, for the table beside the scatter."""
    table = pd.DataFrame({
        "Kabupaten/kota": [codes.regency_name(c, n) for c, n in zip(moves["code"], moves["name"])],
        f"IDM {from_year}": moves["idm_from"],
        f"IDM {to_year}": moves["idm_to"],
        "Perubahan IDM": moves["idm_change"],
        f"P0 {from_year} (%)": moves["poverty_from"],
        f"P0 {to_year} (%)": moves["poverty_to"],
        "Perubahan P0 (poin)": moves["poverty_change"],
        "Kuadran": [q if q else (rules.NO_IDM_LABEL if k == "kota" else "–")
                    for q, k in zip(moves["quadrant"], moves["kind"])],
    })
    return table.astype({c: float for c in table.columns if c not in ("Kabupaten/kota", "Kuadran")})


def load(db: Database, chosen: Filters) -> Poverty:
    """The chosen province's regencies (a chosen regency is highlighted by the page, not filtered:
    BPS publishes welfare per regency, so the comparison is always across the province).
    """
    if chosen.is_group:
        return Poverty(province=chosen.province, province_name=chosen.province_name, frame=pd.DataFrame(),
                       message="Data kemiskinan BPS tersedia per kabupaten/kota dalam satu provinsi, bukan untuk "
                               "gabungan provinsi: pilih satu provinsi di samping.")
    frame = db.welfare_by_region(province=chosen.province)
    has_welfare = not frame.empty and frame[list(INDICATORS)].notna().any().any()
    if not has_welfare:
        return Poverty(province=chosen.province, province_name=chosen.province_name, frame=frame,
                       message=f"Belum ada data kemiskinan dan kesejahteraan BPS untuk {chosen.province_name} di basis "
                               "data ini, sehingga IDM belum dapat dibandingkan dengan kemiskinan. Untuk "
                               f"menambahkannya, {IMPORT_HINT}: tabel per kabupaten/kota, mis. \"Persentase Penduduk "
                               "Miskin (P0) Menurut Kabupaten/Kota\", juga P1, P2, IPM, Gini, TPT atau PDRB per "
                               "kapita.")
    return Poverty(province=chosen.province, province_name=chosen.province_name, frame=frame)
