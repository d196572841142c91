"""The 50 indicators: import, recomputation against the published indices, sectors, gain to next status.

The fixture here is a handful of villages whose 50 scores are chosen so every sum is known; it is
written as the ministry's files (score CSV + dictionary JSON) and goes through the importer and
idm.importers.build.write_dataset like the real bundle.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pandas as pd
import pytest

from idm import database, indikator, rules, views
from idm.database import Database
from idm.filters import resolve
from idm.importers import build
from idm.importers import indicators as indicator_files
from tests.helpers import read

CODES = ([f"IKS{i:02d}" for i in range(1, 36)] + [f"IKE{i:02d}" for i in range(1, 13)]
         + [f"IKL{i:02d}" for i in range(1, 4)])
SUBS = [("kes", "IKS", "Kesehatan", range(0, 7)), ("pdd", "IKS", "Pendidikan", range(7, 14)),
        ("mds", "IKS", "Modal sosial", range(14, 27)), ("pmk", "IKS", "Permukiman", range(27, 35)),
        ("prd", "IKE", "Keragaman produksi", [35]), ("dag", "IKE", "Perdagangan & jasa", range(36, 40)),
        ("log", "IKE", "Distribusi & logistik", [40]), ("keu", "IKE", "Keuangan & kredit", [41, 42]),
        ("lek", "IKE", "Lembaga ekonomi", [43]), ("akw", "IKE", "Keterbukaan wilayah", [44, 45, 46]),
        ("lkg", "IKL", "Kualitas lingkungan", [47]), ("bcn", "IKL", "Kebencanaan", [48, 49])]
# Offices of a few indicators as the real dictionary writes them; the rest: the village itself.
OFFICES = {"IKS01": [["Kab/kota", "Dinkes, PU"]], "IKS34": [["Pusat", "PAMSIMAS, PU"], ["Kab/kota", "PU"]],
           "IKS14": [["Kab/kota", "Dinas Perpus"]], "IKE12": [["Kab/kota", "PU"], ["Desa", "DD"]],
           "IKL03": [["Pusat", "BNPB, Kemendes"], ["Kab/kota", "DPBD, DINSOS"]]}


def scores(iks: int, ike: int, ikl: int, **override: int) -> dict[str, int]:
    """All IKS indicators at `iks`, IKE at `ike`, IKL at `ikl`, then the overrides."""
    chosen = {c: {"IKS": iks, "IKE": ike, "IKL": ikl}[c[:3]] for c in CODES}
    chosen.update(override)
    return chosen


# village -> (regency, scores, published (iks, ike, ikl) or None = computed from the scores)
VILLAGES = {
    # Maju 0.7556: IKL03 0 -> 5 adds 0.1111, Mandiri with one indicator.
    "6301012001": ("6301", scores(4, 4, 5, IKL03=0), None),
    # Tertinggal 0.5111: IKL01 1 -> 5 adds 0.0889, Berkembang 0.6000 with one.
    "6301012002": ("6301", scores(3, 3, 1, IKL03=3), None),
    # Berkembang 0.6000: each IKL 3 -> 5 adds 0.0444; Maju (0.7073) needs three.
    "6301012003": ("6301", scores(3, 3, 3), None),
    # Mandiri: nothing to gain.
    "6301022001": ("6301", scores(5, 5, 5), None),
    # Published IKS 0.7000 although the scores give 0.8000: flagged, published value kept.
    "6301022002": ("6301", scores(4, 4, 4), (0.7, 0.8, 0.8)),
    # Sangat Tertinggal 0.4000; IKL 2 -> 5 adds 0.0667 each: two reach Tertinggal (0.5333).
    "6302012001": ("6302", scores(2, 2, 2), None),
    # Tertinggal 0.5886 (IKS 99/175, IKE 12/60, IKL 15/15): IKE01 1 -> 5 adds 0.0222, more than IKS02 0 -> 5
    # (0.0095): Berkembang with one.
    "6302012002": ("6302", scores(3, 1, 5, IKS01=2, IKS02=0, IKS03=1), None),
}
UNVERIFIED = "6302012003"  # listed with a reason, no scores
YEAR = 2024


def dimension_indices(chosen: dict[str, int]) -> tuple[float, float, float]:
    return tuple(round(sum(v for c, v in chosen.items() if c.startswith(d)) / n, 4)
                 for d, n in rules.DIMENSION_DIVISORS.items())


def write_sources(folder: Path) -> tuple[Path, Path]:
    """The fixture's score CSV and dictionary JSON, in the ministry's layout."""
    columns = [f"{c}_X" for c in CODES]
    rows = [[code] + [str(chosen[c]) for c in CODES] + [""] for code, (_, chosen, _) in VILLAGES.items()]
    rows.append([UNVERIFIED] + [""] * 50 + ["Data desa belum diverifikasi Kemendesa"])
    scores_path = folder / f"IDM_{YEAR}_INDIKATOR_63.csv"
    scores_path.write_text("\n".join(",".join(r) for r in [["KODE_DESA", *columns, "KETERANGAN"], *rows]) + "\n")
    entries = []
    for sub, dimension, _, positions in SUBS:
        for position in positions:
            code = CODES[position]
            entries.append({"c": f"{code}_X", "nm": f"Indikator {code}", "dim": dimension, "sub": sub,
                            "pel": OFFICES.get(code, [["Desa", "Desa"]]),
                            "ref": {"5": ["Baik", None], "3": ["Sedang", f"Perbaikan {code}"],
                                    "1": ["Kurang", f"Pembangunan {code}"]}})
    dictionary = {"year": str(YEAR), "dim": [{"k": d, "div": n} for d, n in rules.DIMENSION_DIVISORS.items()],
                  "sub": [{"k": k, "dim": d, "nm": nm, "short": nm, "ind": list(p)} for k, d, nm, p in SUBS],
                  "ind": entries, "nv": [], "nas": {"m": [3.0] * 50, "n": 100},
                  "prov": {"63": {"m": [3.5] * 50, "n": 7}}, "kab": {}}
    dictionary_path = folder / f"kamus_indikator_{YEAR}.json"
    dictionary_path.write_text(json.dumps(dictionary))
    return scores_path, dictionary_path


def village_rows() -> pd.DataFrame:
    rows = []
    for number, (code, (regency, chosen, published)) in enumerate(VILLAGES.items()):
        iks, ike, ikl = published or dimension_indices(chosen)
        idm = round((iks + ike + ikl) / 3, 4)
        for year in (2023, YEAR):  # 2023 has village rows but no indicator scores
            rows.append({"village_code": code, "name": f"DESA {code[-4:]}", "district_code": code[:6],
                         "district_name": f"KEC {code[4:6]}", "regency_code": regency,
                         "regency_name": {"6301": "TANAH LAUT", "6302": "KOTABARU"}[regency],
                         "province_code": "63", "province_name": "KALIMANTAN SELATAN", "iks": iks, "ike": ike,
                         "ikl": ikl, "idm": idm, "status": rules.classify(idm), "provenance": None, "flags": "",
                         "source_row": number + 2, "year": year, "source_file": f"fixture_{year}.xlsx"})
    rows.append({**rows[-1], "village_code": UNVERIFIED, "name": "DESA BELUM", "district_code": UNVERIFIED[:6],
                 "district_name": "KEC 01", "regency_code": "6302", "regency_name": "KOTABARU", "iks": 0.5,
                 "ike": 0.5, "ikl": 0.5, "idm": 0.5, "status": "TERTINGGAL", "year": YEAR})
    return pd.DataFrame(rows)


def build_indicator_fixture(path: Path) -> build.Dataset:
    """Write the fixture's sources beside `path`, read them like a build does, write the database."""
    folder = path.parent / "indicator-sources"
    folder.mkdir(parents=True, exist_ok=True)
    scores_path, dictionary_path = write_sources(folder)
    data = build.Dataset(meta={"dataset": "demo", "sources": "tests/test_indicators.py"})
    data.villages = [village_rows()]
    assert build.read_one(scores_path, data).startswith("skor 50 indikator")
    assert build.read_one(dictionary_path, data).startswith("kamus indikator")
    build.write_dataset(data, path)
    return data


