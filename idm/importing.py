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

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import duckdb
import pandas as pd

from idm import database, fmt, plans, rules, targets, versions
from idm.build import insert, score_table, sha256_of
from idm.importers import bps, guard, regions
from idm.importers.errors import IdmFileError, NotAnIdmFile
from idm.importers.gazetteer import official_names
from idm.importers.idm_file import IdmFile, read_idm_file
from idm.plans import Plan
from idm.validate import Problem

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
    """What importing `path` into `target` will do; nothing is written until `apply_import` (an
    idm.plans.Plan, like the plans of a BPS table and a target file)."""

    kind: ClassVar[str] = "idm"
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
    name: str = ""  # the file as its user knows it; its path's name by default

    def __post_init__(self) -> None:
        self.name = self.name or self.path.name

    @property
    def writes(self) -> bool:
        return bool(len(self.rows) or self.removed)

    @property
    def rows_read(self) -> int:
        return self.result.rows_read

    @property
    def rows_accepted(self) -> int:
        return len(self.result.villages)

    @property
    def rows_rejected(self) -> int:
        return self.result.rows_rejected

    def provinces(self) -> list[str]:
        return [change.province_code for change in self.changes]

    def lines(self) -> list[str]:
        """The report printed before anything is written, in Indonesian."""
        result = self.result
        mode = "menggantikan" if self.replace else "menambah/memperbarui"
        lines = [f"Rencana impor {self.name} (IDM {result.year}, {mode}): {fmt.count(result.rows_read)} baris "
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
        return lines + plans.closing_lines(writes=self.writes, new_regions=self.new_regions)

    def write(self, con: duckdb.DuckDBPyConnection) -> None:
        result = self.result
        rewritten = self.removed + list(self.rows["village_code"])
        con.execute("DELETE FROM village_scores WHERE year = ? AND list_contains(?, village_code)",
                    [result.year, rewritten])
        insert(con, "village_scores", self.rows)
        insert(con, "regions", self.new_regions)
        plans.record(con, self, kind="idm", year=result.year)

    def figures(self, con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
        """Each touched province in the file's year: IDM, status, villages and villages per status."""
        frame = database.run(con, "province_figures", {"provinces": self.provinces(), "year": self.result.year})
        rows = []
        for row in frame.itertuples():
            measures = [("IDM", fmt.idm(row.idm)), ("Status", rules.STATUS_LABELS.get(row.status, "–")),
                        ("Desa", fmt.count(row.villages))]
            measures += [(f"Desa {rules.STATUS_LABELS[code]}", fmt.count(getattr(row, rules.STATUS_COLUMNS[code])))
                         for code in rules.STATUS_CODES]
            rows += [(row.name, int(row.year), measure, value) for measure, value in measures]
        return pd.DataFrame(rows, columns=[*plans.FIGURE_COLUMNS, "Nilai"])


_CODELESS = {"missing_code", "invalid_code", "unresolved_name"}


def plan_import(path: Path, target: Path, *, year: int | None = None, replace: bool = False,
                name: str | None = None) -> ImportPlan:
    """Read and check `path`, compare it with the database at `target`; write nothing.
    `name`: the file as its user knows it, when `path` is a generated one (an upload).
    Raises BuildError (no usable database), IdmFileError or NotAnIdmFile (the file's fault)."""
    path, target = Path(path), Path(target)
    name = name or path.name
    state = plans.planned_against(target)
    with duckdb.connect(str(target), read_only=True) as con:
        known = set(con.execute("SELECT code FROM regions WHERE level = 'desa'").df()["code"])
        try:
            result = read_idm_file(path, year=year, known_codes=known)
        except (IdmFileError, NotAnIdmFile) as error:
            raise plans.renamed_error(error, path.name, name) from error
        result.problems = plans.renamed(result.problems, path.name, name)
        incoming = score_table(result.villages.assign(year=result.year, source_file=name))
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
                      problems=[*result.problems, *naming], database_state=state, name=name)


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


def apply_import(plan: ImportPlan, *, who: str = versions.CLI) -> bool:
    """Write `plan`, all or nothing (idm.plans.apply_plan: the replaced database is kept as a version);
    False when it changes nothing (the database is left alone). Raises BuildError when the database
    changed since the plan was made, or a final check fails."""
    return plans.apply_plan(plan, who=who).written


# --- any of the three kinds ----------------------------------------------------------------------

def detect_kind(path: Path) -> str:
    """'target', 'bps' or 'idm' (a key of idm.plans.KINDS), from the file's content, never its name.

    The file is measured first (idm.importers.guard): what no real file resembles is refused before
    any reader opens it. Anything that is neither a target file nor a BPS table is read as an IDM file,
    whose reader says what it expected."""
    guard.check_file(path)
    if targets.is_target_file(path):
        return "target"
    if bps.is_bps_table(path):
        return "bps"
    return "idm"


def plan_file(path: Path, target: Path, *, name: str | None = None, year: int | None = None,
              replace: bool = False, province: str | None = None) -> Plan:
    """The plan of importing `path`, whatever its kind (detect_kind); nothing is written.

    `name`: the file as its user knows it, when `path` is a generated one (an upload): the plan, its
    problems and refusals name it, and the database records it. `year` and `replace` are for IDM
    files, `province` for a BPS table that names no province itself. Raises BuildError (no usable
    database), IdmFileError or NotAnIdmFile (the file's fault, with the reason)."""
    from idm import importing_bps, importing_targets

    path = Path(path)
    name = name or path.name
    try:
        kind = detect_kind(path)
    except (IdmFileError, NotAnIdmFile) as error:
        raise plans.renamed_error(error, path.name, name) from error
    if kind == "target":
        return importing_targets.plan_targets(path, target, name=name)
    if kind == "bps":
        return importing_bps.plan_bps(path, target, name=name, province=province)
    try:
        return plan_import(path, target, year=year, replace=replace, name=name)
    except NotAnIdmFile as error:
        if type(error) is not NotAnIdmFile:  # a web page saved as .xls, a folder: named for what it is
            raise
        raise NotAnIdmFile(
            f"{error}. Berkas ini juga bukan tabel BPS (judul kolom 'Kabupaten/Kota' dengan tahun di sebelah atau "
            "di bawahnya, dan judul yang menyebut indikatornya, mis. Persentase Penduduk Miskin) dan bukan berkas "
            f"target (kolom {', '.join(targets.REQUIRED_COLUMNS)})"
        ) from error


def import_file(path: Path, target: Path, *, year: int | None = None, replace: bool = False,
                province: str | None = None, echo: Echo = print) -> Plan:
    """`python -m idm import`: print the plan and the checks' report, then apply the plan."""
    plan = plan_file(path, target, year=year, replace=replace, province=province)
    for line in plan.lines():
        echo(line)
    echo("")
    echo("Laporan validasi:")
    for line in plans.validation_lines(plan):
        echo(f"  {line}")
    for line in plans.apply_plan(plan).lines(target):
        echo(line)
    return plan
