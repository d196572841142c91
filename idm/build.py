"""Build the dashboard's DuckDB file from a folder of sources (importing one more file: idm.importing).

Both write into a new file beside the database and swap it in with one rename, and only when every
check passed: a failed or killed run never leaves a broken database, and a reader holding the old
file keeps reading it undisturbed.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from idm import database, fmt, indicators, rules, targets, versions
from idm.importers import boundaries as boundary_files
from idm.importers import bps, published, regions
from idm.importers import indicators as indicator_files
from idm.importers.gazetteer import official_names
from idm.importers.idm_file import VILLAGE_COLUMNS, IdmFile, IdmFileError, NotAnIdmFile, read_idm_file
from idm.validate import Problem, summarise

Echo = Callable[[str], None]

DATA_SUFFIXES = {".xlsx", ".xls", ".csv", ".geojson", ".json"}
TABLE_SUFFIXES = {".xlsx", ".xls", ".csv"}  # where a BPS table may be


class BuildError(RuntimeError):
    """A check failed; the database was left as it was."""


@dataclass
class Dataset:
    """Everything a build writes, already read and checked."""

    villages: list[pd.DataFrame] = field(default_factory=list)  # VILLAGE_COLUMNS + year, source_file
    summaries: list[pd.DataFrame] = field(default_factory=list)
    welfare: list[pd.DataFrame] = field(default_factory=list)  # idm.importers.bps.VALUE_COLUMNS
    boundaries: list[pd.DataFrame] = field(default_factory=list)
    indicator_scores: list[pd.DataFrame] = field(default_factory=list)  # idm.importers.indicators.SCORE_COLUMNS
    indicator_dictionaries: list[indicator_files.Dictionary] = field(default_factory=list)
    targets: list[pd.DataFrame] = field(default_factory=list)  # idm.targets.FRAME_COLUMNS
    regions: list[pd.DataFrame] = field(default_factory=list)  # regions no village row names (kota of kelurahan)
    log: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)

    def add_idm_file(self, result: IdmFile, sha256: str) -> None:
        self.villages.append(result.villages.assign(year=result.year, source_file=result.path.name))
        self.problems.extend(result.problems)
        self.log.append(log_entry(result.path.name, sha256, "idm", result.year, result.rows_read,
                                  len(result.villages), result.rows_rejected))


def log_entry(name: str, sha256: str, kind: str, year: int | None, read: int, accepted: int, rejected: int) -> dict:
    return {"file_name": name, "sha256": sha256, "kind": kind, "year": year, "rows_read": read,
            "rows_accepted": accepted, "rows_rejected": rejected, "imported_at": datetime.now()}


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --- reading a folder ------------------------------------------------------------------------

def read_sources(sources: Path, echo: Echo = print) -> Dataset:
    """Read every file under `sources` that is ours; list and skip the rest."""
    if not sources.is_dir():
        raise BuildError(f"folder sumber {sources} tidak ada (atur dengan --sources atau IDM_SOURCES)")
    files = sorted(p for p in sources.rglob("*") if p.is_file() and not p.name.startswith("."))
    data = Dataset(meta={"dataset": "resmi", "sources": str(sources)})
    for number, path in enumerate(files, 1):
        started = time.perf_counter()
        label = f"[{number}/{len(files)}] {path.relative_to(sources)}"
        what = read_one(path, data)
        echo(f"{label}: {what} ({time.perf_counter() - started:.1f} s)")
    return data


def read_one(path: Path, data: Dataset) -> str:
    """Read one file into `data`; return what it was, for the progress line."""
    if path.suffix.lower() not in DATA_SUFFIXES:
        return "dilewati (bukan berkas data)"
    if path.suffix.lower() == ".csv" and published.is_summary_file(path):
        frame = published.read_summaries(path)
        data.summaries.append(frame)
        data.log.append(log_entry(path.name, sha256_of(path), "ringkasan", None, len(frame), len(frame), 0))
        return f"ringkasan provinsi yang dipublikasikan, {len(frame)} baris"
    if path.suffix.lower() in TABLE_SUFFIXES and bps.is_bps_table(path):
        # The bundle's welfare CSV is one too; read_bps_table keeps each value's row. BpsTableError: refused.
        table = bps.read_bps_table(path)
        data.welfare.append(table.values)
        data.problems.extend(table.problems)
        data.log.append(log_entry(path.name, sha256_of(path), "kesejahteraan", None, table.rows_read,
                                  table.rows_read - table.rows_rejected, table.rows_rejected))
        labels = ", ".join(bps.INDICATORS[key].label for key in table.indicators)
        return (f"tabel BPS ({labels}), {fmt.count(len(table.values))} nilai, "
                f"{fmt.count(table.rows_rejected)} baris ditolak")
    if targets.is_target_file(path):
        read = targets.read_targets(path)  # TargetFileError: refused, named
        data.targets.append(read.targets)
        data.problems.extend(read.problems)
        data.log.append(log_entry(path.name, sha256_of(path), "target", None, read.rows_read, len(read.targets),
                                  read.rows_rejected))
        return f"target, {fmt.count(len(read.targets))} baris diterima, {fmt.count(read.rows_rejected)} ditolak"
    if indicator_files.is_score_file(path):
        scores = indicator_files.read_scores(path)
        data.indicator_scores.append(scores.scores)
        data.problems.extend(scores.problems)
        data.log.append(log_entry(path.name, sha256_of(path), "indikator", scores.year, scores.rows_read,
                                  scores.villages, scores.rows_rejected))
        return f"skor 50 indikator IDM {scores.year}, {fmt.count(scores.villages)} desa"
    if indicator_files.is_dictionary_file(path):
        dictionary = indicator_files.read_dictionary(path)
        data.indicator_dictionaries.append(dictionary)
        data.log.append(log_entry(path.name, sha256_of(path), "indikator", dictionary.year,
                                  len(dictionary.indicators), len(dictionary.indicators), 0))
        return f"kamus indikator IDM {dictionary.year}, {len(dictionary.indicators)} indikator"
    level = boundary_files.boundary_level(path)
    if level:
        frame = boundary_files.read_boundaries(path, level)
        data.boundaries.append(frame)
        data.log.append(log_entry(path.name, sha256_of(path), "batas", None, len(frame), len(frame), 0))
        return f"batas {level}, {fmt.count(len(frame))} poligon"
    if path.suffix.lower() == ".json":
        return "dilewati (bukan GeoJSON batas wilayah)"
    try:
        # The sources folder holds the official files: a village code the 2025 gazetteer does not
        # know yet (795 in the national 2024 file) is theirs to state; it is kept and reported.
        result = read_idm_file(path, trust_unknown_codes=True)
    except NotAnIdmFile as error:
        return f"dilewati ({error})"
    except IdmFileError as error:
        raise BuildError(f"{path.name}: {error}") from error
    data.add_idm_file(result, sha256_of(path))
    flagged = sum(1 for p in result.problems if p.severity == "flagged")
    return (f"IDM {result.year}, {fmt.count(result.rows_read)} baris: {fmt.count(len(result.villages))} diterima, "
            f"{fmt.count(result.rows_rejected)} ditolak, {fmt.count(flagged)} ditandai")


# --- regions ---------------------------------------------------------------------------------

def regions_of(villages: pd.DataFrame, boundaries: pd.DataFrame,
               welfare: pd.DataFrame | None = None) -> tuple[pd.DataFrame, list[Problem]]:
    """Every region the village rows, boundaries and BPS values hold, named from the gazetteer first
    (idm.importers.regions), and where the gazetteer named another place."""
    codes = regions.codes_of(villages, boundaries)
    if welfare is not None and not welfare.empty:
        codes = pd.concat([codes, welfare_region_codes(welfare)], ignore_index=True).drop_duplicates(subset=["code"])
    return regions.region_table(
        codes=codes,
        gazetteer=official_names(),
        boundary_names=regions.names_from_boundaries(boundaries),
        file_names=regions.names_from_villages(villages),
    )


def welfare_region_codes(values: pd.DataFrame) -> pd.DataFrame:
    """code, level of the regions BPS values name (regency/city and province; Indonesia '00' is none):
    a BPS table names regions by their names, resolved in the gazetteer, so they exist."""
    found = sorted({c for code in values["region_code"] if code != bps.NATIONAL for c in (code[:2], code)})
    return pd.DataFrame({"code": found, "level": [regions.LEVEL_OF_WIDTH[len(code)] for code in found]})


def welfare_values(frames: list[pd.DataFrame]) -> tuple[pd.DataFrame, list[Problem]]:
    """The BPS values of several tables, one per region, year and indicator: where two tables give one,
    the later file (in the order read) gives the value, and a differing value is reported."""
    if not frames:
        return pd.DataFrame(columns=bps.VALUE_COLUMNS), []
    values = pd.concat(frames, ignore_index=True)[bps.VALUE_COLUMNS]
    keys = ["region_code", "year", "indicator"]
    twice = values[values.duplicated(subset=keys, keep=False)]
    problems = []
    for (code, year, indicator), group in twice.groupby(keys, sort=True):
        if group["value"].nunique() > 1:
            last = group.iloc[-1]
            others = "; ".join(f"{r.source_file} baris {r.source_row}: {fmt.number(r.value, 2)}"
                               for r in group.iloc[:-1].itertuples())
            problems.append(Problem(last["source_file"], None, _row_or_none(last["source_row"]), None,
                                    "welfare_conflict", "flagged",
                                    f"{indicator} {code} {year}: {fmt.number(last['value'], 2)} dipakai; berkas lain "
                                    f"memberi nilai lain ({others})"))
    return values.drop_duplicates(subset=keys, keep="last").reset_index(drop=True), problems


def _row_or_none(value) -> int | None:
    return None if pd.isna(value) else int(value)


# --- writing ---------------------------------------------------------------------------------

def temporary_path(target: Path) -> Path:
    return target.with_name(f"{target.name}.tmp-{os.getpid()}")


def remove_stale_temporaries(target: Path) -> None:
    """Files left by a killed build or import (the database and its '.wal'): their process is gone."""
    left_by = re.compile(rf"{re.escape(target.name)}\.tmp-(\d+)(\.wal)?")
    for stale in target.parent.glob(f"{target.name}.tmp-*"):
        match = left_by.fullmatch(stale.name)
        if match and not Path(f"/proc/{match.group(1)}").exists():
            stale.unlink(missing_ok=True)


@contextmanager
def replacing(target: Path, *, copy_current: bool = False,
              copy_from: Path | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to a new file beside `target` (a copy of it with copy_current, of `copy_from` when
    given: a version being restored), swapped in with one rename when the block ends without an error,
    thrown away otherwise."""
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(target)
    temporary = temporary_path(target)
    temporary.unlink(missing_ok=True)
    if copy_current or copy_from is not None:
        shutil.copyfile(copy_from or target, temporary)
    try:
        con = duckdb.connect(str(temporary))
        try:
            yield con
            con.execute("CHECKPOINT")
        finally:
            con.close()
        # A rename within one folder is atomic; readers of the old file keep their open handle.
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
        Path(f"{temporary}.wal").unlink(missing_ok=True)


