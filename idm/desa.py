"""What the Desa page shows: village search, a village's profile, the gap to its next status and
the cheapest way to close it, and the list of villages close to the next status.

Pure: the data comes from a `Database` (idm.database); no Streamlit here.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import pandas as pd

from idm import codes, fmt, rules
from idm.database import Database

SEARCH_LIMIT = 50
# Jaro-Winkler similarity from which a name counts as "mirip" (a typo such as 'banua hanyr').
MIN_SIMILARITY = 0.9
DEFAULT_MAX_GAP = 0.01

MATCH_LABELS = {1: "persis", 2: "awalan", 3: "memuat", 4: "mirip"}

# Checks of the importer (idm.importers.checks) a published row can carry, in the users' words.
FLAG_TEXT = {
    "formula": f"IDM yang dipublikasikan berbeda dari (IKS+IKE+IKL)/3 lebih dari {fmt.idm(rules.FORMULA_TOLERANCE)}; "
               "disimpan seperti dipublikasikan",
    "status_mismatch": "status yang dipublikasikan tidak sesuai ambang Permendesa PDTT 2/2016 untuk nilai IDM-nya; "
                       "disimpan seperti dipublikasikan",
    "status_derived": "status kosong di berkas sumber; diisi menurut ambang Permendesa PDTT 2/2016",
    "idm_derived": "nilai IDM kosong di berkas sumber; dihitung dari (IKS+IKE+IKL)/3",
    "missing_dimension": "IDM dipublikasikan tanpa sebagian nilai IKS/IKE/IKL",
    "approximate_name": "nama wilayah di berkas sumber tidak persis sama dengan gazetteer Kemendagri; "
                        "dicocokkan dengan nama yang paling mirip",
    "code_mismatch": "kode kecamatan/kabupaten di berkas sumber tidak sesuai kode desa; kode desa yang dipakai",
}

PROVENANCE_TEXT = {
    "Server PDN": "kolom Keterangan berkas resmi: 'Server PDN' (nilai yang tercatat di server Pusat Data Nasional)",
}

# Digits with optional dots, spaces or dashes between them: '63.01.10.2001', '6301 10 2001'.
_CODE = re.compile(r"^[\d.\s-]+$")


@dataclass(frozen=True)
class SearchQuery:
    text: str  # upper case, single spaces, '' when searching by code
    code: str  # digits, '' when searching by name

    @property
    def empty(self) -> bool:
        return not self.text and not self.code


def parse_query(typed: str | None) -> SearchQuery:
    """'banua  hanyar' -> text 'BANUA HANYAR'; '63.01.10.2001' -> code '6301102001'; 'Desa X' -> 'X'."""
    typed = (typed or "").strip()
    if _CODE.match(typed) and any(c.isdigit() for c in typed):
        return SearchQuery(text="", code=re.sub(r"\D", "", typed))
    text = " ".join(typed.upper().split())
    text = re.sub(r"^(DESA|DS\.?)\s+", "", text)
    return SearchQuery(text=text, code="")


def normalise_code(value: str | None) -> str | None:
    """A village code from a link: dots and spaces dropped; None unless ten digits remain."""
    digits = re.sub(r"[.\s-]", "", str(value or ""))
    return digits if re.fullmatch(r"\d{10}", digits) else None


def search(db: Database, *, area: str, typed: str | None, limit: int = SEARCH_LIMIT) -> pd.DataFrame:
    """Villages of the area matching what was typed, best first (exact > prefix > contains > similar),
    with a `label` that tells same-named villages apart by district and regency."""
    query = parse_query(typed)
    if query.empty:
        return pd.DataFrame(columns=["village_code", "name", "district_name", "regency_name", "match_rank",
                                     "match", "label"])
    hits = db.village_search(area=area, text=query.text, code=query.code, limit=limit,
                                 min_similarity=MIN_SIMILARITY)
    hits = hits.copy()
    hits["match"] = hits["match_rank"].map(MATCH_LABELS)
    hits["label"] = [hit_label(row) for row in hits.itertuples()]
    return hits


def hit_label(row) -> str:
    """'Banua Hanyar · Kec. Kertak Hanyar, Banjar · 63.03.02.2021'."""
    regency = row.regency_name or ""
    return f"{row.name} · Kec. {row.district_name}, {regency} · {codes.dotted(row.village_code)}"


@dataclass(frozen=True)
class DimensionStep:
    """How many indicator points of one dimension close the gap, and whether there is room for them."""

    dimension: str  # IKS | IKE | IKL
    points: int  # indicator score points (+1 on one indicator = one point) needed
    headroom: int | None  # points the dimension can still rise (None: value unknown)

    @property
    def feasible(self) -> bool:
        return self.headroom is not None and self.points <= self.headroom


@dataclass(frozen=True)
class Plan:
    """Gap of a village to its next status and what closes it."""

    idm: float
    status: str
    target: str | None  # None: Mandiri already
    gap: float | None
    steps: tuple[DimensionStep, ...] = ()

    @property
    def cheapest(self) -> DimensionStep | None:
        """The feasible step with the fewest points; on a tie the dimension whose point weighs most (IKL)."""
        feasible = [s for s in self.steps if s.feasible]
        return min(feasible, key=lambda s: (s.points, rules.DIMENSION_DIVISORS[s.dimension])) if feasible else None

    @property
    def fastest(self) -> str | None:
        """'IKL +1 poin', or 'IKL/IKE/IKS +1 poin' when several dimensions need equally few points."""
        cheapest = self.cheapest
        if cheapest is None:
            return None
        tied = [s.dimension for s in self.steps if s.feasible and s.points == cheapest.points]
        tied.sort(key=lambda d: rules.DIMENSION_DIVISORS[d])
        return f"{'/'.join(tied)} +{cheapest.points} poin"

    @property
    def sentence(self) -> str:
        """'Butuh kenaikan IDM 0,0123 untuk menjadi Maju: setara 1 poin skor indikator IKL (atau 3 poin IKE,
        atau 7 poin IKS).'"""
        if self.target is None:
            return "Desa ini sudah berstatus Mandiri, status tertinggi."
        head = f"Butuh kenaikan IDM {fmt.idm(self.gap)} untuk menjadi {rules.STATUS_LABELS[self.target]}"
        cheapest = self.cheapest
        if not self.steps:
            return head + " (nilai IKS/IKE/IKL tidak tersedia, langkah per dimensi tidak dapat dihitung)."
        if cheapest is None:
            return head + ": tidak cukup dari satu dimensi saja; perlu kenaikan di beberapa dimensi sekaligus."
        others = [s for s in sorted(self.steps, key=lambda s: (s.points, rules.DIMENSION_DIVISORS[s.dimension]))
                  if s is not cheapest]
        alternatives = [f"{s.points} poin {s.dimension}" for s in others if s.feasible]
        blocked = [f"{s.dimension} tidak cukup ({_room(s)})" for s in others if not s.feasible]
        tail = f" (atau {', atau '.join(alternatives)})" if alternatives else ""
        after = f" {'; '.join(blocked)}." if blocked else ""
        return f"{head}: setara {cheapest.points} poin skor indikator {cheapest.dimension}{tail}.{after}"


