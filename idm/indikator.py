"""The 50 IDM indicators: recomputation, shortfalls, the offices that act, and the gain to next status.

Pure: DataFrames in, DataFrames out; `load(db, ...)` assembles what the Indikator page (and the
rakor deck) shows from a `Database`.

A dimension index is the sum of its indicator scores over 5 x the number of indicators
(IKS /175, IKE /60, IKL /15; docs/IDM.md), so raising one indicator from score s to 5 adds
(5 - s) / divisor / 3 to the IDM: an IKL point is worth almost twelve IKS points.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from idm import codes, fmt, rules
from idm.database import Database

MAX_SCORE = 5
LOW_SCORES = (0, 1, 2)  # "kekurangan": the scores a village office must get an agency to act on
LOW_LABEL = "skor 0–2"

# Published IKS/IKE/IKL have four decimals: a sum "gives back" the published value when it rounds to it
# (rules.ROUNDING). No sum over 175, 60 or 15 falls exactly on a half of the fourth decimal.


# --- offices and sectors ---------------------------------------------------------------------

@dataclass(frozen=True)
class Sector:
    key: str
    label: str
    offices: str  # regular expression over the dictionary's office names (upper case)


# The six offices a rakor hands lists to, and the office names of the dictionary (`pel`) that stand
# for each. 'PU' (Public Works) is roads, except in the Permukiman sub-dimension, where it builds
# water supply (IKS34, IKS35): see `sectors_of`. The source's own spellings are kept (BPDB, DPBD).
SECTORS = (
    Sector("kesehatan", "Kesehatan", r"\bDINKES\b|\bBPJS\b"),
    Sector("pendidikan", "Pendidikan", r"\bDISDIK\b|\bDIKNAS\b|PERPUS"),
    Sector("jalan", "Jalan & transportasi", r"\bDISHUB\b"),
    Sector("air", "Air bersih & sanitasi", r"\bPAMSIMAS\b|\bPDAM\b|\bDLH\b|\bDKPP\b"),
    Sector("ekonomi", "Ekonomi & keuangan",
           r"DISPERINDAKOP|KEMENPERIND|\bPERBANKAN\b|\bBANK\b|\bBUMDES\b|\bKOPERASI\b|PARIWISATA|KANTOR POS"),
    Sector("bencana", "Kebencanaan", r"\bBPBD\b|\bBPDB\b|\bDPBD\b|\bBNPB\b|\bDISHUT\b|\bKPH\b"),
)
OTHER = Sector("lainnya", "Lainnya", "")
# What a rakor reads under each sector's tab: the offices of the dictionary it stands for.
SECTOR_OFFICES = {
    "kesehatan": "Dinkes, BPJS",
    "pendidikan": "Disdik/Diknas, Dinas Perpustakaan",
    "jalan": "PU (jalan, akses sekolah dan puskesmas, ruang publik), Dishub",
    "air": "PU dan PAMSIMAS (air minum, air bersih), PDAM, DLH, DKPP (sampah); jamban",
    "ekonomi": "Disperindakop UKM, Dinas Pariwisata, perbankan, BUMDes/koperasi, Kantor Pos",
    "bencana": "BPBD/BNPB, Dishut/KPH",
    "lainnya": "indikator yang ditangani desa sendiri, Dinsos, Dispora, Kesbangpol, Kominfo, ESDM, CSR dan swasta",
}
SECTOR_LABELS = {s.key: s.label for s in (*SECTORS, OTHER)}
PUBLIC_WORKS = re.compile(r"\bPU\b")
SETTLEMENT = "pmk"  # Permukiman: water, sanitation, electricity, internet
# Sanitation by definition, whoever the dictionary names (it names Dinsos and Dinkes).
SANITATION = {"IKS32"}


def sectors_of(code: str, sub_dimension: str, offices: list[str]) -> list[str]:
    """The sectors (SECTORS keys, in their order) whose offices act on an indicator; ['lainnya'] if none."""
    text = " , ".join(offices).upper()
    found = {s.key for s in SECTORS if re.search(s.offices, text)}
    if PUBLIC_WORKS.search(text):
        found.add("air" if sub_dimension == SETTLEMENT else "jalan")
    if code in SANITATION:
        found.add("air")
    return [s.key for s in SECTORS if s.key in found] or [OTHER.key]


def responsible(actors: pd.DataFrame) -> pd.Series:
    """code -> 'Kabupaten: Dinkes, PU · Lainnya: BPJS', the dictionary's `pel` in one line."""
    ordered = actors.sort_values(["code", "position"])
    return ordered.groupby("code").apply(
        lambda part: " · ".join(f"{level}: {offices}" for level, offices in zip(part["level"], part["offices"])),
        include_groups=False,
    )


