"""Targets from the database: realisation against the fixture's own rows, the CLI, the Target page,
the national rank and the Indonesia view."""

import json

import pandas as pd
import pytest

from idm import cli, filters, rules, target
from tests import fixtures
from tests.helpers import drawings, errors, markdown, metrics, open_page, unescape

pytestmark = pytest.mark.app  # runs the dashboard in AppTest

ROWS = fixtures.village_rows()


def counts(area: str, year: int) -> pd.Series:
    part = ROWS[(ROWS["year"] == year) & ROWS["village_code"].str.startswith(area)]
    return part["status"].value_counts().reindex(rules.STATUS_CODES, fill_value=0)


def risen(area: str, first: int, last: int) -> int:
    before = ROWS[(ROWS["year"] == first) & ROWS["village_code"].str.startswith(area)].set_index("village_code")
    after = ROWS[(ROWS["year"] == last) & ROWS["village_code"].str.startswith(area)].set_index("village_code")
    both = before.merge(after, left_index=True, right_index=True, suffixes=("_from", "_to"))
    lagging = both["status_from"].isin(["TERTINGGAL", "SANGAT TERTINGGAL"])
    up = both["status_to"].isin(["BERKEMBANG", "MAJU", "MANDIRI"])
    return int((lagging & up).sum())


@pytest.mark.parametrize("area, year, indicator, expected", [
    ("63", 2023, "desa_mandiri_bertambah", counts("63", 2023)["MANDIRI"] - counts("63", 2022)["MANDIRI"]),
    ("63", 2024, "desa_mandiri_bertambah", counts("63", 2024)["MANDIRI"] - counts("63", 2023)["MANDIRI"]),
    ("63", 2024, "desa_naik_dari_tertinggal", risen("63", 2023, 2024)),
    ("6302", 2024, "desa_tertinggal", counts("6302", 2024)["TERTINGGAL"]),
    ("6302", 2022, "desa_mandiri_bertambah", None),  # 2021 has published province figures only
])
def test_realisation_equals_the_fixture_rows(fixture_database, area, year, indicator, expected):
    [result] = [r for r in target.for_area(fixture_database, area) if r.year == year and r.indicator == indicator]
    assert result.realisation == expected
    if expected is None:
        assert result.met is None and "tanpa data" in result.basis


def test_cli_prints_one_row_per_target(fixture_db, capsys):
    assert cli.main(["target", "--area", "63", "--db", str(fixture_db), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["indicator"], r["year"]) for r in rows] == [("desa_mandiri_bertambah", 2023),
                                                          ("desa_mandiri_bertambah", 2024),
                                                          ("desa_naik_dari_tertinggal", 2024)]
    first = rows[0]
    assert set(first) >= {"indicator", "area", "year", "target", "realisation", "percent", "met", "source"}
    assert first["percent"] == round(first["realisation"] / first["target"] * 100, 1)
    assert isinstance(first["percent"], float) and first["met"] is True and first["source"] == "desa"
    assert cli.main(["target", "--area", "63", "--year", "2023", "--db", str(fixture_db)]) == 0
    table = capsys.readouterr().out
    assert "desa_mandiri_bertambah" in table and "2024" not in table.splitlines()[1]
    assert cli.main(["target", "--area", "62", "--db", str(fixture_db)]) == 1
    assert "tidak ada target" in capsys.readouterr().err


@pytest.mark.bundle
def test_kalsel_2022_as_published(bundle_db, capsys):
    assert cli.main(["target", "--area", "63", "--year", "2022", "--db", str(bundle_db), "--json"]) == 0
    rows = {r["indicator"]: r for r in json.loads(capsys.readouterr().out)}
    assert (rows["desa_mandiri_bertambah"]["realisation"], rows["desa_mandiri_bertambah"]["target"],
            rows["desa_mandiri_bertambah"]["percent"]) == (72, 10, 720.0)
    assert (rows["desa_tertinggal_berkurang"]["realisation"], rows["desa_tertinggal_berkurang"]["target"],
            rows["desa_tertinggal_berkurang"]["percent"]) == (64, 30, 213.3)
    assert all(r["met"] is True and r["source"] == "publikasi" for r in rows.values())