@pytest.fixture(scope="module")
def indicator_db(tmp_path_factory) -> tuple[Path, build.Dataset]:
    path = tmp_path_factory.mktemp("indicators") / "indicators.duckdb"
    return path, build_indicator_fixture(path)


@pytest.fixture
def source(indicator_db):
    return Database(indicator_db[0])


# --- import ----------------------------------------------------------------------------------

def test_scores_are_stored_one_per_village_indicator_year(indicator_db):
    with read(indicator_db[0]) as con:
        count, villages, low, high = con.execute(
            "SELECT count(*), count(DISTINCT village_code), min(score), max(score) FROM indicator_scores").fetchone()
        codes = [c for (c,) in con.execute("SELECT code FROM indicators ORDER BY position").fetchall()]
        years = con.execute("SELECT DISTINCT year FROM indicator_scores").fetchall()
    assert (count, villages) == (50 * len(VILLAGES), len(VILLAGES))
    assert (low, high) == (0, 5)
    assert codes == CODES and years == [(YEAR,)]


def test_village_without_scores_is_listed_with_its_reason(indicator_db):
    with read(indicator_db[0]) as con:
        issues = con.execute("SELECT severity, message FROM import_issues WHERE check_name = 'no_indicator_scores'"
                             ).fetchall()
    assert issues == [("info", f"desa {UNVERIFIED} (baris {len(VILLAGES) + 2}) tanpa skor indikator: "
                               "Data desa belum diverifikasi Kemendesa")]


