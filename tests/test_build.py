"""The build and import commands: all-or-nothing writes, year handling, the validation report."""

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from openpyxl import Workbook

from idm import cli
from idm.database import WriteError
from idm.importers.build import build
from idm.importers.incoming import import_file
from tests.helpers import read

pytestmark = pytest.mark.db  # writes database files

REPO = Path(__file__).resolve().parents[1]

HEADER_2023 = ["KODE_PROV", "PROVINSI", "KODE_KAB_KOT", "KABUPATEN_KOTA", "KODE_KEC", "KECAMATAN",
               "KODE_DESA_DAGRI", "DESA", "IKS_2023", "IKE_2023", "IKL_2023", "NILAI_IDM_2023", "STATUS_IDM_2023",
               "UPDATE"]
VILLAGES = [  # code, name, IKS, IKE, IKL
    ("6301102001", "BAJUIN", 0.80, 0.70, 0.90),
    ("6301102002", "TANIPAH", 0.60, 0.50, 0.70),
    ("6303012001", "ALUH ALUH BESAR", 0.90, 0.85, 0.95),
]


def idm_rows(year: int, shift: float = 0.0):
    for code, name, iks, ike, ikl in VILLAGES:
        iks, ike, ikl = (round(min(1, v + shift), 4) for v in (iks, ike, ikl))
        idm = round((iks + ike + ikl) / 3, 4)
        from idm.rules import classify
        yield [code[:2], "KALIMANTAN SELATAN", code[:4], "TANAH LAUT" if code[:4] == "6301" else "BANJAR",
               code[:6], "BAJUIN" if code[:4] == "6301" else "ALUH ALUH", code, name, iks, ike, ikl, idm,
               classify(idm), year]


def write_idm(path: Path, year: int, shift: float = 0.0, header=None) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(header or [h.replace("2023", str(year)) for h in HEADER_2023])
    for row in idm_rows(year, shift):
        sheet.append(row)
    book.save(path)
    return path


def write_sources(folder: Path) -> Path:
    (folder / "idm").mkdir(parents=True)
    write_idm(folder / "idm" / "IDM_2023.xlsx", 2023)
    (folder / "idm" / "rekap.csv").write_text(
        "tahun,kode_prov,provinsi,nilai_idm,mandiri,maju,berkembang,tertinggal,sangat_tertinggal,tanpa_nilai,"
        "jumlah_desa,kab_mandiri,kab_maju,kab_berkembang,sumber\n"
        "2021,63,KALIMANTAN SELATAN,0.6472,28,398,1334,98,6,0,1864,0,0,11,rakor\n", encoding="utf-8")
    (folder / "bps.csv").write_text(
        "tahun,wilayah_id,wilayah,level,pdrb_kapita,miskin_pct,gini,ipm\n"
        "2023,6301,Tanah Laut,kabkota,43502.0,4.57,0.232,71.86\n", encoding="utf-8")
    (folder / "README.md").write_text("documentation, not data\n", encoding="utf-8")
    return folder


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def built(tmp_path) -> Path:
    target = tmp_path / "out" / "idm.duckdb"
    build(write_sources(tmp_path / "src"), target, echo=lambda line: None)
    return target


