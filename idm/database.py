"""One way to the data: `Database(path)`, in the manner of datasette's Database.

Every read goes through `Database.query(name, **params)`, which runs idm/sql/queries/<name>.sql with
the parameters bound (never formatted in). The typed methods below name what each query returns; the
pages, the rakor deck, the CLI and the tests all call them. `idm.cache.CachedDatabase` is the same
class with Streamlit's caches in front of `query` and `geojson`.

Every write goes through `Database.write(change, ...)` (datasette's `execute_write_fn`): under one
writer lock across processes and threads, `change` runs on a scratch copy (idm/sql/writes/*.sql and
whole-table inserts through a `Writer`), the derived table and the data rules follow, the replaced
file is kept as a version (idm.versions), and the copy is swapped in with one rename. A failed, refused
or killed write leaves the database as it was, byte for byte.

The file is opened read-only and re-opened when it changes on disk: the next query after a swap reads
the new file. DuckDB shares one database instance per path within a process, and an instance keeps
reading the file it first opened as long as any connection to it is open; so the file is ATTACHed to a
fresh in-memory database instead, one per version of the file.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import re
import secrets
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

from idm import codes, config, rules, versions, welfare

SQL_DIR = Path(__file__).with_name("sql")
# Raised whenever a schema file changes, so that an older database file is rebuilt (bin/dashboard) or
# named as outdated (app.py) instead of failing on a missing table.
SCHEMA_VERSION = "7"
CATALOG = "idm"  # the name the attached file goes by
_PARAMETER = re.compile(r"\$([a-z_]+)")


def _macros() -> dict[str, str]:
    """SQL written from idm.rules, idm.welfare and idm.codes wherever a query needs what they define:
    `{{ name }}` in a SQL file.

    - status_codes: the codes as a list, best first: ['MANDIRI', 'MAJU', ...]
    - status_columns: the count columns: mandiri, maju, berkembang, tertinggal, sangat_tertinggal
    - status_counts: villages per status of the rows aggregated: count(*) FILTER (...) AS mandiri, ...
    - status_count_types: the count columns of a table: mandiri INTEGER, maju INTEGER, ...
    - status_sum: the sum of the count columns, each NULL as 0
    - indeks_desa_column_types / indeks_desa_columns / indeks_desa_averages: the six dimension scores of the
      Indeks Desa as table columns, a list, and their means (rules.INDEKS_DESA_DIMENSIONS)
    - welfare_indicators: the keys of the BPS indicators, as a list: ['p0', 'p1', ...]
    - national: Indonesia's region code in the tables that have one ('00')
    - first_indeks_desa_year: the first year measured with the Indeks Desa (2025)
    """
    columns = [rules.STATUS_COLUMNS[code] for code in rules.STATUS_CODES]
    return {
        "status_codes": "[" + ", ".join(f"'{code}'" for code in rules.STATUS_CODES) + "]",
        "status_columns": ", ".join(columns),
        "status_counts": ",\n    ".join(f"count(*) FILTER (WHERE status = '{code}') AS {rules.STATUS_COLUMNS[code]}"
                                        for code in rules.STATUS_CODES),
        "status_count_types": ",\n    ".join(f"{column} INTEGER" for column in columns),
        "status_sum": " + ".join(f"coalesce({column}, 0)" for column in columns),
        "indeks_desa_column_types": ", ".join(f"{d.column} DOUBLE" for d in rules.INDEKS_DESA_DIMENSIONS),
        "indeks_desa_columns": ", ".join(d.column for d in rules.INDEKS_DESA_DIMENSIONS),
        "indeks_desa_averages": ",\n    ".join(f"avg({d.column}) AS {d.column}" for d in rules.INDEKS_DESA_DIMENSIONS),
        "welfare_indicators": "[" + ", ".join(f"'{key}'" for key in welfare.INDICATORS) + "]",
        "national": f"'{codes.NATIONAL}'",
        "first_indeks_desa_year": str(rules.FIRST_INDEKS_DESA_YEAR),
    }


_MACRO = re.compile(r"\{\{\s*(\w+)\s*\}\}")


@cache
def sql(name: str) -> str:
    """The text of idm/sql/<name>.sql, e.g. 'queries/area_kpi', 'schema/tables', 'checks/data_rules', with
    its `{{ macro }}` placeholders written from idm.rules and the other definitions (`_macros`)."""
    path = SQL_DIR / f"{name}.sql"
    if not path.is_file():
        raise KeyError(f"no SQL file {name!r} in {SQL_DIR}")
    macros = _macros()

    def expand(match: re.Match) -> str:
        if match.group(1) not in macros:
            raise KeyError(f"{path.name}: unknown macro {match.group(0)}")
        return macros[match.group(1)]

    return _MACRO.sub(expand, path.read_text(encoding="utf-8"))


def run(con: duckdb.DuckDBPyConnection | Attached, name: str, params: dict) -> pd.DataFrame:
    """Run idm/sql/queries/<name>.sql with its named parameters ($area, $year, ...) bound.

    A cursor per call: a DuckDB connection is not safe to share between Streamlit's threads.
    """
    text = sql(f"queries/{name}")
    wanted = set(_PARAMETER.findall(text))
    missing = wanted - params.keys()
    if missing:
        raise TypeError(f"query {name!r} needs parameters {sorted(missing)}")
    cursor = con.cursor()
    try:
        return cursor.execute(text, {key: params[key] for key in wanted}).df()
    finally:
        cursor.close()


@dataclass(frozen=True)
class Version:
    """Which file a path holds: a swap changes the inode, an in-place write the time or size."""

    path: str
    inode: int
    mtime_ns: int
    size: int


def version_of(path: Path | str) -> Version:
    """FileNotFoundError when there is no database at `path`."""
    stat = os.stat(path)
    return Version(str(path), stat.st_ino, stat.st_mtime_ns, stat.st_size)


class Attached:
    """An in-memory DuckDB with the database file attached read-only (see the module's docstring).

    Its cursors start in the attached file, as a plain connection's would.
    """

    def __init__(self, path: str):
        self._con = duckdb.connect(":memory:")
        quoted = path.replace("'", "''")
        self._con.execute(f"ATTACH '{quoted}' AS {CATALOG} (READ_ONLY)")

    def cursor(self) -> duckdb.DuckDBPyConnection:
        cursor = self._con.cursor()
        cursor.execute(f"USE {CATALOG}")
        return cursor

    def execute(self, text: str, params=None) -> duckdb.DuckDBPyConnection:
        return self.cursor().execute(text, params)

    def close(self) -> None:
        self._con.close()


def open_read_only(path: Path | str) -> tuple[Attached, Version]:
    """A read-only connection to the file at `path` and the version it holds; readers never lock a
    build out, nor each other."""
    for _ in range(3):
        before = version_of(path)
        attached = Attached(str(path))
        if version_of(path) == before:  # not swapped while it was being opened
            return attached, before
        attached.close()
    raise RuntimeError(f"database {path} berganti terus-menerus saat dibuka; coba lagi")


def outdated(path: Path | str | None = None) -> str | None:
    """Why the database cannot be used as it is (missing, damaged, or built by an older version), or None."""
    path = Path(path or config.db_path())
    if not path.is_file():
        return f"database {path} belum ada"
    try:
        con, _ = open_read_only(path)
    except duckdb.Error as error:  # not a DuckDB file at all, or one whose header is damaged
        return f"berkas {path} rusak atau bukan database dasbor ini ({_first_line(error)})"
    try:
        row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except duckdb.CatalogException:
        row = None  # no meta table: a database of the first version
    except duckdb.Error as error:
        return f"berkas {path} rusak ({_first_line(error)})"
    finally:
        con.close()
    if row is None or row[0] != SCHEMA_VERSION:
        return f"database {path} dibangun oleh versi lama (skema {row[0] if row else '1'}, kini {SCHEMA_VERSION})"
    return None


# --- writes ----------------------------------------------------------------------------------------
# The one owner of writes: Database.write below. Everything that changes the database file (a build,
# an import from the command line or a page, a restore) goes through it.

# Tables a write may fill whole from a frame; anything else is refused (a table name is never data).
TABLES = ("regions", "village_scores", "published_summaries", "targets", "welfare", "boundaries", "import_log",
          "import_issues", "meta", "indicator_scores", "indicators", "indicator_sub_dimensions", "indicator_levels",
          "indicator_actors", "indicator_reference_means")
# How long a write waits for another one to finish before it gives up (an import of the national file
# takes about ten seconds on the 2-core machine; a build of the bundle twenty).
LOCK_TIMEOUT = 120.0
_SCRATCH = re.compile(r"\.tmp-(\d+)-")


class WriteError(RuntimeError):
    """A write that did not happen: the database is as it was. The message says why, in Indonesian."""


class Stale(WriteError):
    """The database changed between a plan and its write (another write came first)."""


class Busy(WriteError):
    """Another write held the database for longer than the wait allowed."""


State = tuple[int, int, int]  # inode, size, mtime of the database file: any write changes it


def state_of(path: Path | str) -> State:
    stat = os.stat(path)
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


class Writer:
    """The scratch copy a write changes: SQL of idm/sql/writes/, whole frames inserted into allowed tables,
    and the queries of idm/sql/queries/ on the copy (a plan's figures as they will be)."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self._con = con

    def execute(self, name: str, **params) -> None:
        """Run idm/sql/writes/<name>.sql with its parameters bound."""
        text = sql(f"writes/{name}")
        wanted = set(_PARAMETER.findall(text))
        missing = wanted - params.keys()
        if missing:
            raise TypeError(f"write {name!r} needs parameters {sorted(missing)}")
        self._con.execute(text, {key: params[key] for key in wanted})

    def insert(self, table: str, frame: pd.DataFrame | None) -> None:
        """Every row of `frame` into `table`, by column name."""
        if table not in TABLES:
            raise ValueError(f"no table {table!r} to insert into")
        if frame is None or frame.empty:
            return
        columns = ", ".join(f'"{column}"' for column in frame.columns)
        self._con.register("incoming", frame)
        try:
            self._con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM incoming")
        finally:
            self._con.unregister("incoming")

    def query(self, name: str, **params) -> pd.DataFrame:
        return run(self._con, name, params)

    def create_schema(self) -> None:
        """The tables, views and macros of an empty database (the SQL macros from idm.rules)."""
        self._con.execute(sql("schema/tables"))
        self._con.execute(sql("schema/indicators"))
        self._con.execute(rules.status_sql_macro())
        self._con.execute(rules.status_rank_sql_macro())
        self._con.execute(sql("views/village_places"))

    def finish(self) -> None:
        """The aggregate every figure selects from (sql/views/area_stats.sql), recomputed after each write
        (the dashboard only reads, so it is computed once here), then the data rules of
        sql/checks/data_rules.sql: any failing rule refuses the write."""
        self._con.execute(sql("views/area_stats"))
        failures = [f"{name}: {count} baris, mis. {example}"
                    for name, count, example in self._con.execute(sql("checks/data_rules")).fetchall() if count]
        if failures:
            raise WriteError("pemeriksaan akhir gagal, database lama tidak diubah:\n  " + "\n  ".join(failures))


def _scratch_path(target: Path) -> Path:
    """A file beside `target` that no other writer, process or thread, uses."""
    return target.with_name(f"{target.name}.tmp-{os.getpid()}-{threading.get_ident()}-{secrets.token_hex(4)}")


def _remove(path: Path) -> None:
    for leftover in (path, Path(f"{path}.wal")):
        with contextlib.suppress(OSError):
            leftover.unlink(missing_ok=True)


def remove_stale_scratch(target: Path) -> None:
    """Scratch files a killed write left (the database and its '.wal'): their process is gone."""
    for stale in target.parent.glob(f"{target.name}.tmp-*"):
        match = _SCRATCH.search(stale.name[len(target.name):])
        if match and not Path(f"/proc/{match.group(1)}").exists():
            _remove(stale)


def disk_problem(error: OSError | duckdb.IOException, target: Path) -> str:
    """An error of the disk during a write (an OSError, or DuckDB's IOException when its own write
    fails) as the office can act on it, in Indonesian."""
    where = target.parent
    if isinstance(error, duckdb.IOException):  # DuckDB says the system's reason in its message
        text = str(error)
        number = (errno.ENOSPC if "No space left" in text else errno.EROFS if "Read-only file system" in text
                  else errno.EACCES if "Permission denied" in text else None)
        error = OSError(number, os.strerror(number) if number else text)
    if error.errno == errno.ENOSPC:
        return (f"disk penuh di {where}: database tidak diubah. Kosongkan ruang di disk itu (mis. hapus versi lama "
                f"di {versions.folder(target)} atau berkas lain), lalu ulangi")
    if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return (f"folder {where} tidak dapat ditulis ({os.strerror(error.errno)}): database tidak diubah. Periksa "
                "izin folder itu atau apakah disknya hanya-baca, lalu ulangi")
    return f"database tidak dapat ditulis ({error.strerror or error}): database tidak diubah"


@dataclass
class Written:
    """What a write did: the version kept of the database it replaced (None for a first build)."""

    kept: versions.Kept | None


class _WriterLock:
    """One writer at a time for a database file, across processes and threads: an exclusive flock on
    `<database>.lock`, which holds a line saying who writes (for the message of a writer that waits)."""

    def __init__(self, target: Path):
        self.path = target.with_name(f"{target.name}.lock")

    @contextmanager
    def held(self, *, who: str, timeout: float) -> Iterator[None]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "a+", encoding="utf-8") as handle:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise Busy(f"database sedang diubah oleh penulis lain ({self.holder()}); tunggu sampai "
                                   f"selesai lalu ulangi. Tidak ada yang ditulis.") from None
                    time.sleep(0.05)
            try:
                handle.seek(0)
                handle.truncate()
                handle.write(json.dumps({"who": who, "pid": os.getpid(), "since": time.time()}))
                handle.flush()
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def holder(self) -> str:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            started = time.strftime("%H.%M.%S", time.localtime(data["since"]))
            return f"{data['who']}, sejak {started}"
        except (OSError, ValueError, KeyError, TypeError):
            return "tidak diketahui"


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0][:200] if str(error).strip() else type(error).__name__