def insert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    if frame is None or frame.empty:
        return
    columns = ", ".join(frame.columns)
    con.register("incoming", frame)
    try:
        con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM incoming")
    finally:
        con.unregister("incoming")


def village_rows(frames: list[pd.DataFrame]) -> pd.DataFrame:
    if not frames:
        return pd.DataFrame(columns=[*VILLAGE_COLUMNS, "year", "source_file"])
    return pd.concat(frames, ignore_index=True)


def score_table(villages: pd.DataFrame) -> pd.DataFrame:
    frame = villages[["village_code", "year", "name", "iks", "ike", "ikl", "idm", "status", "provenance",
                      "flags", "source_file", "source_row"]].copy()
    frame["flags"] = frame["flags"].replace("", None)
    return frame


def issue_table(problems: list[Problem]) -> pd.DataFrame:
    return pd.DataFrame({
        "file_name": [p.file for p in problems],
        "sheet": [p.sheet for p in problems],
        "row_number": pd.array([p.row for p in problems], dtype="Int64"),
        "column_name": [p.column for p in problems],
        "check_name": [p.check for p in problems],
        "severity": [p.severity for p in problems],
        "message": [p.message for p in problems],
    })


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(database.sql("schema/tables"))
    con.execute(database.sql("schema/indicators"))
    con.execute(rules.status_sql_macro())
    con.execute(rules.status_rank_sql_macro())
    con.execute(database.sql("views/village_places"))