def sector_table(dictionary: pd.DataFrame, actors: pd.DataFrame) -> pd.DataFrame:
    """code, sector, sector_label: one row per indicator and sector that acts on it."""
    offices = actors.groupby("code")["offices"].apply(list)
    rows = [
        {"code": code, "sector": key, "sector_label": SECTOR_LABELS[key]}
        for code, sub in zip(dictionary["code"], dictionary["sub_dimension"])
        for key in sectors_of(code, sub, offices.get(code, []))
    ]
    return pd.DataFrame(rows, columns=["code", "sector", "sector_label"])


# --- what an area lacks -------------------------------------------------------------------------

def activity_for(levels: pd.DataFrame, code: str, score: int) -> str | None:
    """The reference activity for a village at `score`: the dictionary's entry for that score, else
    the nearest entry below it, else the nearest above it (below 5) that names an activity."""
    part = levels[(levels["code"] == code) & levels["activity"].notna() & (levels["score"] < MAX_SCORE)]
    if part.empty:
        return None
    exact = part[part["score"] == score]
    if not exact.empty:
        return exact["activity"].iloc[0]
    below = part[part["score"] < score].sort_values("score", ascending=False)
    if not below.empty:
        return below["activity"].iloc[0]
    return part.sort_values("score")["activity"].iloc[0]


def meaning_for(levels: pd.DataFrame, code: str, score: int) -> str | None:
    part = levels[(levels["code"] == code) & (levels["score"] == score)]
    return None if part.empty or pd.isna(part["meaning"].iloc[0]) else part["meaning"].iloc[0]


def indicator_table(*, distribution: pd.DataFrame, dictionary: pd.DataFrame, levels: pd.DataFrame,
                    actors: pd.DataFrame) -> pd.DataFrame:
    """One row per indicator of an area: villages, mean score, villages scoring 0-2 (`low`) and their
    share, the commonest low score, its reference activity and who is responsible.
    """
    table = dictionary.merge(distribution, on="code", how="left")
    counts = table[[f"n{s}" for s in range(MAX_SCORE + 1)]].fillna(0).astype(int)
    table[counts.columns] = counts
    table["villages"] = table["villages"].fillna(0).astype(int)
    table["low"] = counts[[f"n{s}" for s in LOW_SCORES]].sum(axis=1)
    table["low_share"] = (table["low"] / table["villages"].where(table["villages"] > 0)).fillna(0.0)
    commonest = counts[[f"n{s}" for s in LOW_SCORES]].to_numpy().argmax(axis=1)
    table["typical_low"] = [LOW_SCORES[i] if low else None for i, low in zip(commonest, table["low"])]
    table["activity"] = [activity_for(levels, code, score) if score is not None else None
                         for code, score in zip(table["code"], table["typical_low"])]
    table["responsible"] = table["code"].map(responsible(actors)).fillna("")
    return table


def shortfalls(table: pd.DataFrame, *, top: int = 10) -> pd.DataFrame:
    """The indicators with the most villages scoring 0-2 (ties: lower mean score first)."""
    ranked = table[table["low"] > 0].sort_values(["low", "mean_score", "position"], ascending=[False, True, True])
    return ranked.head(top).reset_index(drop=True)


def by_sector(table: pd.DataFrame, sectors: pd.DataFrame) -> pd.DataFrame:
    """The indicator table once per sector that acts on it, sectors in SECTORS order, each sector's
    indicators by villages scoring 0-2."""
    order = {key: number for number, key in enumerate(SECTOR_LABELS)}
    joined = table.merge(sectors, on="code")
    joined["sector_order"] = joined["sector"].map(order)
    return joined.sort_values(["sector_order", "low", "position"], ascending=[True, False, True]).reset_index(drop=True)