class Catalog:
    """What a database offers to choose from (the `filters.Catalog` protocol)."""

    def __init__(self, database: Database):
        self.database = database

    def provinces(self) -> dict[str, str]:
        """code -> name of the provinces with any data."""
        names = self.database.region_names(level="provinsi")
        with_data = set(self.database.data_years()["province_code"])
        return {c: n for c, n in zip(names["code"], names["name"]) if c in with_data}

    def years(self, province: str) -> dict[int, str]:
        """year -> 'desa' (village rows) | 'publikasi' (published province figures only)."""
        frame = self.database.data_years()
        frame = frame[frame["province_code"] == province]
        return {int(y): s for y, s in zip(frame["year"], frame["source"])}

    def regencies(self, province: str) -> dict[str, str]:
        frame = self.database.child_regions(parent=province)
        return dict(zip(frame["code"], frame["name"]))

    def districts(self, regency: str) -> dict[str, str]:
        return self.regencies(regency)


class Database:
    """The dashboard's database file, read-only."""

    def __init__(self, path: Path | str | None = None):
        self.path = Path(path or config.db_path())
        self._lock = threading.Lock()
        self._con: Attached | None = None
        self._version: Version | None = None

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self.path)!r})"

    def version(self) -> Version:
        return version_of(self.path)

    def connection(self) -> Attached:
        """The connection to the file as it is now, re-opened after a swap."""
        current = self.version()
        with self._lock:
            if self._con is None or self._version != current:
                if self._con is not None:
                    self._con.close()
                self._con, self._version = open_read_only(self.path)
            return self._con

    def close(self) -> None:
        with self._lock:
            if self._con is not None:
                self._con.close()
            self._con, self._version = None, None

    def query(self, name: str, **params) -> pd.DataFrame:
        """Run idm/sql/queries/<name>.sql with these parameters."""
        return run(self.connection(), name, params)

    # --- writes: the one owner ------------------------------------------------------------------

    def state(self) -> State:
        """Changes whenever a write swaps a new file in (a new inode) or anything writes the file."""
        return state_of(self.path)

    def write(self, change: Callable[[Writer], None], *, about: versions.Change, empty: bool = False,
              copy_of: Path | None = None, expected: State | None = None,
              timeout: float = LOCK_TIMEOUT) -> Written:
        """Apply `change` to a scratch copy of the database (a new, empty one with `empty`; a copy of the
        file `copy_of`, a version being restored), finish it (area_stats, data rules), keep the file it
        replaces as a version (idm.versions, recorded with `about`) and swap it in, all under the writer
        lock. `expected`: the state a plan was made against; a database changed since is refused (Stale).

        Raises WriteError (Stale, Busy, a failed check, a full disk, a version that cannot be kept): the
        database is then as it was and no scratch file is left."""
        target = self.path
        with _WriterLock(target).held(who=about.who, timeout=timeout):
            if expected is not None and (not target.is_file() or state_of(target) != expected):
                raise Stale("database berubah sejak rencana impor dibuat; tidak ada yang ditulis")
            scratch = _scratch_path(target)
            try:
                remove_stale_scratch(target)
                if not empty:
                    shutil.copyfile(copy_of or target, scratch)
                with duckdb.connect(str(scratch)) as con:
                    writer = Writer(con)
                    if empty:
                        writer.create_schema()
                    change(writer)
                    writer.finish()
                    con.execute("CHECKPOINT")
                # The version first: a change that cannot be undone is not made.
                version = versions.keep(target, about) if target.is_file() else None
                try:
                    os.replace(scratch, target)  # atomic within a folder; readers keep their open file
                except BaseException:
                    if version is not None:
                        versions.discard_files(target, version.id)
                    raise
            except (OSError, duckdb.IOException) as error:
                raise WriteError(disk_problem(error, target)) from error
            finally:
                _remove(scratch)
            if version is None:
                return Written(kept=None)
            try:
                removed = versions.prune(target)
            except OSError:  # the change is made and kept; an old version stays one more time
                removed = []
            return Written(kept=versions.Kept(version, removed))

    def trial(self, change: Callable[[Writer], None], then: Callable[[Writer], object], *,
              scratch_folder: Path) -> object:
        """`change` on a scratch copy in `scratch_folder`, finished like a write (WriteError when a data rule
        fails: the real write would fail the same way), then `then(writer)`; the copy is removed and the
        database only read. What a plan's figures will be, before anyone applies it."""
        scratch = _scratch_path(Path(scratch_folder) / self.path.name)
        try:
            scratch.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(self.path, scratch)
            with duckdb.connect(str(scratch)) as con:
                writer = Writer(con)
                change(writer)
                writer.finish()
                return then(writer)
        except (OSError, duckdb.IOException) as error:
            raise WriteError(disk_problem(error, self.path)) from error
        finally:
            _remove(scratch)

    def restore(self, version_id: str, *, who: str = versions.CLI) -> Written:
        """Bring version `version_id` back with the swap and final checks of every write, keeping the
        current database as a version first. VersionError when there is no such version or it cannot be
        read by this version of the dashboard."""
        version = versions.find(self.path, version_id)
        if version.damage:
            raise versions.VersionError(f"berkas versi {version.id} rusak: {version.damage}. Database tidak diubah; "
                                        "pilih versi lain")
        problem = outdated(version.path)
        if problem:
            raise versions.VersionError(f"versi {version.id} tidak dapat dipulihkan: {problem}. Database tidak "
                                        "diubah")
        about = versions.Change("pulihkan", f"versi {version.id}",
                                (f"database dipulihkan ke versi {version.id} ({version.summary()})",), who)
        try:
            return self.write(lambda writer: None, about=about, copy_of=version.path)
        except duckdb.Error as error:  # a damaged block found while the copy was read
            raise versions.VersionError(f"berkas versi {version.id} rusak ({_first_line(error)}). Database tidak "
                                        "diubah; pilih versi lain") from None

    # --- the catalog and shapes --------------------------------------------------------------

    def catalog(self) -> Catalog:
        return Catalog(self)

    def geojson(self, level: str, area: str) -> dict:
        """A FeatureCollection of one level's boundaries inside an area (id and `kode` = the code)."""
        frame = self.boundaries(level=level, area=area)
        features = [
            {"type": "Feature", "id": code, "properties": {"kode": code, "nama": name},
             "geometry": json.loads(geometry)}
            for code, name, geometry in zip(frame["code"], frame["name"], frame["geometry"])
        ]
        return {"type": "FeatureCollection", "features": features}

    # --- typed queries: one SQL file each ---------------------------------------------------

    def meta(self) -> dict[str, str]:
        frame = self.query("meta")
        return dict(zip(frame["key"], frame["value"]))

    def data_years(self) -> pd.DataFrame:
        """province_code, year, source ('desa' | 'publikasi'), villages."""
        return self.query("data_years")

    def child_regions(self, *, parent: str) -> pd.DataFrame:
        """code, name, kind of the regions under `parent` that have desa."""
        return self.query("child_regions", parent=parent)

    def region_names(self, *, level: str) -> pd.DataFrame:
        """code, name, kind of every region of a level."""
        return self.query("region_names", level=level)

    def boundaries(self, *, level: str, area: str) -> pd.DataFrame:
        """code, name, geometry (GeoJSON text), lon, lat of one level inside an area."""
        return self.query("boundaries", level=level, area=area)

    def area_kpi(self, *, area: str, year: int) -> pd.Series:
        """villages, scored, idm, status, iks, ike, ikl of an area in a year (from village rows)."""
        return self.query("area_kpi", area=area, year=year).iloc[0]

    def status_counts(self, *, area: str, year: int, unit_length: int | None = None) -> pd.DataFrame:
        """unit ('desa' | 'wilayah'), status, n: villages, and sub-regions (`unit_length`, by default
        one level down) per status."""
        return self.query("status_counts", area=area, year=year,
                          unit_length=unit_length or codes.unit_length(area))

    def area_trend(self, *, area: str) -> pd.DataFrame:
        """One row per year: idm, dimensions, villages per status, source ('desa' | 'publikasi')."""
        return self.query("area_trend", area=area)

    def unit_ranking(self, *, area: str, year: int, compare_year: int) -> pd.DataFrame:
        """The units of an area with IDM, status and change between the two years."""
        return self.query("unit_ranking", area=area, year=year, compare_year=compare_year,
                          unit_length=codes.unit_length(area))

    def unit_stats(self, *, area: str, years: list[int]) -> pd.DataFrame:
        """The sub-regions of an area with their figures (area_stats) in each of `years`: code, name, kind,
        year, villages, scored, idm, status, skor, villages per status. Every region of the level is
        listed, a region without figures once with year NULL."""
        return self.query("unit_stats", area=area, years=[int(year) for year in years],
                          unit_length=codes.unit_length(area))

    def published_summary(self, *, area: str, year: int) -> pd.DataFrame:
        """An area's published figures for a year (empty when none); Indonesia is area ''."""
        return self.query("published_summary", area=area, year=year)

    def unit_trend(self, *, area: str) -> pd.DataFrame:
        """code, name, year, villages, scored, idm, status, iks, ike, ikl, source of each unit per year."""
        return self.query("unit_trend", area=area, unit_length=codes.unit_length(area))

    def village_distribution(self, *, area: str) -> pd.DataFrame:
        """year, villages, scored, minimum, q1, median, q3, maximum, mean of the area's village IDM."""
        return self.query("village_distribution", area=area)

    def village_map_values(self, *, area: str, year: int, compare_year: int) -> pd.DataFrame:
        """code, name, district, idm, status, iks, ike, ikl, idm_compare, change, has_polygon per village."""
        return self.query("village_map_values", area=area, year=year, compare_year=compare_year)

    def status_transitions(self, *, area: str, from_year: int, to_year: int) -> pd.DataFrame:
        """Every village listed in either year: idm/status in both, listed_from/listed_to, its region names."""
        return self.query("status_transitions", area=area, from_year=from_year, to_year=to_year)

    def welfare_by_region(self, *, province: str) -> pd.DataFrame:
        """A province and its regencies/cities per year: IDM (idm_source) beside every BPS indicator, one
        column each (p0, p1, p2, ipm, gini, tpt, pdrb_kapita; NULL where there is no value)."""
        return self.query("welfare_by_region", province=province)

    def village_search(self, *, area: str, text: str, code: str, limit: int, min_similarity: float) -> pd.DataFrame:
        """Villages of an area matching a name (upper case) or a code prefix (digits), best match first."""
        return self.query("village_search", area=area, text=text, code=code, limit=limit,
                          min_similarity=min_similarity)

    def village_profile(self, *, village: str) -> pd.DataFrame:
        """One village's published rows, one per year, with provenance and its region names."""
        return self.query("village_profile", village=village)

    def village_issues(self, *, village: str) -> pd.DataFrame:
        """year, check_name, severity, message: what the import checks said about the village's rows."""
        return self.query("village_issues", village=village)

    def area_averages(self, *, village: str, year: int) -> pd.DataFrame:
        """level, code, name, scored, idm, status, iks, ike, ikl of a village's district, regency, province."""
        return self.query("area_averages", village=village, year=year)

    def near_next_status(self, *, area: str, year: int) -> pd.DataFrame:
        """Scored villages of an area that are not Mandiri yet, with their dimensions and region names."""
        return self.query("near_next_status", area=area, year=year)

    def targets(self, *, area: str) -> pd.DataFrame:
        """The targets stated for an area (idm.targets.FRAME_COLUMNS), every year and source."""
        return self.query("targets", area=area)

    def target_areas(self, *, area: str) -> pd.DataFrame:
        """area_code, name, targets, first_year, last_year of the areas under `area` that have targets."""
        return self.query("target_areas", area=area)

    def risen(self, *, area: str, from_year: int, to_year: int) -> int | None:
        """Villages Tertinggal or Sangat Tertinggal in from_year and at least Berkembang in to_year; None
        when either year has no village rows in the area."""
        row = self.query("risen_from_lagging", area=area, from_year=from_year, to_year=to_year).iloc[0]
        return int(row["risen"]) if row["both_years"] else None

    def province_ranking(self) -> pd.DataFrame:
        """province_code, year, idm, rank, ranked: provinces ranked by IDM in every national year."""
        return self.query("province_ranking")

    def indicator_years(self, *, area: str) -> pd.DataFrame:
        """year, villages: the years with indicator scores in an area."""
        return self.query("indicator_years", area=area)

    def indicator_provinces(self, *, area: str, year: int) -> list[str]:
        """The provinces of an area with indicator scores in a year."""
        return list(self.query("indicator_provinces", area=area, year=year)["province_code"])

    def indicator_dictionary(self, *, year: int) -> pd.DataFrame:
        """The 50 indicators of a year: code, position, dimension, sub-dimension (key, names, position), name."""
        return self.query("indicator_dictionary", year=year)

    def indicator_levels(self, *, year: int) -> pd.DataFrame:
        """code, score, meaning, activity: what each score means and the reference activity that raises it."""
        return self.query("indicator_levels", year=year)

    def indicator_actors(self, *, year: int) -> pd.DataFrame:
        """code, position, level, offices: who acts on each indicator."""
        return self.query("indicator_actors", year=year)

    def indicator_distribution(self, *, area: str, year: int) -> pd.DataFrame:
        """code, villages, mean_score, n0..n5 of the villages of an area."""
        return self.query("indicator_distribution", area=area, year=year)

    def indicator_reference_means(self, *, region: str, year: int) -> pd.DataFrame:
        """code, mean_score, villages as the dictionary publishes them for a region ('00' Indonesia)."""
        return self.query("indicator_reference_means", region=region, year=year)

    def indicator_villages(self, *, area: str, year: int) -> pd.DataFrame:
        """Villages of an area with indicator scores: code, name, district, regency, published iks..idm, status."""
        return self.query("indicator_villages", area=area, year=year)

    def indicator_scores_long(self, *, area: str, year: int) -> pd.DataFrame:
        """village_code, code, score of every village of an area (a village code as area: one village)."""
        return self.query("indicator_scores_long", area=area, year=year)

