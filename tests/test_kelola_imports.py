"""`python -m idm import` for every kind (recognised from the content), BPS tables of two provinces
stored per region, year and indicator, target files replacing their own earlier rows, and the
versions kept before each change (`versions`, `restore`, the oldest removed aloud).

Every file is written by the test itself; every test imports into its own copy of the fixture
database (tests/fixtures.py: Kalimantan Selatan 2021-2024 with BPS values of 6301-6303, 6371, 63;
Kalimantan Tengah 2024 without any).
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import shutil
from pathlib import Path

import duckdb
import openpyxl
import pytest

from idm import cli, database, rules, versions, welfare
from idm.importers import bps, uploads
from idm.importers.build import build
from idm.importers.common import apply_plan
from idm.importers.incoming import detect_kind, plan_file
from tests import hostile
from tests.helpers import errors, open_interactive, open_page, unescape

pytestmark = pytest.mark.db  # writes database files

# Kalimantan Tengah, P0 (March) 2023-2024, names as BPS tables spell them (illustrative values).
KALTENG_P0 = [
    ("Kotawaringin Barat", "6201", [3.71, 3.50]),
    ("Kotawaringin Timur", "6202", [5.90, 5.71]),
    ("Kapuas", "6203", [4.98, 4.80]),
    ("Barito Selatan", "6204", [4.39, 4.22]),
    ("Barito Utara", "6205", [5.64, 5.42]),
    ("Sukamara", "6208", [3.42, 3.30]),
    ("Lamandau", "6209", [3.36, 3.15]),
    ("Seruyan", "6207", [7.04, 6.81]),
    ("Katingan", "6206", [5.47, 5.21]),
    ("Pulang Pisau", "6211", [4.61, 4.40]),
    ("Gunung Mas", "6210", [4.87, 4.70]),
    ("Barito Timur", "6213", [6.61, 6.40]),
    ("Murung Raya", "6212", [5.93, 5.75]),
    ("Palangka Raya", "6271", [3.50, 3.41]),
    ("Kalimantan Tengah", "62", [5.11, 5.00]),
]
# Kalimantan Timur, IPM 2022-2023; BPS numbers Kutai Barat 6402, Kemendagri 6407.
KALTIM_IPM = [
    ("Paser", "6401", [72.91, 73.55]),
    ("Kutai Barat", "6407", [71.64, 72.36]),
    ("Kutai Kartanegara", "6402", [74.57, 75.24]),
    ("Kutai Timur", "6408", [73.77, 74.40]),
    ("Berau", "6403", [75.50, 76.06]),
    ("Penajam Paser Utara", "6409", [72.32, 72.96]),
    ("Mahakam Ulu", "6411", [68.87, 69.58]),
    ("Balikpapan", "6471", [81.49, 82.14]),
    ("Samarinda", "6472", [81.55, 82.17]),
    ("Bontang", "6474", [81.52, 82.08]),
    ("Kalimantan Timur", "64", [77.44, 78.20]),
]
TARGET_HEADER = ["kode_wilayah", "wilayah", "tahun", "indikator", "target", "satuan", "realisasi_dipublikasikan",
                 "dokumen", "sumber"]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fetch(path: Path, sql: str, *params) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def comma(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def kalteng_p0_csv(path: Path, table=KALTENG_P0) -> Path:
    """As the BPS website gives it: title, header of years, decimal commas, a note below; ';' separated."""
    rows = [["Persentase Penduduk Miskin (P0) Menurut Kabupaten/Kota (Persen), 2023-2024"], [],
            ["Kabupaten/Kota", "2023", "2024"], *[[name, *map(comma, values)] for name, _, values in table],
            [], ["Sumber: BPS Provinsi Kalimantan Tengah"]]
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, delimiter=";").writerows(rows)
    return path


def kaltim_ipm_xlsx(path: Path) -> Path:
    """The website's export: the indicator over the years, the years below, no province in the title."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Kabupaten/Kota", "[Metode Baru] Indeks Pembangunan Manusia (IPM)", None])
    sheet.append([None, 2022, 2023])
    for name, _, values in KALTIM_IPM:
        sheet.append([name, *values])
    book.save(path)
    return path