@pytest.mark.parametrize("cell, check", [("7", "unreadable_indicator"), ("2,5", "unreadable_indicator"),
                                         ("x", "unreadable_indicator")])
def test_unreadable_score_rejects_the_row(tmp_path, cell, check):
    scores_path, _ = write_sources(tmp_path)
    lines = scores_path.read_text().splitlines()
    first = lines[1].split(",")
    first[5] = f'"{cell}"' if "," in cell else cell
    lines[1] = ",".join(first)
    scores_path.write_text("\n".join(lines) + "\n")
    result = indicator_files.read_scores(scores_path)
    assert [p.check for p in result.problems if p.severity == "rejected"] == [check]
    assert result.villages == len(VILLAGES) - 1 and result.rows_rejected == 1
    assert "6301012001" not in set(result.scores["village_code"])


def test_dictionary_keeps_meanings_activities_and_levels(source):
    levels = source.indicator_levels(year=YEAR)
    actors = source.indicator_actors(year=YEAR)
    row = levels[(levels["code"] == "IKS01") & (levels["score"] == 1)].iloc[0]
    assert (row["meaning"], row["activity"]) == ("Kurang", "Pembangunan IKS01")
    assert list(actors.loc[actors["code"] == "IKS34", "level"]) == ["Pusat", "Kabupaten"]


# --- recomputation ---------------------------------------------------------------------------

def expected_mismatches() -> dict[str, str]:
    """Independently of the code under test: where the published indices differ from the sums."""
    out = {}
    for code, (_, chosen, published) in VILLAGES.items():
        if published is None:
            continue
        computed = dimension_indices(chosen)
        differs = [d for d, p, c in zip(rules.DIMENSIONS, published, computed) if abs(p - c) > 0.00005]
        if differs:
            out[code] = ", ".join(differs)
    return out


def test_recomputation_flags_exactly_the_villages_that_do_not_add_up(indicator_db):
    path, data = indicator_db
    flagged = [p for p in data.problems if p.check == "indicator_sum"]
    assert {p.message.split()[1]: p.column for p in flagged} == {"6301022002": "IKS"} == expected_mismatches()
    assert all(p.severity == "flagged" for p in flagged)
    assert "IKS skor 140/175 = 0,8000, resmi 0,7000" in flagged[0].message
    with read(path) as con:
        stored = con.execute("SELECT count(*) FROM import_issues WHERE check_name = 'indicator_sum' "
                             "AND severity = 'flagged'").fetchone()[0]
        iks = con.execute("SELECT iks FROM village_scores WHERE village_code = '6301022002' AND year = 2024"
                          ).fetchone()[0]
    assert stored == 1 and iks == 0.7  # flagged, published value kept, build not failed
    assert any("skor indikator tidak memberi kembali IKS/IKE/IKL resmi" in line for line in build.report(data))


@pytest.mark.parametrize("sums, published, differs", [
    ((140, 48, 12), (0.8, 0.8, 0.8), ""),
    ((141, 48, 12), (0.8057, 0.8, 0.8), ""),  # 141/175 = 0.805714 rounds to 0.8057
    ((141, 48, 12), (0.8058, 0.8, 0.8), "IKS"),
    ((140, 47, 11), (0.8, 0.8, 0.8), "IKE, IKL"),
])
def test_recompute_table(sums, published, differs):
    frame = pd.DataFrame([{"village_code": "6301012001", "year": YEAR, "source_file": "f.csv",
                           "iks_sum": sums[0], "ike_sum": sums[1], "ikl_sum": sums[2], "has_village_row": True,
                           "iks": published[0], "ike": published[1], "ikl": published[2]}])
    assert indicator_files.recompute(frame)["differs"].iloc[0] == differs


