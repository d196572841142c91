"""Versions of the database: the file as it was before each applied change, to bring back.

Before a build into an existing database, an import (command line or the Kelola data page) or a
restore swaps a new file in, the file it replaces is kept in `versions/` beside the database
(data/versions/ for data/idm.duckdb; a test's database in a temporary folder keeps its versions
there) with a small JSON record: when, what file, what changed and who ("CLI", or the name typed on
the page). The last KEEP versions are kept; when one more comes, the oldest is removed and the
caller is told so, to say it: nothing is deleted silently.

A version is kept only when the change was written: the current file is linked (a hard link, or a
copy where links are not possible) into the folder first, and the link is turned into a version
after the swap succeeded, or removed when the write failed. A hard link costs no copy: the swap
puts a new file at the database's path, and the link keeps the old one.

`restore` brings a version back with the same atomic swap as every write (idm.build.replacing),
keeping the current database as a version first.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from idm import database, fmt

KEEP = 5  # versions kept; the issue asks for the last 5
FOLDER = "versions"
ACTIONS = {"impor": "impor", "bangun": "pembangunan ulang", "pulihkan": "pemulihan"}  # action -> noun for a sentence
CLI = "CLI"  # who applied a change from the command line
_ID = re.compile(r"\d{8}-\d{6}(-\d+)?")
_PENDING = re.compile(r"\.(.+)\.pending-(\d+)-[0-9a-f]+\.duckdb")

Echo = Callable[[str], None]


class VersionError(LookupError):
    """No such version, or one that cannot be brought back; the message says which exist or why."""


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

    @property
    def when(self) -> str:
        return f"{self.kept_at:%d-%m-%Y %H.%M}"

    def summary(self) -> str:
        """'27-11-2025 18.49, sebelum impor bps_kalteng.xlsx oleh Budi'."""
        return f"{self.when}, sebelum {ACTIONS.get(self.action, self.action)} {self.file} oleh {self.who}"

    def lines(self) -> list[str]:
        """The version as `python -m idm versions` lists it."""
        head = f"{self.id}  {self.summary()} ({fmt.number(self.size / 1e6, 1)} MB)"
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


@dataclass
class Keeping:
    """Handed to the block of `keeping`; `kept` is set once the block succeeded."""

    kept: Kept | None = None


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
            found.append(Version(id=match.group(1), path=path, kept_at=datetime.fromisoformat(data["kept_at"]),
                                 action=data["action"], file=data["file"], changes=tuple(data["changes"]),
                                 who=data["who"], size=path.stat().st_size))
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
    raise VersionError(f"tidak ada versi {wanted!r} untuk {target}; versi yang tersimpan: {listed} "
                       "(lihat `python -m idm versions`)")


def _remove_stale_pending(target: Path) -> None:
    """Links left by a process killed during a write: its change never happened."""
    for stale in folder(target).glob(f".{target.stem}.pending-*.duckdb"):
        match = _PENDING.fullmatch(stale.name)
        if match and not Path(f"/proc/{match.group(2)}").exists():
            stale.unlink(missing_ok=True)


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


@contextmanager
def keeping(target: Path, *, action: str, file: str, changes: list[str], who: str = CLI) -> Iterator[Keeping]:
    """Keep the database at `target` as a version when the block, which swaps a new file in, succeeds.

    Nothing is kept when there is no database yet (a first build) or the block raises."""
    target = Path(target)
    keeping_ = Keeping()
    if not target.is_file():
        yield keeping_
        return
    folder(target).mkdir(parents=True, exist_ok=True)
    _remove_stale_pending(target)
    pending = folder(target) / f".{target.stem}.pending-{os.getpid()}-{secrets.token_hex(4)}.duckdb"
    _link_or_copy(target, pending)
    try:
        yield keeping_
    except BaseException:
        pending.unlink(missing_ok=True)
        raise
    keeping_.kept = _commit(target, pending, action=action, file=file, changes=changes, who=who)


def _commit(target: Path, pending: Path, *, action: str, file: str, changes: list[str], who: str) -> Kept:
    now = datetime.now()
    version_id = _new_id(target, now)
    path = _database_path(target, version_id)
    if target.is_file() and os.path.samefile(pending, target):  # the block swapped nothing in: keep a copy,
        shutil.copyfile(pending, pending.with_suffix(".copy"))  # not a second name of the live file
        os.replace(pending.with_suffix(".copy"), pending)
    os.replace(pending, path)
    record = {"id": version_id, "kept_at": now.isoformat(timespec="seconds"), "action": action, "file": file,
              "changes": list(changes), "who": who, "database": target.name}
    temporary = _record_path(target, version_id).with_suffix(".json.tmp")
    temporary.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(temporary, _record_path(target, version_id))
    version = Version(id=version_id, path=path, kept_at=datetime.fromisoformat(record["kept_at"]), action=action,
                      file=file, changes=tuple(changes), who=who, size=path.stat().st_size)
    return Kept(version=version, removed=_prune(target))


def _prune(target: Path) -> list[Version]:
    """Remove the oldest versions beyond KEEP; return them, for the caller to say so."""
    removed = list_versions(target)[KEEP:]
    for old in removed:
        old.path.unlink(missing_ok=True)
        _record_path(target, old.id).unlink(missing_ok=True)
    return removed


def as_record(version: Version) -> dict:
    """A version as plain values (a page's table, JSON)."""
    record = asdict(version)
    record.update(path=str(version.path), kept_at=version.kept_at.isoformat(timespec="seconds"),
                  changes=list(version.changes))
    return record


# --- the commands ------------------------------------------------------------------------------

def restore(version_id: str, target: Path, *, who: str = CLI) -> Kept | None:
    """Bring version `version_id` back in place of the database at `target`, with the atomic swap and
    the final checks of every write; the current database is kept as a version first (None when there
    was none). VersionError when there is no such version or it was built by an older schema."""
    from idm.build import derive, replacing, require_checks  # idm.build keeps versions of its builds

    target = Path(target)
    version = find(target, version_id)
    problem = database.outdated(version.path)
    if problem:
        raise VersionError(f"versi {version.id} tidak dapat dipulihkan: {problem}; dasbor versi ini tidak dapat "
                           "membacanya (bangun ulang dengan `python -m idm build`)")
    changes = [f"database dipulihkan ke versi {version.id} ({version.summary()})"]
    with (keeping(target, action="pulihkan", file=f"versi {version.id}", changes=changes, who=who) as kept,
          replacing(target, copy_from=version.path) as con):
        derive(con)
        require_checks(con)
    return kept.kept


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
