"""Every write goes through one owner (idm.database.Database.write): two writers at once never both
succeed with one change lost, exit status 1 always means nothing changed, a full or read-only disk is
said in Indonesian and leaves no scratch file, and a damaged version is named and never restored.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from idm import cli, database, rules, versions
from idm.database import Database, WriteError
from idm.importers import uploads
from idm.importers.common import apply_plan
from idm.importers.idm_file_plan import plan_import
from tests import hostile
from tests.fixtures import build_fixture

pytestmark = pytest.mark.db

REPO = Path(__file__).resolve().parents[1]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def idm_file(path: Path, code: str, idm: float) -> Path:
    row = [code[:2], "KALIMANTAN SELATAN", code[:4], "BANJAR", code[:6], "ALUH ALUH", code, "DESA UJI",
           idm, idm, idm, idm, rules.classify(idm), None]
    return hostile.write_xlsx(path, [hostile.HEADER_2024, row])


def idm_of(db: Path, code: str) -> float:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT idm FROM village_scores WHERE village_code = ? AND year = 2024",
                           [code]).fetchone()[0]


def leftovers(db: Path) -> list[str]:
    """Scratch files of writes beside the database (the lock file and the versions folder belong there)."""
    return sorted(p.name for p in db.parent.iterdir() if ".tmp-" in p.name)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build_fixture(tmp_path_factory.mktemp("tulis") / "asal.duckdb")


@pytest.fixture
def db(built, tmp_path) -> Path:
    copy = tmp_path / "data" / "idm.duckdb"
    copy.parent.mkdir()
    shutil.copyfile(built, copy)
    return copy


def run(capsys, *argv) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


# --- two writers ------------------------------------------------------------------------------------

def test_two_threads_applying_at_once_one_wins_and_the_other_is_told(db, tmp_path):
    first = plan_import(idm_file(tmp_path / "satu.xlsx", "6303012001", 0.91), db)
    second = plan_import(idm_file(tmp_path / "dua.xlsx", "6303012002", 0.92), db)
    start = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def apply(plan, label):
        start.wait()
        try:
            outcomes[label] = apply_plan(plan, who=label)
        except WriteError as error:
            outcomes[label] = error

    threads = [threading.Thread(target=apply, args=(plan, label)) for plan, label in ((first, "A"), (second, "B"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    refused = [label for label, outcome in outcomes.items() if isinstance(outcome, WriteError)]
    assert len(refused) == 1, outcomes  # never two successes
    assert "berubah sejak rencana impor dibuat" in str(outcomes[refused[0]])
    won = "B" if refused == ["A"] else "A"
    assert (idm_of(db, "6303012001") == 0.91) is (won == "A")
    assert (idm_of(db, "6303012002") == 0.92) is (won == "B")
    assert [v.who for v in versions.list_versions(db)] == [won] and not leftovers(db)


def test_two_processes_importing_at_once_never_both_succeed(db, tmp_path):
    """The command line while the page (or another office) writes: the second writer waits for the first,
    then finds the database changed since its plan and changes nothing (exit 1)."""
    files = {"6303012001": idm_file(tmp_path / "satu.xlsx", "6303012001", 0.91),
             "6303012002": idm_file(tmp_path / "dua.xlsx", "6303012002", 0.92)}
    environment = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"}
    printed: dict[str, list[str]] = {code: [] for code in files}
    with open(db.with_name(db.name + ".lock"), "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # a write in progress: both plan against the same database, then wait
        processes = {code: subprocess.Popen([sys.executable, "-m", "idm", "import", str(path), "--db", str(db)],
                                            cwd=REPO, env=environment, stdout=subprocess.PIPE,
                                            stderr=subprocess.PIPE, text=True)
                     for code, path in files.items()}
        readers = [threading.Thread(target=lambda c=code, p=process: printed[c].extend(p.stdout), daemon=True)
                   for code, process in processes.items()]
        for reader in readers:
            reader.start()
        deadline = time.monotonic() + 60
        while not all(any(line.startswith("Laporan validasi") for line in lines) for lines in printed.values()):
            assert time.monotonic() < deadline, printed  # both planned: what follows is the write
            time.sleep(0.05)
        time.sleep(0.3)
        fcntl.flock(held, fcntl.LOCK_UN)
    results = {code: (process.wait(60), process.stderr.read()) for code, process in processes.items()}
    assert sorted(status for status, _ in results.values()) == [0, 1], results
    for code, (status, err) in results.items():
        assert (idm_of(db, code) in (0.91, 0.92)) is (status == 0)  # exit 1: its change is not there
        if status == 1:
            assert "berubah sejak rencana impor dibuat" in err and "Traceback" not in err
    assert len(versions.list_versions(db)) == 1 and not leftovers(db)


def test_a_writer_that_waits_too_long_is_told_who_writes(db, tmp_path):
    plan = plan_import(idm_file(tmp_path / "satu.xlsx", "6303012001", 0.91), db)
    before = sha256(db)
    with (database._WriterLock(db).held(who="Budi", timeout=1),
          pytest.raises(database.Busy, match=r"sedang diubah oleh penulis lain \(Budi, sejak .*Tidak ada yang")):
        Database(db).write(plan.write, about=versions.Change("impor", "satu.xlsx", ()), timeout=0.2)
    assert sha256(db) == before and not leftovers(db)


# --- exit 1 means unchanged -------------------------------------------------------------------------

def test_no_version_can_be_kept_so_nothing_is_swapped(db, tmp_path, capsys):
    path = idm_file(tmp_path / "satu.xlsx", "6303012001", 0.91)
    versions.folder(db).write_text("bukan folder")  # versions/ cannot be made
    before = sha256(db)
    code, _, err = run(capsys, "import", path, "--db", db)
    assert code == 1 and sha256(db) == before and not leftovers(db)
    assert err.startswith("GAGAL: ") and "database tidak diubah" in err and "Traceback" not in err


def test_versions_removed_during_an_import_are_made_again(db, tmp_path, monkeypatch):
    Database(db).write(lambda writer: None, about=versions.Change("impor", "awal", ()))  # one version there
    plan = plan_import(idm_file(tmp_path / "satu.xlsx", "6303012001", 0.91), db)
    shutil.rmtree(versions.folder(db))  # removed between the plan and its write
    applied = apply_plan(plan)
    assert applied.written and idm_of(db, "6303012001") == 0.91
    assert [v.file for v in versions.list_versions(db)] == ["satu.xlsx"]


ERRORS = {
    "disk penuh": (errno.ENOSPC, "disk penuh di"),
    "hanya-baca": (errno.EROFS, "tidak dapat ditulis (Read-only file system)"),
}


@pytest.mark.parametrize("where", ["copy", "swap", "duckdb"])
@pytest.mark.parametrize("name", list(ERRORS))
def test_a_full_or_read_only_disk_is_said_and_leaves_nothing(db, tmp_path, capsys, monkeypatch, where, name):
    number, words = ERRORS[name]
    path = idm_file(tmp_path / "satu.xlsx", "6303012001", 0.91)
    before = sha256(db)
    if where == "copy":
        def fail(*args, **kwargs):
            Path(args[1]).write_bytes(b"separuh")  # a partial scratch file, as a full disk leaves it
            raise OSError(number, os.strerror(number))
        monkeypatch.setattr(database.shutil, "copyfile", fail)
    elif where == "swap":
        def fail(*args, **kwargs):
            raise OSError(number, os.strerror(number))
        monkeypatch.setattr(database.os, "replace", fail)
    else:
        reason = "No space left on device" if number == errno.ENOSPC else "Read-only file system"
        def finish(self):
            raise duckdb.IOException(f"IO Error: Could not write file \"x\": {reason}")
        monkeypatch.setattr(database.Writer, "finish", finish)
    code, _, err = run(capsys, "import", path, "--db", db)
    assert code == 1 and words in err and "database tidak diubah" in err and "Traceback" not in err
    assert sha256(db) == before and not leftovers(db) and not versions.list_versions(db)


def test_an_upload_that_cannot_be_kept_leaves_no_file(db, monkeypatch):
    def full(self, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(uploads.Path, "write_bytes", full)
    with pytest.raises(uploads.UploadError, match="disk penuh"):
        uploads.save(b"kode;nama\n", "berkas.csv", target=db)
    assert not list(uploads.folder(db).glob("*/*"))


# --- damaged versions ---------------------------------------------------------------------------------

def _damage(path: Path, how: str) -> None:
    if how == "terpotong":
        with open(path, "r+b") as handle:
            handle.truncate(path.stat().st_size // 2)
    elif how == "teks":
        path.write_text("ini bukan database\n" * 10)
    else:  # a damaged block: the same size, other bytes in the middle
        with open(path, "r+b") as handle:
            handle.seek(path.stat().st_size // 2)
            handle.write(os.urandom(4096))


@pytest.mark.parametrize("how, said", [("terpotong", "terpotong atau diganti"), ("teks", "terpotong atau diganti"),
                                        ("blok", "blok rusak")])
def test_a_damaged_version_is_marked_and_never_restored(db, tmp_path, capsys, how, said):
    Database(db).write(lambda writer: writer.insert("meta", pd.DataFrame({"key": ["x"], "value": ["y"]})),
                       about=versions.Change("impor", "berkas.xlsx", ()))
    (version,) = versions.list_versions(db)
    _damage(version.path, how)  # the file the write replaced: no other name holds it
    (listed,) = versions.list_versions(db)
    assert listed.damage and said in listed.damage
    code, out, _ = run(capsys, "versions", "--db", db)
    assert code == 0 and "RUSAK" in out and said in out
    before = sha256(db)
    code, _, err = run(capsys, "restore", version.id, "--db", db)
    assert code == 1 and "rusak" in err and "Database tidak diubah" in err and "Traceback" not in err
    assert sha256(db) == before and not leftovers(db)


def test_an_old_version_without_a_checksum_is_still_checked_on_restore(db, capsys):
    Database(db).write(lambda writer: None, about=versions.Change("impor", "berkas.xlsx", ()))
    (version,) = versions.list_versions(db)
    record = version.path.with_suffix(".json")
    record.write_text(re.sub(r',\s*"(size|sha256)": [^,}]+', "", record.read_text()))  # an older record
    version.path.write_text("bukan database")
    assert versions.list_versions(db)[0].damage is None  # nothing to compare with: trusted in the list
    before = sha256(db)
    code, _, err = run(capsys, "restore", version.id, "--db", db)
    assert code == 1 and "rusak" in err and sha256(db) == before and "Traceback" not in err
