"""Versions of the database: the file as it was before each applied change, to bring back.

Before a write (a build into an existing database, an import from the command line or the Kelola data
page, a restore) swaps a new file in, `idm.database.Database.write` keeps the file it replaces in
`versions/` beside the database (data/versions/ for data/idm.duckdb; a test's database in a temporary
folder keeps its versions there) with a small JSON record: when, what file, what changed and who
("CLI", or the name typed on the page). The version is complete, file and record, before the swap:
when it cannot be kept (a full disk, a removed folder that cannot be made again), nothing is swapped.
The last KEEP versions are kept; when one more comes, the oldest is removed and the caller is told
so, to say it: nothing is deleted silently.

A version is a hard link to the replaced file (no copy: the swap puts a new file at the database's
path, and the link keeps the old one), or a copy where links are not possible.

This module knows the folder and its records only; writing and restoring go through the database.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import shutil
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from idm import fmt

KEEP = 5  # versions kept
FOLDER = "versions"
ACTIONS = {"impor": "impor", "bangun": "pembangunan ulang", "pulihkan": "pemulihan"}  # action -> noun for a sentence
CLI = "CLI"  # who applied a change from the command line
_ID = re.compile(r"\d{8}-\d{6}(-\d+)?")


class VersionError(LookupError):
    """No such version, or one that cannot be brought back; the message says which exist or why."""


@dataclass(frozen=True)
class Change:
    """What a write is about to do, for the record of the version it replaces."""

    action: str  # a key of ACTIONS
    file: str  # the file imported, the sources folder built from, or the version restored
    changes: tuple[str, ...]  # what the change does, in Indonesian
    who: str = CLI  # the name typed on the page, or 'CLI'


@dataclass(frozen=True)
class Version:
    """The database as it was before a change."""

    id: str  # '20251127-184900': when it was kept; what `restore` takes
    path: Path  # the kept database file
    kept_at: datetime  # when the change that replaced it was applied
    action: str  # 'impor' | 'bangun' | 'pulihkan' (the change that replaced it)
    file: str  # the file imported, the sources folder built from, or the version restored
    changes: tuple[str, ...]  # what that change did, in Indonesian
    who: str  # the name typed on the page, or 'CLI'
    size: int  # bytes
    damage: str | None = None  # why the kept file is not the file that was kept (truncated, changed), or None

    @property
    def when(self) -> str:
        return f"{self.kept_at:%d-%m-%Y %H.%M}"

    def summary(self) -> str:
        """'27-11-2025 18.49, sebelum impor bps_kalteng.xlsx oleh Budi'."""
        return f"{self.when}, sebelum {ACTIONS.get(self.action, self.action)} {self.file} oleh {self.who}"

    def undoes(self) -> str:
        """What bringing this version back undoes, in a sentence for the page."""
        return (f"Memulihkan versi ini membatalkan {ACTIONS.get(self.action, self.action)} {self.file} oleh {self.who} "
                f"({self.when}) dan setiap perubahan sesudahnya.")

    def lines(self) -> list[str]:
        """The version as `python -m idm versions` lists it."""
        head = f"{self.id}  {self.summary()} ({fmt.number(self.size / 1e6, 1)} MB)"
        if self.damage:
            head += f"  RUSAK: {self.damage}; tidak dapat dipulihkan"
        return [head, *(f"    {change}" for change in self.changes)]


@dataclass
class Kept:
    """What keeping a version did: the version, and the oldest ones removed to stay at KEEP."""

    version: Version
    removed: list[Version] = field(default_factory=list)

    def lines(self) -> list[str]:
        lines = [f"versi {self.version.id} disimpan: database sebelum perubahan ini (pulihkan dengan "
                 f"`python -m idm restore {self.version.id}`)"]
        lines += [f"versi tertua {old.id} ({old.summary()}) dihapus: hanya {KEEP} versi terakhir yang disimpan"
                  for old in self.removed]
        return lines

    def sentences(self) -> list[str]:
        """The same for the page: no command, no path."""
        lines = [f"Database sebelum perubahan ini disimpan sebagai versi {self.version.id}: untuk membatalkan "
                 "perubahan ini, pulihkan versi itu di Riwayat versi database di bawah."]
        lines += [f"Versi tertua {old.id} ({old.summary()}) dihapus: hanya {KEEP} versi terakhir yang disimpan."
                  for old in self.removed]
        return lines


def folder(target: Path) -> Path:
    """Where the versions of the database at `target` are kept: `versions/` beside it."""
    return Path(target).parent / FOLDER


def _record_path(target: Path, version_id: str) -> Path:
    return folder(target) / f"{Path(target).stem}.{version_id}.json"


def _database_path(target: Path, version_id: str) -> Path:
    return folder(target) / f"{Path(target).stem}.{version_id}.duckdb"


def list_versions(target: Path) -> list[Version]:
    """The kept versions of the database at `target`, newest first (a record without its file is left out)."""
    target = Path(target)
    found = []
    stem = re.escape(target.stem)
    for record in folder(target).glob(f"{target.stem}.*.json"):
        match = re.fullmatch(rf"{stem}\.({_ID.pattern})\.json", record.name)
        path = _database_path(target, match.group(1)) if match else None
        if path is None or not path.is_file():
            continue
        try:
            data = json.loads(record.read_text(encoding="utf-8"))
            stat = path.stat()
            found.append(Version(id=match.group(1), path=path, kept_at=datetime.fromisoformat(data["kept_at"]),
                                 action=data["action"], file=data["file"], changes=tuple(data["changes"]),
                                 who=data["who"], size=stat.st_size, damage=_damage(path, stat, data)))
        except (OSError, ValueError, KeyError, TypeError):
            continue  # a record being written, or not ours
    return sorted(found, key=_order, reverse=True)


def _order(version: Version) -> tuple[datetime, str, int]:
    """Oldest first: by time, then the number a second's later versions carry ('-2', '-10')."""
    stamp, number = version.id[:15], version.id[16:]  # 'YYYYMMDD-HHMMSS' and maybe '-N'
    return version.kept_at, stamp, int(number) if number else 1


