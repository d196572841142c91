"""Importing a BPS table (idm.importers.bps): its values update the regions, years and indicators it
holds; every other value stays.

`plan_bps` reads the table and compares its values with the database without writing: per
indicator, how many values are new, changed or the same. The plan (an idm.importers.common.Plan) is
applied like every import, by common.apply_plan. Regions are placed by name within the province
(read_bps_table), so a region the database lacks (a kota without desa, a province without village
rows yet) is real: it is added, named from the Kemendagri gazetteer, never renamed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import pandas as pd

from idm import codes, fmt, welfare
from idm.database import State, Writer
from idm.importers import bps, common, regions
from idm.importers.checks import Problem
from idm.importers.errors import IdmFileError
from idm.importers.gazetteer import official_names, region_gazetteer

KEYS = ["region_code", "year", "indicator"]
NEW, CHANGED, SAME = "baru", "berubah", "sama"


@dataclass
class BpsPlan:
    """What importing one BPS table will do; nothing is written until common.apply_plan."""

    kind: ClassVar[str] = "bps"
    path: Path
    target: Path
    name: str
    table: bps.BpsTable
    sha256: str
    province_name: str
    province_origin: str  # where the province came from, for the report
    values: pd.DataFrame  # bps.VALUE_COLUMNS (source_file = name) + 'previous' and 'change' (NEW, CHANGED, SAME)
    new_regions: pd.DataFrame  # regions rows of codes the database did not have
    names: dict[str, str]  # region code -> name, for the report
    problems: list[Problem] = field(default_factory=list)
    database_state: State = (0, 0, 0)

    @property
    def rows(self) -> pd.DataFrame:
        """The values to write: the new and the changed ones."""
        return self.values.loc[self.values["change"] != SAME, bps.VALUE_COLUMNS].reset_index(drop=True)

    @property
    def writes(self) -> bool:
        return bool(len(self.rows))

    @property
    def rows_read(self) -> int:
        return self.table.rows_read

    @property
    def rows_accepted(self) -> int:
        return self.table.rows_read - self.table.rows_rejected

    @property
    def rows_rejected(self) -> int:
        return self.table.rows_rejected

    def provinces(self) -> list[str]:
        return [self.table.province]

    def lines(self) -> list[str]:
        table = self.table
        layout = "tahun sebagai kolom" if table.layout == "lebar" else "satu baris per wilayah dan tahun"
        lines = [f"Rencana impor {self.name} (tabel BPS {self.province_name}, {layout}): "
                 f"{fmt.count(self.rows_read)} baris dibaca, {fmt.count(self.rows_accepted)} diterima, "
                 f"{fmt.count(self.rows_rejected)} ditolak",
                 f"  provinsi {self.province_name} menurut {self.province_origin}"]
        for key in table.indicators:
            part = self.values[self.values["indicator"] == key]
            counts = part["change"].value_counts()
            said = [f"{fmt.count(int(counts[change]))} nilai {change if change != SAME else 'tidak berubah'}"
                    for change in (NEW, CHANGED, SAME) if counts.get(change)]
            lines.append(f"  {welfare.INDICATORS[key].label} {fmt.year_range(part['year'])}: {', '.join(said)} "
                         f"({fmt.count(part['region_code'].nunique())} wilayah)")
        lines.append("  nilai lain di database tetap: wilayah, tahun dan indikator yang tidak ada di tabel ini "
                     "tidak diubah")
        return lines + common.closing_lines(writes=self.writes, new_regions=self.new_regions)

    def write(self, writer: Writer) -> None:
        rows = self.rows
        writer.execute("delete_welfare_values", regions=list(rows["region_code"]),
                       years=[int(year) for year in rows["year"]], indicators=list(rows["indicator"]))
        writer.insert("welfare", rows)
        writer.insert("regions", self.new_regions)
        common.record(writer, self, kind="kesejahteraan")

    def figures(self, reader: common.Reader) -> pd.DataFrame:
        """The table's values as the database holds them: one row per region, year and indicator."""
        stored = reader.query("welfare_values", regions=sorted(self.values["region_code"].unique()))
        merged = self.values[KEYS].merge(stored, on=KEYS, how="inner")
        return pd.DataFrame({
            "Wilayah": [self.names.get(code, code) for code in merged["region_code"]],
            "Tahun": merged["year"].astype(int),
            "Ukuran": [welfare.INDICATORS[key].short for key in merged["indicator"]],
            "Nilai": [welfare.INDICATORS[key].value(value) for key, value in zip(merged["indicator"], merged["value"])],
        })


def _province(path: Path, name: str, province: str | None) -> tuple[str | None, str | None]:
    """The province to give read_bps_table, and where it came from, when the file's own name (not the
    generated one of an upload) names one."""
    if province is not None or name == path.name:
        return province, None
    found = bps.provinces_in_file_name(name)
    if len(found) > 1:
        gazetteer = region_gazetteer()
        listed = ", ".join(f"{gazetteer.name(c)} ({c})" for c in sorted(found))
        raise bps.BpsTableError(f"{name}: nama berkas menyebut beberapa provinsi ({listed}); ganti nama berkas")
    return (found.pop(), f"nama berkas '{name}'") if found else (None, None)


def plan_bps(path: Path, target: Path, *, name: str | None = None, province: str | None = None) -> BpsPlan:
    """Read the BPS table at `path` and compare its values with the database at `target`; write nothing.

    `name`: the file as its user knows it (an upload's name); `province`: for a table that names no
    province itself (the command's --province). Raises BuildError (no usable database) or
    BpsTableError (the table's fault, with the reason)."""
    path, target = Path(path), Path(target)
    name = name or path.name
    db, state = common.planned_against(target)
    given, given_origin = _province(path, name, province)
    try:
        table = bps.read_bps_table(path, province=given)
    except IdmFileError as error:
        error = common.renamed_error(error, path.name, name)
        if given_origin:
            error = type(error)(str(error).replace(f"--province {given}", given_origin))
        raise error from None
    origin = given_origin if given_origin and table.province_origin.startswith("--province") else table.province_origin
    values = table.values.assign(source_file=name)
    stored = db.query("welfare_values", regions=sorted(values["region_code"].unique()))
    stored = stored.rename(columns={"value": "previous"})
    places = bps.region_codes(values)
    known = db.query("region_rows", codes=list(places["code"]))
    names = dict(zip(known["code"], known["name"], strict=True))
    missing = places[~places["code"].isin(list(names))]
    boundaries = db.query("boundary_names", codes=list(missing["code"]))
    new_regions, naming = (regions.region_table(codes=missing, gazetteer=official_names(),
                                                boundary_names=regions.names_from_boundaries(boundaries),
                                                file_names=pd.DataFrame(columns=["code", "level", "name"]),
                                                official_files=False)
                           if len(missing) else (pd.DataFrame(columns=regions.REGION_COLUMNS), []))
    names.update(zip(new_regions["code"], new_regions["name"], strict=True))
    names[codes.NATIONAL] = "Indonesia"
    values = values.merge(stored, on=KEYS, how="left")
    same = values["previous"].notna() & ((values["value"] - values["previous"]).abs() <= 1e-9)
    values["change"] = [SAME if s else (NEW if pd.isna(p) else CHANGED) for s, p in zip(same, values["previous"])]
    return BpsPlan(path=path, target=target, name=name, table=table, sha256=common.sha256_of(path),
                   province_name=names.get(table.province, table.province), province_origin=origin,
                   values=values, new_regions=new_regions, names=names,
                   problems=[*common.renamed(table.problems, path.name, name), *naming], database_state=state)

