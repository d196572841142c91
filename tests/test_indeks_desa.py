"""Indeks Desa 2025 across the change of method: village files of both circulating layouts (made here,
one regency each), statuses kept as published, a score off the 0-100 scale refused by row and column,
2024 -> 2025 transitions by status only, a village's 2025 status beside its 2024 IDM, targets evaluated
across the change, and no chart that puts an IDM value and an Indeks Desa score on one axis.

The fixture database (tests/fixtures.py) has IDM rows of Kalimantan Selatan 2022-2024; the tests add
Kab. Banjar (6303) from a regency export and Kab. Kotabaru (6302) from the ministry's listing for 2025.
The published counts of the bundle are checked in tests/test_bundle.py.
"""

from __future__ import annotations

import hashlib
import json
import math
import shutil
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from idm import cli, deck, desa, rules, target, transisi, views
from idm.database import Database
from idm.filters import resolve
from idm.importers.incoming import import_file
from idm.specs import Chart, Missing
from tests import hostile
from tests.fixtures import build_fixture

pytestmark = pytest.mark.db

STATUS_WORDS = {"MANDIRI": "Mandiri", "MAJU": "Maju", "BERKEMBANG": "Berkembang", "TERTINGGAL": "tertinggal"}
DIMENSIONS = ("Layanan Dasar (DLD)", "Sosial (DS)", "Ekonomi (DE)", "Lingkungan (DL)", "Aksesibilitas (DA)",
              "Tata Kelola (TK)")


def villages_of(database: Path, regency: str) -> list[tuple[str, str]]:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute("SELECT village_code, name FROM village_scores WHERE year = 2024 AND "
                           "starts_with(village_code, ?) ORDER BY 1", [regency]).fetchall()


def banjar_statuses(codes: list[str]) -> dict[str, tuple[str, float]]:
    """(status, score) per village: scores 60,13 .. 91,64 (never a whole number, never a count), statuses
    as a file would publish them. The one with the lowest score is published Mandiri: it stays so."""
    published = {}
    for i, code in enumerate(codes):
        score = round(60.13 + 1.37 * i, 2)
        status = "MANDIRI" if score > 79.62 else "MAJU" if score > 69.34 else "BERKEMBANG"
        published[code] = (status, score)
    published[codes[0]] = ("MANDIRI", published[codes[0]][1])  # never recomputed from the score
    return published


