"""What importing a file changes, shown before it is written, then written all or nothing.

Three kinds of file change the database after a build: an official IDM file (idm.importing), a BPS
table (idm.importing_bps) and a target file (idm.importing_targets). Each is read and compared with
the database into a plan that writes nothing; the command line prints the plan and applies it, the
Kelola data page shows it above a button. Every plan has the same face (`Plan`), and `apply_plan`
writes any of them the same way: into a copy of the database swapped in with one rename
(idm.build.replacing), ending with the derived table and the final checks, refused when the database
changed since the plan was made, keeping the replaced file as a version (idm.versions).

`preview` runs the same write on a scratch copy to show the figures of the touched provinces before
and after, and to run the final checks before anyone presses the button.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import duckdb
import pandas as pd

from idm import database, fmt, versions
from idm.build import BuildError, derive, insert, issue_table, log_entry, replacing, require_checks
from idm.importers import regions
from idm.validate import Problem, summarise

KINDS = {"idm": "berkas IDM", "bps": "tabel BPS", "target": "berkas target"}
FIGURE_COLUMNS = ["Wilayah", "Tahun", "Ukuran"]  # the keys of a plan's figures; then 'Nilai'


class Plan(Protocol):
    """What importing one file will do to the database; nothing is written until `apply_plan`."""

    kind: str  # a key of KINDS
    name: str  # the file as its user knows it (an upload's name, not its temporary path)
    path: Path
    target: Path
    sha256: str
    database_state: tuple[int, int, int]
    problems: list[Problem]

    @property
    def writes(self) -> bool: ...
    @property
    def rows_read(self) -> int: ...
    @property
    def rows_accepted(self) -> int: ...
    @property
    def rows_rejected(self) -> int: ...

    def lines(self) -> list[str]:
        """What will change, in Indonesian: the first line names the file, the others the changes."""

    def provinces(self) -> list[str]:
        """2-digit codes of the provinces the file touches."""

    def write(self, con: duckdb.DuckDBPyConnection) -> None:
        """The plan's rows into `con` (a copy of the database); derive and the checks follow."""

    def figures(self, con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
        """The figures the file changes as they are in `con`: FIGURE_COLUMNS and 'Nilai' (text)."""


def database_state(target: Path) -> tuple[int, int, int]:
    """Changes whenever a build or import swaps a new file in (a new inode) or anything writes it."""
    stat = os.stat(target)
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


def planned_against(target: Path) -> tuple[int, int, int]:
    """The state of the database a plan is made against (`database_state`); BuildError when the database is
    missing or of an older schema."""
    problem = database.outdated(target)
    if problem:
        raise BuildError(f"{problem}; bangun dulu dengan `python -m idm build`")
    return database_state(target)


def closing_lines(*, writes: bool, new_regions: pd.DataFrame | None = None) -> list[str]:
    """The last lines of a plan's report: the regions it adds (named from the gazetteer), or that it
    changes nothing."""
    lines = []
    if new_regions is not None and len(new_regions):
        counts = new_regions["level"].value_counts()
        listed = ", ".join(f"{fmt.count(int(counts[level]))} {level}" for level in regions.PARENT_WIDTH
                           if level in counts)
        lines.append(f"  wilayah baru: {listed} (nama dari gazetteer Kemendagri)")
    if not writes:
        lines.append("  tidak ada perubahan: database tidak diubah")
    return lines


def record(con: duckdb.DuckDBPyConnection, plan: Plan, *, kind: str, year: int | None = None) -> None:
    """A plan's file in the import log, and its problems in place of those of an earlier import of the
    same file name; the last step of every plan's `write`."""
    insert(con, "import_log", pd.DataFrame([log_entry(plan.name, plan.sha256, kind, year, plan.rows_read,
                                                      plan.rows_accepted, plan.rows_rejected)]))
    con.execute("DELETE FROM import_issues WHERE file_name = ?", [plan.name])
    insert(con, "import_issues", issue_table(plan.problems))


def flagged_rows(problems: list[Problem]) -> int:
    return len({(p.file, p.sheet, p.row) for p in problems if p.severity == "flagged" and p.row is not None})


def validation_lines(plan: Plan) -> list[str]:
    """The checks' report: rows read, accepted, rejected and flagged, then each check with examples
    that name the file, sheet, row and column."""
    counts = (f"{fmt.count(plan.rows_read)} baris dibaca, {fmt.count(plan.rows_accepted)} diterima, "
              f"{fmt.count(plan.rows_rejected)} ditolak, {fmt.count(flagged_rows(plan.problems))} ditandai")
    return [counts, *(summarise(plan.problems) or ["tidak ada masalah ditemukan"])]


@dataclass
class Applied:
    """What `apply_plan` did: whether it wrote, and the version it kept of the database it replaced."""

    written: bool
    kept: versions.Kept | None = None

    def lines(self, target: Path) -> list[str]:
        if not self.written:
            return []  # the plan's lines said so
        return [f"database ditulis: {target}", *(self.kept.lines() if self.kept else [])]


def stale(plan: Plan) -> BuildError:
    return BuildError(f"database {plan.target} berubah sejak rencana impor dibuat; tidak ada yang ditulis. "
                      f"Jalankan impor {plan.name} lagi untuk rencana yang baru")


def apply_plan(plan: Plan, *, who: str = versions.CLI) -> Applied:
    """Write `plan`, all or nothing, keeping the database it replaces as a version; nothing is written
    (and no version kept) when the plan changes nothing. Raises BuildError when the database changed
    since the plan was made, or a final check fails: the database is then as it was."""
    if not plan.writes:
        return Applied(written=False)
    target = plan.target
    if database_state(target) != plan.database_state:
        raise stale(plan)
    changes = [line.strip() for line in plan.lines()[1:]]  # the first line names the file: the record does
    with (versions.keeping(target, action="impor", file=plan.name, changes=changes, who=who) as keeping,
          replacing(target, copy_current=True) as con):
        if database_state(target) != plan.database_state:  # swapped in while the copy was made
            raise stale(plan)
        plan.write(con)
        derive(con)
        require_checks(con)
    return Applied(written=True, kept=keeping.kept)


# --- before and after -----------------------------------------------------------------------------

@dataclass
class Preview:
    """The figures a plan touches before and after it, from a scratch copy it was written into."""

    table: pd.DataFrame  # Wilayah, Tahun, Ukuran, Sebelum, Sesudah (text; '–' where there is none)

    @property
    def changed(self) -> int:
        return int((self.table["Sebelum"] != self.table["Sesudah"]).sum())


def preview(plan: Plan, *, scratch: Path) -> Preview:
    """Write `plan` into a copy of the database in the folder `scratch` (removed again), derive, run the
    final checks (BuildError when one fails: the real write would fail the same way), and compare the
    figures of the touched provinces. The database itself is only read."""
    scratch.mkdir(parents=True, exist_ok=True)
    copy = scratch / f"pratinjau-{os.getpid()}.duckdb"
    try:
        shutil.copyfile(plan.target, copy)
        with duckdb.connect(str(plan.target), read_only=True) as con:
            before = plan.figures(con)
        with duckdb.connect(str(copy)) as con:
            plan.write(con)
            derive(con)
            require_checks(con)
            after = plan.figures(con)
    finally:
        copy.unlink(missing_ok=True)
        Path(f"{copy}.wal").unlink(missing_ok=True)
    table = before.merge(after, on=FIGURE_COLUMNS, how="outer", suffixes=(" sebelum", " sesudah"), sort=False)
    table = table.rename(columns={"Nilai sebelum": "Sebelum", "Nilai sesudah": "Sesudah"})
    for column in ("Sebelum", "Sesudah"):  # text; a figure there was not (a new year) or is no more: '–'
        table[column] = table[column].astype(object).where(table[column].notna(), "–")
    table["Tahun"] = table["Tahun"].astype(int)
    return Preview(table=table.reset_index(drop=True))


# --- names of uploaded files ---------------------------------------------------------------------

def renamed(problems: list[Problem], written: str, name: str) -> list[Problem]:
    """Problems of a file read under a generated name (an upload) that name the file as its user knows it."""
    if written == name:
        return problems
    return [Problem(name if p.file == written else p.file, p.sheet, p.row, p.column, p.check, p.severity,
                    p.message.replace(written, name)) for p in problems]


def renamed_error(error: Exception, written: str, name: str) -> Exception:
    """The same refusal, naming the file as its user knows it."""
    if written == name or written not in str(error):
        return error
    return type(error)(str(error).replace(written, name))