@pytest.mark.bundle
@pytest.mark.parametrize("province, year, rank, ranked", [
    ("63", 2024, 8, 37),  # among the 37 provinces with village rows in 2024
    ("63", 2022, 12, None),  # as published (rekap_kalsel_dipublikasikan.csv)
    ("63", 2023, None, None),  # village rows of five provinces only, and no published rank
    ("64", 2022, 8, None),
])
def test_national_rank(bundle_db, capsys, province, year, rank, ranked):
    assert cli.main(["summary", "--province", province, "--year", str(year), "--db", str(bundle_db), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert (summary["national_rank"], summary["provinces_ranked"]) == (rank, ranked)


def test_target_page_shows_the_year_and_its_tiles(fixture_env):
    app = open_page("target", tahun="2024")
    assert not errors(app)
    assert app.radio(key="tahun_target").value == 2024
    text = markdown(app)
    assert "Kalimantan Selatan 2024: 2 target" in text
    assert "Peningkatan desa Mandiri" in text and "66,7 %" in text
    app.radio(key="tahun_target").set_value(2023).run()
    assert not errors(app)
    assert "200 %" in markdown(app)
    assert app.query_params["tahun_target"] in ("2023", ["2023"])


def test_target_page_of_a_regency_and_of_a_group(fixture_env):
    app = open_page("target", kab="6302", tahun="2024")
    assert not errors(app)
    assert "paling banyak 0 desa" in markdown(app)
    group = open_page("target", prov="KAL")
    assert not errors(group)
    assert any("pilih satu provinsi" in unescape(i.value) for i in group.info)
    none = open_page("target", prov="62")
    assert any("Belum ada target" in unescape(i.value) for i in none.info)


@pytest.mark.parametrize("page", ["ringkasan", "target", "tren", "peta", "transisi", "kemiskinan", "desa",
                                  "indikator"])
def test_every_page_works_in_a_year_with_counts_but_no_idm(fixture_env, page):
    app = open_page(page, prov="62", tahun="2023")
    assert not errors(app)


def test_ringkasan_of_a_year_with_counts_but_no_idm(fixture_env):
    app = open_page(prov="62", tahun="2023")
    assert metrics(app)["IDM 2023"] == "–"
    text = markdown(app)
    assert "Nilai IDM Kalimantan Tengah 2023 tidak dipublikasikan" in text and "Peringkat nasional 8" in text
    assert "tidak dipublikasikan" in text


def test_ringkasan_shows_the_published_rank(fixture_env):
    app = open_page(tahun="2021")
    assert "Peringkat nasional 15 (angka publikasi)" in markdown(app)


def test_indonesia_compares_the_provinces_and_marks_the_home_one(fixture_env, monkeypatch):
    monkeypatch.setenv("IDM_PROVINCE", "62")
    app = open_page(prov="ID")
    assert not errors(app)
    assert unescape(app.title[0].value) == "Ringkasan IDM Indonesia"
    assert app.sidebar.selectbox(key="prov").options[0] == "Indonesia"
    ranking = next(d for d in drawings(app) if "Peringkat provinsi" in d)
    assert "<tspan font-weight='bold'>▶ Kalimantan Tengah</tspan>" in ranking and ">Kalimantan Selatan<" in ranking
    # Only 2024 has village rows in both provinces: Indonesia offers that year alone.
    assert app.sidebar.selectbox(key="tahun").options == ["2024"]


def test_group_years_need_every_member():
    class Catalog:
        def provinces(self):
            return {"62": "Kalimantan Tengah", "63": "Kalimantan Selatan"}

        def years(self, province):
            return {"62": {2024: "desa", 2023: "publikasi"}, "63": {2022: "desa", 2023: "desa", 2024: "desa"}}.get(
            province, {})  # no figures of Indonesia itself

    assert filters.group_years(Catalog(), filters.NATIONAL) == {2024: "desa"}
    assert filters.group_years(Catalog(), filters.KALIMANTAN) == {2024: "desa"}