def regency_export(path: Path, villages: list[tuple[str, str]], published: dict[str, tuple[str, float]],
                   *, year: int = 2025) -> Path:
    """A regency's export as it circulates: a title row naming the year, ';' between cells, decimal commas."""
    lines = [f"STATUS INDEKS DESA TAHUN {year} KABUPATEN BANJAR", "",
             ";".join(["No", "Kecamatan", "Kode Desa", "Nama Desa", "Status", "Skor Total", *DIMENSIONS])]
    for number, (code, name) in enumerate(villages, start=1):
        status, score = published[code]
        dimensions = [f"{score + step:.2f}".replace(".", ",") for step in (-3, 2, 1, -1, 4, -2)]
        lines.append(";".join([str(number), f"KEC {code[:6]}", code, name, STATUS_WORDS[status],
                               f"{score:.2f}".replace(".", ","), *dimensions]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def ministry_listing(path: Path, villages: list[tuple[str, str]], published: dict[str, str]) -> Path:
    """The ministry's listing: dotted codes, 'Status ID', item scores and no total (the year in the name)."""
    header = ["Provinsi", "Kabupaten/ Kota", "Kecamatan", "Kode Wilayah Administrasi Desa", "Desa", "Status ID",
              "SKOR Ketersediaan Sarana Pendidikan", "SKOR Akses Air Minum"]
    rows = [[("KALIMANTAN SELATAN", "KOTABARU", f"KEC {code[:6]}", f"{code[:2]}.{code[2:4]}.{code[4:6]}.{code[6:]}",
              name, STATUS_WORDS[published[code]].upper(), 3, 4)] for code, name in villages]
    return hostile.write_xlsx(path, [header, *(list(row[0]) for row in rows)])


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict:
    """The fixture with Banjar's and Kotabaru's 2025 imported, and what the files said."""
    folder = tmp_path_factory.mktemp("indeks_desa")
    database = build_fixture(folder / "idm.duckdb")
    banjar, kotabaru = villages_of(database, "6303"), villages_of(database, "6302")
    banjar_published = banjar_statuses([code for code, _ in banjar])
    kotabaru_published = {code: ("BERKEMBANG", "MAJU", "TERTINGGAL")[i % 3] for i, (code, _) in enumerate(kotabaru)}
    lines: list[str] = []
    import_file(regency_export(folder / "ID_BANJAR.csv", banjar, banjar_published), database, echo=lines.append)
    import_file(ministry_listing(folder / "Status_ID_2025_Kotabaru.xlsx", kotabaru, kotabaru_published), database,
                echo=lines.append)
    return {"path": database, "folder": folder, "lines": lines, "banjar": banjar_published,
            "kotabaru": kotabaru_published, "db": Database(database)}


def rows_2025(database: Path) -> pd.DataFrame:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute("SELECT * FROM village_scores WHERE year = 2025 ORDER BY village_code").df()


def filters(db: Database, **link):
    return resolve({"prov": "63", "tahun": "2025", "banding": "2024", **link}, db.catalog())[0]


# --- village files ----------------------------------------------------------------------------------

def test_each_layout_updates_its_regency_only_with_the_status_as_published(made):
    rows = rows_2025(made["path"]).set_index("village_code")
    assert set(rows.index.str[:4]) == {"6302", "6303"}
    assert len(rows) == len(made["banjar"]) + len(made["kotabaru"]) == 48
    assert "  Indeks Desa 2025 Kalimantan Selatan: 24 desa baru, 24 desa lain tidak diubah" in made["lines"]
    for code, (status, score) in made["banjar"].items():
        assert rows.loc[code, "status"] == status and rows.loc[code, "skor"] == pytest.approx(score)
        assert rows.loc[code, "layanan_dasar"] == pytest.approx(score - 3)
        assert rows.loc[code, "tata_kelola"] == pytest.approx(score - 2)
        assert math.isnan(rows.loc[code, "idm"])  # an Indeks Desa row has no IDM value
    lowest = min(made["banjar"], key=lambda code: made["banjar"][code][1])
    assert rows.loc[lowest, "status"] == "MANDIRI" and rows.loc[lowest, "skor"] < 61  # kept, never recomputed
    for code, status in made["kotabaru"].items():  # no total in the ministry's listing: status only
        assert rows.loc[code, "status"] == status and math.isnan(rows.loc[code, "skor"])
    with duckdb.connect(str(made["path"]), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM village_scores WHERE year = 2024").fetchone()[0] == 72 + 48


@pytest.mark.parametrize("written, expected", [
    ("101,5", "ID_2025_BANJAR.csv baris 5 kolom Skor Total: kolom Skor Total berisi 101,5 (baris 5): di luar "
              "rentang; diharapkan skor 0..100\n"),
    ("539", "kolom Skor Total berisi 539 (baris 5): di luar rentang; diharapkan skor 0..100 (tampaknya poin mentah, "
            "mis. 539 dari 635: ubah ke skala 0-100)"),
    ("-2", "kolom Skor Total berisi -2 (baris 5): di luar rentang"),
    ("9,x", "kolom Skor Total berisi '9,x' (baris 5): bukan angka"),
])
def test_a_score_off_the_scale_is_refused_by_row_and_column(fixture_db, tmp_path, capsys, written, expected):
    """The row is refused and named; its village gets no 2025 row, the others do. A file whose every row
    is refused leaves the database byte for byte as it was."""
    database = tmp_path / "idm.duckdb"
    shutil.copyfile(fixture_db, database)
    villages = villages_of(database, "6303")[:3]
    path = regency_export(tmp_path / "ID_2025_BANJAR.csv", villages, banjar_statuses([c for c, _ in villages]))
    lines = path.read_text(encoding="utf-8").splitlines()
    cells = lines[4].split(";")
    cells[5] = written  # the second village's Skor Total, on the file's fifth line
    lines[4] = ";".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert cli.main(["import", "--db", str(database), str(path)]) == 0
    said = capsys.readouterr()
    assert expected in said.out, said.out + said.err
    assert set(rows_2025(database)["village_code"]) == {villages[0][0], villages[2][0]}

    alone = tmp_path / "ID_2025_BANJAR_SATU.csv"
    alone.write_text("\n".join([*lines[:3], lines[4]]) + "\n", encoding="utf-8")
    before = hashlib.sha256(database.read_bytes()).hexdigest()
    assert cli.main(["import", "--db", str(database), str(alone)]) == 1
    said = capsys.readouterr()
    assert "ID_2025_BANJAR_SATU.csv baris 4 kolom Skor Total" in said.err, said.out + said.err
    assert hashlib.sha256(database.read_bytes()).hexdigest() == before


def test_the_summary_says_the_index_and_counts_the_published_statuses(made, capsys):
    assert cli.main(["summary", "--db", str(made["path"]), "--province", "6303", "--year", "2025", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    published = pd.Series([status for status, _ in made["banjar"].values()]).value_counts()
    assert summary["index"] == "Indeks Desa" and summary["idm"] is None and summary["status"] is None
    assert summary["status_counts"] == {code: int(published.get(code, 0)) for code in rules.STATUS_CODES}
    mean = sum(score for _, score in made["banjar"].values()) / len(made["banjar"])
    assert summary["indeks_desa_score"] == pytest.approx(mean, abs=0.005)


# --- across the change -------------------------------------------------------------------------------

def test_transitions_2024_to_2025_by_status_never_by_value(made):
    db = made["db"]
    view = views.transisi.build(db, filters(db))
    with duckdb.connect(str(made["path"]), read_only=True) as con:
        before = dict(con.execute("SELECT village_code, status FROM village_scores WHERE year = 2024 "
                                  "AND village_code LIKE '63%'").fetchall())
    after = {code: status for code, (status, _) in made["banjar"].items()} | made["kotabaru"]
    pairs = pd.DataFrame([(before.get(code) or transisi.NO_SCORE, after.get(code, transisi.NOT_LISTED))
                          for code in sorted(set(before) | set(after))], columns=["from", "to"])
    expected = pd.crosstab(pairs["from"], pairs["to"]).reindex(
        index=list(transisi.CATEGORIES), columns=list(transisi.CATEGORIES), fill_value=0)
    data = transisi.load(db, filters(db))
    pd.testing.assert_frame_equal(data.matrix, expected, check_names=False, check_dtype=False)
    assert "Status 2024 dari IDM, status 2025 dari Indeks Desa: yang dibandingkan status, bukan nilai." in view.sentence
    assert isinstance(view.items[views.transisi.BIGGEST], Missing)
    assert "tidak dapat dikurangkan" in view.items[views.transisi.BIGGEST].reason
    moved = view.items["naik"].frame
    assert {"IDM 2024", "Skor Indeks Desa 2025"} <= set(moved.columns)
    assert not any(column.startswith("Selisih") for column in moved.columns)


def test_a_villages_2025_status_beside_its_2024_idm(made):
    code = next(iter(made["banjar"]))
    profile = desa.profile(made["db"], code=code, year=2025)
    assert profile.index == rules.INDEKS_DESA and profile.plan is None  # no IDM gap for an Indeks Desa year
    assert profile.current["status"] == made["banjar"][code][0]
    assert int(profile.last_idm["year"]) == 2024 and profile.last_idm["idm"] == pytest.approx(
        profile.rows.set_index("year").loc[2024, "idm"])
    table = desa.year_table(profile)
    assert list(table["Tahun"]) == ["2022", "2023", "2024", "2025 (Indeks Desa)"]
    assert table.iloc[-1]["Skor Indeks Desa"] == pytest.approx(made["banjar"][code][1])
    assert math.isnan(table.iloc[-1]["IDM"])
    village = views.desa.village(made["db"], filters(made["db"], kab="6303"), code=code)
    compared = village.items["banding"]
    assert isinstance(compared, Chart) and compared.figure.layout.xaxis.range == (0, 112)
    assert isinstance(views.desa.build(made["db"], filters(made["db"])).items[views.desa.NEAR], Missing)


def test_a_target_of_2025_counts_villages_per_status_across_the_change(made, tmp_path):
    database = tmp_path / "idm.duckdb"
    shutil.copyfile(made["path"], database)
    with duckdb.connect(str(database)) as con:
        con.execute("INSERT INTO targets VALUES ('6303', 'Kab. Banjar', 2025, 'desa_mandiri_bertambah', 5, 'desa', "
                    "NULL, 'uji', 'uji', 'target_uji.csv', 2)")
        mandiri_2024 = con.execute("SELECT count(*) FROM village_scores WHERE year = 2024 AND status = 'MANDIRI' "
                                   "AND village_code LIKE '6303%'").fetchone()[0]
    mandiri_2025 = sum(status == "MANDIRI" for status, _ in made["banjar"].values())
    [result] = [r for r in target.for_area(Database(database), "6303") if r.year == 2025]
    assert result.realisation == mandiri_2025 - mandiri_2024
    assert result.basis.endswith("status 2024 dari IDM, 2025 dari Indeks Desa")


# --- one axis, one index -----------------------------------------------------------------------------

def numbers(values) -> list[float]:
    if values is None:
        return []
    array = np.asarray(values, dtype=object).ravel()
    found = []
    for value in array:
        number = isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool)
        if number and math.isfinite(float(value)):
            found.append(float(value))
    return found


def axes_mixing_indices(figure, scores: set[float]) -> list[str]:
    """Axes (x/y pairs) on which a trace of Indeks Desa scores sits beside a trace of other values, and
    traces that draw a known Indeks Desa score without saying so (meta {'index': 'Indeks Desa'})."""
    problems = []
    by_axis: dict[tuple[str, str], list[tuple[str, bool]]] = {}
    for trace in figure.data:
        values = numbers(getattr(trace, "x", None)) + numbers(getattr(trace, "y", None)) + numbers(
            getattr(trace, "z", None))
        if not values:
            continue  # a legend entry
        tagged = (trace.meta or {}).get("index") == rules.INDEKS_DESA if isinstance(trace.meta, dict) else False
        if not tagged and scores & {round(v, 2) for v in values if v > 1}:
            problems.append(f"trace '{trace.name}' draws Indeks Desa scores untagged")
        axis = (getattr(trace, "xaxis", None) or "x", getattr(trace, "yaxis", None) or "y")
        if trace.type.startswith("choropleth"):
            axis = (f"map-{len(by_axis)}", trace.type)  # a map's colour scale is its own axis per trace
        by_axis.setdefault(axis, []).append((trace.name, tagged))
    for axis, traces in by_axis.items():
        if any(tagged for _, tagged in traces) and not all(tagged for _, tagged in traces):
            problems.append(f"axis {axis}: {traces}")
    return problems


LINKS = [{}, {"kab": "6303"}, {"kab": "6303", "kec": "630301"}, {"banding": "2023"}, {"tahun": "2024",
                                                                                       "banding": "2025"}]
PAGES = ["ringkasan", "tren", "peta", "transisi", "kemiskinan", "desa", "target", "indikator"]


@pytest.mark.parametrize("link", LINKS, ids=lambda link: "-".join(link.values()) or "provinsi")
def test_no_chart_puts_an_idm_value_and_an_indeks_desa_score_on_one_axis(made, link):
    db = made["db"]
    with duckdb.connect(str(made["path"]), read_only=True) as con:  # the villages' scores and every area's mean
        scores = {round(v, 2) for v, in con.execute("SELECT skor FROM village_scores WHERE skor IS NOT NULL UNION "
                                                     "SELECT skor FROM area_stats WHERE skor IS NOT NULL").fetchall()}
    chosen = filters(db, **link)
    checked = 0
    for page in PAGES:
        built = views.BUILDERS[page](db, chosen=chosen)
        options = {"peta": [{"measure": m} for m in ("idm", "status", "skor")]}.get(page, [])
        extra = [views.BUILDERS[page](db, chosen=chosen, **option) for option in options]
        for view in (built, *extra):
            for key, item in (getattr(view, "items", {}) or {}).items():
                if isinstance(item, Chart):
                    checked += 1
                    assert not axes_mixing_indices(item.figure, scores), (page, key)
    code = next(iter(made["banjar"]))
    profile = views.BUILDERS["desa-profil"](db, chosen=chosen, code=code)
    for key, item in profile.items.items():
        if isinstance(item, Chart):
            checked += 1
            assert not axes_mixing_indices(item.figure, scores), ("desa-profil", key)
    assert checked >= 10


def test_the_deck_of_2025_compares_statuses_and_says_why_not_values(made, monkeypatch):
    monkeypatch.setattr(deck.export, "image", lambda figure, image_format="png", **kw: b"\x89PNG")
    result = deck.build(made["db"], deck.resolve(made["db"], province="63", year=2025, compare_year=2024))
    titles = [slide.title for slide in result.slides]
    assert "Perpindahan status desa 2024 → 2025" in titles
    assert "Peringkat kabupaten menurut skor Indeks Desa 2025" in titles
    assert not any("perubahan IDM terbesar" in title for title in titles)
    assert any(m.startswith("Transisi status desa: Perubahan nilai tidak dihitung untuk 2024 → 2025")
               for m in result.missing)
    assert any(m.startswith("Desa hampir naik status: Tahun 2025 diukur dengan Indeks Desa") for m in result.missing)