def derive(con: duckdb.DuckDBPyConnection) -> None:
    """The aggregate every figure selects from (sql/views/area_stats.sql), recomputed after each write:
    the dashboard only reads, so it is computed once here rather than on every query."""
    con.execute(database.sql("views/area_stats"))


def require_checks(con: duckdb.DuckDBPyConnection) -> None:
    """Data rules declared in sql/checks/data_rules.sql; any failing rule stops the write."""
    failures = [f"{name}: {count} baris, mis. {example}"
                for name, count, example in con.execute(database.sql("checks/data_rules")).fetchall() if count]
    if failures:
        raise BuildError("pemeriksaan akhir gagal, database lama tidak diubah:\n  " + "\n  ".join(failures))


def write_dataset(data: Dataset, target: Path) -> None:
    """Write a whole new database to `target`, atomically."""
    villages = village_rows(data.villages)
    boundaries = pd.concat(data.boundaries, ignore_index=True) if data.boundaries else pd.DataFrame()
    welfare, conflicts = welfare_values(data.welfare)
    region_rows, naming = regions_of(villages, boundaries, welfare)
    data.problems.extend(naming + conflicts)
    extra = [frame[~frame["code"].isin(region_rows["code"])] for frame in data.regions]  # e.g. a demo's kota
    region_rows = pd.concat([region_rows, *extra], ignore_index=True).sort_values("code", ignore_index=True)
    with replacing(target) as con:
        create_schema(con)
        insert(con, "regions", region_rows)
        insert(con, "village_scores", score_table(villages))
        for dictionary in data.indicator_dictionaries:
            for table, frame in dictionary.tables().items():
                insert(con, table, frame)
        if data.indicator_scores:
            insert(con, "indicator_scores", pd.concat(data.indicator_scores, ignore_index=True))
            # Flagged, never fatal: the ministry's API and its official file disagree for some villages.
            sums = database.run(con, "indicator_sums", {})
            data.problems.extend(indicators.recompute_problems(indicators.recompute(sums)))
        for table, frames in (("province_summaries", data.summaries), ("targets", data.targets)):
            if frames:
                insert(con, table, pd.concat(frames, ignore_index=True))
        insert(con, "welfare", welfare)
        insert(con, "boundaries", boundaries)
        insert(con, "import_log", pd.DataFrame(data.log))
        insert(con, "import_issues", issue_table(data.problems))
        meta = {**data.meta, "built_at": datetime.now().isoformat(timespec="seconds"),
                "schema_version": database.SCHEMA_VERSION}
        insert(con, "meta", pd.DataFrame({"key": list(meta), "value": list(meta.values())}))
        derive(con)
        require_checks(con)