def sub_dimension_scores(table: pd.DataFrame, reference: pd.Series | None = None) -> pd.DataFrame:
    """Mean score (0-5) per sub-dimension: the mean over its indicators of their mean score (every village
    with scores has all 50), beside the reference region's (`reference`: code -> mean score)."""
    frame = table[["code", "dimension", "sub_dimension", "sub_dimension_name", "sub_dimension_short",
                   "sub_position", "mean_score"]].copy()
    frame["reference"] = frame["code"].map(reference) if reference is not None else float("nan")
    grouped = frame.groupby(["sub_position", "sub_dimension", "sub_dimension_name", "sub_dimension_short",
                             "dimension"], as_index=False).agg(
        mean_score=("mean_score", "mean"), reference=("reference", "mean"), indicators=("code", "count"))
    return grouped.sort_values("sub_position").reset_index(drop=True)


def report_card(*, scores: pd.DataFrame, dictionary: pd.DataFrame, levels: pd.DataFrame,
                actors: pd.DataFrame) -> pd.DataFrame:
    """A village's 50 scores with what each means, the activity that raises it and who acts; `low`
    marks scores 0-2, `gain` is the IDM a raise to 5 would add."""
    card = dictionary.merge(scores[["code", "score"]], on="code", how="left")
    card["low"] = card["score"].isin(LOW_SCORES)
    card["meaning"] = [meaning_for(levels, c, s) if pd.notna(s) else None for c, s in zip(card["code"], card["score"])]
    card["activity"] = [activity_for(levels, c, s) if pd.notna(s) and s < MAX_SCORE else None
                        for c, s in zip(card["code"], card["score"])]
    card["responsible"] = card["code"].map(responsible(actors)).fillna("")
    card["gain"] = [indicator_gain(s, d) if pd.notna(s) else None for s, d in zip(card["score"], card["dimension"])]
    return card


# --- gain to the next status ------------------------------------------------------------------

def indicator_gain(score: int, dimension: str) -> float:
    """IDM added by raising one indicator from `score` to 5."""
    return (MAX_SCORE - score) * rules.DIMENSION_BY_CODE[dimension].point_value


def village_gains(*, villages: pd.DataFrame, scores: pd.DataFrame, dictionary: pd.DataFrame) -> pd.DataFrame:
    """For each village below Mandiri: the fewest indicators that, each raised to 5, lift it to the next
    status, taking first those that add the most IDM (ties: the ministry's order).

    villages: village_code, name, district_code/_name, regency_code/_name, idm (published).
    scores: village_code, code, score (long). The published IDM is the base and the score changes are
    added to it, so a village whose scores do not give back its published indices still gets its
    published status. Returns one row per village with idm, status, target, gap, needed (number of
    indicators, NA when the village is Mandiri or has no IDM), idm_after, fixes (codes, in order).
    """
    dimension = dict(zip(dictionary["code"], dictionary["dimension"]))
    position = dict(zip(dictionary["code"], dictionary["position"]))
    candidates = scores[scores["score"] < MAX_SCORE].copy()
    candidates["gain"] = [indicator_gain(s, dimension[c]) for s, c in zip(candidates["score"], candidates["code"])]
    candidates["position"] = candidates["code"].map(position)
    candidates = candidates.sort_values(["village_code", "gain", "position"], ascending=[True, False, True])
    options = dict(list(candidates.groupby("village_code", sort=False)))

    rows = []
    for village in villages.itertuples(index=False):
        idm = village.idm
        status = rules.classify(idm) if pd.notna(idm) else None
        target = rules.next_status(status) if status else None
        row = {"village_code": village.village_code, "idm": idm, "status": status,
               "target": target.code if target else None,
               "gap": rules.gap_to_next(idm) if target else None,
               "needed": None, "idm_after": None, "fixes": []}
        if target is not None:
            part = options.get(village.village_code)
            reached = rules.round_idm(idm)
            fixes = []
            if part is not None:
                for code, gain in zip(part["code"], part["gain"]):
                    reached += gain
                    fixes.append(code)
                    if rules.STATUS_RANK[rules.classify(reached)] >= target.rank:
                        row.update(needed=len(fixes), idm_after=reached, fixes=fixes)
                        break
        rows.append(row)
    gains = pd.DataFrame(rows, columns=["village_code", "idm", "status", "target", "gap", "needed", "idm_after",
                                        "fixes"])  # the columns also without villages (an area, a year without scores)
    gains["needed"] = gains["needed"].astype("Int64")
    keep = ["village_code", "name", "district_code", "district_name", "regency_code", "regency_name"]
    return villages[[c for c in keep if c in villages]].merge(gains, on="village_code", how="right")


