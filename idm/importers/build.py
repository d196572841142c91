"""Build the dashboard's DuckDB file from a folder of sources (importing one more file into it:
idm.importers.incoming).

Every file of the folder is read by the reader of its kind (this package), then the whole database is
written by `Database.write` into a new file swapped in with one rename, only when every check passed:
a failed or killed build never leaves a broken database, and a reader holding the old file keeps
reading it undisturbed. The database it replaces is kept as a version.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd

from idm import fmt, rules, versions, welfare
from idm.database import SCHEMA_VERSION, Database, WriteError, Writer, Written
from idm.importers import boundaries as boundary_files
from idm.importers import bps, published, regions, targets
from idm.importers import indicators as indicator_files
from idm.importers.checks import Problem, summarise
from idm.importers.common import issue_table, log_entry, sha256_of
from idm.importers.gazetteer import official_names
from idm.importers.idm_file import VILLAGE_COLUMNS, IdmFile, IdmFileError, NotAnIdmFile, read_idm_file
from idm.importers.idm_file_plan import score_table

Echo = Callable[[str], None]

DATA_SUFFIXES = {".xlsx", ".xls", ".csv", ".geojson", ".json"}
VILLAGE_KINDS = ("idm", "indeks_desa")  # import_log kinds of village files
TABLE_SUFFIXES = {".xlsx", ".xls", ".csv"}  # where a BPS table may be


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
        kind = "indeks_desa" if result.index == rules.INDEKS_DESA else "idm"
        self.log.append(log_entry(result.path.name, sha256, kind, result.year, result.rows_read,
                                  len(result.villages), result.rows_rejected))


# --- reading a folder ------------------------------------------------------------------------

def read_sources(sources: Path, echo: Echo = print) -> Dataset:
    """Read every file under `sources` that is ours; list and skip the rest."""
    if not sources.is_dir():
        raise WriteError(f"folder sumber {sources} tidak ada (atur dengan --sources atau IDM_SOURCES)")
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
        return f"angka wilayah yang dipublikasikan, {len(frame)} baris"
    if path.suffix.lower() in TABLE_SUFFIXES and bps.is_bps_table(path):
        # The bundle's welfare CSV is one too; read_bps_table keeps each value's row. BpsTableError: refused.
        table = bps.read_bps_table(path)
        data.welfare.append(table.values)
        data.problems.extend(table.problems)
        data.log.append(log_entry(path.name, sha256_of(path), "kesejahteraan", None, table.rows_read,
                                  table.rows_read - table.rows_rejected, table.rows_rejected))
        labels = ", ".join(welfare.INDICATORS[key].label for key in table.indicators)
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
        raise WriteError(f"{path.name}: {error}") from error
    data.add_idm_file(result, sha256_of(path))
    flagged = sum(1 for p in result.problems if p.severity == "flagged")
    return (f"{result.index} {result.year}, {fmt.count(result.rows_read)} baris: "
            f"{fmt.count(len(result.villages))} diterima, {fmt.count(result.rows_rejected)} ditolak, "
            f"{fmt.count(flagged)} ditandai")


# --- regions ---------------------------------------------------------------------------------

def regions_of(villages: pd.DataFrame, boundaries: pd.DataFrame,
               values: pd.DataFrame | None = None) -> tuple[pd.DataFrame, list[Problem]]:
    """Every region the village rows, boundaries and BPS values hold, named from the gazetteer first
    (idm.importers.regions), and where the gazetteer named another place."""
    found = regions.codes_of(villages, boundaries)
    if values is not None and not values.empty:
        found = pd.concat([found, bps.region_codes(values)], ignore_index=True).drop_duplicates(subset=["code"])
    return regions.region_table(
        codes=found,
        gazetteer=official_names(),
        boundary_names=regions.names_from_boundaries(boundaries),
        file_names=regions.names_from_villages(villages),
    )


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

def village_rows(frames: list[pd.DataFrame]) -> pd.DataFrame:
    if not frames:
        return pd.DataFrame(columns=[*VILLAGE_COLUMNS, "year", "source_file"])
    return pd.concat(frames, ignore_index=True)


def write_dataset(data: Dataset, target: Path, *, who: str = versions.CLI,
                  changes: tuple[str, ...] = ()) -> Written:
    """Write a whole new database to `target` (Database.write: atomically, the replaced one kept as a
    version, recorded with `changes`)."""
    villages = village_rows(data.villages)
    boundaries = pd.concat(data.boundaries, ignore_index=True) if data.boundaries else pd.DataFrame()
    values, conflicts = welfare_values(data.welfare)
    region_rows, naming = regions_of(villages, boundaries, values)
    data.problems.extend(naming + conflicts)
    extra = [frame[~frame["code"].isin(region_rows["code"])] for frame in data.regions]  # e.g. a demo's kota
    region_rows = pd.concat([region_rows, *extra], ignore_index=True).sort_values("code", ignore_index=True)

    def fill(writer: Writer) -> None:
        writer.insert("regions", region_rows)
        writer.insert("village_scores", score_table(villages))
        for dictionary in data.indicator_dictionaries:
            for table, frame in dictionary.tables().items():
                writer.insert(table, frame)
        if data.indicator_scores:
            writer.insert("indicator_scores", pd.concat(data.indicator_scores, ignore_index=True))
            sums = writer.query("indicator_sums")
            data.problems.extend(indicator_files.recompute_problems(indicator_files.recompute(sums)))
        for table, frames in (("published_summaries", data.summaries), ("targets", data.targets)):
            if frames:
                writer.insert(table, pd.concat(frames, ignore_index=True))
        writer.insert("welfare", values)
        writer.insert("boundaries", boundaries)
        writer.insert("import_log", pd.DataFrame(data.log))
        writer.insert("import_issues", issue_table(data.problems))
        meta = {**data.meta, "built_at": datetime.now().isoformat(timespec="seconds"),
                "schema_version": SCHEMA_VERSION}
        writer.insert("meta", pd.DataFrame({"key": list(meta), "value": list(meta.values())}))

    about = versions.Change("bangun", data.meta.get("sources", str(target)), changes, who)
    return Database(target).write(fill, about=about, empty=True)


def build(sources: Path, target: Path, echo: Echo = print, *, who: str = versions.CLI) -> Dataset:
    """`python -m idm build`: read the folder, check, write (keeping the database it replaces as a
    version, idm.versions), report."""
    started = time.perf_counter()
    data = read_sources(sources, echo)
    if not data.villages:
        raise WriteError(f"tidak ada berkas IDM yang terbaca di {sources}; database tidak diubah")
    written = write_dataset(data, target, who=who, changes=tuple(built_from(data, sources)))
    for line in report(data):
        echo(line)
    echo(f"database ditulis: {target} ({time.perf_counter() - started:.1f} s)")
    for line in written.kept.lines() if written.kept else []:
        echo(line)
    return data


def built_from(data: Dataset, sources: Path) -> list[str]:
    """What a build wrote, for the record of the version it replaces."""
    files = [entry for entry in data.log if entry["kind"] in VILLAGE_KINDS]
    lines = [f"database dibangun ulang dari {sources}: {fmt.count(len(data.log))} berkas dibaca"]
    lines += [f"{entry['file_name']}: {rules.index_of(entry['year'])} {entry['year']}, "
              f"{fmt.count(entry['rows_accepted'])} desa" for entry in files]
    return lines


def report(data: Dataset) -> list[str]:
    """The short validation report printed at the end of a build or import."""
    lines = ["", "Laporan validasi:"]
    for entry in data.log:
        if entry["kind"] in VILLAGE_KINDS:
            lines.append(f"  {entry['file_name']} ({rules.index_of(entry['year'])} {entry['year']}): "
                         f"{fmt.count(entry['rows_read'])} baris dibaca, {fmt.count(entry['rows_accepted'])} diterima, "
                         f"{fmt.count(entry['rows_rejected'])} ditolak")
    problems = summarise(data.problems) or ["tidak ada masalah ditemukan"]
    return lines + [f"  {line}" for line in problems]