def target_csv(path: Path, rows: list[list[object]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([TARGET_HEADER, *rows])
    return path


def idm_xlsx(path: Path, code: str, idm: float) -> Path:
    row = [code[:2], "KALIMANTAN SELATAN", code[:4], "BANJAR", code[:6], "ALUH ALUH", code, "DESA UJI",
           idm, idm, idm, idm, rules.classify(idm), None]
    return hostile.write_xlsx(path, [hostile.HEADER_2024, row])


@pytest.fixture
def db(fixture_db, tmp_path) -> Path:
    copy = tmp_path / "data" / "idm.duckdb"
    copy.parent.mkdir()
    shutil.copyfile(fixture_db, copy)
    return copy


def readable(chart) -> str:
    """A plotly chart element's title (its accessible name: the page writes the title above it) and its
    figure as text, non-ASCII as written."""
    return chart.proto.alt + "\n" + json.dumps(json.loads(chart.proto.spec), ensure_ascii=False)


def run(capsys, *argv) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


# --- the kind comes from the content ------------------------------------------------------------

@pytest.mark.parametrize("write, name, kind", [
    (kalteng_p0_csv, "p0.csv", "bps"),
    (kalteng_p0_csv, "unduhan_bps.txt", "bps"),  # a csv saved as .txt
    (kaltim_ipm_xlsx, "ipm.xlsx", "bps"),
    (lambda path: target_csv(path, [["63", "", 2025, "desa_mandiri_bertambah", 5, "desa", "", "", ""]]),
     "target_kantor.csv", "target"),
    (lambda path: idm_xlsx(path, "6303012001", 0.9), "IDM_2024.xlsx", "idm"),
    (lambda path: idm_xlsx(path, "6303012001", 0.9), "tabel_kemiskinan.xlsx", "idm"),  # a misleading name
])
def test_the_kind_is_read_from_the_content(tmp_path, write, name, kind):
    assert detect_kind(write(tmp_path / name)) == kind


# --- BPS tables of two provinces ----------------------------------------------------------------------

def test_bps_tables_of_two_provinces_are_stored_per_indicator_and_keep_the_rest(db, tmp_path, capsys):
    kalsel_before = fetch(db, "SELECT * FROM welfare WHERE starts_with(region_code, '63') ORDER BY ALL")
    regions_before = fetch(db, "SELECT * FROM regions ORDER BY code")
    code, out, err = run(capsys, "import", kalteng_p0_csv(tmp_path / "p0_kalteng.csv"), "--db", db)
    assert code == 0, err
    assert "Rencana impor p0_kalteng.csv (tabel BPS Kalimantan Tengah, tahun sebagai kolom): 15 baris dibaca" in out
    assert "  Persentase Penduduk Miskin (P0) 2023, 2024: 30 nilai baru (15 wilayah)" in out
    assert "  wilayah baru: 12 kabupaten (nama dari gazetteer Kemendagri)" in out
    code, out, err = run(capsys, "import", kaltim_ipm_xlsx(tmp_path / "ipm_kaltim.xlsx"), "--db", db)
    assert code == 0, err
    assert "provinsi Kalimantan Timur menurut baris provinsi" in out
    stored = {(r, y, i): v for r, y, i, v in fetch(db, "SELECT region_code, year, indicator, value FROM welfare")}
    for table, indicator, years in ((KALTENG_P0, "p0", (2023, 2024)), (KALTIM_IPM, "ipm", (2022, 2023))):
        for _, region, values in table:
            for year, value in zip(years, values, strict=True):
                assert stored[(region, year, indicator)] == pytest.approx(value)
    assert fetch(db, "SELECT * FROM welfare WHERE starts_with(region_code, '63') ORDER BY ALL") == kalsel_before
    # Regions are added, named by Kemendagri, and none renamed; Kutai Barat is 6407, not BPS's 6402.
    after = dict(fetch(db, "SELECT code, name FROM regions"))
    known = {code for code, *_ in regions_before}
    assert [r for r in fetch(db, "SELECT * FROM regions ORDER BY code") if r[0] in known] == regions_before
    assert (after["6207"], after["6271"], after["64"], after["6407"]) == ("Seruyan", "Kota Palangkaraya",
                                                                          "Kalimantan Timur", "Kutai Barat")
    assert fetch(db, "SELECT kind, rows_read, rows_rejected FROM import_log WHERE file_name = 'ipm_kaltim.xlsx'"
                 ) == [("kesejahteraan", 11, 0)]


def test_an_updated_table_changes_only_its_values(db, tmp_path, capsys):
    path = kalteng_p0_csv(tmp_path / "p0_kalteng.csv")
    run(capsys, "import", path, "--db", db)
    changed = [(name, code, [values[0], 9.99] if code == "6203" else values) for name, code, values in KALTENG_P0]
    code, out, _ = run(capsys, "import", kalteng_p0_csv(path, changed), "--db", db)
    assert code == 0
    assert "  Persentase Penduduk Miskin (P0) 2023, 2024: 1 nilai berubah, 29 nilai tidak berubah (15 wilayah)" in out
    assert fetch(db, "SELECT value, source_row FROM welfare WHERE region_code = '6203' AND year = 2024") == [(9.99, 6)]
    before = sha256(db)
    code, out, _ = run(capsys, "import", path, "--db", db)  # the same file again: nothing to write
    assert code == 0 and "tidak ada perubahan: database tidak diubah" in out and sha256(db) == before


def test_a_table_of_an_unknown_province_says_how_to_name_it(db, tmp_path, capsys):
    rows = [["Indeks Kedalaman Kemiskinan (P1) Menurut Kabupaten/Kota, 2024"], ["Kabupaten/Kota", "2024"],
            ["Kapuas", "0,75"], ["Katingan", "0,81"]]
    path = tmp_path / "p1.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, delimiter=";").writerows(rows)
    before = sha256(db)
    code, _, err = run(capsys, "import", path, "--db", db)
    assert code == 1 and "provinsi tidak diketahui" in err and "--province" in err and sha256(db) == before
    code, _, err = run(capsys, "import", path, "--province", "Kalimantan Tengah", "--db", db)
    assert code == 0, err
    assert fetch(db, "SELECT value FROM welfare WHERE region_code = '6203' AND indicator = 'p1'") == [(0.75,)]


def test_an_uploads_own_name_names_the_province(db, tmp_path):
    """A page keeps an upload under a generated name; the name its user gave still says the province."""
    rows = [["Indeks Keparahan Kemiskinan (P2) Menurut Kabupaten/Kota, 2024"], ["Kabupaten/Kota", "2024"],
            ["Kapuas", "0,15"], ["Katingan", "0,21"]]
    upload = uploads.save("\n".join(";".join(r) for r in rows).encode(), "p2_kalteng_2024.csv", target=db)
    plan = plan_file(upload.path, db, name=upload.name)
    assert plan.kind == "bps" and plan.province_name == "Kalimantan Tengah"
    assert "  provinsi Kalimantan Tengah menurut nama berkas 'p2_kalteng_2024.csv'" in plan.lines()
    apply_plan(plan, who="Uji")
    assert fetch(db, "SELECT source_file FROM welfare WHERE indicator = 'p2'") == [("p2_kalteng_2024.csv",)] * 2


def test_the_kemiskinan_page_of_a_province_whose_table_was_imported(db, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("IDM_DB", str(db))
    app = open_page("kemiskinan", prov="62")
    assert any("Belum ada data kemiskinan dan kesejahteraan BPS untuk Kalimantan Tengah" in i.value for i in app.info)
    assert any("impor di halaman Kelola data" in i.value for i in app.info)
    run(capsys, "import", kalteng_p0_csv(tmp_path / "p0_kalteng.csv"), "--db", db)
    app = open_interactive("kemiskinan", prov="62")
    assert not errors(app)
    assert not any("Belum ada data kemiskinan" in i.value for i in app.info)
    (bars,) = app.get("plotly_chart")  # IDM beside P0 in 2024; one year of village rows: no change scatter
    assert "Penduduk miskin (P0) 2024, %" in bars.proto.spec
    table = app.dataframe[-1].value.set_index("Wilayah")
    assert table.loc["Kabupaten Kapuas", "P0 2024 (%)"] == pytest.approx(4.80)
    assert "Belum ada: P1, P2, IPM, Gini, TPT, PDRB/kapita" in unescape("\n".join(c.value for c in app.caption))


@pytest.mark.parametrize("indicator", list(welfare.INDICATORS))
def test_every_indicator_is_shown_and_accepted_by_the_data_rules(indicator):
    assert f"'{indicator}'" in database.sql("checks/data_rules")
    assert f"indicator = '{indicator}'" in database.sql("queries/welfare_by_region")


# --- target files ---------------------------------------------------------------------------------------

def test_a_target_file_replaces_its_own_earlier_rows_only(db, tmp_path, capsys):
    others = fetch(db, "SELECT * FROM targets WHERE source_file <> 'target_kantor.csv' ORDER BY ALL")
    path = target_csv(tmp_path / "target_kantor.csv", [
        ["63", "", 2025, "desa_mandiri_bertambah", 50, "desa", "", "Renstra", "rapat"],
        ["6303", "Banjar", 2025, "desa_tertinggal", 0, "desa", "", "kesepakatan", "rapat"],
    ])
    code, out, err = run(capsys, "import", path, "--db", db)
    assert code == 0, err
    assert "  target dari target_kantor.csv: 2 baru" in out
    target_csv(path, [["63", "", 2025, "desa_mandiri_bertambah", 60, "desa", "", "Renstra", "rapat"]])
    code, out, _ = run(capsys, "import", path, "--db", db)
    assert "  target dari target_kantor.csv: 1 berubah, 1 dihapus (tidak ada lagi di berkas)" in out
    assert "  target dari berkas lain tetap (5 baris)" in out
    assert fetch(db, "SELECT area_code, target FROM targets WHERE source_file = 'target_kantor.csv'") == [("63", 60.0)]
    assert fetch(db, "SELECT * FROM targets WHERE source_file <> 'target_kantor.csv' ORDER BY ALL") == others


def test_a_target_row_that_cannot_be_used_names_its_row_and_column(db, tmp_path, capsys):
    path = target_csv(tmp_path / "target_kantor.csv", [
        ["63", "", 2025, "desa_mandiri_bertambah", 50, "desa", "", "", ""],
        ["63", "", "2O25", "desa_tertinggal", 0, "desa", "", "", ""],
    ])
    code, out, _ = run(capsys, "import", path, "--db", db)
    assert code == 0 and "1 ditolak" in out
    assert "target_kantor.csv baris 3 kolom tahun" in out


# --- refusals ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("content, words", [
    ("Judul;\nKabupaten/Kota;Nama\nKapuas;x\n", "bukan tabel BPS"),
    ("kode_wilayah,tahun,indikator\n63,2025,desa_mandiri_bertambah\n", "kolom target tidak ada"),
])
def test_a_refused_file_leaves_the_database_and_keeps_no_version(db, tmp_path, capsys, content, words):
    path = tmp_path / "berkas.csv"
    path.write_text(content, encoding="utf-8")
    before = sha256(db)
    code, _, err = run(capsys, "import", path, "--db", db)
    assert code == 1 and err.startswith("GAGAL: ") and words in err
    assert sha256(db) == before and not versions.list_versions(db)
    assert not list(db.parent.glob("*.tmp-*")) and not list(versions.folder(db).glob(".*pending*"))


# --- versions --------------------------------------------------------------------------------------------

def test_every_import_keeps_the_database_it_replaces_and_restore_brings_it_back(db, tmp_path, capsys):
    original = fetch(db, "SELECT idm FROM village_scores WHERE village_code = '6303012001' AND year = 2024")
    code, out, _ = run(capsys, "import", idm_xlsx(tmp_path / "IDM_2024.xlsx", "6303012001", 0.95), "--db", db)
    kept = re.search(r"versi (\S+) disimpan", out).group(1)
    code, out, _ = run(capsys, "versions", "--db", db)
    assert code == 0 and f"  {kept}" in out and "sebelum impor IDM_2024.xlsx oleh CLI" in out
    assert "IDM 2024 Kalimantan Selatan: 1 desa diperbarui (6 nilai berubah), 71 desa lain tidak diubah" in out
    code, out, err = run(capsys, "restore", kept, "--db", db)
    assert code == 0, err
    assert f"dipulihkan ke versi {kept}" in out
    assert fetch(db, "SELECT idm FROM village_scores WHERE village_code = '6303012001' AND year = 2024") == original
    newest = versions.list_versions(db)[0]
    assert (newest.action, newest.file) == ("pulihkan", f"versi {kept}")
    assert database.outdated(db) is None


def test_restore_of_a_version_that_is_not_there_names_the_ones_that_are(db, tmp_path, capsys):
    before = sha256(db)
    code, _, err = run(capsys, "restore", "20200101-000000", "--db", db)
    assert code == 1 and "tidak ada versi '20200101-000000'" in err and "belum ada" in err
    assert sha256(db) == before


def test_the_sixth_version_removes_the_oldest_aloud(db, tmp_path, capsys):
    ids = []
    for number in range(versions.KEEP + 1):
        path = idm_xlsx(tmp_path / f"IDM_2024_{number}.xlsx", "6303012001", 0.80 + number / 100)
        _, out, _ = run(capsys, "import", path, "--db", db)
        ids.append(re.search(r"versi (\S+) disimpan", out).group(1))
    assert f"versi tertua {ids[0]} (" in out and "sebelum impor IDM_2024_0.xlsx oleh CLI) dihapus" in out
    assert [v.id for v in versions.list_versions(db)] == ids[:0:-1]
    assert len(list(versions.folder(db).glob("*.duckdb"))) == versions.KEEP


def test_a_build_into_an_existing_database_keeps_it(tmp_path):
    sources = tmp_path / "sumber"
    sources.mkdir()
    idm_xlsx(sources / "IDM_2024.xlsx", "6303012001", 0.9)
    target = tmp_path / "idm.duckdb"
    lines = []
    build(sources, target, echo=lines.append)
    assert not versions.list_versions(target) and not any("versi" in line for line in lines)  # nothing to keep
    build(sources, target, echo=lines.append)
    (version,) = versions.list_versions(target)
    assert version.action == "bangun" and version.file == str(sources)
    assert f"versi {version.id} disimpan" in "\n".join(lines)


def test_a_version_of_an_older_schema_is_not_restored(db, tmp_path, capsys):
    run(capsys, "import", idm_xlsx(tmp_path / "IDM_2024.xlsx", "6303012001", 0.95), "--db", db)
    (version,) = versions.list_versions(db)
    with duckdb.connect(str(version.path)) as con:  # as a version kept by an older dashboard: no checksum
        con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    record = version.path.with_suffix(".json")
    record.write_text(re.sub(r',\s*"(size|sha256)": [^,}]+', "", record.read_text()))
    before = sha256(db)
    code, _, err = run(capsys, "restore", version.id, "--db", db)
    assert code == 1 and "tidak dapat dipulihkan" in err and "versi lama" in err
    assert sha256(db) == before and len(versions.list_versions(db)) == 1


def test_the_real_database_takes_the_tables_of_kalimantan_tengah_and_timur(bundle_db, tmp_path, capsys, monkeypatch):
    """The bundle's BPS table is Kalimantan Selatan's; Tengah and Timur work as soon as theirs are imported."""
    copy = tmp_path / "idm.duckdb"
    shutil.copyfile(bundle_db, copy)
    # Kalimantan Selatan's regencies, the province and Indonesia, each value with its row of the csv.
    assert fetch(copy, "SELECT count(*), count(source_row), count(DISTINCT substr(region_code, 1, 2)) FROM welfare"
                 ) == [(236, 236, 2)]
    for path in (kalteng_p0_csv(tmp_path / "p0_kalteng.csv"), kaltim_ipm_xlsx(tmp_path / "ipm_kaltim.xlsx")):
        code, out, err = run(capsys, "import", path, "--db", copy)
        assert code == 0 and "wilayah baru" not in out, err  # the boundaries named every regency already
    monkeypatch.setenv("IDM_DB", str(copy))
    tengah = open_interactive("kemiskinan", prov="62", tahun="2024", banding="2023")
    assert not errors(tengah) and not tengah.info
    charts = [readable(chart) for chart in tengah.get("plotly_chart")]
    assert "Penduduk miskin (P0) 2024, %" in charts[0] and "Perubahan IDM dan penduduk miskin, 2023–2024" in charts[1]
    timur = open_interactive("kemiskinan", prov="64", tahun="2023", banding="2024")
    assert not errors(timur)
    assert any("Belum ada persentase penduduk miskin (P0) BPS untuk Kalimantan Timur" in unescape(i.value)
               for i in timur.info)
    (ipm,) = timur.get("plotly_chart")  # IDM beside IPM, the one indicator there is
    assert "Indeks Pembangunan Manusia (IPM) 2023" in readable(ipm)
    assert timur.dataframe[-1].value.set_index("Wilayah").loc["Kabupaten Kutai Barat", "IPM 2023"] == 72.36


@pytest.mark.parametrize("write, words", [
    (lambda path: hostile.shared_string_bomb(path.with_suffix(".xlsx"), names=3, name_bytes=2 << 20), "zip bomb"),
    (lambda path: (path.with_suffix(".xls").write_text(hostile.WEB_PAGE, encoding="utf-8"),
                   path.with_suffix(".xls"))[1], "halaman web (HTML)"),
])
def test_a_hostile_file_is_measured_before_any_reader_looks_for_its_kind(db, tmp_path, monkeypatch, write, words):
    opened = []
    monkeypatch.setattr(bps, "_locate", lambda *args, **kwargs: opened.append(args))
    path = write(tmp_path / "tabel_bps")
    before = sha256(db)
    with pytest.raises(Exception, match=re.escape(words)):
        plan_file(path, db, name="unduhan BPS.xlsx")
    assert not opened and sha256(db) == before