def test_build_reads_every_kind_and_skips_the_rest(tmp_path):
    lines = []
    target = tmp_path / "idm.duckdb"
    build(write_sources(tmp_path / "src"), target, echo=lines.append)
    text = "\n".join(lines)
    assert "README.md: dilewati" in text
    assert "IDM_2023.xlsx: IDM 2023, 3 baris: 3 diterima, 0 ditolak" in text
    assert "Laporan validasi" in text
    with duckdb.connect(str(target), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM village_scores WHERE year = 2023").fetchone()[0] == 3
        assert con.execute("SELECT count(*) FROM published_summaries").fetchone()[0] == 1
        assert con.execute("SELECT value FROM welfare WHERE region_code = '6301' AND indicator = 'p0'"
                           ).fetchone()[0] == 4.57
        regency = con.execute("SELECT name, kind FROM regions WHERE code = '6301'").fetchone()
        assert regency == ("Tanah Laut", "kabupaten")
        log = con.execute("SELECT kind, rows_read, rows_accepted, length(sha256) FROM import_log "
                          "WHERE file_name = 'IDM_2023.xlsx'").fetchone()
        assert log == ("idm", 3, 3, 64)
    assert not list(target.parent.glob("*.tmp-*"))


def test_failed_build_leaves_the_database_as_it_was(built, tmp_path):
    before = sha256(built)
    bad = tmp_path / "bad"
    (bad / "idm").mkdir(parents=True)
    book = Workbook()
    book.active.append(HEADER_2023)
    book.active.append(["63", "KALIMANTAN SELATAN", "6301", "TANAH LAUT", "630110", "BAJUIN", "6301102001", "BAJUIN",
                        "x", "y", "z", "not a number", "MAJU", 2023])
    book.save(bad / "idm" / "IDM_2023.xlsx")
    with pytest.raises(WriteError):
        build(bad, built, echo=lambda line: None)
    assert sha256(built) == before
    assert not list(built.parent.glob("*.tmp-*"))


def test_a_reader_of_the_old_file_keeps_reading_during_a_rebuild(built, tmp_path):
    reader = duckdb.connect(str(built), read_only=True)
    sources = tmp_path / "src2"
    write_sources(sources)
    write_idm(sources / "idm" / "IDM_2024.xlsx", 2024, shift=0.05)
    build(sources, built, echo=lambda line: None)
    assert reader.execute("SELECT max(year) FROM village_scores").fetchone()[0] == 2023  # the old file, undisturbed
    reader.close()
    with read(built) as con:
        assert con.execute("SELECT max(year) FROM village_scores").fetchone()[0] == 2024


# PID 999999999 is above any Linux pid_max: that process is gone. PID 1 is always running.
@pytest.mark.parametrize("suffix,removed", [
    (".tmp-999999999-140-ab12cd34", True),
    (".tmp-999999999-140-ab12cd34.wal", True),  # DuckDB's write-ahead log of a killed build: once left forever
    (".tmp-1-140-ab12cd34", False),
    (".tmp-1-140-ab12cd34.wal", False),
    (".tmp-notes", False),
])
def test_leftovers_of_a_killed_build_are_removed(built, suffix, removed):
    leftover = built.with_name(built.name + suffix)
    leftover.write_bytes(b"half-written")
    build(write_sources(built.parent / "src3"), built, echo=lambda line: None)
    assert leftover.exists() is not removed


def test_import_adds_a_year_and_leaves_other_years(built, tmp_path):
    lines = []
    import_file(write_idm(tmp_path / "IDM_2024.xlsx", 2024, shift=0.05), built, echo=lines.append)
    assert "  IDM 2024 Kalimantan Selatan: 3 desa baru" in lines
    with read(built) as con:
        years = dict(con.execute("SELECT year, count(*) FROM village_scores GROUP BY year").fetchall())
        assert years == {2023: 3, 2024: 3}
        assert con.execute("SELECT idm FROM village_scores WHERE village_code = '6301102001' AND year = 2023"
                           ).fetchone()[0] == 0.8


def test_import_updates_a_year_after_saying_so(built, tmp_path):
    lines = []
    import_file(write_idm(tmp_path / "IDM_2023_revisi.xlsx", 2023, shift=0.02), built, echo=lines.append)
    # IKS, IKE, IKL and IDM of each village change; BAJUIN's status too (0.8 -> 0.82: MAJU -> MANDIRI).
    assert "  IDM 2023 Kalimantan Selatan: 3 desa diperbarui (13 nilai berubah)" in lines
    with read(built) as con:
        rows = con.execute("SELECT count(*), max(source_file) FROM village_scores WHERE year = 2023").fetchone()
        assert rows == (3, "IDM_2023_revisi.xlsx")


def test_import_year_from_argument_when_columns_have_none(built, tmp_path):
    header = [h.replace("_2023", "") for h in HEADER_2023]
    path = write_idm(tmp_path / "idm_tanpa_tahun.xlsx", 2022, header=header)
    before = sha256(built)
    assert cli.main(["import", str(path), "--db", str(built)]) == 1  # no year anywhere: refused
    assert sha256(built) == before
    assert cli.main(["import", str(path), "--year", "2022", "--db", str(built)]) == 0
    with read(built) as con:
        assert con.execute("SELECT count(*) FROM village_scores WHERE year = 2022").fetchone()[0] == 3


def test_import_of_a_file_without_readable_rows_is_refused(built, tmp_path, capsys):
    book = Workbook()
    book.active.append(HEADER_2023)
    book.active.append(["63", "KALIMANTAN SELATAN", "6301", "TANAH LAUT", "630110", "BAJUIN", "6301102001", "BAJUIN",
                        "1,7", "0,5", "0,5", "1,2", "MAJU", 2023])
    path = tmp_path / "rusak.xlsx"
    book.save(path)
    before = sha256(built)
    assert cli.main(["import", str(path), "--db", str(built)]) == 1
    assert "rusak.xlsx" in capsys.readouterr().err
    assert sha256(built) == before


def test_summary_command_prints_json_and_a_table(built, capsys):
    assert cli.main(["summary", "--province", "63", "--year", "2023", "--db", str(built), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["villages"] == 3 and summary["source"] == "villages"
    assert sum(summary["status_counts"].values()) == 3
    assert cli.main(["summary", "--province", "63", "--year", "2021", "--db", str(built), "--json"]) == 0
    published = json.loads(capsys.readouterr().out)
    assert published["source"] == "published" and published["idm"] == 0.6472
    assert cli.main(["summary", "--province", "63", "--year", "2023", "--db", str(built)]) == 0
    assert "Jumlah desa" in capsys.readouterr().out
    assert cli.main(["summary", "--province", "63", "--year", "2019", "--db", str(built)]) == 1


def test_module_entry_point(built):
    result = subprocess.run([sys.executable, "-m", "idm", "summary", "--province", "63", "--year", "2023",
                             "--db", str(built), "--json"], capture_output=True, text=True, cwd=REPO, check=True)
    assert json.loads(result.stdout)["year"] == 2023


def test_check_names_a_missing_or_outdated_database(built, tmp_path, capsys):
    assert cli.main(["check", "--db", str(built)]) == 0
    assert cli.main(["check", "--db", str(tmp_path / "none.duckdb")]) == 1
    assert "belum ada" in capsys.readouterr().err
    old = tmp_path / "old.duckdb"
    with duckdb.connect(str(old)) as con:  # a database of the first version: no schema_version
        con.execute("CREATE TABLE meta (key VARCHAR, value VARCHAR)")
    assert cli.main(["check", "--db", str(old)]) == 1
    assert "versi lama" in capsys.readouterr().err
