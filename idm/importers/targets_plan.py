"""Importing a target file (idm.targets layout): its rows replace the rows an earlier import of the
same file name wrote; the targets of every other file stay.

The office keeps one file of its targets (target_kantor.csv) and re-imports it after each change:
a row it no longer has is removed, a changed number is updated. A file of another name adds its
own rows beside. `plan_targets` says which before anything is written (an
idm.importers.common.Plan).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import pandas as pd

from idm import fmt, rules
from idm.database import State, Writer
from idm.importers import common, targets
from idm.importers.checks import Problem
from idm.importers.errors import IdmFileError

KEYS = ["area_code", "year", "indicator"]
COMPARED = ["area_name", "target", "unit", "published_realisation", "document", "source"]


@dataclass
class TargetPlan:
    """What importing one target file will do; nothing is written until common.apply_plan."""

    kind: ClassVar[str] = "target"
    path: Path
    target: Path
    name: str
    read: targets.TargetFile
    sha256: str
    rows: pd.DataFrame  # the file's accepted rows (targets.FRAME_COLUMNS, source_file = name)
    added: int
    changed: int
    unchanged: int
    removed: int  # rows of the same file name in the database that the file no longer has
    others: int  # rows of other files, kept
    problems: list[Problem] = field(default_factory=list)
    database_state: State = (0, 0, 0)

    @property
    def writes(self) -> bool:
        return bool(self.added or self.changed or self.removed)

    @property
    def rows_read(self) -> int:
        return self.read.rows_read

    @property
    def rows_accepted(self) -> int:
        return len(self.read.targets)

    @property
    def rows_rejected(self) -> int:
        return self.read.rows_rejected

    def provinces(self) -> list[str]:
        return sorted({code[:2] for code in self.rows["area_code"]})

    def lines(self) -> list[str]:
        lines = [f"Rencana impor {self.name} (berkas target): {fmt.count(self.rows_read)} baris dibaca, "
                 f"{fmt.count(self.rows_accepted)} diterima, {fmt.count(self.rows_rejected)} ditolak"]
        said = [f"{fmt.count(n)} {word}" for n, word in ((self.added, "baru"), (self.changed, "berubah"),
                                                         (self.unchanged, "tidak berubah"),
                                                         (self.removed, "dihapus (tidak ada lagi di berkas)")) if n]
        lines.append(f"  target dari {self.name}: {', '.join(said)}")
        if self.removed or self.changed or self.unchanged:
            lines.append(f"  menggantikan {fmt.count(self.changed + self.unchanged + self.removed)} baris target "
                         f"yang diimpor sebelumnya dari berkas bernama {self.name}")
        lines.append(f"  target dari berkas lain tetap ({fmt.count(self.others)} baris)")
        return lines + common.closing_lines(writes=self.writes)

    def write(self, writer: Writer) -> None:
        writer.execute("delete_targets_of_file", file_name=self.name)
        writer.insert("targets", self.rows)
        common.record(writer, self, kind="target")

    def figures(self, reader: common.Reader) -> pd.DataFrame:
        """The targets of this file name as the database holds them."""
        frame = reader.query("targets_of_file", file_name=self.name)
        return pd.DataFrame({
            "Wilayah": frame["area_name"].fillna(frame["area_code"]),
            "Tahun": frame["year"].astype(int),
            "Ukuran": [rules.TARGET_BY_CODE[code].label if code in rules.TARGET_BY_CODE else code
                       for code in frame["indicator"]],
            "Nilai": [f"{fmt.number(value, 0 if float(value).is_integer() else 2)} desa" for value in frame["target"]],
        })


def _same(new: pd.Series, old: pd.Series) -> pd.Series:
    both_empty = new.isna() & old.isna()
    equal = new.astype(object).where(new.notna(), None) == old.astype(object).where(old.notna(), None)
    return both_empty | equal


def plan_targets(path: Path, target: Path, *, name: str | None = None) -> TargetPlan:
    """Read the target file at `path` and compare it with the rows an earlier import of the same file
    name wrote; write nothing. Raises WriteError (no usable database) or TargetFileError."""
    path, target = Path(path), Path(target)
    name = name or path.name
    db, state = common.planned_against(target)
    try:
        read = targets.read_targets(path)
    except IdmFileError as error:
        raise common.renamed_error(error, path.name, name) from None
    rows = read.targets.assign(source_file=name)
    before = db.query("targets_of_file", file_name=name)
    others = db.query("target_rows_of_other_files", file_name=name)["n"].iloc[0]
    merged = rows.merge(before, on=KEYS, how="outer", suffixes=("", "_before"), indicator=True)
    both = merged[merged["_merge"] == "both"]
    same = pd.Series(True, index=both.index)
    for column in COMPARED:
        same &= _same(both[column], both[f"{column}_before"])
    return TargetPlan(path=path, target=target, name=name, read=read, sha256=common.sha256_of(path),
                      rows=rows[targets.FRAME_COLUMNS].reset_index(drop=True),
                      added=int((merged["_merge"] == "left_only").sum()), changed=int((~same).sum()),
                      unchanged=int(same.sum()), removed=int((merged["_merge"] == "right_only").sum()),
                      others=int(others), problems=common.renamed(read.problems, path.name, name),
                      database_state=state)