def build(sources: Path, target: Path, echo: Echo = print, *, who: str = versions.CLI) -> Dataset:
    """`python -m idm build`: read the folder, check, write (keeping the database it replaces as a
    version, idm.versions), report."""
    started = time.perf_counter()
    data = read_sources(sources, echo)
    if not data.villages:
        raise BuildError(f"tidak ada berkas IDM yang terbaca di {sources}; database tidak diubah")
    with versions.keeping(target, action="bangun", file=str(sources), changes=built_from(data, sources),
                          who=who) as keeping:
        write_dataset(data, target)
    for line in report(data):
        echo(line)
    echo(f"database ditulis: {target} ({time.perf_counter() - started:.1f} s)")
    for line in keeping.kept.lines() if keeping.kept else []:
        echo(line)
    return data


def built_from(data: Dataset, sources: Path) -> list[str]:
    """What a build wrote, for the record of the version it replaces."""
    files = [entry for entry in data.log if entry["kind"] == "idm"]
    lines = [f"database dibangun ulang dari {sources}: {fmt.count(len(data.log))} berkas dibaca"]
    lines += [f"{entry['file_name']}: IDM {entry['year']}, {fmt.count(entry['rows_accepted'])} desa" for entry in files]
    return lines


def report(data: Dataset) -> list[str]:
    """The short validation report printed at the end of a build or import."""
    lines = ["", "Laporan validasi:"]
    for entry in data.log:
        if entry["kind"] == "idm":
            lines.append(f"  {entry['file_name']} (IDM {entry['year']}): {fmt.count(entry['rows_read'])} baris dibaca, "
                         f"{fmt.count(entry['rows_accepted'])} diterima, {fmt.count(entry['rows_rejected'])} ditolak")
    problems = summarise(data.problems) or ["tidak ada masalah ditemukan"]
    return lines + [f"  {line}" for line in problems]