def _room(step: DimensionStep) -> str:
    if step.headroom is None:
        return "nilai tidak tersedia"
    if step.headroom == 0:
        return "sudah bernilai 1"
    return f"sisa ruang {step.headroom} poin, perlu {step.points}"


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value)


def plan(*, idm: float, iks: float | None = None, ike: float | None = None, ikl: float | None = None) -> Plan | None:
    """Gap to the next status (rules.gap_to_next) and, per dimension, the indicator points that close it.

    IDM = (IKS + IKE + IKL) / 3 and a dimension index is its 0..5 indicator scores summed over
    175 / 60 / 15 (IDM.md, "Formula and scale"), so one point on one indicator raises IDM by
    1 / (3 x divisor). A dimension can rise only up to 1: its headroom is (1 - value) x divisor points.
    """
    if _missing(idm):
        return None
    status = rules.classify(idm)
    target = rules.next_status(status)
    if target is None:
        return Plan(idm=idm, status=status, target=None, gap=None)
    gap = rules.gap_to_next(idm)
    values = {"IKS": iks, "IKE": ike, "IKL": ikl}
    steps = []
    for dimension in rules.DIMENSION_LIST:
        value = values[dimension.code]
        if _missing(value):
            continue
        # round() first: 0.0123 x 45 must not become 0.55350000001 -> still 1 point, but 0.02 x 45 = 0.9 -> 1.
        points = max(1, math.ceil(round(gap / dimension.point_value, 9)))
        headroom = max(0, math.floor(round((1 - value) * dimension.divisor, 6)))
        steps.append(DimensionStep(dimension=dimension.code, points=points, headroom=headroom))
    return Plan(idm=idm, status=status, target=target.code, gap=gap, steps=tuple(steps))


