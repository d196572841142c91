"""Importing a village file (idm.importers.idm_file): an official IDM file, or from 2025 an Indeks Desa
file; say what it will change, then change exactly that, all or nothing.

`plan_import` reads and checks the file and compares it with the database without writing: the
`ImportPlan` it returns says per province and year how many villages are added, updated (and how
many values change), unchanged and, when replacing, removed. The command line prints it; the Kelola
data page shows it above a confirmation button. idm.importers.common.apply_plan then writes it.

By default an import adds the villages a file lists and updates those already there; every other
village stays. Only `replace=True` (`--replace`) makes a file the whole of its provinces' year:
villages of those provinces and that year that the file does not list are removed (but never one
whose row the file has and the checks rejected). An import never renames a region; it only adds
the regions of a village code the database did not have, named from the gazetteer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from idm import codes, fmt, rules
from idm.database import Database, State, Writer
from idm.importers import common, regions
from idm.importers.checks import INDEKS_DESA_VALUES, Problem
from idm.importers.errors import IdmFileError, NotAnIdmFile
from idm.importers.gazetteer import official_names
from idm.importers.idm_file import IdmFile, read_idm_file

# What a village-year holds; a value that differs makes the village 'updated'.
COMPARED = ["name", "iks", "ike", "ikl", "idm", *INDEKS_DESA_VALUES, "status", "provenance", "flags"]
# How a changed value is named and written in the list of changes per village.
COMPARED_WORDS = {"name": "nama", "iks": "IKS", "ike": "IKE", "ikl": "IKL", "idm": "IDM", "status": "status",
                  "provenance": "keterangan", "flags": "catatan pemeriksaan", "skor": "skor Indeks Desa",
                  **{d.column: f"dimensi {d.name}" for d in rules.INDEKS_DESA_DIMENSIONS}}
VILLAGE_CHANGE_COLUMNS = ["Desa", "Kode", "Perubahan", "Sebelum", "Sesudah"]


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
        return f"{rules.index_of(self.year)} {self.year} {self.province_name}: {', '.join(parts) or 'tidak ada desa'}"


@dataclass
class ImportPlan:
    """What importing `path` into `target` will do; nothing is written until common.apply_plan (an
    idm.importers.common.Plan, like the plans of a BPS table and a target file)."""

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
    village_changes: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=VILLAGE_CHANGE_COLUMNS))
    database_state: State = (0, 0, 0)  # the database as planned against
    name: str = ""  # the file as its user knows it; its path's name by default

    def __post_init__(self) -> None:
        self.name = self.name or self.path.name

    @property
    def kind(self) -> str:
        """'idm' or 'indeks_desa' (a key of common.KINDS)."""
        return "indeks_desa" if self.result.index == rules.INDEKS_DESA else "idm"

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
        lines = [f"Rencana impor {self.name} ({result.index} {result.year}, {mode}): "
                 f"{fmt.count(result.rows_read)} baris "
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
        return lines + common.closing_lines(writes=self.writes, new_regions=self.new_regions)

    def write(self, writer: Writer) -> None:
        result = self.result
        writer.execute("delete_village_scores", year=result.year,
                       villages=self.removed + list(self.rows["village_code"]))
        writer.insert("village_scores", self.rows)
        writer.insert("regions", self.new_regions)
        common.record(writer, self, kind=self.kind, year=result.year)

    def figures(self, reader: common.Reader) -> pd.DataFrame:
        """Each touched province in the file's year: IDM, status, villages and villages per status."""
        frame = reader.query("province_figures", provinces=self.provinces(), year=self.result.year)
        rows = []
        for row in frame.itertuples():
            measures = [("IDM", fmt.idm(row.idm)), ("Status", rules.STATUS_LABELS.get(row.status, "–")),
                        ("Desa", fmt.count(row.villages))]
            measures += [(f"Desa {rules.STATUS_LABELS[code]}", fmt.count(getattr(row, rules.STATUS_COLUMNS[code])))
                         for code in rules.STATUS_CODES]
            rows += [(row.name, int(row.year), measure, value) for measure, value in measures]
        return pd.DataFrame(rows, columns=[*common.FIGURE_COLUMNS, "Nilai"])


_CODELESS = {"missing_code", "invalid_code", "unresolved_name"}


