"""idm.villages on the fixture database: search ranking, gap and cheapest dimension, profiles, the
priority list (checked against independent pandas computations)."""

import numpy as np
import pandas as pd
import pytest

from idm import codes, desa
from tests.fixtures import GONE_AFTER_2023, NEW_IN_2024, NO_SCORE_2024
from tests.helpers import read

# Lowest IDM of each status (IDM.md, "Status"), written out here so the test does not reuse idm.rules.
MINIMUM = {"TERTINGGAL": 0.4908, "BERKEMBANG": 0.5990, "MAJU": 0.7073, "MANDIRI": 0.8156}


@pytest.fixture(scope="module")
def source(fixture_database):
    return fixture_database


@pytest.fixture(scope="module")
def scores(fixture_db) -> pd.DataFrame:
    with read(fixture_db) as con:
        return con.execute("SELECT * FROM village_scores").df()


@pytest.mark.parametrize("typed, text, code", [
    ("banua", "BANUA", ""),
    ("  Banua   Hanyar ", "BANUA HANYAR", ""),
    ("Desa Banua Hanyar", "BANUA HANYAR", ""),
    ("63.01.01.2001", "", "6301012001"),
    ("6301012001", "", "6301012001"),
    ("6301 01", "", "630101"),
    ("", "", ""),
    (None, "", ""),
])
def test_parse_query(typed, text, code):
    query = desa.parse_query(typed)
    assert (query.text, query.code) == (text, code)


@pytest.mark.parametrize("value, expected", [
    ("6301012001", "6301012001"), ("63.01.01.2001", "6301012001"), ("630101", None), ("abc", None), (None, None),
])
def test_normalise_code(value, expected):
    assert desa.normalise_code(value) == expected


@pytest.mark.parametrize("typed, area, first_code, first_match", [
    ("banua hanyar", "6301", "6301012001", "persis"),
    ("BaNuA hAnYaR", "6301", "6301012001", "persis"),
    ("banua hanyr", "6301", "6301012001", "mirip"),  # a typo
    ("bnua hanyar", "6301", "6301012001", "mirip"),
    ("63.01.01.2001", "63", "6301012001", "persis"),
    ("6301012001", "63", "6301012001", "persis"),
    ("630101", "63", "6301012001", "awalan"),
    ("banua", "63", "6301012001", "awalan"),
    ("hanyar", "6302", "6302012001", "memuat"),
])
def test_search_ranks_the_village_first(source, typed, area, first_code, first_match):
    hits = desa.search(source, area=area, typed=typed)
    assert hits.iloc[0]["village_code"] == first_code
    assert hits.iloc[0]["match"] == first_match
    assert hits["village_code"].str.startswith(area).all()
    assert list(hits["match_rank"]) == sorted(hits["match_rank"])
    # Same-named villages are told apart by district and regency in the label.
    assert "Kec. " in hits.iloc[0]["label"] and codes.dotted(first_code) in hits.iloc[0]["label"]


def test_banua_finds_every_banua_village_of_the_province(source, scores):
    hits = desa.search(source, area="63", typed="banua", limit=500)
    names = scores[scores["village_code"].str.startswith("63")].groupby("village_code")["name"].last()
    expected = set(names[names.str.upper().str.contains("BANUA")].index)
    assert set(hits.loc[hits["match_rank"] <= 3, "village_code"]) == expected
    assert "Banua Hanyar" in set(hits["name"])


def test_exact_beats_prefix_beats_contains(source):
    hits = desa.search(source, area="63", typed="banua hanyar", limit=500)
    ranks = dict(zip(hits["village_code"], hits["match_rank"]))
    assert ranks["6301012001"] == 1
    assert all(r >= 2 for c, r in ranks.items() if not c.endswith("001"))


@pytest.mark.parametrize("typed", ["", "   ", "zzzzqqqxx", "9999", "..."])
def test_search_without_hits_is_empty(source, typed):
    assert desa.search(source, area="63", typed=typed).empty