@dataclass
class Profile:
    code: str
    name: str
    district: str
    regency: str
    province: str
    province_code: str
    rows: pd.DataFrame  # one row per year with a published row (village_profile.sql)
    year: int  # the year the gap and the comparison are shown for
    year_note: str | None  # why `year` is not the year chosen in the sidebar
    published_only_years: list[int]  # the province has only published figures these years
    unlisted_years: list[int]  # the province has village rows, this village is not among them
    averages: pd.DataFrame  # area_averages.sql for `year`
    issues: pd.DataFrame  # village_issues.sql
    plan: Plan | None = None
    current: pd.Series | None = field(default=None)

    @property
    def scored_rows(self) -> pd.DataFrame:
        """The years with an IDM value (up to 2024)."""
        return self.rows[self.rows["idm"].notna()]

    @property
    def index(self) -> str:
        """The index of the shown year: IDM up to 2024, the Indeks Desa from 2025."""
        return rules.index_of(self.year)

    @property
    def last_idm(self) -> pd.Series | None:
        """The latest row with an IDM value before the shown year: 2024's beside a 2025 Indeks Desa status."""
        earlier = self.scored_rows[self.scored_rows["year"] < self.year]
        return earlier.iloc[-1] if not earlier.empty else None

    @property
    def last_score(self) -> pd.Series | None:
        """The latest earlier row with an Indeks Desa score, for the change of the shown year's score."""
        earlier = self.rows[(self.rows["year"] < self.year) & self.rows["skor"].notna()]
        return earlier.iloc[-1] if not earlier.empty else None


def profile(db: Database, *, code: str, year: int) -> Profile | None:
    """A village's rows for every year, and for `year` (or its latest year with a row) the gap,
    the cheapest dimension and its district/regency/province averages. None for an unknown code."""
    rows = db.village_profile(village=code)
    if rows.empty:
        return None
    last = rows.iloc[-1]
    province = str(last["province_code"] or code[:2])
    years = db.data_years()
    years = years[years["province_code"] == province]
    published_only = sorted(int(y) for y in years.loc[years["source"] == "publikasi", "year"])
    listed = {int(y) for y in rows["year"]}
    unlisted = sorted(int(y) for y in years.loc[years["source"] == "desa", "year"] if int(y) not in listed)

    note = None
    if year in listed:
        shown = year
    else:
        shown = int(rows["year"].max())
        if year in published_only:
            note = (f"Tahun {year} hanya memiliki angka provinsi yang dipublikasikan, tanpa nilai per desa; "
                    f"ditampilkan tahun {shown}.")
        else:
            note = f"Desa ini tidak tercantum dalam data {rules.index_of(year)} {year}; ditampilkan tahun {shown}."
    current = rows[rows["year"] == shown].iloc[0]
    # The gap to the next status is IDM's (its thresholds are law); an Indeks Desa status is kept as set.
    village_plan = (plan(idm=current["idm"], iks=current["iks"], ike=current["ike"], ikl=current["ikl"])
                    if rules.index_of(shown) == rules.IDM else None)
    return Profile(
        code=code, name=str(last["name"]), district=str(last["district_name"] or ""),
        regency=str(last["regency_name"] or ""), province=str(last["province_name"] or ""), province_code=province,
        rows=rows, year=shown, year_note=note, published_only_years=published_only, unlisted_years=unlisted,
        averages=db.area_averages(village=code, year=shown), issues=db.village_issues(village=code),
        plan=village_plan, current=current,
    )


