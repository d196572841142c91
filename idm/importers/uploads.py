"""Files received from a browser, kept only until they are applied or dropped.

An upload is written to `uploads/<token>/` beside the database (data/uploads/ by default), under a
generated name: the name the browser sends is only recorded as text (shown escaped, stored as the
file's name in the database), never used as a path. The suffix, which the readers go by, is one of
SUFFIXES: the browser's when it is one of them, else taken from the content. The folder goes when
the page applies or drops the file; folders left by an abandoned session go after STALE_SECONDS.
"""

from __future__ import annotations

import re
import secrets
import shutil
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from idm import fmt
from idm.database import disk_problem
from idm.importers import guard

MAX_BYTES = 50 * 1024 * 1024  # the limit; .streamlit/config.toml server.maxUploadSize = 50 (MB)
FOLDER = "uploads"
STALE_SECONDS = 24 * 3600
SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".txt", ".tsv")
STEM = "unggahan"  # the generated file name, with a suffix of SUFFIXES
NAME_FILE = "nama.txt"  # the browser's name, as text
LONGEST_NAME = 120
_TOKEN = re.compile(r"[0-9a-f]{32}")
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


class UploadError(ValueError):
    """An upload that is not kept; the message says why."""


@dataclass(frozen=True)
class Upload:
    token: str  # 32 hex digits, generated: the only thing a page keeps in its session
    path: Path  # uploads/<token>/unggahan.<suffix>
    name: str  # the browser's name, cleaned for display and the records

    @property
    def folder(self) -> Path:
        return self.path.parent


def folder(target: Path) -> Path:
    """Where uploads for the database at `target` wait: `uploads/` beside it."""
    return Path(target).parent / FOLDER


def display_name(name: str) -> str:
    """The last part of a browser's file name, without control characters, at most LONGEST_NAME long."""
    last = PurePosixPath(str(name).replace("\\", "/")).name
    cleaned = "".join(c for c in last if unicodedata.category(c)[0] != "C").strip()
    if len(cleaned) > LONGEST_NAME:
        suffix = Path(cleaned).suffix[:10]
        cleaned = cleaned[: LONGEST_NAME - len(suffix) - 1] + "…" + suffix
    return cleaned if cleaned.strip(".") else STEM


def suffix_for(name: str, head: bytes) -> str:
    """One of SUFFIXES, for the readers: a zip archive is an xlsx (or the ods or xlsm its name says), an
    OLE file an xls, whatever the name says; text keeps the name's suffix when it is one of SUFFIXES (a
    web page saved as .xls is then named as such by the guard), else is read as csv."""
    given = Path(name).suffix.lower()
    if head.startswith(guard.ZIP_MAGIC):
        if ODS_MIMETYPE in head[:200]:
            return ".ods"
        return given if given in (".xlsx", ".xlsm") else ".xlsx"
    if head.startswith(guard.OLE_MAGIC):
        return ".xls"
    return given if given in SUFFIXES else ".csv"


def save(data: bytes, name: str, *, target: Path, now: float | None = None) -> Upload:
    """Keep the bytes of an upload under a generated name; UploadError when it is empty or too large."""
    shown = display_name(name)
    if not data:
        raise UploadError(f"{shown}: berkas kosong (0 byte)")
    if len(data) > MAX_BYTES:
        # MB as Streamlit counts them for server.maxUploadSize: 2^20 bytes.
        raise UploadError(f"{shown}: {fmt.number(len(data) / 2**20, 1)} MB, melebihi batas unggahan "
                          f"{MAX_BYTES // 2**20} MB")
    remove_stale(target, now=now)
    token = secrets.token_hex(16)
    where = folder(target) / token
    path = where / f"{STEM}{suffix_for(shown, data[:4096])}"
    try:
        where.mkdir(parents=True, mode=0o700)
        path.write_bytes(data)
        (where / NAME_FILE).write_text(shown, encoding="utf-8")
    except OSError as error:  # a full disk or a folder that cannot be written: nothing half-written stays
        shutil.rmtree(where, ignore_errors=True)
        raise UploadError(f"{shown}: berkas tidak dapat disimpan untuk diperiksa ({disk_problem(error, target)})") \
            from error
    return Upload(token=token, path=path, name=shown)


def get(token: str | None, *, target: Path) -> Upload | None:
    """The upload of a token a session kept, None when it is gone (applied, dropped, stale) or not a token."""
    if not token or not _TOKEN.fullmatch(str(token)):
        return None
    where = folder(target) / token
    files = [p for p in where.glob(f"{STEM}.*") if p.suffix in SUFFIXES] if where.is_dir() else []
    if not files:
        return None
    name_file = where / NAME_FILE
    name = name_file.read_text(encoding="utf-8") if name_file.is_file() else files[0].name
    return Upload(token=token, path=files[0], name=name)


def discard(token: str | None, *, target: Path) -> None:
    """Remove an upload's folder (nothing happens for anything but a token)."""
    if token and _TOKEN.fullmatch(str(token)):
        shutil.rmtree(folder(target) / token, ignore_errors=True)


def remove_stale(target: Path, *, now: float | None = None) -> list[str]:
    """Remove the folders of uploads older than STALE_SECONDS; return their tokens."""
    now = time.time() if now is None else now
    removed = []
    base = folder(target)
    for where in base.iterdir() if base.is_dir() else []:
        if where.is_dir() and _TOKEN.fullmatch(where.name) and now - where.stat().st_mtime > STALE_SECONDS:
            shutil.rmtree(where, ignore_errors=True)
            removed.append(where.name)
    return removed