def fixes_text(fixes: list[str], names: dict[str, str]) -> str:
    return "; ".join(f"{code} {names.get(code, '')}".strip() for code in fixes)


def gain_by_unit(gains: pd.DataFrame, *, unit: str = "regency") -> pd.DataFrame:
    """Per regency (unit='regency') or district (unit='district'): villages below Mandiri, and how many
    of them reach the next status with one indicator fixed, with two, with at most two; plus the
    indicator that appears most often in those one- or two-indicator lists."""
    code, name = f"{unit}_code", f"{unit}_name"
    below = gains[gains["target"].notna()]
    rows = []
    for (unit_code, unit_name), part in below.groupby([code, name], sort=True, dropna=False):
        quick = part[part["needed"].notna() & (part["needed"] <= 2)]
        # Most frequent first; ties by code, so the same data always names the same indicator.
        common = pd.Series([c for fixes in quick["fixes"] for c in fixes]).value_counts().sort_index()
        common = common.sort_values(ascending=False, kind="stable")
        rows.append({"code": unit_code, "name": unit_name, "below_mandiri": len(part),
                     "one": int((quick["needed"] == 1).sum()), "two": int((quick["needed"] == 2).sum()),
                     "up_to_two": len(quick), "top_indicator": common.index[0] if not common.empty else None,
                     "top_indicator_villages": int(common.iloc[0]) if not common.empty else 0})
    columns = ["code", "name", "below_mandiri", "one", "two", "up_to_two", "top_indicator", "top_indicator_villages"]
    table = pd.DataFrame(rows, columns=columns)
    table["share"] = (table["up_to_two"] / table["below_mandiri"].where(table["below_mandiri"] > 0)).fillna(0.0)
    return table.sort_values(["up_to_two", "name"], ascending=[False, True]).reset_index(drop=True)


def load_gains(db: Database, *, area: str, year: int) -> pd.DataFrame:
    """village_gains of an area (empty when there are no scores)."""
    villages = db.indicator_villages(area=area, year=year)
    if villages.empty:
        return village_gains(villages=villages.assign(idm=pd.Series(dtype=float)), scores=pd.DataFrame(
            columns=["village_code", "code", "score"]),
            dictionary=pd.DataFrame(columns=["code", "dimension", "position"]))
    return village_gains(villages=villages, scores=db.indicator_scores_long(area=area, year=year),
                         dictionary=db.indicator_dictionary(year=year))


# --- what the page shows ---------------------------------------------------------------------

@dataclass
class IndicatorView:
    """An area's indicators in a year (None-free only when `villages` > 0)."""

    year: int
    villages: int  # villages with scores in the area
    years_with_data: list[int]
    reference_name: str
    table: pd.DataFrame  # indicator_table
    sub_dimensions: pd.DataFrame  # sub_dimension_scores
    sectors: pd.DataFrame  # by_sector
    gains: pd.DataFrame  # village_gains
    gain_units: pd.DataFrame  # gain_by_unit
    unit: str  # 'regency' | 'district'


def reference_of(db: Database, *, area: str, year: int, province: str | None) -> tuple[str, pd.Series]:
    """What an area is compared with: its province's mean (from the village scores), or Indonesia's
    (from the dictionary) for a province or the Kalimantan group."""
    if province and len(area) > 2:
        distribution = db.indicator_distribution(area=province, year=year)
        return "rata-rata provinsi", distribution.set_index("code")["mean_score"]
    national = db.indicator_reference_means(region=codes.NATIONAL, year=year)
    return "rata-rata nasional", national.set_index("code")["mean_score"]


def load(db: Database, *, area: str, year: int, province: str | None) -> IndicatorView:
    years = db.indicator_years(area=area)
    years_with_data = [int(y) for y in years["year"]]
    villages = int(years.loc[years["year"] == year, "villages"].sum())
    unit = "district" if len(area) >= 4 else "regency"
    if not villages:
        empty = pd.DataFrame()
        return IndicatorView(year, 0, years_with_data, "", empty, empty, empty, empty, empty, unit)
    dictionary = db.indicator_dictionary(year=year)
    levels = db.indicator_levels(year=year)
    actors = db.indicator_actors(year=year)
    table = indicator_table(distribution=db.indicator_distribution(area=area, year=year),
                            dictionary=dictionary, levels=levels, actors=actors)
    reference_name, reference = reference_of(db, area=area, year=year, province=province)
    gains = load_gains(db, area=area, year=year)
    return IndicatorView(
        year=year, villages=villages, years_with_data=years_with_data, reference_name=reference_name,
        table=table, sub_dimensions=sub_dimension_scores(table, reference),
        sectors=by_sector(table, sector_table(dictionary, actors)), gains=gains,
        gain_units=gain_by_unit(gains, unit=unit), unit=unit,
    )