# gap = minimum of the next status - IDM; points = ceil(gap x 3 x divisor) (175 IKS, 60 IKE, 15 IKL);
# headroom = floor((1 - value) x divisor).
@pytest.mark.parametrize("idm, iks, ike, ikl, gap, target, points, cheapest", [
    # 0.7073 - 0.6949 = 0.0124: IKL 0.0124*45 = 0.558 -> 1, IKE 0.0124*180 = 2.23 -> 3, IKS 0.0124*525 = 6.51 -> 7
    (0.6949, 0.70, 0.65, 0.7347, 0.0124, "MAJU", {"IKS": 7, "IKE": 3, "IKL": 1}, "IKL"),
    # 0.8156 - 0.7721 = 0.0435: IKL needs 1.96 -> 2 but has (1-0.9333)*15 = 1 point of room: IKE 7.83 -> 8
    (0.7721, 0.7829, 0.60, 0.9333, 0.0435, "MANDIRI", {"IKS": 23, "IKE": 8, "IKL": 2}, "IKE"),
    # IKL at 1 cannot rise: 0.0008 -> IKE 0.144 -> 1, IKS 0.42 -> 1; tie goes to IKE (its point weighs more)
    (0.7065, 0.90, 0.50, 1.0, 0.0008, "MAJU", {"IKS": 1, "IKE": 1, "IKL": 1}, "IKE"),
    # 0.4908 - 0.30 = 0.1908: IKL 8.59 -> 9 (room 10), IKE 34.3 -> 35, IKS 100.2 -> 101
    (0.30, 0.30, 0.30, 0.30, 0.1908, "TERTINGGAL", {"IKS": 101, "IKE": 35, "IKL": 9}, "IKL"),
    # exactly on a threshold value: 0.7072 is Berkembang, needs 0.0001
    (0.7072, 0.70, 0.70, 0.7216, 0.0001, "MAJU", {"IKS": 1, "IKE": 1, "IKL": 1}, "IKL"),
])
def test_plan_by_hand(idm, iks, ike, ikl, gap, target, points, cheapest):
    plan = desa.plan(idm=idm, iks=iks, ike=ike, ikl=ikl)
    assert plan.gap == pytest.approx(gap, abs=1e-9)
    assert plan.target == target
    assert {s.dimension: s.points for s in plan.steps} == points
    assert plan.cheapest.dimension == cheapest
    assert f"IDM {gap:.4f}".replace(".", ",") in plan.sentence


def test_plan_sentence_reads_like_the_issue():
    plan = desa.plan(idm=0.6949, iks=0.70, ike=0.65, ikl=0.7347)
    assert plan.sentence == ("Butuh kenaikan IDM 0,0124 untuk menjadi Maju: setara 1 poin skor indikator IKL "
                             "(atau 3 poin IKE, atau 7 poin IKS).")


@pytest.mark.parametrize("kwargs, expected", [
    ({"idm": 0.85, "iks": 0.9, "ike": 0.8, "ikl": 0.85}, "Mandiri"),  # nothing to close
    ({"idm": 0.70, "iks": None, "ike": None, "ikl": None}, "tidak tersedia"),
    ({"idm": 0.30, "iks": 0.3, "ike": 0.3, "ikl": 1.0}, "IKL tidak cukup (sudah bernilai 1)"),
])
def test_plan_edge_cases(kwargs, expected):
    assert expected in desa.plan(**kwargs).sentence


def test_plan_without_idm_is_none():
    assert desa.plan(idm=float("nan")) is None


