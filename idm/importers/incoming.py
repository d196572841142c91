"""One way in for every file after a build: `python -m idm import FILE` and the Kelola data page.

The kind of a file is read from its content, never its name (`detect_kind`), after the file guard
measured it; its planner (beside its reader in this package) compares it with the database, and
idm.importers.common.apply_plan writes the plan.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from idm.importers import bps, bps_plan, common, guard, idm_file_plan, targets, targets_plan
from idm.importers.errors import IdmFileError, NotAnIdmFile

Echo = Callable[[str], None]


def detect_kind(path: Path) -> str:
    """'target', 'bps' or 'idm' (a key of common.KINDS), from the file's content, never its name.

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
              replace: bool = False, province: str | None = None) -> common.Plan:
    """The plan of importing `path` into the database at `target`, whatever its kind; nothing is written.

    `name`: the file as its user knows it, when `path` is a generated one (an upload): the plan, its
    problems and refusals name it, and the database records it. `year` and `replace` are for IDM
    files, `province` for a BPS table that names no province itself. Raises WriteError (no usable
    database), IdmFileError or NotAnIdmFile (the file's fault, with the reason)."""
    path = Path(path)
    name = name or path.name
    try:
        kind = detect_kind(path)
    except (IdmFileError, NotAnIdmFile) as error:
        raise common.renamed_error(error, path.name, name) from error
    if kind == "target":
        return targets_plan.plan_targets(path, target, name=name)
    if kind == "bps":
        return bps_plan.plan_bps(path, target, name=name, province=province)
    try:
        return idm_file_plan.plan_import(path, target, year=year, replace=replace, name=name)
    except NotAnIdmFile as error:
        if type(error) is not NotAnIdmFile:  # a web page saved as .xls, a folder: named for what it is
            raise
        raise NotAnIdmFile(
            f"{error}. Berkas ini juga bukan tabel BPS (judul kolom 'Kabupaten/Kota' dengan tahun di sebelah atau "
            "di bawahnya, dan judul yang menyebut indikatornya, mis. Persentase Penduduk Miskin) dan bukan berkas "
            f"target (kolom {', '.join(targets.REQUIRED_COLUMNS)})"
        ) from error


def import_file(path: Path, target: Path, *, year: int | None = None, replace: bool = False,
                province: str | None = None, echo: Echo = print) -> common.Plan:
    """`python -m idm import`: print the plan and the checks' report, then apply the plan."""
    plan = plan_file(path, target, year=year, replace=replace, province=province)
    for line in plan.lines():
        echo(line)
    echo("")
    echo("Laporan validasi:")
    for line in common.validation_lines(plan):
        echo(f"  {line}")
    for line in common.apply_plan(plan).lines(target):
        echo(line)
    return plan