def year_table(prof: Profile) -> pd.DataFrame:
    """One row per year for the table: values (IDM and its dimensions up to 2024, the Indeks Desa score
    from 2025, each in its own columns), status label, provenance in words."""
    rows = prof.rows
    values = {"IDM": rows["idm"], "IKS": rows["iks"], "IKE": rows["ike"], "IKL": rows["ikl"]}
    if any(rules.index_of(year) == rules.INDEKS_DESA for year in rows["year"]):
        values[SCORE_LABEL] = rows["skor"]
    table = pd.DataFrame({
        "Tahun": rows["year"].astype(int).map(rules.year_label),
        **values,
        "Status": [rules.STATUS_LABELS.get(s, "tanpa nilai") if isinstance(s, str) else "tanpa nilai"
                   for s in rows["status"]],
        "Keterangan": [provenance_text(p, f, int(y)) for p, f, y in
                       zip(rows["provenance"], rows["flags"], rows["year"])],
        "Sumber": [f"{f}, baris {int(r)}" if not _missing(r) else str(f)
                   for f, r in zip(rows["source_file"], rows["source_row"])],
    })
    return table.reset_index(drop=True)


def provenance_text(provenance: str | None, flags: str | None, year: int | None = None) -> str:
    """'Update 2023' and 'status_mismatch' in words for the table.

    'Update Y' says in which year the value was last updated: in a 2024 row 'Update 2023' marks a
    value carried over unchanged from 2023 (it equals the 2023 row in the official files)."""
    parts = []
    if isinstance(provenance, str) and provenance:
        updated = re.fullmatch(r"Update (\d{4})", provenance)
        if updated and year is not None and int(updated.group(1)) < year:
            parts.append(f"'{provenance}': nilai terakhir dimutakhirkan {updated.group(1)}, dibawa ke {year}")
        elif updated and year is not None:
            parts.append(f"'{provenance}': nilai dimutakhirkan tahun {year}")
        else:
            parts.append(PROVENANCE_TEXT.get(provenance, f"kolom keterangan berkas resmi: '{provenance}'"))
    if isinstance(flags, str) and flags:
        parts.extend(FLAG_TEXT.get(flag, flag) for flag in flags.split(","))
    return "; ".join(parts) if parts else "–"


SCORE_LABEL = "Skor Indeks Desa"


def comparison_measures(year: int) -> dict[str, str]:
    """The values a village is set beside its areas on, column -> label: IDM and IKS/IKE/IKL up to
    2024; from 2025 the Indeks Desa score and its six dimensions (0-100, never on IDM's axis)."""
    if rules.index_of(year) == rules.IDM:
        return {"idm": "IDM", **{d.code.lower(): d.code for d in rules.DIMENSION_LIST}}
    return {"skor": "Skor total", **{d.column: d.label for d in rules.INDEKS_DESA_DIMENSIONS}}


