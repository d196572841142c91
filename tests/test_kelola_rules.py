"""The Kelola data page's rules without a browser: where the password comes from, how it is compared,
the lockout, and what becomes of a file a browser sends (its name is text, never a path)."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from idm import kelola
from idm.importers import guard, uploads


@pytest.mark.parametrize("secrets, environ, expected", [
    ({}, {}, None),
    ({"admin_password": ""}, {"IDM_ADMIN_PASSWORD": ""}, None),
    ({"admin_password": "dari-secrets"}, {"IDM_ADMIN_PASSWORD": "dari-env"}, "dari-secrets"),
    ({}, {"IDM_ADMIN_PASSWORD": "dari-env"}, "dari-env"),
    (None, {"IDM_ADMIN_PASSWORD": "dari-env"}, "dari-env"),
])
def test_where_the_password_comes_from(secrets, environ, expected):
    assert kelola.configured_password(secrets, environ) == expected


def test_secrets_that_raise_are_no_password():
    class NoSecretsFile(dict):
        def get(self, key, default=None):
            raise FileNotFoundError("no secrets.toml")

    assert kelola.configured_password(NoSecretsFile(), {}) is None


@pytest.mark.parametrize("given, configured, ok", [
    ("rahasia", "rahasia", True),
    ("Rahasia", "rahasia", False),
    ("rahasia ", "rahasia", False),
    ("", "rahasia", False),
    ("kata sandi ü", "kata sandi ü", True),  # not ASCII: hmac.compare_digest takes it as bytes
    ("kata sandi u", "kata sandi ü", False),
])
def test_the_comparison(given, configured, ok):
    assert kelola.matches(given, configured) is ok


class Clock:
    def __init__(self, now: float = 1_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def attempts(tmp_path):
    clock = Clock()
    return kelola.Attempts(tmp_path / kelola.FILE_NAME, clock=clock), clock


GOOD = "kata-sandi-yang-panjang"


def test_without_a_password_nothing_is_accepted(attempts):
    store, _ = attempts
    state = {}
    login = kelola.log_in(state, "", None, attempts=store, address="10.0.0.1")
    assert not login.ok and kelola.ENVIRONMENT in login.message and not kelola.logged_in(state, None)


@pytest.mark.parametrize("configured", ["x", "pendek", "sebelas-kar"])  # 1, 6 and 11 characters
def test_a_short_configured_password_keeps_the_page_closed(attempts, configured):
    store, _ = attempts
    state = {}
    login = kelola.log_in(state, configured, configured, attempts=store, address="10.0.0.1")
    assert not login.ok and f"{len(configured)} karakter" in login.message and "paling sedikit 12" in login.message
    assert not kelola.logged_in({kelola.LOGGED_IN: True}, configured)


def test_wrong_passwords_are_counted_per_address_with_growing_waits(attempts, caplog):
    store, clock = attempts
    state = {}
    messages = [kelola.log_in(state, "salah", GOOD, attempts=store, address="10.0.0.1").message
                for _ in range(kelola.MAX_TRIES)]
    assert messages[:2] == ["Kata sandi salah (percobaan 1 dari 5).", "Kata sandi salah (percobaan 2 dari 5)."]
    assert messages[-1].startswith("Kata sandi salah. Sudah 5 kali salah: coba lagi dalam 60 detik")
    clock.now += 59.5
    locked = kelola.log_in(state, GOOD, GOOD, attempts=store, address="10.0.0.1")  # right, but not even compared
    assert not locked.ok and "1 detik" in locked.message and not kelola.logged_in(state, GOOD)
    assert kelola.log_in({}, "salah", GOOD, attempts=store, address="10.0.0.2").message.endswith("1 dari 5).")
    clock.now += 1
    assert "dalam 2 menit" in kelola.log_in(state, "salah", GOOD, attempts=store, address="10.0.0.1").message
    clock.now += 120
    assert "dalam 4 menit" in kelola.log_in(state, "salah", GOOD, attempts=store, address="10.0.0.1").message
    clock.now += 240
    assert kelola.log_in(state, GOOD, GOOD, attempts=store, address="10.0.0.1").ok and kelola.logged_in(state, GOOD)
    assert kelola.log_in({}, "salah", GOOD, attempts=store, address="10.0.0.1").message.endswith("1 dari 5).")
    # logged with time and address, never the password
    assert "10.0.0.1" in caplog.text and "salah" in caplog.text.lower() and GOOD not in caplog.text
    assert all(set(entry) == {"time", "address"} for entry in store.log())
    kelola.log_out(state)
    assert not kelola.logged_in(state, GOOD)


def test_the_count_survives_a_new_session_and_a_restart(attempts, tmp_path):
    store, clock = attempts
    for _ in range(kelola.MAX_TRIES):
        kelola.log_in({}, "salah", GOOD, attempts=store, address="10.0.0.1")  # a new tab each time
    restarted = kelola.Attempts(tmp_path / kelola.FILE_NAME, clock=clock)  # the server started again
    assert restarted.wait("10.0.0.1") == 60
    assert not kelola.log_in({}, GOOD, GOOD, attempts=restarted, address="10.0.0.1").ok


def test_many_addresses_together_lock_everyone(attempts):
    store, clock = attempts
    for number in range(kelola.TOTAL_TRIES):
        kelola.log_in({}, "salah", GOOD, attempts=store, address=f"10.0.1.{number}")  # 1 guess per address
    assert store.wait("10.9.9.9") == 60  # an address that never tried waits too
    clock.now += 60
    assert kelola.log_in({}, GOOD, GOOD, attempts=store, address="10.9.9.9").ok


@pytest.mark.parametrize("direct, forwarded, expected", [
    ("203.0.113.5", None, "203.0.113.5"),
    ("203.0.113.5", "10.0.0.1", "203.0.113.5"),  # not behind our proxy: a header from the client says nothing
    ("127.0.0.1", "198.51.100.7", "198.51.100.7"),  # behind bin/serve's nginx
    ("127.0.0.1", "1.2.3.4, 198.51.100.7", "198.51.100.7"),  # what the client claimed, then what nginx saw
    (None, None, kelola.UNKNOWN),
])
def test_the_client_address(direct, forwarded, expected):
    assert kelola.client_address(direct, forwarded) == expected


@pytest.mark.parametrize("name, shown", [
    ("IDM_2024.xlsx", "IDM_2024.xlsx"),
    ("../../etc/passwd", "passwd"),
    ("C:\\Users\\Budi\\Unduhan\\p0 kalteng.csv", "p0 kalteng.csv"),
    ("tabel\x00\n[klik](x).csv", "tabel[klik](x).csv"),  # control characters go; the page escapes the rest
    ("", uploads.STEM),
    ("..", uploads.STEM),
    ("a" * 300 + ".xlsx", "a" * 114 + "….xlsx"),
])
def test_a_browser_name_is_only_text(name, shown):
    assert uploads.display_name(name) == shown


@pytest.mark.parametrize("name, head, suffix", [
    ("IDM_2024.xlsx", guard.ZIP_MAGIC, ".xlsx"),
    ("IDM_2024.xls", guard.ZIP_MAGIC, ".xlsx"),  # an xlsx named .xls is read as what it is
    ("makro.xlsm", guard.ZIP_MAGIC, ".xlsm"),
    ("tabel", guard.ZIP_MAGIC + b"\x00" * 26 + b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet", ".ods"),
    ("lama.xlsx", guard.OLE_MAGIC, ".xls"),
    ("portal.xls", b"<html><table>", ".xls"),  # the guard names a web page saved as .xls for what it is
    ("p0.txt", b"Kabupaten/Kota;2024", ".txt"),
    ("p0", b"Kabupaten/Kota;2024", ".csv"),
    ("p0.exe", b"Kabupaten/Kota;2024", ".csv"),
])
def test_the_suffix_the_readers_see(name, head, suffix):
    assert uploads.suffix_for(name, head) == suffix


def test_an_upload_lives_in_a_generated_folder_until_discarded(tmp_path):
    target = tmp_path / "idm.duckdb"
    upload = uploads.save(b"kode_wilayah,tahun\n", "../../rahasia/target kantor.csv", target=target)
    assert upload.path.parent.parent == tmp_path / "uploads" and upload.path.name == "unggahan.csv"
    assert upload.name == "target kantor.csv" and upload.path.read_bytes() == b"kode_wilayah,tahun\n"
    assert uploads.get(upload.token, target=target) == upload
    for other in ("../uploads", "..", "/etc", upload.token.upper(), None, ""):
        assert uploads.get(other, target=target) is None
    uploads.discard("..", target=target)  # nothing but a token is ever removed
    assert upload.path.exists()
    uploads.discard(upload.token, target=target)
    assert not upload.folder.exists() and uploads.get(upload.token, target=target) is None


@pytest.mark.parametrize("size, refused", [
    (0, "kosong"), (uploads.MAX_BYTES + 1, "50,0 MB, melebihi batas unggahan 50 MB"),
])
def test_an_empty_or_too_large_upload_is_not_kept(tmp_path, size, refused):
    with pytest.raises(uploads.UploadError, match=refused):
        uploads.save(b"x" * size, "IDM.xlsx", target=tmp_path / "idm.duckdb")
    assert not (tmp_path / "uploads").exists() or not list((tmp_path / "uploads").iterdir())


def test_uploads_an_abandoned_session_left_go_after_a_day(tmp_path):
    target = tmp_path / "idm.duckdb"
    old = uploads.save(b"a", "lama.csv", target=target)
    day_ago = old.folder.stat().st_mtime - uploads.STALE_SECONDS - 1
    os.utime(old.folder, (day_ago, day_ago))
    new = uploads.save(b"b", "baru.csv", target=target)
    assert not old.folder.exists() and new.folder.exists()
    assert uploads.remove_stale(target) == []


def test_the_upload_limit_is_streamlits_too():
    config = (Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml").read_text()
    assert f"maxUploadSize = {uploads.MAX_BYTES // (1024 * 1024)}" in config


@pytest.mark.parametrize("documented", [
    "IDM_ADMIN_PASSWORD", 'admin_password = "', "python -m idm versions", "python -m idm restore VERSI",
    "--province", "maxUploadSize", "Kelola data",
])
def test_the_readme_documents_the_setting(documented):
    assert documented in (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_versions_of_one_second_keep_their_order_and_the_oldest_go(tmp_path, monkeypatch):
    from datetime import datetime

    from idm import versions

    class Frozen(datetime):
        @classmethod
        def now(cls, tz=None):
            return cls(2025, 11, 27, 18, 49, 0)

    monkeypatch.setattr(versions, "datetime", Frozen)
    target = tmp_path / "idm.duckdb"
    removed = []
    for number in range(12):
        fresh = tmp_path / "baru"
        fresh.write_text(f"isi {number}")
        os.replace(fresh, target)  # the database as it is before the next write
        versions.keep(target, versions.Change("impor", f"berkas{number}.xlsx", ()))
        removed += [old.file for old in versions.prune(target)]
    listed = versions.list_versions(target)
    assert [v.id for v in listed] == ["20251127-184900-12", "20251127-184900-11", "20251127-184900-10",
                                      "20251127-184900-9", "20251127-184900-8"]
    assert [v.path.read_text() for v in listed] == [f"isi {n}" for n in (11, 10, 9, 8, 7)]
    assert removed == [f"berkas{n}.xlsx" for n in range(7)]  # each named when it went


def _empty_database(path):
    from idm import versions
    from idm.database import Database

    db = Database(path)
    db.write(lambda writer: None, about=versions.Change("bangun", "uji", ()), empty=True)
    return db


def test_a_failed_change_keeps_no_version_and_leaves_nothing(tmp_path):
    from idm import versions

    db = _empty_database(tmp_path / "idm.duckdb")
    before = db.path.read_bytes()

    def failing(writer):
        writer.insert("meta", pd.DataFrame({"key": ["x"], "value": ["y"]}))
        raise RuntimeError("pemeriksaan akhir gagal")

    with pytest.raises(RuntimeError):
        db.write(failing, about=versions.Change("impor", "x.xlsx", ()))
    assert db.path.read_bytes() == before
    assert not versions.list_versions(db.path) and not list(versions.folder(db.path).glob("*"))
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "versions") == ["idm.duckdb", "idm.duckdb.lock"]


def test_a_version_is_never_a_second_name_of_the_live_file(tmp_path):
    from idm import versions

    db = _empty_database(tmp_path / "idm.duckdb")
    kept_bytes = db.path.read_bytes()
    written = db.write(lambda writer: writer.insert("meta", pd.DataFrame({"key": ["x"], "value": ["y"]})),
                       about=versions.Change("impor", "x.xlsx", ()))
    db.path.write_bytes(b"ditulis di tempat")  # a tool writing the live file in place
    assert written.kept.version.path.read_bytes() == kept_bytes