# --- sectors ---------------------------------------------------------------------------------

@pytest.mark.parametrize("code, sub, offices, expected", [
    ("IKS01", "kes", ["Dinkes, PU"], ["kesehatan", "jalan"]),
    ("IKS34", "pmk", ["PAMSIMAS, PU", "PU", "DD"], ["air"]),
    ("IKS14", "pdd", ["Kemenperpus Arsip", "Dinas Perpus"], ["pendidikan"]),  # 'PU' inside 'Perpus' is not PU
    ("IKS32", "pmk", ["DINSOS,DINKES", "CSR"], ["kesehatan", "air"]),
    ("IKE12", "akw", ["PU", "DD", "CSR"], ["jalan"]),
    ("IKE08", "keu", ["DISPERINDAKOP UKM", "BUMDES/ Koperasi", "Bank, Swasta"], ["ekonomi"]),
    ("IKL02", "bcn", ["DISHUT/KPH, BPDB", "BPBD"], ["bencana"]),
    ("IKS15", "mds", ["Desa"], ["lainnya"]),
])
def test_sectors_of(code, sub, offices, expected):
    assert indikator.sectors_of(code, sub, offices) == expected


# --- gain to next status ---------------------------------------------------------------------

def minimal_count(idm: float, chosen: dict[str, int]) -> int | None:
    """Brute force, independent of the greedy code: the fewest indicators raised to 5 that lift a village."""
    status = rules.classify(idm)
    target = rules.next_status(status)
    if target is None:
        return None
    gains = [(5 - s) / rules.DIMENSION_DIVISORS[c[:3]] / 3 for c, s in chosen.items() if s < 5]
    for size in range(1, 4):
        best = max((sum(combo) for combo in itertools.combinations(gains, size)), default=0)
        if rules.STATUS_RANK[rules.classify(idm + best)] >= target.rank:
            return size
    return 99


@pytest.mark.parametrize("village, needed, fixes, target", [
    ("6301012001", 1, ["IKL03"], "MANDIRI"),
    ("6301012002", 1, ["IKL01"], "BERKEMBANG"),
    ("6301012003", 3, ["IKL01", "IKL02", "IKL03"], "MAJU"),
    ("6301022001", None, [], None),
    ("6302012001", 2, ["IKL01", "IKL02"], "TERTINGGAL"),
    ("6302012002", 1, ["IKE01"], "BERKEMBANG"),
    # Published 0.7667 (Maju) although the scores give 0.8 (Mandiri); IKL 4 -> 5 adds 0.0222 each.
    ("6301022002", 3, ["IKL01", "IKL02", "IKL03"], "MANDIRI"),
])
def test_village_gain(source, village, needed, fixes, target):
    gains = indikator.load_gains(source, area="63", year=YEAR).set_index("village_code")
    row = gains.loc[village]
    assert (None if pd.isna(row["needed"]) else int(row["needed"])) == needed
    assert row["fixes"] == fixes and (None if pd.isna(row["target"]) else row["target"]) == target


def test_greedy_gain_is_the_fewest_indicators(source):
    gains = indikator.load_gains(source, area="63", year=YEAR).set_index("village_code")
    published = village_rows().query("year == @YEAR").set_index("village_code")["idm"]
    for code, (_, chosen, _) in VILLAGES.items():
        got = gains.loc[code, "needed"]
        assert (None if pd.isna(got) else int(got)) == minimal_count(published[code], chosen), code


def test_an_area_or_year_without_scores_has_no_gains_and_no_report_card(source):
    """A village the year has no scores for (a link to the indicator page with its code): no rows, no error
    (the empty frame has its columns), and the report card view says None."""
    gains = indikator.load_gains(source, area="6301012001", year=YEAR - 1)
    assert gains.empty and {"village_code", "needed", "fixes"} <= set(gains.columns)
    chosen = resolve({"prov": "63", "tahun": str(YEAR - 1)}, source.catalog())[0]
    assert views.indikator.report_card(source, chosen, village="6301012001") is None