def plan_import(path: Path, target: Path, *, year: int | None = None, replace: bool = False,
                name: str | None = None) -> ImportPlan:
    """Read and check `path`, compare it with the database at `target`; write nothing.
    `name`: the file as its user knows it, when `path` is a generated one (an upload).
    Raises WriteError (no usable database), IdmFileError or NotAnIdmFile (the file's fault)."""
    path, target = Path(path), Path(target)
    name = name or path.name
    db, state = common.planned_against(target)
    known = set(db.query("region_codes", level="desa")["code"])
    try:
        result = read_idm_file(path, year=year, known_codes=known)
    except (IdmFileError, NotAnIdmFile) as error:
        raise common.renamed_error(error, path.name, name) from error
    result.problems = common.renamed(result.problems, path.name, name)
    incoming = score_table(result.villages.assign(year=result.year, source_file=name))
    provinces = sorted(result.villages["province_code"].dropna().unique())
    existing = db.query("village_scores_of_provinces", year=result.year, provinces=provinces)
    new_regions, naming = _new_regions(db, result)
    provinces_named = db.region_names(level="provinsi")
    names = dict(zip(provinces_named["code"], provinces_named["name"], strict=True))
    names.update(dict(zip(new_regions["code"], new_regions["name"], strict=True)))
    changes, rows, removed, villages = _compare(incoming, existing, result, names, replace=replace)
    return ImportPlan(path=path, target=target, replace=replace, result=result, sha256=common.sha256_of(path),
                      changes=changes, rows=rows, removed=removed, new_regions=new_regions,
                      problems=[*result.problems, *naming], database_state=state, name=name,
                      village_changes=villages)


def score_table(villages: pd.DataFrame) -> pd.DataFrame:
    """`village_scores` rows of an IDM file's villages (VILLAGE_COLUMNS + year, source_file)."""
    frame = villages.reindex(columns=["village_code", "year", "name", "iks", "ike", "ikl", "idm", *INDEKS_DESA_VALUES,
                                      "status", "provenance", "flags", "source_file", "source_row"])  # IDM: no skor
    frame["flags"] = frame["flags"].replace("", None)
    return frame


def _compare(incoming: pd.DataFrame, existing: pd.DataFrame, result: IdmFile, names: dict[str, str], *,
             replace: bool) -> tuple[list[ProvinceYear], pd.DataFrame, list[str], pd.DataFrame]:
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
    def per_province(villages: pd.Index, weights: pd.Series | None = None) -> dict[str, int]:
        provinces = pd.Series([code[:2] for code in villages], index=villages, dtype=object)
        counted = (weights if weights is not None else pd.Series(1, index=villages)).groupby(provinces).sum()
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
    return changes, rows, sorted(removed), village_changes(before, after, differs, added, removed)


def _shown(column: str, value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "–"
    if column in ("iks", "ike", "ikl", "idm"):
        return fmt.idm(value)
    if column in INDEKS_DESA_VALUES:
        return fmt.number(value, 2)
    if column == "status":
        return rules.STATUS_LABELS.get(value, str(value))
    return str(value)


def _summary(row: pd.Series) -> str:
    """A village's value and status in one phrase: 'IDM 0,9000 (Mandiri)', 'skor 72,50 (Maju)'."""
    status = _shown("status", row["status"])
    if pd.notna(row.get("skor")):
        return f"skor {fmt.number(row['skor'], 2)} ({status})"
    if pd.notna(row.get("idm")):
        return f"IDM {_shown('idm', row['idm'])} ({status})"
    return status


def village_changes(before: pd.DataFrame, after: pd.DataFrame, differs: pd.DataFrame, added: pd.Index,
                    removed: pd.Index) -> pd.DataFrame:
    """One row per changed value of a village, in the office's words: Desa, Kode, Perubahan (what),
    Sebelum, Sesudah ('Desa Bakambat', '63.03.01.2001', 'IDM', '0,7480', '0,9000'). A new village has
    one row ('desa baru'), a removed one too ('dihapus'). `before`, `after`: rows by village code;
    `differs`: which compared value differs, per village of both."""
    changed = differs.stack()
    changed = changed[changed]
    rows = [(after.at[code, "name"], codes.dotted(code), COMPARED_WORDS[column],
             _shown(column, before.at[code, column]), _shown(column, after.at[code, column]))
            for code, column in changed.index]
    rows += [(after.at[code, "name"], codes.dotted(code), "desa baru", "–", _summary(after.loc[code]))
             for code in added]
    rows += [(before.at[code, "name"], codes.dotted(code), "dihapus", _summary(before.loc[code]), "–")
             for code in removed]
    return pd.DataFrame(rows, columns=VILLAGE_CHANGE_COLUMNS)


def _differs(new: pd.Series, old: pd.Series) -> pd.Series:
    both_empty = new.isna().to_numpy() & old.isna().to_numpy()
    return pd.Series((new.to_numpy() != old.to_numpy()) & ~both_empty, index=new.index)


def _new_regions(db: Database, result: IdmFile) -> tuple[pd.DataFrame, list[Problem]]:
    """Regions rows of the codes (village and above) the database does not have yet."""
    codes = regions.codes_of(result.villages)
    present = set(db.query("region_rows", codes=list(codes["code"]))["code"])
    codes = codes[~codes["code"].isin(present)]
    if codes.empty:
        return pd.DataFrame(columns=regions.REGION_COLUMNS), []
    boundaries = db.query("boundary_names", codes=list(codes["code"]))
    return regions.region_table(codes=codes, gazetteer=official_names(),
                                boundary_names=regions.names_from_boundaries(boundaries),
                                file_names=regions.names_from_villages(result.villages.assign(year=result.year)),
                                official_files=False)