def comparison(prof: Profile) -> pd.DataFrame:
    """who ('Desa', 'Kec. X', ...), level, scored, status and the year's measures (comparison_measures)
    for the shown year."""
    current = prof.current
    measures = list(comparison_measures(prof.year))
    scored = "scored" if prof.index == rules.IDM else "scored_indeks_desa"
    rows = [{"who": f"Desa {prof.name}", "level": "desa", "status": current["status"], "scored": 1,
             **{m: current[m] for m in measures}}]
    for area in prof.averages.to_dict("records"):
        rows.append({"who": codes.short_name(area["code"], str(area["name"])), "level": area["level"],
                     "status": area["status"], "scored": area[scored], **{m: area[m] for m in measures}})
    return pd.DataFrame(rows)


def priority_list(candidates: pd.DataFrame, *, max_gap: float) -> pd.DataFrame:
    """Villages whose gap to the next status is at most `max_gap`, smallest gap first, with the
    target status and the cheapest dimension (from `plan`)."""
    columns = ["village_code", "name", "district_name", "regency_code", "regency_name", "idm", "status", "target",
               "gap", "iks", "ike", "ikl", "cheapest", "points", "fastest"]
    if candidates.empty:
        return pd.DataFrame(columns=columns)
    frame = candidates.copy()
    frame["status"] = frame["idm"].map(rules.classify)
    frame["gap"] = frame["idm"].map(rules.gap_to_next)
    frame = frame[frame["gap"].notna() & (frame["gap"] <= max_gap + 1e-9)].copy()
    plans = [plan(idm=r.idm, iks=r.iks, ike=r.ike, ikl=r.ikl) for r in frame.itertuples()]
    frame["target"] = [p.target for p in plans]
    cheapest = [p.cheapest for p in plans]
    frame["cheapest"] = [c.dimension if c else None for c in cheapest]
    frame["points"] = [c.points if c else None for c in cheapest]
    frame["fastest"] = [p.fastest or "beberapa dimensi sekaligus" for p in plans]
    return frame.sort_values(["gap", "regency_name", "name", "village_code"])[columns].reset_index(drop=True)


def priority_by_regency(listed: pd.DataFrame) -> pd.DataFrame:
    """regency_code, regency_name, target, n: villages close to each target status per regency."""
    if listed.empty:
        return pd.DataFrame(columns=["regency_code", "regency_name", "target", "n", "total"])
    counts = listed.groupby(["regency_code", "regency_name", "target"], as_index=False).size().rename(
        columns={"size": "n"})
    counts["total"] = counts.groupby("regency_code")["n"].transform("sum")
    return counts.sort_values(["total", "regency_name"], ascending=[False, True]).reset_index(drop=True)


def priority_regency_table(counts: pd.DataFrame) -> pd.DataFrame:
    """Kabupaten/kota, jumlah desa, then one column per target status: the count per regency to export."""
    if counts.empty:
        return pd.DataFrame(columns=["Kabupaten/kota", "Jumlah desa"])
    wide = counts.pivot_table(index=["regency_name", "total"], columns="target", values="n", fill_value=0,
                              aggfunc="sum")
    targets = [c for c in rules.STATUS_CODES if c in wide.columns]
    wide = wide[targets].rename(columns={c: f"Menjadi {rules.STATUS_LABELS[c]}" for c in targets}).reset_index()
    wide = wide.rename(columns={"regency_name": "Kabupaten/kota", "total": "Jumlah desa"})
    return wide.sort_values(["Jumlah desa", "Kabupaten/kota"], ascending=[False, True]).reset_index(drop=True)


def priority_table(listed: pd.DataFrame) -> pd.DataFrame:
    """The list as shown and exported: Indonesian headers, labels instead of codes."""
    return pd.DataFrame({
        "Kode desa": listed["village_code"].map(codes.dotted),
        "Desa": listed["name"],
        "Kecamatan": listed["district_name"],
        "Kabupaten/kota": listed["regency_name"],
        "IDM": listed["idm"],
        "Status": listed["status"].map(rules.STATUS_LABELS),
        "Target": listed["target"].map(rules.STATUS_LABELS),
        "Kekurangan IDM": listed["gap"],
        "Tercepat lewat": listed["fastest"],
    })