def test_gain_by_regency(source):
    gains = indikator.load_gains(source, area="63", year=YEAR)
    table = indikator.gain_by_unit(gains, unit="regency").set_index("code")
    # From the parametrized cases above: 6301 has 4 villages below Mandiri (2 with one indicator,
    # 2 with three), 6302 has 2 (one with one indicator, one with two).
    assert table.loc["6301", ["below_mandiri", "one", "two", "up_to_two"]].tolist() == [4, 2, 0, 2]
    assert table.loc["6302", ["below_mandiri", "one", "two", "up_to_two"]].tolist() == [2, 1, 1, 2]
    assert table.loc["6301", "top_indicator"] == "IKL01"  # IKL01 and IKL03 once each: the first code
    assert table.loc["6301", "share"] == pytest.approx(0.5)
    assert list(table.index) == ["6302", "6301"]  # as many villages up: by name, Kotabaru first


# --- what an area lacks ----------------------------------------------------------------------

def test_indicator_table_counts_low_scores_like_sql(indicator_db, source):
    view = indikator.load(source, area="6301", year=YEAR, province="63")
    with read(indicator_db[0]) as con:
        expected = dict(con.execute(
            "SELECT code, count(*) FILTER (WHERE score <= 2) FROM indicator_scores "
            "WHERE village_code LIKE '6301%' GROUP BY code").fetchall())
    assert dict(zip(view.table["code"], view.table["low"])) == expected
    top = indikator.shortfalls(view.table, top=3)
    assert list(top["code"]) == ["IKL03", "IKL01", "IKL02"]  # IKL03: 0, 3, 5... -> most villages 0-2
    assert view.reference_name == "rata-rata provinsi" and view.unit == "district"


def test_sub_dimensions_against_reference(source):
    view = indikator.load(source, area="63", year=YEAR, province="63")
    subs = view.sub_dimensions.set_index("sub_dimension")
    assert len(subs) == 12 and view.reference_name == "rata-rata nasional"
    assert subs.loc["kes", "reference"] == pytest.approx(3.0)  # the dictionary's national means
    means = [sum(chosen[code] for _, chosen, _ in VILLAGES.values()) / len(VILLAGES) for code in CODES[:7]]
    assert subs.loc["kes", "mean_score"] == pytest.approx(sum(means) / 7)


def test_report_card_marks_low_scores(source):
    dictionary = source.indicator_dictionary(year=YEAR)
    card = indikator.report_card(scores=source.indicator_scores_long(area="6302012002", year=YEAR),
                                  dictionary=dictionary, levels=source.indicator_levels(year=YEAR),
                                  actors=source.indicator_actors(year=YEAR))
    low = set(card.loc[card["low"], "code"])
    assert low == {"IKS01", "IKS02", "IKS03", *[f"IKE{i:02d}" for i in range(1, 13)]}
    row = card.set_index("code").loc["IKS03"]
    assert (row["meaning"], row["activity"]) == ("Kurang", "Pembangunan IKS03")
    assert row["gain"] == pytest.approx(4 / 175 / 3)


def test_year_without_scores_is_empty(source):
    view = indikator.load(source, area="63", year=2023, province="63")
    assert view.villages == 0 and view.years_with_data == [YEAR]


# --- the real bundle -------------------------------------------------------------------------

def test_real_mismatch_counts_match_sources_md(bundle_build):
    """SOURCES.md: the scores do not add up for 47 villages in 63, 10 in 64, 96 in 62."""
    path, data = bundle_build
    flagged = [p for p in data.problems if p.check == "indicator_sum"]
    per_province = pd.Series([p.message.split()[1][:2] for p in flagged]).value_counts().to_dict()
    assert per_province == {"62": 96, "63": 47, "64": 10}
    with read(path) as con:
        sums = con.execute(database.sql("queries/indicator_sums")).df()
        assert indicator_files.mismatch_counts(indicator_files.recompute(sums)).to_dict() == per_province
        villages = con.execute("SELECT count(DISTINCT village_code) FROM indicator_scores").fetchone()[0]
    assert villages == 1432 + 1870 + 841


def test_real_dictionary_offices_all_have_a_sector_or_are_known_others(bundle_database):
    """A new office name in a new dictionary must not silently vanish from the sector lists."""
    known_others = {"CSR", "DD", "DESA", "DINSOS", "DISPORA", "DPMD", "DISKOMINFO", "ESDM",
                    "KARANG TARUNA", "KEMENDES", "KEMEPORA", "KESBANGPOL", "KOMINFO", "OPERATOR SELULAR",
                    "PERORANGAN", "SWASTA"}
    actors = bundle_database.indicator_actors(year=2024)
    for offices in actors["offices"]:
        for name in (n.strip().upper() for n in offices.replace("/", ",").split(",")):
            sectors = indikator.sectors_of("IKS01", "kes", [name])
            assert sectors != ["lainnya"] or name in known_others, name
