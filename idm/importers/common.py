"""What importing a file changes, shown before it is written, then written all or nothing.

Each kind of file after a build has its planner beside its reader: an official IDM file
(idm_file_plan.py beside idm_file.py), a BPS table (bps_plan.py beside bps.py), a target file
(targets_plan.py beside targets.py). A planner reads the file and compares it with the database into
a plan that writes nothing; the command line prints the plan and applies it, the Kelola data page
shows it above a button (idm.importers.incoming picks the planner by the file's content). Every plan
has the same face (`Plan`), and `apply_plan` writes any of them the same way, through
`Database.write`: under the writer lock, into a copy of the database swapped in with one rename,
ending with the derived table and the data rules, refused when the database changed since the plan
was made, keeping the replaced file as a version (idm.versions).

`preview` runs the same write on a scratch copy to show the figures of the touched provinces before
and after, and to run the final checks before anyone presses the button.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

import pandas as pd

from idm import database, fmt, versions
from idm.database import Database, State, WriteError, Writer
from idm.importers import regions
from idm.importers.checks import Problem, summarise

KINDS = {"idm": "berkas IDM", "indeks_desa": "berkas Indeks Desa", "bps": "tabel BPS", "target": "berkas target"}
FIGURE_COLUMNS = ["Wilayah", "Tahun", "Ukuran"]  # the keys of a plan's figures; then 'Nilai'


class Reader(Protocol):
    """What a plan's figures are read from: the database (before), or the copy a write changes (after)."""

    def query(self, name: str, **params) -> pd.DataFrame: ...


class Plan(Protocol):
    """What importing one file will do to the database; nothing is written until `apply_plan`."""

    kind: str  # a key of KINDS
    name: str  # the file as its user knows it (an upload's name, not its temporary path)
    path: Path
    target: Path  # the database
    sha256: str
    database_state: State  # the database as the plan was made against it
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

    def write(self, writer: Writer) -> None:
        """The plan's rows into the copy of the database a write changes."""

    def figures(self, reader: Reader) -> pd.DataFrame:
        """The figures the file changes as `reader` holds them: FIGURE_COLUMNS and 'Nilai' (text)."""


def planned_against(target: Path) -> tuple[Database, State]:
    """The database a plan is made against and its state; WriteError when it is missing or of an older
    schema (a plan against it could not be applied)."""
    problem = database.outdated(target)
    if problem:
        raise WriteError(f"{problem}; bangun dulu dengan `python -m idm build`")
    db = Database(target)
    return db, db.state()


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def log_entry(name: str, sha256: str, kind: str, year: int | None, read: int, accepted: int, rejected: int) -> dict:
    """A row of `import_log`: a file read, by a build or an import."""
    return {"file_name": name, "sha256": sha256, "kind": kind, "year": year, "rows_read": read,
            "rows_accepted": accepted, "rows_rejected": rejected, "imported_at": datetime.now()}


def issue_table(problems: list[Problem]) -> pd.DataFrame:
    """`import_issues` rows of the problems found."""
    return pd.DataFrame({
        "file_name": [p.file for p in problems],
        "sheet": [p.sheet for p in problems],
        "row_number": pd.array([p.row for p in problems], dtype="Int64"),
        "column_name": [p.column for p in problems],
        "check_name": [p.check for p in problems],
        "severity": [p.severity for p in problems],
        "message": [p.message for p in problems],
    })


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


def record(writer: Writer, plan: Plan, *, kind: str, year: int | None = None) -> None:
    """A plan's file in the import log, and its problems in place of those of an earlier import of the
    same file name; the last step of every plan's `write`."""
    writer.insert("import_log", pd.DataFrame([log_entry(plan.name, plan.sha256, kind, year, plan.rows_read,
                                                        plan.rows_accepted, plan.rows_rejected)]))
    writer.execute("delete_import_issues_of_file", file_name=plan.name)
    writer.insert("import_issues", issue_table(plan.problems))


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


# The command line's options as the page names them (a plan's lines and refusals mention them).
OPTION_WORDS = {"--replace": "pilihan 'gantikan seluruh tahun'", "--year": "pilihan tahun data",
                "--province": "pilihan provinsi"}


def neutral(text: str) -> str:
    """A plan's line or a refusal without the command line's options: the page and the version records."""
    for option, words in OPTION_WORDS.items():
        text = text.replace(option, words)
    return text


def apply_plan(plan: Plan, *, who: str = versions.CLI) -> Applied:
    """Write `plan`, all or nothing, keeping the database it replaces as a version; nothing is written
    (and no version kept) when the plan changes nothing. Raises WriteError when the database changed
    since the plan was made (Stale), another write holds it too long (Busy), or a final check fails:
    the database is then as it was."""
    if not plan.writes:
        return Applied(written=False)
    changes = tuple(neutral(line.strip()) for line in plan.lines()[1:])  # the first line names the file
    about = versions.Change("impor", plan.name, changes, who)
    try:
        written = Database(plan.target).write(plan.write, about=about, expected=plan.database_state)
    except database.Stale as error:
        raise database.Stale(f"{error}. Impor {plan.name} lagi untuk rencana yang baru") from None
    return Applied(written=True, kept=written.kept)


# --- before and after -----------------------------------------------------------------------------

@dataclass
class Preview:
    """The figures a plan touches before and after it, from a scratch copy it was written into."""

    table: pd.DataFrame  # Wilayah, Tahun, Ukuran, Sebelum, Sesudah (text; '–' where there is none)

    @property
    def changed(self) -> int:
        return int((self.table["Sebelum"] != self.table["Sesudah"]).sum())


def preview(plan: Plan, *, scratch: Path) -> Preview:
    """Write `plan` into a copy of the database in the folder `scratch` (removed again), finish it
    (WriteError when a final check fails: the real write would fail the same way), and compare the
    figures of the touched provinces. The database itself is only read."""
    db = Database(plan.target)
    before = plan.figures(db)
    after = db.trial(plan.write, plan.figures, scratch_folder=scratch)
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