# --- tables as the offices read them (and export them) -----------------------------------------

def shortfall_rows(table: pd.DataFrame) -> pd.DataFrame:
    """Indicator rows under Indonesian headers: the Kekurangan and per-sector tables."""
    return pd.DataFrame({
        "Kode": table["code"],
        "Indikator": table["name"],
        "Sub-dimensi": table["sub_dimension_name"],
        "Desa skor 0–2": table["low"].astype(int),
        "% desa skor 0–2": (100 * table["low_share"]).round(1),
        "Rata-rata skor": table["mean_score"].round(2),
        "Kegiatan acuan": table["activity"].fillna("–"),
        "Penanggung jawab": table["responsible"],
    })


def village_gain_rows(gains: pd.DataFrame, dictionary: pd.DataFrame) -> pd.DataFrame:
    """Villages below Mandiri, fewest indicators first: what to raise to 5 to reach the next status."""
    names = dict(zip(dictionary["code"], dictionary["name"]))
    below = gains[gains["target"].notna()].copy()
    below = below.sort_values(["needed", "gap", "village_code"], na_position="last")
    return pd.DataFrame({
        "Kode desa": below["village_code"],
        "Desa": below["name"],
        "Kecamatan": below["district_name"],
        "Kabupaten/kota": below["regency_name"],
        "IDM": below["idm"],
        "Status": below["status"].map(rules.STATUS_LABELS),
        "Target": below["target"].map(rules.STATUS_LABELS),
        "Kurang": below["gap"],
        "Jumlah indikator": below["needed"],
        "Indikator dinaikkan ke skor 5": [fixes_text(f, names) for f in below["fixes"]],
    }).reset_index(drop=True)


def unit_gain_rows(units: pd.DataFrame, dictionary: pd.DataFrame, unit_word: str) -> pd.DataFrame:
    names = dict(zip(dictionary["code"], dictionary["name"]))
    return pd.DataFrame({
        unit_word.capitalize(): units["name"],
        "Desa di bawah Mandiri": units["below_mandiri"],
        "Naik dengan 1 indikator": units["one"],
        "Naik dengan 2 indikator": units["two"],
        "Naik dengan ≤ 2 indikator": units["up_to_two"],
        "% desa": (100 * units["share"]).round(1),
        "Indikator tersering": [f"{c} {names.get(c, '')} ({n} desa)" if c else "–"
                                for c, n in zip(units["top_indicator"], units["top_indicator_villages"])],
    })


def report_card_rows(card: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Kode": card["code"],
        "Indikator": card["name"],
        "Sub-dimensi": card["sub_dimension_name"],
        "Skor": card["score"].astype("Int64"),
        "Perlu ditangani": card["low"].map({True: "ya (skor 0–2)", False: ""}),
        "Arti skor": card["meaning"].fillna("–"),
        "Tambahan IDM bila skor 5": card["gain"].round(4),
        "Kegiatan acuan": card["activity"].fillna("–"),
        "Penanggung jawab": card["responsible"],
    })


def village_sentence(gain: pd.Series, card: pd.DataFrame, dictionary: pd.DataFrame) -> str:
    """One line above a report card: status, scores 0-2 and the way to the next status."""
    names = dict(zip(dictionary["code"], dictionary["name"]))
    status = rules.STATUS_LABELS.get(gain["status"], "tanpa nilai")
    text = (f"{gain['name']} (Kec. {gain['district_name']}): IDM {fmt.idm(gain['idm'])}, {status}; "
            f"{int(card['low'].sum())} dari 50 indikator bernilai 0–2.")
    if not gain["target"]:
        return text
    target = rules.STATUS_LABELS[gain["target"]]
    if pd.isna(gain["needed"]):
        return text + f" Kurang {fmt.idm(gain['gap'])} ke {target}."
    return (text + f" Naik ke {target} (kurang {fmt.idm(gain['gap'])}) bila {int(gain['needed'])} indikator "
            f"dinaikkan ke skor 5: {fixes_text(gain['fixes'], names)}.")