def find(target: Path, version_id: str) -> Version:
    """The version `version_id`; VersionError naming the versions there are."""
    wanted = str(version_id).strip()
    versions = list_versions(target)
    for version in versions:
        if version.id == wanted:
            return version
    listed = ", ".join(v.id for v in versions) or "belum ada"
    raise VersionError(f"tidak ada versi {wanted!r}; versi yang tersimpan: {listed} (lihat daftar versi)")


def _damage(path: Path, stat: os.stat_result, record: dict) -> str | None:
    """Why a kept file is not what was kept: another size (truncated, replaced) or another content (a
    damaged block) than its record says; None when it is whole. A record without a checksum (kept
    by an older version of the dashboard) is trusted here; restoring it still checks the file."""
    if "size" not in record or "sha256" not in record:
        return None
    if stat.st_size != record["size"]:
        return (f"ukuran berkas {fmt.number(stat.st_size / 1e6, 1)} MB, seharusnya "
                f"{fmt.number(record['size'] / 1e6, 1)} MB (terpotong atau diganti)")
    if _sha256(str(path), stat.st_ino, stat.st_mtime_ns, stat.st_size) != record["sha256"]:
        return "isi berkas berubah sejak disimpan (blok rusak)"
    return None


@functools.lru_cache(maxsize=64)
def _sha256(path: str, inode: int, mtime_ns: int, size: int) -> str:
    """A file's checksum, once per version of the file (the page lists the versions on every run)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _link_or_copy(source: Path, destination: Path) -> None:
    try:
        os.link(source, destination)
    except OSError:  # a file system without hard links
        shutil.copyfile(source, destination)


def _new_id(target: Path, now: datetime) -> str:
    """A new id, after every id of the same second (a removed one is never reused), reserved by
    creating its record exclusively (two writers never share one)."""
    base = f"{now:%Y%m%d-%H%M%S}"
    taken = [re.fullmatch(rf"{re.escape(target.stem)}\.{base}(?:-(\d+))?\.json", p.name)
             for p in folder(target).glob(f"{target.stem}.{base}*.json")]
    number = max((int(m.group(1) or 1) for m in taken if m), default=0)
    while True:
        number += 1
        version_id = base if number == 1 else f"{base}-{number}"
        try:
            with open(_record_path(target, version_id), "x", encoding="utf-8"):
                return version_id
        except FileExistsError:
            continue


def keep(target: Path, change: Change) -> Version:
    """Keep the database at `target` as a version, file and record, before a write swaps another file
    in. Raises OSError when it cannot be kept (the caller then swaps nothing); leaves nothing behind."""
    target = Path(target)
    folder(target).mkdir(parents=True, exist_ok=True)
    now = datetime.now()
    version_id = _new_id(target, now)
    path = _database_path(target, version_id)
    record_path = _record_path(target, version_id)
    try:
        _link_or_copy(target, path)
        stat = path.stat()
        record = {"id": version_id, "kept_at": now.isoformat(timespec="seconds"), "action": change.action,
                  "file": change.file, "changes": list(change.changes), "who": change.who, "database": target.name,
                  "size": stat.st_size, "sha256": _sha256(str(path), stat.st_ino, stat.st_mtime_ns, stat.st_size)}
        temporary = record_path.with_suffix(".json.tmp")
        temporary.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(temporary, record_path)
    except BaseException:
        discard_files(target, version_id)
        raise
    return Version(id=version_id, path=path, kept_at=datetime.fromisoformat(record["kept_at"]), action=change.action,
                   file=change.file, changes=tuple(change.changes), who=change.who, size=record["size"])


def discard_files(target: Path, version_id: str) -> None:
    """Remove a version's files: one kept for a write that did not swap (its change never happened)."""
    for path in (_database_path(target, version_id), _record_path(target, version_id),
                 _record_path(target, version_id).with_suffix(".json.tmp")):
        path.unlink(missing_ok=True)


def prune(target: Path) -> list[Version]:
    """Remove the oldest versions beyond KEEP; return them, for the caller to say so."""
    removed = list_versions(target)[KEEP:]
    for old in removed:
        discard_files(target, old.id)
    return removed


def as_record(version: Version) -> dict:
    """A version as plain values (a page's table, JSON)."""
    record = asdict(version)
    record.update(path=str(version.path), kept_at=version.kept_at.isoformat(timespec="seconds"),
                  changes=list(version.changes))
    return record


def report(target: Path) -> list[str]:
    """`python -m idm versions`: the kept versions, newest first, and how to bring one back."""
    target = Path(target)
    versions = list_versions(target)
    if not versions:
        return [f"belum ada versi tersimpan untuk {target} (di {folder(target)}): sebuah versi disimpan setiap kali "
                "build, impor atau pemulihan mengganti database"]
    lines = [f"Versi database {target} di {folder(target)} ({len(versions)} dari paling banyak {KEEP}, terbaru "
             "di atas; setiap versi adalah database sebelum perubahan yang disebut):"]
    for version in versions:
        lines += [f"  {line}" for line in version.lines()]
    lines.append("Pulihkan dengan: python -m idm restore VERSI [--db PATH]")
    return lines
