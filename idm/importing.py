"""`python -m idm import`: say what a file will change, then change exactly that, all or nothing.

`plan_import` reads and checks the file and compares it with the database without writing: the
`ImportPlan` it returns says per province and year how many villages are added, updated (and how
many values change), unchanged and, when replacing, removed. The CLI prints it; a web page can show
it above a confirmation button. `apply_import` then writes that plan into a copy of the database
swapped in with one rename (`idm.build.replacing`), unless the database changed since the plan.

By default an import adds the villages a file lists and updates those already there; every other
village stays. Only `replace=True` (`--replace`) makes a file the whole of its provinces' year:
villages of those provinces and that year that the file does not list are removed (but never one
whose row the file has and the checks rejected). An import never renames a region; it only adds
the regions of a village code the database did not have, named from the gazetteer.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from idm import database, fmt
from idm.build import (
    BuildError,
    derive,
    insert,
    issue_table,
    log_entry,
    replacing,
    require_checks,
    score_table,
    sha256_of,
)
from idm.importers import regions
from idm.importers.gazetteer import official_names
from idm.importers.idm_file import IdmFile, read_idm_file
from idm.validate import Problem, summarise

Echo = Callable[[str], None]

# What a village-year holds; a value that differs makes the village 'updated'.
COMPARED = ["name", "iks", "ike", "ikl", "idm", "status", "provenance", "flags"]


@dataclass(frozen=True)
class ProvinceYear:
    """What an import does to one province in one year."""

    province_code: str
    province_name: str
    year: int
    added: int
    updated: int
    values_changed: int  # values that differ among the updated villages
    unchanged: int
    removed: int  # replace only: villages of this province-year the file does not list
    untouched: int  # villages of this province-year the file does not list and that stay
    rejected_kept: int  # villages whose row the checks rejected: their values stay

    def line(self) -> str:
        parts = [f"{fmt.count(self.added)} desa baru"] if self.added else []
        if self.updated:
            parts.append(f"{fmt.count(self.updated)} desa diperbarui ({fmt.count(self.values_changed)} nilai berubah)")
        if self.unchanged:
            parts.append(f"{fmt.count(self.unchanged)} desa tidak berubah")
        if self.removed:
            parts.append(f"{fmt.count(self.removed)} desa dihapus")
        if self.rejected_kept:
            parts.append(f"{fmt.count(self.rejected_kept)} desa yang barisnya ditolak tetap dengan nilai lama")
        if self.untouched:
            parts.append(f"{fmt.count(self.untouched)} desa lain tidak diubah")
        return f"IDM {self.year} {self.province_name}: {', '.join(parts) or 'tidak ada desa'}"


@dataclass
class ImportPlan:
    """What importing `path` into `target` will do; nothing is written until `apply_import`."""

    path: Path
    target: Path
    replace: bool
    result: IdmFile
    sha256: str
    changes: list[ProvinceYear]
    rows: pd.DataFrame  # village_scores rows to write: the added and the updated villages
    removed: list[str]  # village codes of `result.year` to delete (replace only)
    new_regions: pd.DataFrame  # regions rows of codes the database did not have
    problems: list[Problem] = field(default_factory=list)  # of the file, and of naming its new regions
    database_state: tuple[int, int, int] = (0, 0, 0)  # the file as planned against: inode, size, mtime

    @property
    def writes(self) -> bool:
        return bool(len(self.rows) or self.removed)

    def lines(self) -> list[str]:
        """The report printed before anything is written, in Indonesian."""
        result = self.result
        mode = "menggantikan" if self.replace else "menambah/memperbarui"
        lines = [f"Rencana impor {self.path.name} (IDM {result.year}, {mode}): {fmt.count(result.rows_read)} baris "
                 f"dibaca, {fmt.count(len(result.villages))} diterima, {fmt.count(result.rows_rejected)} ditolak"]
        lines += [f"  {change.line()}" for change in self.changes]
        if self.replace:
            removed = sum(change.removed for change in self.changes)
            lines.append(f"  menggantikan {result.year} untuk {fmt.count(len(self.changes))} provinsi: "
                         f"{fmt.count(removed)} desa dihapus")
            codeless = sum(1 for p in result.problems if p.severity == "rejected" and p.check in _CODELESS)
            if codeless:
                lines.append(f"  perhatian: {fmt.count(codeless)} baris ditolak tanpa kode desa; desa itu, bila ada "
                             "di database dan tidak tercantum di baris lain, ikut dihapus")
        elif any(change.untouched for change in self.changes):
            lines.append(f"  desa yang tidak tercantum di berkas tetap; --replace menggantikan seluruh tahun "
                         f"{result.year} provinsi itu dengan isi berkas")
        if len(self.new_regions):
            counts = self.new_regions["level"].value_counts()
            listed = ", ".join(f"{fmt.count(int(counts[level]))} {level}" for level in regions.PARENT_WIDTH
                               if level in counts)
            lines.append(f"  wilayah baru: {listed} (nama dari gazetteer Kemendagri)")
        if not self.writes:
            lines.append("  tidak ada perubahan: database tidak diubah")
        return lines


_CODELESS = {"missing_code", "invalid_code", "unresolved_name"}


def database_state(target: Path) -> tuple[int, int, int]:
    """Changes whenever a build or import swaps a new file in (a new inode) or anything writes it."""
    stat = os.stat(target)
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


def plan_import(path: Path, target: Path, *, year: int | None = None, replace: bool = False) -> ImportPlan:
    """Read and check `path`, compare it with the database at `target`; write nothing.
    Raises BuildError (no usable database), IdmFileError or NotAnIdmFile (the file's fault)."""
    path, target = Path(path), Path(target)
    problem = database.outdated(target)
    if problem:
        raise BuildError(f"{problem}; bangun dulu dengan `python -m idm build`")
    state = database_state(target)
    with duckdb.connect(str(target), read_only=True) as con:
        known = set(con.execute("SELECT code FROM regions WHERE level = 'desa'").df()["code"])
        result = read_idm_file(path, year=year, known_codes=known)
        incoming = score_table(result.villages.assign(year=result.year, source_file=path.name))
        provinces = sorted(result.villages["province_code"].dropna().unique())
        existing = con.execute(
            f"SELECT village_code, {', '.join(COMPARED)} FROM village_scores "
            "WHERE year = ? AND list_contains(?, substr(village_code, 1, 2))", [result.year, provinces]).df()
        new_regions, naming = _new_regions(con, result)
        names = dict(con.execute("SELECT code, name FROM regions WHERE level = 'provinsi'").fetchall())
    names.update(dict(zip(new_regions["code"], new_regions["name"], strict=True)))
    changes, rows, removed = _compare(incoming, existing, result, names, replace=replace)
    return ImportPlan(path=path, target=target, replace=replace, result=result, sha256=sha256_of(path),
                      changes=changes, rows=rows, removed=removed, new_regions=new_regions,
                      problems=[*result.problems, *naming], database_state=state)


def _compare(incoming: pd.DataFrame, existing: pd.DataFrame, result: IdmFile, names: dict[str, str], *,
             replace: bool) -> tuple[list[ProvinceYear], pd.DataFrame, list[str]]:
    before = existing.set_index("village_code")
    after = incoming.set_index("village_code")
    common = after.index.intersection(before.index)
    differs = pd.DataFrame({column: _differs(after.loc[common, column], before.loc[common, column])
                            for column in COMPARED}, index=common)
    changed = differs.sum(axis=1)
    added = after.index.difference(before.index)
    updated = changed.index[changed > 0]
    unlisted = before.index.difference(after.index)
    rejected = unlisted.intersection(pd.Index(sorted(result.rejected_codes), dtype=object))
    removed = unlisted.difference(rejected) if replace else pd.Index([], dtype=object)
    def per_province(codes: pd.Index, weights: pd.Series | None = None) -> dict[str, int]:
        provinces = pd.Series([code[:2] for code in codes], index=codes, dtype=object)
        counted = (weights if weights is not None else pd.Series(1, index=codes)).groupby(provinces).sum()
        return {province: int(total) for province, total in counted.items()}

    counts = {
        "added": per_province(added), "updated": per_province(updated),
        "values_changed": per_province(updated, changed[updated]),
        "unchanged": per_province(changed.index[changed == 0]), "removed": per_province(removed),
        "untouched": per_province(pd.Index([], dtype=object) if replace else unlisted.difference(rejected)),
        "rejected_kept": per_province(rejected),
    }
    changes = [
        ProvinceYear(province_code=province, province_name=names.get(province, province), year=result.year,
                     **{name: counted.get(province, 0) for name, counted in counts.items()})
        for province in sorted({code[:2] for code in after.index})
    ]
    rows = incoming[incoming["village_code"].isin(added.union(updated))].reset_index(drop=True)
    return changes, rows, sorted(removed)


def _differs(new: pd.Series, old: pd.Series) -> pd.Series:
    both_empty = new.isna().to_numpy() & old.isna().to_numpy()
    return pd.Series((new.to_numpy() != old.to_numpy()) & ~both_empty, index=new.index)


def _new_regions(con: duckdb.DuckDBPyConnection, result: IdmFile) -> tuple[pd.DataFrame, list[Problem]]:
    """Regions rows of the codes (village and above) the database does not have yet."""
    codes = regions.codes_of(result.villages)
    present = set(con.execute("SELECT code FROM regions WHERE list_contains(?, code)", [list(codes["code"])]
                              ).df()["code"])
    codes = codes[~codes["code"].isin(present)]
    if codes.empty:
        return pd.DataFrame(columns=regions.REGION_COLUMNS), []
    boundaries = con.execute("SELECT code, level, name FROM boundaries WHERE list_contains(?, code)",
                             [list(codes["code"])]).df()
    return regions.region_table(codes=codes, gazetteer=official_names(),
                                boundary_names=regions.names_from_boundaries(boundaries),
                                file_names=regions.names_from_villages(result.villages.assign(year=result.year)),
                                official_files=False)


def apply_import(plan: ImportPlan) -> bool:
    """Write `plan`, all or nothing; False when it changes nothing (the database is left alone).
    Raises BuildError when the database changed since the plan was made, or a final check fails."""
    if not plan.writes:
        return False
    target, result = plan.target, plan.result
    if database_state(target) != plan.database_state:
        raise _stale(plan)
    with replacing(target, copy_current=True) as con:
        if database_state(target) != plan.database_state:  # swapped in while the copy was made
            raise _stale(plan)
        rewritten = plan.removed + list(plan.rows["village_code"])
        con.execute("DELETE FROM village_scores WHERE year = ? AND list_contains(?, village_code)",
                    [result.year, rewritten])
        insert(con, "village_scores", plan.rows)
        insert(con, "regions", plan.new_regions)
        insert(con, "import_log", pd.DataFrame([log_entry(plan.path.name, plan.sha256, "idm", result.year,
                                                          result.rows_read, len(result.villages),
                                                          result.rows_rejected)]))
        con.execute("DELETE FROM import_issues WHERE file_name = ?", [plan.path.name])
        insert(con, "import_issues", issue_table(plan.problems))
        derive(con)
        require_checks(con)
    return True


def _stale(plan: ImportPlan) -> BuildError:
    return BuildError(f"database {plan.target} berubah sejak rencana impor dibuat; tidak ada yang ditulis. "
                      f"Jalankan impor {plan.path.name} lagi untuk rencana yang baru")


def import_file(path: Path, target: Path, *, year: int | None = None, replace: bool = False,
                echo: Echo = print) -> ImportPlan:
    """`python -m idm import`: print the plan and the checks' report, then apply the plan."""
    plan = plan_import(path, target, year=year, replace=replace)
    for line in plan.lines():
        echo(line)
    echo("")
    echo("Laporan validasi:")
    for line in summarise(plan.problems) or ["tidak ada masalah ditemukan"]:
        echo(f"  {line}")
    if apply_import(plan):
        echo(f"database ditulis: {target}")
    return plan
