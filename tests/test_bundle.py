"""Built from the real open-data bundle, the database gives back the published figures."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from idm import cli
from idm.summary import province_summary
from tests.helpers import read

REPO = Path(__file__).resolve().parents[1]

KALSEL_2023 = {  # IDM.md, "Kalimantan Selatan, published figures": the 2023 row exactly
    "province": "63", "year": 2023, "villages": 1871, "idm": 0.748, "status": "MAJU",
    "status_counts": {"MANDIRI": 294, "MAJU": 1074, "BERKEMBANG": 501, "TERTINGGAL": 2, "SANGAT TERTINGGAL": 0},
    "regency_status_counts": {"MANDIRI": 0, "MAJU": 11, "BERKEMBANG": 0, "TERTINGGAL": 0, "SANGAT TERTINGGAL": 0},
    "source": "villages",
    "national_rank": None,  # village rows of five provinces only that year, and no published rank
    "provinces_ranked": None,
    "index": "IDM",  # the index of the year's statuses (Indeks Desa from 2025)
    "indeks_desa_score": None,
}


def test_kalimantan_selatan_2023_exactly_as_published(bundle_db):
    result = subprocess.run([sys.executable, "-m", "idm", "summary", "--province", "63", "--year", "2023",
                             "--db", str(bundle_db), "--json"], capture_output=True, text=True, cwd=REPO, check=True)
    assert json.loads(result.stdout) == KALSEL_2023


def test_kalimantan_selatan_2024(bundle_db, bundle_database):
    summary = province_summary(bundle_database, "63", 2024)
    with read(bundle_db) as con:
        unscored = con.execute("SELECT count(*) FROM village_scores WHERE year = 2024 AND idm IS NULL "
                               "AND village_code LIKE '63%'").fetchone()[0]
    assert summary["idm"] == 0.7903
    assert summary["status_counts"] == {"MANDIRI": 811, "MAJU": 839, "BERKEMBANG": 221, "TERTINGGAL": 0,
                                        "SANGAT TERTINGGAL": 0}
    assert summary["villages"] == 1872 and unscored == 1
    assert summary["regency_status_counts"]["MANDIRI"] == 2 and summary["regency_status_counts"]["MAJU"] == 9


# indeks_desa/rekap_indeks_desa_dipublikasikan.csv: the 2025 counts as published (Kepmendes 343/2025).
INDEKS_DESA_2025 = [
    ("63", (960, 758, 153, 0, 0), 1871, 5),
    ("6303", (114, 127, 36, 0, 0), 277, None),  # Kab. Banjar: "desa Mandiri naik dari 86 menjadi 114"
    ("64", (257, 347, 234, 3, 0), 841, None),
    ("00", (20503, 23579, 21813, 4672, 4694), 75261, None),
]


@pytest.mark.parametrize("area, counts, villages, rank", INDEKS_DESA_2025)
def test_indeks_desa_2025_as_published(bundle_db, capsys, area, counts, villages, rank):
    """The command's JSON, in this process (`python -m idm summary --json` as its own process: above)."""
    assert cli.main(["summary", "--province", area, "--year", "2025", "--db", str(bundle_db), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["index"] == "Indeks Desa" and summary["idm"] is None and summary["source"] == "published"
    assert tuple(summary["status_counts"].values()) == counts
    assert (summary["villages"], summary["national_rank"]) == (villages, rank)


def test_the_index_of_each_year_is_said(bundle_database):
    assert province_summary(bundle_database, "63", 2024)["index"] == "IDM"
    assert province_summary(bundle_database, "63", 2025)["index"] == "Indeks Desa"


@pytest.mark.parametrize("province", ["00", "ID"])


def test_indonesia_2024(bundle_database, province):
    summary = province_summary(bundle_database, province, 2024)
    assert summary["villages"] == 75265
    assert summary["idm"] == 0.7120
    assert summary["status_counts"] == {"MANDIRI": 17203, "MAJU": 23063, "BERKEMBANG": 24532, "TERTINGGAL": 6100,
                                        "SANGAT TERTINGGAL": 4363}


@pytest.mark.parametrize("year, idm, mandiri, maju, berkembang, tertinggal, sangat", [
    (2021, 0.6472, 28, 398, 1334, 98, 6),
    (2022, 0.7105, 100, 835, 892, 34, 3),
])


def test_published_years_answer_from_the_summary(bundle_database, year, idm, mandiri, maju, berkembang, tertinggal,
                                                 sangat):
    summary = province_summary(bundle_database, "63", year)
    assert summary["source"] == "published"
    assert summary["idm"] == idm
    assert list(summary["status_counts"].values()) == [mandiri, maju, berkembang, tertinggal, sangat]


def test_published_2024_summary_agrees_with_the_village_rows(bundle_db, bundle_database):
    with read(bundle_db) as con:
        published = con.execute("SELECT idm, mandiri, maju, berkembang, no_score, villages FROM published_summaries "
                                "WHERE area_code = '63' AND year = 2024").fetchone()
    computed = province_summary(bundle_database, "63", 2024)
    assert published == (0.7903, 811, 839, 221, 1, 1872)
    assert (computed["idm"], computed["villages"]) == (published[0], published[5])


def test_flagged_rows_are_kept_and_reported(bundle_db):
    with read(bundle_db) as con:
        flagged = con.execute("SELECT village_code, status, flags FROM village_scores "
                              "WHERE flags IS NOT NULL").fetchall()
        issues = con.execute("SELECT check_name, count(*) FROM import_issues GROUP BY ALL").fetchall()
    assert flagged == [("6213062003", "BERKEMBANG", "status_mismatch")]
    assert dict(issues)["no_score"] == 4


def test_kota_without_desa_are_regions_without_scores(bundle_db):
    with read(bundle_db) as con:
        rows = con.execute("SELECT r.code, r.kind, count(v.idm) FROM regions r LEFT JOIN village_scores v "
                           "ON starts_with(v.village_code, r.code) WHERE r.code IN ('6371', '6372') GROUP BY ALL "
                           "ORDER BY 1").fetchall()
    assert rows == [("6371", "kota", 0), ("6372", "kota", 0)]
