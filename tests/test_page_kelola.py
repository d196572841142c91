"""The Kelola data page through AppTest: the password (none set, wrong, the lockout, right), a good
file uploaded, checked, shown and applied, a bad file refused with the database byte for byte as it
was, and a version brought back. Every test works on its own copy of the fixture database.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import duckdb
import pytest

from idm import kelola, rules, versions
from tests import hostile
from tests.helpers import errors, markdown, open_page, unescape

PASSWORD = "sandi-uji-Kalsel 2024 é"  # not ASCII: compare_digest takes it as bytes


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fetch(database: Path, sql: str, *params) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def idm_row(code: str, idm: float) -> list:
    return [code[:2], "KALIMANTAN SELATAN", code[:4], "BANJAR", code[:6], "ALUH ALUH", code, "DESA UJI",
            idm, idm, idm, idm, rules.classify(idm), None]


def idm_bytes(tmp_path: Path, rows: list[list]) -> bytes:
    return hostile.write_xlsx(tmp_path / "berkas.xlsx", [hostile.HEADER_2024, *rows]).read_bytes()


@pytest.fixture
def database(fixture_db, tmp_path, monkeypatch) -> Path:
    """A copy of the fixture database that the app reads and the page writes."""
    copy = tmp_path / "data" / "idm.duckdb"
    copy.parent.mkdir()
    shutil.copyfile(fixture_db, copy)
    monkeypatch.setenv("IDM_DB", str(copy))
    monkeypatch.delenv(kelola.ENVIRONMENT, raising=False)
    return copy


@pytest.fixture
def password(database, monkeypatch) -> str:
    monkeypatch.setenv(kelola.ENVIRONMENT, PASSWORD)
    return PASSWORD


def log_in(app, given: str):
    app.text_input(key="kelola_sandi").input(given)
    return app.button(key="kirim-sandi").click().run()


def logged_in(password):
    return log_in(open_page("kelola"), password)


# --- the password ----------------------------------------------------------------------------------

def test_without_a_password_the_page_says_how_to_set_one_and_accepts_nothing(database):
    app = open_page("kelola")
    assert not errors(app)
    (warning,) = app.warning
    assert "belum diatur" in warning.value and kelola.ENVIRONMENT in warning.value and "secrets.toml" in warning.value
    assert not app.text_input and not app.get("file_uploader") and not app.button


def test_a_wrong_password_is_refused(password):
    app = log_in(open_page("kelola"), "bukan ini")
    assert [e.value for e in app.error] == ["Kata sandi salah (percobaan 1 dari 5)."]
    assert not app.get("file_uploader")


def test_five_wrong_passwords_lock_the_page_also_for_a_new_session(password, database, monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr(kelola, "now", lambda: now[0])
    app = open_page("kelola")
    for _ in range(kelola.MAX_TRIES):
        log_in(app, "salah")
    assert "coba lagi dalam 60 detik" in app.error[0].value
    now[0] += 30
    reloaded = open_page("kelola")  # a reload or a second tab: a new session, the same count on the server
    log_in(reloaded, password)  # the right one, but the address waits: not even compared
    assert reloaded.error[0].value == "Terlalu banyak kata sandi yang salah. Coba lagi dalam 30 detik."
    assert not reloaded.get("file_uploader")
    assert (database.parent / kelola.FILE_NAME).is_file()
    now[0] += 31
    log_in(reloaded, password)
    assert not errors(reloaded) and reloaded.get("file_uploader")


def test_a_short_configured_password_keeps_the_page_closed(database, monkeypatch):
    monkeypatch.setenv(kelola.ENVIRONMENT, "x")
    app = open_page("kelola")
    (warning,) = app.warning
    assert "terlalu pendek (1 karakter; paling sedikit 12)" in warning.value
    assert not app.text_input and not app.get("file_uploader")


@pytest.mark.parametrize("where", ["environment", "secrets"])
def test_the_right_password_opens_the_page(database, monkeypatch, where):
    app = open_page("kelola")
    assert not app.text_input  # none set yet
    if where == "secrets":
        app.secrets[kelola.SECRET] = PASSWORD
    else:
        monkeypatch.setenv(kelola.ENVIRONMENT, PASSWORD)
    log_in(app.run(), PASSWORD)
    assert not errors(app)
    assert app.get("file_uploader") and "Riwayat versi database" in markdown(app)
    assert app.get("download_button")  # the target file's template


def test_the_briefing_pages_never_ask(password):
    app = open_page("ringkasan")
    assert not errors(app) and not app.text_input


# --- a file -----------------------------------------------------------------------------------------

def upload(app, name: str, data: bytes):
    app.get("file_uploader")[0].upload(name, data)
    return app.run()


def test_a_good_idm_file_is_shown_then_applied_and_a_version_kept(password, database, tmp_path):
    app = logged_in(password)
    before = sha256(database)
    data = idm_bytes(tmp_path, [idm_row("6303012001", 0.9), idm_row("6303012002", 0.75)])
    upload(app, "IDM_2024_BANJAR [revisi].xlsx", data)
    assert not errors(app)
    text = markdown(app)
    assert "IDM_2024_BANJAR [revisi].xlsx" in text and "berkas IDM" in text
    assert "2 baris dibaca, 2 diterima, 0 ditolak, 0 ditandai" in text
    assert "IDM 2024 Kalimantan Selatan: 2 desa diperbarui (12 nilai berubah), 70 desa lain tidak diubah" in text
    per_village = app.dataframe[0].value  # the villages, their old and new values
    assert set(per_village["Kode"]) == {"63.03.01.2001", "63.03.01.2002"}
    idm = per_village[(per_village["Kode"] == "63.03.01.2001") & (per_village["Perubahan"] == "IDM")].iloc[0]
    assert idm["Sesudah"] == "0,9000" and idm["Sebelum"] != idm["Sesudah"] and "," in idm["Sebelum"]
    figures = app.dataframe[1].value.set_index(["Wilayah", "Ukuran"])
    assert figures.loc[("Kalimantan Selatan", "Desa"), "Sesudah"] == "72"
    mandiri = figures.loc[("Kalimantan Selatan", "Desa Mandiri")]
    assert int(mandiri["Sesudah"]) >= int(mandiri["Sebelum"])
    # Read, checked and written into a scratch copy: the database itself is as it was, and no name, no button.
    assert sha256(database) == before and app.button(key="terapkan").disabled
    app.text_input(key="kelola_nama").input("Siti Aminah").run()
    app.button(key="terapkan").click().run()
    assert not errors(app)
    (success,) = app.success
    assert "diterapkan oleh Siti Aminah" in unescape(success.value) and "versi" in success.value
    assert "python -m" not in success.value and str(database) not in unescape(success.value)
    assert fetch(database, "SELECT idm, source_file FROM village_scores WHERE village_code = '6303012001' "
                           "AND year = 2024") == [(0.9, "IDM_2024_BANJAR [revisi].xlsx")]
    (version,) = versions.list_versions(database)
    assert (version.who, version.file, version.action) == ("Siti Aminah", "IDM_2024_BANJAR [revisi].xlsx", "impor")
    assert not list((database.parent / "uploads").iterdir())  # the upload is gone
    assert not app.get("file_uploader")[0].value  # an empty uploader for the next file


def test_a_bad_file_is_refused_with_its_row_and_column_and_nothing_changes(password, database, tmp_path):
    app = logged_in(password)
    before = sha256(database)
    bad = [idm_row("6303012001", 0.9), idm_row("6303012002", 0.8)]
    bad[0][11] = "0,7a"  # NILAI_IDM_2024 of row 2
    bad[1][6] = "6303019999"  # a code nobody knows
    upload(app, "IDM_2024_rusak.xlsx", idm_bytes(tmp_path, bad))
    (refusal,) = [unescape(e.value) for e in app.error]
    assert "IDM_2024_rusak.xlsx" in refusal and "tidak ada baris IDM yang bisa diimpor" in refusal
    assert "baris 2 kolom NILAI_IDM_2024" in refusal and "baris 3 kolom KODE_DESA" in refusal
    assert "unggahan" not in refusal  # the file is named as its user knows it, never by its temporary name
    assert "terapkan" not in [button.key for button in app.button]
    assert sha256(database) == before and not versions.list_versions(database)
    app.button(key="tutup").click().run()
    assert not app.error and not list((database.parent / "uploads").iterdir())


def test_a_file_of_no_known_kind_says_what_was_expected(password, database):
    app = logged_in(password)
    upload(app, "catatan.csv", b"nama;alamat\nBudi;Banjarbaru\n")
    (refusal,) = [unescape(e.value) for e in app.error]
    assert "catatan.csv" in refusal and "bukan tabel BPS" in refusal and "bukan berkas target" in refusal


def test_a_version_is_brought_back_after_a_confirmation(password, database, tmp_path):
    original = fetch(database, "SELECT idm FROM village_scores WHERE village_code = '6303012001' AND year = 2024")
    app = logged_in(password)
    upload(app, "IDM_2024.xlsx", idm_bytes(tmp_path, [idm_row("6303012001", 0.95)]))
    app.text_input(key="kelola_nama").input("Budi").run()
    app.button(key="terapkan").click().run()
    (version,) = versions.list_versions(database)
    app.button(key=f"pulihkan-{version.id}").click().run()
    assert "Pulihkan database ke versi" in unescape(app.warning[0].value)
    assert app.button(key="pulihkan-ya").disabled
    app.text_input(key="kelola_nama_pulihkan").input("Rahmat").run()
    app.button(key="pulihkan-ya").click().run()
    assert not errors(app)
    assert f"dipulihkan ke versi {version.id} oleh Rahmat" in unescape(app.success[0].value)
    assert fetch(database, "SELECT idm FROM village_scores WHERE village_code = '6303012001' AND year = 2024"
                 ) == original
    newest = versions.list_versions(database)[0]
    assert (newest.action, newest.who, newest.file) == ("pulihkan", "Rahmat", f"versi {version.id}")
    # The database before the restore is that version: the import can be brought back in turn.
    assert fetch(newest.path, "SELECT idm FROM village_scores WHERE village_code = '6303012001' AND year = 2024"
                 ) == [(0.95,)]


def test_the_options_of_the_command_line_are_choices_on_the_page(password, database, tmp_path):
    """--replace for an IDM file, --province for a BPS table that names none: named as the page names them."""
    app = logged_in(password)
    upload(app, "IDM_2024.xlsx", idm_bytes(tmp_path, [idm_row("6303012001", 0.9)]))
    assert "pilihan 'gantikan seluruh tahun' menggantikan seluruh tahun 2024" in markdown(app)
    app.checkbox(key="kelola_ganti").check().run()
    assert "menggantikan 2024 untuk 1 provinsi: 71 desa dihapus" in markdown(app)
    app.button(key="batal").click().run()
    table = "Indeks Kedalaman Kemiskinan (P1) Menurut Kabupaten/Kota, 2024\nKabupaten/Kota;2024\nKapuas;0,75\n"
    upload(app, "tabel.csv", table.encode())
    (refusal,) = [unescape(e.value) for e in app.error]
    assert "provinsi tidak diketahui" in refusal and "pilihan provinsi" in refusal and "--province" not in refusal
    app.selectbox(key="kelola_provinsi").set_value("62").run()
    assert not app.error and "tabel BPS Kalimantan Tengah" in markdown(app)
