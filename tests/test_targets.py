"""Targets and their realisation: reading target files, evaluating them against status counts,
plans over several years, pace and projection, and the Indonesian sentences.

Target files are written by the tests; counts come from dictionaries with hand-computed
expectations, and from the real bundle for the figures that must match what the offices published.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from idm import narrative, target
from idm.importers import targets as target_files
from idm.importers.idm_file import IdmFileError
from idm.importers.targets import TargetFileError
from idm.target import DESA, PUBLIKASI, StatusCounts

MANDIRI = "desa_mandiri_bertambah"
BERKURANG = "desa_tertinggal_berkurang"
NAIK = "desa_naik_dari_tertinggal"
LEVEL = "desa_tertinggal"

HEADER = [c.name for c in target_files.TARGET_COLUMNS]
GOOD = ["63", "Kalimantan Selatan", "2022", "desa_mandiri_bertambah", "10", "desa", "72", "target tahunan", "rakor"]


def write_csv(path: Path, rows: list[list[str]], *, delimiter: str = ",", encoding: str = "utf-8") -> Path:
    with open(path, "w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def target_file(tmp_path: Path, *rows: list[str], header: list[str] = HEADER, **options) -> Path:
    return write_csv(tmp_path / "target_kantor.csv", [header, *rows], **options)


def with_cell(row: list[str], column: str, value: str) -> list[str]:
    changed = list(row)
    changed[HEADER.index(column)] = value
    return changed


# ---------------------------------------------------------------------------------------------
# Reading


@pytest.mark.parametrize("delimiter,encoding", [(",", "utf-8"), (";", "utf-8"), (",", "utf-8-sig"),
                                                (";", "utf-8-sig"), (";", "cp1252")])
def test_good_file_in_each_accepted_form(tmp_path, delimiter, encoding):
    path = target_file(tmp_path, GOOD, with_cell(GOOD, "indikator", "desa_tertinggal_berkurang"),
                       delimiter=delimiter, encoding=encoding)
    assert target_files.is_target_file(path)
    read = target_files.read_targets(path)
    assert (read.rows_read, read.rows_rejected, read.problems) == (2, 0, [])
    assert list(read.targets.columns) == target_files.FRAME_COLUMNS
    first = read.targets.iloc[0].to_dict()
    assert first == {
        "area_code": "63", "area_name": "Kalimantan Selatan", "year": 2022, "indicator": "desa_mandiri_bertambah",
        "target": 10.0, "unit": "desa", "published_realisation": 72.0, "document": "target tahunan",
        "source": "rakor", "source_file": "target_kantor.csv", "source_row": 2,
    }


def test_layout_is_documented_for_the_page():
    layout = target_files.layout_frame()
    assert list(layout["kolom"]) == HEADER
    assert list(layout.loc[layout["wajib"] == "ya", "kolom"]) == ["kode_wilayah", "tahun", "indikator", "target"]
    assert layout["isi"].str.len().min() > 0


def test_template_is_a_valid_target_file(tmp_path):
    assert target_files.template_bytes().startswith(b"\xef\xbb\xbf")
    path = tmp_path / target_files.OFFICE_FILE_NAME
    path.write_bytes(target_files.template_bytes())
    read = target_files.read_targets(path)
    assert read.problems == []
    assert list(read.targets["indicator"]) == list(target.BY_CODE)  # one example per indicator


@pytest.mark.parametrize("column,value,expected", [
    ("kode_wilayah", "63.03", ("6303", "Kalimantan Selatan", MANDIRI)),  # dotted regency code; name as written
    ("kode_wilayah", "64.0", ("64", "Kalimantan Selatan", MANDIRI)),  # a number re-saved by Excel
    ("wilayah", "", ("63", "Kalimantan Selatan", MANDIRI)),  # empty name: the gazetteer's
    ("indikator", " Desa_Mandiri_Bertambah ", ("63", "Kalimantan Selatan", MANDIRI)),
    ("satuan", "", ("63", "Kalimantan Selatan", MANDIRI)),
])
def test_values_are_normalised(tmp_path, column, value, expected):
    read = target_files.read_targets(target_file(tmp_path, with_cell(GOOD, column, value)))
    first = read.targets.iloc[0]
    assert (first["area_code"], first["area_name"], first["indicator"], first["unit"]) == (*expected, "desa")
    # A name that contradicts the code is flagged (Kalimantan Selatan is not 64 or 6303), nothing else.
    assert {p.check for p in read.problems} <= {"name_mismatch"}


@pytest.mark.parametrize("code,name", [
    ("6303", "Kabupaten Banjar"), ("63.72", "Kota Banjarbaru"), ("64", "Kalimantan Timur"),
])
def test_empty_name_comes_from_the_gazetteer(tmp_path, code, name):
    row = with_cell(with_cell(GOOD, "kode_wilayah", code), "wilayah", "")
    read = target_files.read_targets(target_file(tmp_path, row))
    assert read.problems == [] and read.targets.iloc[0]["area_name"] == name


# Each bad cell in row 3 (row 2 is good): the check, and what the message must say.
BAD_ROWS = [
    ("kode_wilayah", "6.3", "invalid_code", "berisi '6.3' (baris 3): bukan kode Kemendagri; diharapkan kode "
     "provinsi (2 angka, mis. 63) atau kabupaten/kota (4 angka, mis. 6303 atau 63.03)"),
    ("kode_wilayah", "630", "invalid_code", "berisi '630' (baris 3): bukan kode Kemendagri"),
    ("kode_wilayah", "", "invalid_code", "kosong (baris 3): diharapkan kode provinsi (2 angka"),
    ("kode_wilayah", "6399", "unknown_code", "(baris 3): tidak ada kabupaten/kota dengan kode 6399; diharapkan kode "
     "yang ada di gazetteer Kemendagri"),
    ("kode_wilayah", "99", "unknown_code", "tidak ada provinsi dengan kode 99"),
    ("tahun", "dua ribu", "invalid_year", "berisi 'dua ribu' (baris 3): bukan tahun; diharapkan tahun empat angka"),
    ("tahun", "22", "invalid_year", "bukan tahun"),
    ("tahun", "2022.5", "invalid_year", "bukan tahun"),
    ("tahun", "", "invalid_year", "kosong (baris 3): diharapkan tahun empat angka, mis. 2025"),
    ("indikator", "desa_maju_bertambah", "unknown_indicator",
     "indikator tidak dikenal; diharapkan salah satu dari desa_mandiri_bertambah, desa_tertinggal_berkurang, "
     "desa_naik_dari_tertinggal, desa_tertinggal"),
    ("target", "sepuluh", "unreadable_number", "berisi 'sepuluh' (baris 3): bukan angka; diharapkan jumlah desa"),
    ("target", "-5", "negative_target", "negatif; diharapkan jumlah desa, 0 atau lebih"),
    ("target", "inf", "out_of_range", "berisi 'inf' (baris 3): di luar rentang; diharapkan jumlah desa"),
    ("target", "1e999", "out_of_range", "di luar rentang"),
    ("target", "", "missing_value", "kosong (baris 3): diharapkan jumlah desa, 0 atau lebih"),
    ("satuan", "persen", "unknown_unit", "satuan tidak didukung; semua indikator dihitung dalam desa"),
]


@pytest.mark.parametrize("column,value,check,message", BAD_ROWS)
def test_bad_row_is_rejected_with_file_row_and_column(tmp_path, column, value, check, message):
    read = target_files.read_targets(target_file(tmp_path, GOOD, with_cell(
        with_cell(GOOD, "indikator", "desa_tertinggal_berkurang"), column, value)))
    assert (read.rows_read, read.rows_rejected, len(read.targets)) == (2, 1, 1)
    assert read.targets.iloc[0]["source_row"] == 2  # the good row is not lost
    [problem] = [p for p in read.problems if p.severity == "rejected"]
    assert (problem.file, problem.row, problem.column, problem.check) == ("target_kantor.csv", 3, column, check)
    assert problem.where() == f"target_kantor.csv baris 3 kolom {column}"
    assert problem.message.startswith(f"kolom {column} ") and message in problem.message


def test_level_target_must_be_whole(tmp_path):
    level = with_cell(with_cell(GOOD, "indikator", "desa_tertinggal"), "target", "2.5")
    change = with_cell(with_cell(GOOD, "tahun", "2023"), "target", "2.5")
    read = target_files.read_targets(target_file(tmp_path, level, change))
    [problem] = read.problems
    assert (problem.row, problem.column, problem.check, problem.severity) == (2, "target", "not_whole", "rejected")
    assert "bukan bilangan bulat" in problem.message
    assert list(read.targets["target"]) == [2.5]


def test_columns_are_named_as_written(tmp_path):
    header = ["Kode Wilayah", "Wilayah", "Tahun", "Indikator", "Target", "Satuan", "Realisasi Dipublikasikan",
              "Dokumen", "Sumber"]
    read = target_files.read_targets(target_file(tmp_path, GOOD, with_cell(GOOD, "tahun", "x"), header=header))
    [problem] = read.problems
    assert problem.where() == "target_kantor.csv baris 3 kolom Tahun"
    assert problem.message.startswith("kolom Tahun berisi 'x' (baris 3)")


def test_unreadable_realisation_keeps_the_target(tmp_path):
    read = target_files.read_targets(target_file(tmp_path, with_cell(GOOD, "realisasi_dipublikasikan", "tujuh puluh")))
    [problem] = read.problems
    assert (problem.row, problem.column, problem.check, problem.severity) == (
        2, "realisasi_dipublikasikan", "unreadable_number", "flagged")
    assert read.rows_rejected == 0
    assert read.targets.iloc[0]["target"] == 10 and pd.isna(read.targets.iloc[0]["published_realisation"])


def test_name_that_contradicts_the_code_is_flagged(tmp_path):
    read = target_files.read_targets(target_file(tmp_path, with_cell(with_cell(GOOD, "kode_wilayah", "6303"),
                                                                "wilayah", "Kabupaten Tapin")))
    [problem] = read.problems
    assert (problem.row, problem.column, problem.check, problem.severity) == (2, "wilayah", "name_mismatch", "flagged")
    assert "Kabupaten Banjar" in problem.message
    assert len(read.targets) == 1


def test_conflicting_duplicates_are_all_rejected(tmp_path):
    other = with_cell(GOOD, "target", "12")
    path = target_file(tmp_path, GOOD, with_cell(GOOD, "indikator", "desa_tertinggal"), other)
    read = target_files.read_targets(path)
    rejected = [p for p in read.problems if p.severity == "rejected"]
    assert [(p.row, p.column, p.check) for p in rejected] == [(2, "target", "duplicate_target"),
                                                               (4, "target", "duplicate_target")]
    assert "baris 2, 4 dengan nilai berbeda" in rejected[0].message
    assert list(read.targets["indicator"]) == ["desa_tertinggal"]
    assert read.rows_rejected == 2


def test_identical_duplicate_is_counted_once(tmp_path):
    read = target_files.read_targets(target_file(tmp_path, GOOD, with_cell(GOOD, "sumber", "berita lain")))
    [problem] = read.problems
    assert (problem.row, problem.check, problem.severity) == (3, "duplicate_target", "info")
    assert list(read.targets["source_row"]) == [2]
    assert read.rows_rejected == 0


def test_row_numbers_count_blank_lines_as_excel_does(tmp_path):
    path = tmp_path / "target_kantor.csv"
    path.write_text(",".join(HEADER) + "\n" + ",".join(GOOD) + "\n,,,,,,,,\n\n"
                    + ",".join(with_cell(GOOD, "tahun", "x")) + "\n", encoding="utf-8")
    read = target_files.read_targets(path)
    assert [p.row for p in read.problems] == [5]
    assert read.rows_read == 2


@pytest.mark.parametrize("header,missing", [
    ([h for h in HEADER if h != "target"], "target"),
    ([h for h in HEADER if h not in ("kode_wilayah", "tahun")], "kode_wilayah, tahun"),
])
def test_missing_required_column_refuses_the_file(tmp_path, header, missing):
    path = target_file(tmp_path, GOOD[: len(header)], header=header)
    assert target_files.is_target_file(path)  # recognised, so the user learns what is missing
    with pytest.raises(TargetFileError) as raised:
        target_files.read_targets(path)
    assert isinstance(raised.value, IdmFileError)
    assert str(raised.value).startswith(f"target_kantor.csv baris 1: kolom {missing} tidak ada di judul kolom")


def test_file_without_usable_rows_is_refused(tmp_path):
    path = target_file(tmp_path, with_cell(GOOD, "tahun", "x"), with_cell(GOOD, "target", "-1"))
    with pytest.raises(TargetFileError) as raised:
        target_files.read_targets(path)
    text = str(raised.value)
    assert text.startswith("target_kantor.csv: tidak ada baris target yang bisa dipakai (2 baris data, 2 ditolak)")
    assert "target_kantor.csv baris 2 kolom tahun" in text and "target_kantor.csv baris 3 kolom target" in text


@pytest.mark.parametrize("content,message", [
    ("", "target_kantor.csv: baris 1 kosong; diharapkan judul kolom kode_wilayah, tahun, indikator, target"),
    (",".join(HEADER) + "\n\n", "target_kantor.csv: tidak ada baris target yang bisa dipakai (0 baris data, 0 ditolak)."
     "\ntidak ada baris data di bawah judul kolom"),
])
def test_empty_file_is_refused(tmp_path, content, message):
    path = tmp_path / "target_kantor.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TargetFileError, match="^" + re.escape(message)):
        target_files.read_targets(path)


@pytest.mark.parametrize("name,content,expected", [
    ("target_kantor.csv", ",".join(HEADER), True),
    ("target_kantor.csv", "tahun;kode_wilayah;indikator", True),
    ("rekap.csv", "tahun,kode_prov,provinsi,nilai_idm,mandiri,maju,berkembang,tertinggal", False),
    ("bps.csv", "tahun,wilayah_id,miskin_pct,target", False),
    ("target_kantor.xlsx", ",".join(HEADER), False),
    ("kosong.csv", "", False),
])
def test_is_target_file(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert target_files.is_target_file(path) is expected


# ---------------------------------------------------------------------------------------------
# Realisation


def sc(mandiri=0, tertinggal=0, sangat=0, source=DESA) -> StatusCounts:
    return StatusCounts(mandiri=mandiri, maju=0, berkembang=0, tertinggal=tertinggal, sangat_tertinggal=sangat,
                        source=source)


def frame(*rows: dict) -> pd.DataFrame:
    defaults = {"area_code": "63", "area_name": "Kalimantan Selatan", "unit": "desa", "published_realisation": None,
                "document": "", "source": "", "source_file": "uji.csv", "source_row": 2}
    return pd.DataFrame([defaults | row for row in rows], columns=target_files.FRAME_COLUMNS)


def run(rows: list[dict], counts: dict, risen: dict | None = None) -> list[target.TargetResult]:
    risen = risen or {}
    return target.evaluate(frame(*rows), counts=lambda area, year: counts.get((area, year)),
                            risen=lambda area, before, after: risen.get((area, before, after)))


# indicator, target, counts {(area, year)}, risen {(area, from, to)},
# expected realisation, percent, met, gap, source_kind, method, a fragment of the basis
CASES = {
    "mandiri, village rows": (
        MANDIRI, 100, {("63", 2022): sc(294), ("63", 2023): sc(811)}, {},
        517, 517.0, True, 417, "desa", "selisih", "selisih desa Mandiri 2023 dan 2022 (data per desa)"),
    "mandiri, published": (
        MANDIRI, 10, {("63", 2022): sc(28, source=PUBLIKASI), ("63", 2023): sc(100, source=PUBLIKASI)}, {},
        72, 720.0, True, 62, "publikasi", "selisih", "(angka publikasi)"),
    "mandiri, mixed": (
        MANDIRI, 200, {("63", 2022): sc(100, source=PUBLIKASI), ("63", 2023): sc(294)}, {},
        194, 97.0, False, -6, "campuran", "selisih", "(2022: angka publikasi, 2023: data per desa)"),
    "mandiri, fell": (
        MANDIRI, 5, {("63", 2022): sc(10), ("63", 2023): sc(7)}, {},
        -3, -60.0, False, -8, "desa", "selisih", "selisih desa Mandiri"),
    "mandiri, target 0": (
        MANDIRI, 0, {("63", 2022): sc(10), ("63", 2023): sc(13)}, {},
        3, None, True, 3, "desa", "selisih", "selisih desa Mandiri"),
    "mandiri, no data": (
        MANDIRI, 10, {("63", 2023): sc(100)}, {},
        None, None, None, None, None, None, "tanpa data: tahun 2022 tidak memiliki angka desa per status"),
    "berkurang, Tertinggal only": (
        BERKURANG, 30, {("63", 2022): sc(tertinggal=98, sangat=6, source=PUBLIKASI),
                        ("63", 2023): sc(tertinggal=34, sangat=3, source=PUBLIKASI)}, {},
        64, 213.3, True, 34, "publikasi", "selisih", "selisih desa Tertinggal 2022 dan 2023, tanpa Sangat Tertinggal"),
    "berkurang, village rows, missed": (
        BERKURANG, 40, {("63", 2022): sc(tertinggal=34), ("63", 2023): sc(tertinggal=2)}, {},
        32, 80.0, False, -8, "desa", "selisih", "(data per desa)"),
    "berkurang, mixed": (
        BERKURANG, 30, {("63", 2022): sc(tertinggal=34, source=PUBLIKASI), ("63", 2023): sc(tertinggal=2)}, {},
        32, 106.7, True, 2, "campuran", "selisih", "(2022: angka publikasi, 2023: data per desa)"),
    "berkurang, no data either year": (
        BERKURANG, 30, {}, {},
        None, None, None, None, None, None, "tahun 2022 dan 2023 tidak memiliki"),
    "naik, village rows": (
        NAIK, 35, {("63", 2022): sc(tertinggal=55), ("63", 2023): sc(tertinggal=40)}, {("63", 2022, 2023): 21},
        21, 60.0, False, -14, "desa", "desa_naik",
        "desa Tertinggal/Sangat Tertinggal 2022 yang minimal Berkembang pada 2023 (data per desa)"),
    "naik, published: net decrease": (
        NAIK, 35, {("63", 2022): sc(tertinggal=54, sangat=1, source=PUBLIKASI),
                   ("63", 2023): sc(tertinggal=17, source=PUBLIKASI)}, {},
        38, 108.6, True, 3, "publikasi", "penurunan_bersih",
        "penurunan bersih desa Tertinggal + Sangat Tertinggal 2022 ke 2023 (angka publikasi)"),
    "naik, mixed: net decrease": (
        NAIK, 45, {("63", 2022): sc(tertinggal=17, source=PUBLIKASI), ("63", 2023): sc(tertinggal=5)}, {},
        12, 26.7, False, -33, "campuran", "penurunan_bersih",
        "(2022: angka publikasi, 2023: data per desa), bukan hitungan desa yang naik"),
    "naik, no data": (
        NAIK, 15, {("63", 2023): sc(tertinggal=5)}, {},
        None, None, None, None, None, None, "tanpa data: tahun 2022 tidak memiliki angka desa per status"),
    "level, village rows, met": (
        LEVEL, 0, {("63", 2023): sc(tertinggal=0, sangat=2)}, {},
        0, None, True, 0, "desa", "jumlah", "jumlah desa Tertinggal 2023, tanpa Sangat Tertinggal (data per desa)"),
    "level, published, missed": (
        LEVEL, 5, {("63", 2023): sc(tertinggal=13, source=PUBLIKASI)}, {},
        13, None, False, 8, "publikasi", "jumlah", "(angka publikasi)"),
    "level, below the maximum": (
        LEVEL, 5, {("63", 2023): sc(tertinggal=2)}, {},
        2, None, True, -3, "desa", "jumlah", "jumlah desa Tertinggal"),
    "level, no data": (
        LEVEL, 0, {("63", 2022): sc(tertinggal=2)}, {},
        None, None, None, None, None, None, "tanpa data: tahun 2023 tidak memiliki angka desa per status"),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_realisation(case):
    indicator, target, counts, risen, realisation, percent, met, gap, source_kind, method, basis = case
    [result] = run([{"year": 2023, "indicator": indicator, "target": target}], counts, risen)
    assert (result.realisation, result.percent, result.met, result.gap, result.source_kind, result.method) == (
        realisation, percent, met, gap, source_kind, method)
    assert basis in result.basis
    assert result.has_data is (realisation is not None)


def test_naik_prefers_village_rows_to_the_net_decrease():
    counts = {("63", 2022): sc(tertinggal=55), ("63", 2023): sc(tertinggal=17)}
    [result] = run([{"year": 2023, "indicator": NAIK, "target": 10}], counts, {("63", 2022, 2023): 40})
    assert (result.realisation, result.method) == (40, "desa_naik")  # not the net 38


@pytest.mark.parametrize("published,differs", [(72, False), (70, True), (None, None)])
def test_published_realisation_is_kept_and_compared(published, differs):
    counts = {("63", 2021): sc(28, source=PUBLIKASI), ("63", 2022): sc(100, source=PUBLIKASI)}
    [result] = run([{"year": 2022, "indicator": MANDIRI, "target": 10, "published_realisation": published}], counts)
    assert (result.realisation, result.published_realisation, result.differs) == (72, published, differs)


def test_published_realisation_without_data_is_not_used_as_realisation():
    [result] = run([{"year": 2022, "indicator": MANDIRI, "target": 10, "published_realisation": 72}], {})
    assert (result.realisation, result.met, result.differs, result.published_realisation) == (None, None, None, 72)


def test_record_for_the_command_line_is_json():
    counts = {("63", 2021): sc(28, source=PUBLIKASI), ("63", 2022): sc(100, source=PUBLIKASI)}
    results = run([{"year": 2022, "indicator": MANDIRI, "target": 10}, {"year": 2020, "indicator": MANDIRI,
                                                                        "target": 10}], counts)
    records = json.loads(json.dumps([target.as_record(r) for r in results]))
    assert records[0] | {"basis": None} == {
        "indicator": MANDIRI, "area": "63", "year": 2022, "target": 10, "realisation": 72, "percent": 720.0,
        "met": True, "source": "publikasi", "basis": None, "published_realisation": None, "differs": None}
    assert (records[1]["realisation"], records[1]["percent"], records[1]["met"]) == (None, None, None)
    table = target.results_frame(results)
    assert list(table.columns) == list(target.TargetResult.__dataclass_fields__) and len(table) == 2


# ---------------------------------------------------------------------------------------------
# A plan over several years

RPJMD = [{"area_code": "64", "area_name": "Kalimantan Timur", "year": year, "indicator": NAIK, "target": target,
          "document": "RPJMD 2019-2023"} for year, target in zip(range(2019, 2024), (15, 25, 30, 35, 45), strict=True)]


def test_series_cumulates_only_the_years_with_data():
    counts = {("64", 2019): sc(tertinggal=285, sangat=23, source=PUBLIKASI),  # 2020 missing, like the bundle
              ("64", 2021): sc(tertinggal=54, sangat=1, source=PUBLIKASI),
              ("64", 2022): sc(tertinggal=17, source=PUBLIKASI),
              ("64", 2023): sc(tertinggal=5)}
    results = run(RPJMD, counts)
    assert target.series_keys(results) == [("64", NAIK, "RPJMD 2019-2023")]
    series = target.target_series(results, area_code="64", indicator=NAIK)
    table = series.years
    assert list(table["year"]) == [2019, 2020, 2021, 2022, 2023]
    assert list(table["realisation"].astype(object).where(table["realisation"].notna(), None)) == [
        None, None, None, 38, 12]
    assert list(table["cumulative_target"].fillna(-1)) == [-1, -1, -1, 35, 80]
    assert list(table["cumulative_realisation"].astype(object).where(table["has_data"], None)) == [
        None, None, None, 38, 50]
    assert list(table["planned_cumulative_target"]) == [15, 40, 70, 105, 150]
    assert series.missing_years == [2019, 2020, 2021]
    assert (series.total_target, series.target_with_data, series.realisation_with_data, series.percent_with_data) == (
        150, 80, 50, 62.5)
    assert narrative.series_sentence(series) == (
        "RPJMD 2019-2023: desa Tertinggal/Sangat Tertinggal naik minimal Berkembang di Kalimantan Timur, 150 desa "
        "dalam 2019-2023. Tahun dengan data (2022 dan 2023): target 80 desa, terealisasi 50 desa (62,5 %). "
        "Tanpa data: 2019, 2020 dan 2021.")


def test_series_without_any_data():
    series = target.target_series(run(RPJMD, {}), area_code="64", indicator=NAIK, document="RPJMD 2019-2023")
    assert (series.realisation_with_data, series.percent_with_data) == (None, None)
    assert series.missing_years == [2019, 2020, 2021, 2022, 2023]
    assert series.years["cumulative_target"].isna().all()
    assert "Belum ada tahun yang bisa dihitung" in narrative.series_sentence(series)


def test_series_refuses_two_plans_for_one_year():
    other = [row | {"document": "Renstra"} for row in RPJMD[:2]]
    results = run(RPJMD + other, {})
    with pytest.raises(ValueError):
        target.target_series(results, area_code="64", indicator=NAIK)
    assert len(target.target_series(results, area_code="64", indicator=NAIK, document="Renstra").years) == 2


# ---------------------------------------------------------------------------------------------
# Pace and projection


def history(values: dict[int, int], *, measure: str = "tertinggal") -> dict[int, StatusCounts]:
    return {year: sc(**{"mandiri" if measure == "mandiri" else "tertinggal": value}) for year, value in values.items()}


def test_paces_of_an_area():
    counts = {2021: sc(28, 98, 6, PUBLIKASI), 2022: sc(100, 34, 3, PUBLIKASI), 2024: sc(811, 0, 0)}
    found = target.paces(counts)
    assert found["mandiri"].per_year == (811 - 28) / 3
    assert found["tertinggal"].per_year == -98 / 3
    assert (found["tertinggal_st"].first_value, found["tertinggal_st"].last_value) == (104, 0)
    assert found["tertinggal_st"].sources == (PUBLIKASI, DESA)
    assert target.paces({2024: sc(811)}) == {"mandiri": None, "tertinggal": None, "tertinggal_st": None}


# values per year, target, target year -> pace per year, year met, projected (year, value)
PROJECTIONS = {
    "met before the target year": (
        {2021: 98, 2022: 34, 2023: 2}, 0, 2025, -48.0, 2024, [(2023, 2), (2024, 0), (2025, 0)]),
    "met after the target year, fractional pace": (
        {2022: 13, 2024: 6}, 0, 2023, -3.5, 2026, [(2024, 6), (2025, 2.5), (2026, 0)]),
    "exact step": ({2022: 13, 2024: 0}, 0, 2025, -6.5, 2024, [(2024, 0), (2025, 0)]),
    # 17 / (17 / 7) is 7.000000000000001 in floating point: still 7 years, not 8.
    "whole number of years despite rounding": (
        {2016: 34, 2023: 17}, 0, 2030, -17 / 7, 2030, [(2023 + i, 17 - 17 / 7 * i) for i in range(8)]),
    "already met": ({2022: 4, 2023: 3}, 5, 2024, -1.0, 2023, [(2023, 3), (2024, 2)]),
    "wrong way": ({2022: 3, 2023: 5}, 0, 2025, 2.0, None, [(2023, 5), (2024, 7), (2025, 9)]),
    "flat": ({2022: 3, 2023: 3}, 0, 2024, 0.0, None, [(2023, 3), (2024, 3)]),
    "far away, line capped": ({2013: 20, 2023: 19}, 0, 2024, -0.1, 2213, [(2023 + i, 19 - 0.1 * i) for i in range(11)]),
}


@pytest.mark.parametrize("case", PROJECTIONS.values(), ids=PROJECTIONS.keys())
def test_projection_of_a_level_target(case):
    values, goal, target_year, per_year, met_year, line = case
    projection = target.project_level(history(values), target=goal, target_year=target_year)
    assert projection.pace.per_year == pytest.approx(per_year)
    assert projection.met_year == met_year
    assert list(projection.values["year"]) == [y for y, _ in line]
    assert list(projection.values["value"]) == pytest.approx([v for _, v in line])
    assert projection.label == "proyeksi sederhana (laju rata-rata), bukan target"


def test_projection_needs_two_years():
    assert target.project_level(history({2023: 2}), target=0, target_year=2025) is None


@pytest.mark.parametrize("values,goal,target_year,expected", [
    ({2021: 98, 2022: 34, 2023: 2}, 0, 2025,
     "Dengan laju rata-rata 2021-2023 (-48,0 desa Tertinggal per tahun), target paling banyak 0 desa tercapai pada "
     "2024 (proyeksi sederhana (laju rata-rata), bukan target)."),
    ({2022: 13, 2024: 6}, 0, 2023,
     "Dengan laju rata-rata 2022-2024 (-3,5 desa Tertinggal per tahun), target paling banyak 0 desa tercapai pada "
     "2026, 3 tahun setelah tahun target 2023 (proyeksi sederhana (laju rata-rata), bukan target)."),
    ({2022: 4, 2023: 3}, 5, 2024,
     "Dengan laju rata-rata 2022-2023 (-1,0 desa Tertinggal per tahun), target paling banyak 5 desa sudah tercapai "
     "(proyeksi sederhana (laju rata-rata), bukan target)."),
    ({2022: 3, 2023: 5}, 0, 2025,
     "Dengan laju rata-rata 2022-2023 (+2,0 desa Tertinggal per tahun), desa Tertinggal tidak berkurang, sehingga "
     "target paling banyak 0 desa pada 2025 tidak tercapai pada laju ini (proyeksi sederhana (laju rata-rata), "
     "bukan target)."),
])
def test_projection_sentence(values, goal, target_year, expected):
    projection = target.project_level(history(values), target=goal, target_year=target_year)
    assert narrative.projection_sentence(projection) == expected


# ---------------------------------------------------------------------------------------------
# Sentences

SENTENCES = {
    "change, met": (
        {"year": 2022, "indicator": MANDIRI, "target": 10},
        {("63", 2021): sc(28, source=PUBLIKASI), ("63", 2022): sc(100, source=PUBLIKASI)}, {},
        "Target peningkatan desa Mandiri Kalimantan Selatan 2022: 10 desa; terealisasi 72 desa (720 %), tercapai."),
    "change, decimal percent": (
        {"year": 2022, "indicator": BERKURANG, "target": 30},
        {("63", 2021): sc(tertinggal=98, sangat=6, source=PUBLIKASI),
         ("63", 2022): sc(tertinggal=34, sangat=3, source=PUBLIKASI)}, {},
        "Target penurunan desa Tertinggal Kalimantan Selatan 2022: 30 desa; terealisasi 64 desa (213,3 %), tercapai."),
    "change, missed": (
        {"year": 2024, "indicator": MANDIRI, "target": 1000},
        {("63", 2023): sc(294), ("63", 2024): sc(811)}, {},
        "Target peningkatan desa Mandiri Kalimantan Selatan 2024: 1.000 desa; terealisasi 517 desa (51,7 %), "
        "belum tercapai (kurang 483 desa)."),
    "net decrease": (
        {"year": 2023, "indicator": NAIK, "target": 45, "area_code": "64", "area_name": "Kalimantan Timur"},
        {("64", 2022): sc(tertinggal=17, source=PUBLIKASI), ("64", 2023): sc(tertinggal=5)}, {},
        "Target desa Tertinggal/Sangat Tertinggal naik minimal Berkembang Kalimantan Timur 2023: 45 desa; "
        "terealisasi 12 desa (26,7 %), belum tercapai (kurang 33 desa). Angka ini penurunan bersih desa "
        "Tertinggal + Sangat Tertinggal 2022 ke 2023 (2022: angka publikasi, 2023: data per desa), bukan hitungan "
        "desa yang naik."),
    "level, met": (
        {"year": 2023, "indicator": LEVEL, "target": 0, "area_code": "6303", "area_name": "Kabupaten Banjar"},
        {("6303", 2023): sc(tertinggal=0)}, {},
        "Target desa Tertinggal Kabupaten Banjar 2023: paling banyak 0 desa; tercatat 0 desa, tercapai."),
    "level, missed": (
        {"year": 2023, "indicator": LEVEL, "target": 0, "area_code": "6303", "area_name": "Kabupaten Banjar"},
        {("6303", 2023): sc(tertinggal=2)}, {},
        "Target desa Tertinggal Kabupaten Banjar 2023: paling banyak 0 desa; tercatat 2 desa, belum tercapai "
        "(lebih 2 desa dari target)."),
    "no data": (
        {"year": 2020, "indicator": NAIK, "target": 25, "area_code": "64", "area_name": "Kalimantan Timur"},
        {("64", 2019): sc(tertinggal=285, source=PUBLIKASI)}, {},
        "Target desa Tertinggal/Sangat Tertinggal naik minimal Berkembang Kalimantan Timur 2020: 25 desa; "
        "tanpa data: tahun 2020 tidak memiliki angka desa per status."),
    "no data, published realisation": (
        {"year": 2022, "indicator": MANDIRI, "target": 10, "published_realisation": 72}, {}, {},
        "Target peningkatan desa Mandiri Kalimantan Selatan 2022: 10 desa; tanpa data: tahun 2021 dan 2022 tidak "
        "memiliki angka desa per status. Sumber menyebut realisasi 72 desa."),
    "published realisation differs": (
        {"year": 2022, "indicator": MANDIRI, "target": 10, "published_realisation": 70},
        {("63", 2021): sc(28, source=PUBLIKASI), ("63", 2022): sc(100, source=PUBLIKASI)}, {},
        "Target peningkatan desa Mandiri Kalimantan Selatan 2022: 10 desa; terealisasi 72 desa (720 %), tercapai. "
        "Sumber menyebut realisasi 70 desa, berbeda dari hasil hitung."),
}


@pytest.mark.parametrize("case", SENTENCES.values(), ids=SENTENCES.keys())
def test_sentence(case):
    row, counts, risen, expected = case
    [result] = run([row], counts, risen)
    assert narrative.target_sentence(result) == expected


@pytest.mark.parametrize("rows,expected", [
    ([{"indicator": MANDIRI, "target": 10}, {"indicator": BERKURANG, "target": 30}],
     "Kalimantan Selatan 2022: 2 target, semuanya tercapai."),
    ([{"indicator": MANDIRI, "target": 10}], "Kalimantan Selatan 2022: 1 target, tercapai."),
    ([{"indicator": MANDIRI, "target": 10}, {"indicator": BERKURANG, "target": 100}, {"indicator": NAIK, "target": 5},
      {"indicator": LEVEL, "target": 0}],
     "Kalimantan Selatan 2022: 4 target: 2 tercapai; 2 belum tercapai (penurunan desa Tertinggal, desa Tertinggal)."),
    ([{"indicator": MANDIRI, "target": 10, "year": 2021}], "Tidak ada target untuk wilayah 63 tahun 2022."),
])
def test_summary_sentence(rows, expected):
    counts = {("63", 2021): sc(28, 98, 6, PUBLIKASI), ("63", 2022): sc(100, 34, 3, PUBLIKASI)}
    results = run([{"year": 2022} | row for row in rows], counts)
    assert narrative.target_summary_sentence(results, area_code="63", year=2022) == expected


def test_summary_sentence_counts_targets_without_data():
    results = run([{"year": 2022, "indicator": MANDIRI, "target": 10}, {"year": 2022, "indicator": LEVEL, "target": 0}],
                  {("63", 2022): sc(100, 0)})
    assert narrative.target_summary_sentence(results, area_code="63", year=2022) == (
        "Kalimantan Selatan 2022: 2 target: 1 tercapai; 1 tanpa data.")


# ---------------------------------------------------------------------------------------------
# The real bundle


def bundle_counts(bundle: Path, *, with_2023_villages: bool) -> dict[tuple[str, int], StatusCounts]:
    """Published province counts from the rekap files, and (optionally) village counts from the 2023 file."""
    from idm.importers.published import read_summaries

    summaries = pd.concat([read_summaries(p) for p in sorted((bundle / "idm").glob("rekap_*.csv"))])
    table = target.counts_from_summaries(summaries)
    if with_2023_villages:
        from idm.importers.idm_file import read_idm_file

        villages = read_idm_file(bundle / "idm" / "IDM_2023_KALIMANTAN.xlsx").villages
        for width in (2, 4):
            for area, statuses in villages.groupby(villages["village_code"].str[:width])["status"]:
                number = statuses.value_counts()
                table[(area, 2023)] = StatusCounts(
                    *(int(number.get(code, 0)) for code in ("MANDIRI", "MAJU", "BERKEMBANG", "TERTINGGAL",
                                                            "SANGAT TERTINGGAL")), source=DESA)
    return table


def bundle_results(bundle: Path, *, with_2023_villages: bool) -> list[target.TargetResult]:
    read = target_files.read_targets(bundle / "target" / "target_dipublikasikan.csv")
    assert (read.rows_read, read.rows_rejected, read.problems) == (9, 0, [])
    table = bundle_counts(bundle, with_2023_villages=with_2023_villages)
    # No two years of the bundle both have village rows for an area that has a desa_naik target.
    return target.evaluate(read.targets, counts=lambda area, year: table.get((area, year)),
                            risen=lambda area, before, after: None)


def by_key(results, area, year, indicator) -> target.TargetResult:
    [found] = [r for r in results if (r.area_code, r.year, r.indicator) == (area, year, indicator)]
    return found


def test_bundle_published_targets(bundle):
    results = bundle_results(bundle, with_2023_villages=False)
    mandiri = by_key(results, "63", 2022, MANDIRI)
    assert (mandiri.realisation, mandiri.target, mandiri.percent, mandiri.met, mandiri.differs) == (
        72, 10, 720.0, True, False)
    tertinggal = by_key(results, "63", 2022, BERKURANG)
    assert (tertinggal.realisation, tertinggal.target, tertinggal.percent, tertinggal.differs) == (64, 30, 213.3, False)
    assert narrative.target_summary_sentence(results, area_code="63", year=2022) == (
        "Kalimantan Selatan 2022: 2 target, semuanya tercapai.")
    naik = by_key(results, "64", 2022, NAIK)
    assert (naik.realisation, naik.method, naik.source_kind) == (55 - 17, "penurunan_bersih", "publikasi")
    assert "penurunan bersih desa Tertinggal + Sangat Tertinggal 2021 ke 2022 (angka publikasi)" in naik.basis
    assert [(r.year, r.missing_years) for r in results if r.area_code == "64" and not r.has_data] == [
        (2019, (2018,)), (2020, (2020,)), (2021, (2020,)), (2023, (2023,))]


def test_bundle_rpjmd_with_2023_village_rows(bundle):
    results = bundle_results(bundle, with_2023_villages=True)
    naik = by_key(results, "64", 2023, NAIK)
    # Kaltim 2022 published T+ST 17; 2023 village rows: 5 Tertinggal, 0 Sangat Tertinggal.
    assert (naik.realisation, naik.percent, naik.met, naik.source_kind, naik.method) == (
        12, 26.7, False, "campuran", "penurunan_bersih")
    series = target.target_series(results, area_code="64", indicator=NAIK, document="RPJMD Kaltim 2019-2023")
    assert series.missing_years == [2019, 2020, 2021]
    assert (series.total_target, series.target_with_data, series.realisation_with_data, series.percent_with_data) == (
        150, 80, 50, 62.5)
    banjar = by_key(results, "6303", 2023, LEVEL)
    assert (banjar.realisation, banjar.met, banjar.gap, banjar.source_kind) == (0, True, 0, "desa")
    assert not by_key(results, "6303", 2022, MANDIRI).has_data


def test_pace_chart_labels_close_counts_apart():
    """Kalimantan Selatan's published 2021 and 2022 counts (28 Mandiri and 104 Tertinggal + Sangat
    Tertinggal; 100 and 37) printed their labels over each other when both sat above their points."""
    from idm.charts.target import pace_chart

    history = {2021: StatusCounts(28, 0, 0, 104, 0, PUBLIKASI), 2022: StatusCounts(100, 0, 0, 37, 0, PUBLIKASI),
               2023: StatusCounts(294, 0, 0, 2, 0, DESA)}
    figure = pace_chart(history=history, projection=None, goal=None, title="t", subtitle="s")
    mandiri, lagging = figure.data[0], figure.data[1]
    assert list(mandiri.textposition) == ["bottom center", "top center", "top center"]
    assert list(lagging.textposition) == ["top center", "bottom center", "bottom center"]
    low, high = figure.layout.yaxis.range
    assert low < 0 < 294 < high  # room under the lowest point for its label