def test_priority_list_equals_pandas(source, scores):
    listed = desa.priority_list(source.near_next_status(area="63", year=2024), max_gap=0.01)
    frame = scores[(scores["year"] == 2024) & scores["village_code"].str.startswith("63") & scores["idm"].notna()]
    idm = frame["idm"].round(4)
    next_minimum = pd.Series(np.select(
        [idm <= 0.4907, idm <= 0.5989, idm <= 0.7072, idm <= 0.8155],
        [MINIMUM["TERTINGGAL"], MINIMUM["BERKEMBANG"], MINIMUM["MAJU"], MINIMUM["MANDIRI"]], np.nan), index=idm.index)
    gap = (next_minimum - idm).round(4)
    expected = dict(zip(frame.loc[gap <= 0.01, "village_code"], gap[gap <= 0.01]))
    assert expected, "the fixture must have villages close to the next status"
    assert dict(zip(listed["village_code"], listed["gap"])) == pytest.approx(expected)
    assert list(listed["gap"]) == sorted(listed["gap"])
    counts = desa.priority_by_regency(listed).groupby("regency_code")["n"].sum().to_dict()
    assert counts == frame.loc[gap <= 0.01].groupby(frame["village_code"].str[:4]).size().to_dict()
    table = desa.priority_regency_table(desa.priority_by_regency(listed))
    assert table["Jumlah desa"].sum() == len(expected)
    assert (table.filter(like="Menjadi").sum(axis=1) == table["Jumlah desa"]).all()


@pytest.mark.parametrize("max_gap", [0.0, 0.002, 0.05, 1.0])
def test_priority_list_respects_the_maximum(source, max_gap):
    listed = desa.priority_list(source.near_next_status(area="6301", year=2024), max_gap=max_gap)
    assert (listed["gap"] <= max_gap + 1e-9).all()
    assert listed["village_code"].str.startswith("6301").all()
    assert "MANDIRI" not in set(listed["status"])


@pytest.mark.parametrize("code, year, shown, has_plan, note", [
    ("6301012001", 2024, 2024, True, None),
    ("6301012001", 2022, 2022, True, None),
    ("6301012001", 2021, 2024, True, "hanya memiliki angka provinsi"),  # published-only year
    (NO_SCORE_2024, 2024, 2024, False, None),
    (NEW_IN_2024, 2023, 2024, True, "tidak tercantum"),
    (GONE_AFTER_2023, 2024, 2023, True, "tidak tercantum"),
    ("6201012001", 2024, 2024, True, None),  # a province with one village year
])
def test_profile(source, code, year, shown, has_plan, note):
    profile = desa.profile(source, code=code, year=year)
    assert profile.year == shown
    assert (profile.plan is not None) == has_plan
    assert (note is None) == (profile.year_note is None)
    if note:
        assert note in profile.year_note
    assert 2021 in profile.published_only_years or code.startswith("62")
    table = desa.year_table(profile)
    assert len(table) == len(profile.rows) and "Sumber" in table


def test_profile_of_unknown_code_is_none(source):
    assert desa.profile(source, code="9999999999", year=2024) is None


def test_comparison_uses_the_same_year_averages(source, scores):
    profile = desa.profile(source, code="6301012001", year=2023)
    compared = desa.comparison(profile).set_index("level")
    year = scores[scores["year"] == 2023]
    for level, prefix in (("kecamatan", "630101"), ("kabupaten", "6301"), ("provinsi", "63")):
        expected = year.loc[year["village_code"].str.startswith(prefix), "idm"].mean()
        assert compared.loc[level, "idm"] == pytest.approx(expected)
    assert compared.loc["desa", "idm"] == year.set_index("village_code").loc["6301012001", "idm"]


@pytest.mark.parametrize("provenance, flags, year, expected", [
    ("Update 2023", None, 2024, "dimutakhirkan 2023, dibawa ke 2024"),
    ("Update 2023", None, 2023, "dimutakhirkan tahun 2023"),
    ("Server PDN", None, 2024, "Server PDN"),
    (None, "status_mismatch", 2024, "tidak sesuai ambang"),
    (None, "formula,status_derived", 2024, "(IKS+IKE+IKL)/3"),
    (None, None, 2024, "–"),
])
def test_provenance_text(provenance, flags, year, expected):
    assert expected in desa.provenance_text(provenance, flags, year)
