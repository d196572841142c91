"""BPS poverty and welfare tables read as the BPS website gives them, placed by name within the province.

Each test writes its own file into tmp_path (csv as text, xlsx with openpyxl or xlsxwriter, xls with
xlwt); the real bundle's welfare table is read last, to the same numbers as before.
"""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import xlsxwriter
import xlwt

from idm.importers.bps import (
    INDICATORS,
    VALUE_COLUMNS,
    BpsTableError,
    indicators_named,
    is_bps_table,
    read_bps_table,
)
from idm.importers.idm_file import IdmFileError
from idm.importers.published import read_welfare, welfare_long

YEARS = [2021, 2022, 2023, 2024]
# Kalimantan Selatan, P0 (March) as in the bundle's BPS table, names spelt as BPS tables spell them.
KALSEL_P0 = [
    ("Tanah Laut", "6301", [4.57, 3.86, 3.73, 3.74]),
    ("Kota Baru", "6302", [4.86, 4.30, 4.32, 4.45]),  # Kabupaten Kotabaru, not a kota
    ("Banjar", "6303", [3.04, 2.79, 2.44, 2.36]),
    ("Barito Kuala", "6304", [5.11, 4.75, 4.60, 4.36]),
    ("Tapin", "6305", [3.60, 3.60, 3.19, 3.33]),
    ("Hulu Sungai Selatan", "6306", [4.84, 4.54, 4.01, 3.38]),
    ("Hulu Sungai Tengah", "6307", [6.18, 5.92, 5.84, 5.81]),
    ("Hulu Sungai Utara", "6308", [6.83, 6.49, 6.25, 5.75]),
    ("Tabalong", "6309", [6.27, 5.87, 5.77, 5.64]),
    ("Tanah Bumbu", "6310", [4.82, 4.26, 4.12, 3.41]),
    ("Balangan", "6311", [6.07, 5.83, 5.22, 4.87]),
    ("Banjarmasin", "6371", [4.89, 4.74, 4.63, 4.58]),
    ("Banjar Baru", "6372", [4.40, 4.17, 3.92, 3.79]),
    ("Kalimantan Selatan", "63", [4.83, 4.49, 4.29, 4.11]),
    ("Indonesia", "00", [10.14, 9.54, 9.36, 9.03]),
]
# Kalimantan Timur, IPM: illustrative values; BPS numbers these regencies differently from Kemendagri
# (Kutai Barat BPS 6402, Kutai Kartanegara BPS 6403).
KALTIM_IPM = [
    ("Paser", "6401", [72.35, 72.91, 73.55]),
    ("Kutai Barat", "6407", [71.17, 71.64, 72.36]),
    ("Kutai Kartanegara", "6402", [73.95, 74.57, 75.24]),
    ("Kutai Timur", "6408", [73.30, 73.77, 74.40]),
    ("Berau", "6403", [75.02, 75.50, 76.06]),
    ("Penajam Paser Utara", "6409", [71.73, 72.32, 72.96]),
    ("Mahakam Ulu", "6411", [68.26, 68.87, 69.58]),
    ("Kota Balikpapan", "6471", [81.03, 81.49, 82.14]),
    ("Kota Samarinda", "6472", [81.06, 81.55, 82.17]),
    ("Kota Bontang", "6474", [81.04, 81.52, 82.08]),
    ("KALIMANTAN TIMUR", "64", [76.88, 77.44, 78.20]),
]
P0_TITLE = "Persentase Penduduk Miskin (P0) Menurut Kabupaten/Kota (Persen), 2021-2024"
NOTES = [[], ["Sumber: BPS Provinsi Kalimantan Selatan, Survei Sosial Ekonomi Nasional (Susenas) Maret"],
         ["Catatan: * angka sementara"], ["Keterangan: r angka revisi"]]


def comma(value: float, decimals: int = 2) -> str:
    return f"{value:.{decimals}f}".replace(".", ",")


def expected(table: list[tuple[str, str, list[float]]], years=YEARS) -> dict[tuple[str, int], float]:
    return {(code, year): value for _, code, values in table for year, value in zip(years, values, strict=True)}


def read_back(table) -> dict[tuple[str, int], float]:
    return {(r.region_code, r.year): r.value for r in table.values.itertuples()}


def write(path: Path, rows: list[list[object]], delimiter: str = ";", merges=()) -> Path:
    """A file of these rows, by its suffix; `merges` are (row, first column, last column) of merged cells."""
    if path.suffix == ".csv":
        with path.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle, delimiter=delimiter).writerows(rows)
    elif path.suffix == ".xls":
        book = xlwt.Workbook()
        sheet = book.add_sheet("Tabel")
        for i, row in enumerate(rows):
            for j, cell in enumerate(row):
                if cell not in (None, ""):
                    sheet.write(i, j, cell)
        book.save(str(path))
    elif merges:  # as the BPS website exports it: the indicator merged over the year columns
        book = xlsxwriter.Workbook(str(path))
        sheet = book.add_worksheet("Sheet1")
        merged = {(r, first): last for r, first, last in merges}
        for i, row in enumerate(rows):
            for j, cell in enumerate(row):
                if (i, j) in merged:
                    sheet.merge_range(i, j, i, merged[(i, j)], cell)
                elif cell not in (None, "") and not any(r == i and f < j <= last for r, f, last in merges):
                    sheet.write(i, j, cell)
        book.close()
    else:
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "Tabel"
        for row in rows:
            sheet.append(row)
        book.save(path)
    return path


# ---------------------------------------------------------------------------------------------
# Layouts


def wide_csv_semicolon(tmp_path: Path) -> Path:
    """Title, a blank row, decimal commas, footnote marks, the province and Indonesia rows, notes."""
    rows = [[P0_TITLE], []]
    rows.append(["Kabupaten/Kota", *map(str, YEARS)])
    for name, _, values in KALSEL_P0:
        cells = [comma(v) for v in values]
        if name == "Kota Baru":
            cells[3] += "*"
        if name == "Banjar Baru":
            cells[3] += " r"
        rows.append([name, *cells])
    return write(tmp_path / "p0.csv", rows + NOTES, ";")


def wide_xlsx_numbers(tmp_path: Path) -> Path:
    rows = [[P0_TITLE], ["Kabupaten/Kota", *YEARS]]
    rows += [[name.upper() if code == "63" else name, *values] for name, code, values in KALSEL_P0]
    return write(tmp_path / "p0.xlsx", rows + NOTES)


def wide_xls(tmp_path: Path) -> Path:
    rows = [[P0_TITLE], [], ["Kabupaten/Kota", *map(str, YEARS)]]
    rows += [["Provinsi Kalimantan Selatan" if code == "63" else name, *values] for name, code, values in KALSEL_P0]
    return write(tmp_path / "p0.xls", rows + NOTES)


def two_row_header_xlsx(tmp_path: Path) -> Path:
    """The website's export: the indicator merged over the years, the years below."""
    rows = [[P0_TITLE], ["Kabupaten/Kota", "Persentase Penduduk Miskin (P0) Menurut Kabupaten/Kota (Persen)"],
            ["", *map(str, YEARS)]]
    rows += [[name, *map(comma, values)] for name, _, values in KALSEL_P0]
    return write(tmp_path / "p0_web.xlsx", rows + NOTES, merges=[(1, 1, 4)])


def two_row_header_no_title_csv(tmp_path: Path) -> Path:
    """No title row: the indicator is named only in the header row over the years."""
    rows = [["Kabupaten/Kota", "Persentase Penduduk Miskin (P0) Menurut Kabupaten/Kota (Persen)", "", "", ""],
            ["", *map(str, YEARS)]]
    rows += [[name, *values] for name, _, values in KALSEL_P0]
    return write(tmp_path / "tabel.csv", rows, ",")


def two_indicators_side_by_side(tmp_path: Path) -> Path:
    """'Jumlah dan Persentase': the count (not an indicator here) beside P0; only P0 is read."""
    rows = [["Jumlah dan Persentase Penduduk Miskin Menurut Kabupaten/Kota, 2021-2024"],
            ["Kabupaten/Kota", "Jumlah Penduduk Miskin (Ribu Jiwa)", "", "", "",
             "Persentase Penduduk Miskin (P0) (Persen)", "", "", ""],
            ["", *YEARS, *YEARS]]
    rows += [[name, *(round(v * 10, 2) for v in values), *values] for name, _, values in KALSEL_P0]
    return write(tmp_path / "jumlah_persen.xlsx", rows, merges=[(1, 1, 4), (1, 5, 8)])


def long_indicator_column(tmp_path: Path) -> Path:
    rows = [["wilayah", "tahun", "indikator", "nilai", "satuan"]]
    rows += [[name, year, "Persentase Penduduk Miskin (P0)", comma(v), "Persen"]
             for name, _, values in KALSEL_P0 for year, v in zip(YEARS, values, strict=True)]
    return write(tmp_path / "p0_long.csv", rows, ";")


def long_indicator_columns(tmp_path: Path) -> Path:
    rows = [["Kabupaten/Kota", "Tahun", "P0"]]
    rows += [[name, year, v] for name, _, values in KALSEL_P0 for year, v in zip(YEARS, values, strict=True)]
    return write(tmp_path / "p0_per_kolom.xlsx", rows)


LAYOUTS = [wide_csv_semicolon, wide_xlsx_numbers, wide_xls, two_row_header_xlsx, two_row_header_no_title_csv,
           two_indicators_side_by_side, long_indicator_column, long_indicator_columns]


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda f: f.__name__)
def test_every_layout_reads_to_the_same_values(tmp_path, layout):
    path = layout(tmp_path)
    assert is_bps_table(path)
    table = read_bps_table(path)
    assert list(table.values.columns) == VALUE_COLUMNS
    assert read_back(table) == pytest.approx(expected(KALSEL_P0))
    assert set(table.values["indicator"]) == {"p0"} and table.indicators == ["p0"]
    assert (table.province, table.rows_rejected) == ("63", 0)
    assert table.rows_read == (len(KALSEL_P0) * len(YEARS) if table.layout == "panjang" else len(KALSEL_P0))
    assert not [p for p in table.problems if p.severity != "info"]
    assert set(table.values["source_file"]) == {path.name}


def test_rows_are_numbered_as_excel_shows_them(tmp_path):
    table = read_bps_table(wide_csv_semicolon(tmp_path))  # title, blank row, header: data from row 4
    rows = table.values.groupby("region_code")["source_row"].first()
    assert (rows["6301"], rows["63"], rows["00"]) == (4, 17, 18)


def test_footnote_marks_and_missing_values(tmp_path):
    rows = [[P0_TITLE], ["Kabupaten/Kota", *YEARS],
            ["Tanah Laut", "4,57", "3,86*", "3,73 r", "3,74**"],
            ["Tapin", "-", "\u2026", "", "3,33"],
            ["Kalimantan Selatan", "4,83", "4,49", "4,29", "4,11"]]
    table = read_bps_table(write(tmp_path / "p0.csv", rows))
    values = read_back(table)
    assert [values[("6301", y)] for y in YEARS] == [4.57, 3.86, 3.73, 3.74]
    assert [y for y in YEARS if ("6305", y) in values] == [2024]  # '-', '…' and '' are no data, not errors
    assert table.rows_rejected == 0


@pytest.mark.parametrize("cells, value", [
    (["43.502", "53.319,34"], 43502.0),  # thousands point, decimal comma: an Indonesian table
    (["43,502.00", "53,319.34"], 43502.0),
    (["43502", "53319,34"], 43502.0),
    (["43.502.000", "53.319.340"], 43502.0),  # in rupiah (title): thousands points, converted
])
def test_thousands_separators(tmp_path, cells, value):
    unit = "Rupiah" if cells[0].count(".") == 2 else "Ribu Rupiah"
    rows = [[f"PDRB per Kapita Atas Dasar Harga Berlaku Menurut Kabupaten/Kota ({unit}), 2021-2022"],
            ["Kabupaten/Kota", 2021, 2022], ["Tanah Laut", *cells], ["Kalimantan Selatan", *cells]]
    values = read_back(read_bps_table(write(tmp_path / "pdrb.csv", rows)))
    assert values[("6301", 2021)] == pytest.approx(value)


# ---------------------------------------------------------------------------------------------
# Indicators


@pytest.mark.parametrize("title, key, written, value", [
    ("Persentase Penduduk Miskin (P0) Menurut Kabupaten/Kota (Persen), 2021-2023", "p0", "4,57", 4.57),
    ("PERSENTASE PENDUDUK MISKIN MENURUT KABUPATEN/KOTA DI PROVINSI KALIMANTAN SELATAN", "p0", "4,57", 4.57),
    ("Indeks Kedalaman Kemiskinan (P1) Menurut Kabupaten/Kota, 2021-2023", "p1", "0,65", 0.65),
    ("Indeks Keparahan Kemiskinan (P2) Menurut Kabupaten/Kota, 2021-2023", "p2", "0,14", 0.14),
    ("[Metode Baru] Indeks Pembangunan Manusia Menurut Kabupaten/Kota, 2021-2023", "ipm", "71,86", 71.86),
    ("Indeks Pembangunan Manusia (IPM) Kabupaten/Kota", "ipm", "71,86", 71.86),
    ("Gini Rasio Menurut Kabupaten/Kota, 2021-2023", "gini", "0,232", 0.232),
    ("Rasio Gini Kabupaten/Kota di Provinsi Kalimantan Selatan", "gini", "0,232", 0.232),
    ("Tingkat Pengangguran Terbuka (TPT) Menurut Kabupaten/Kota (Persen), 2021-2023", "tpt", "4,63", 4.63),
    ("PDRB per Kapita Atas Dasar Harga Berlaku Menurut Kabupaten/Kota (Ribu Rupiah), 2021-2023",
     "pdrb_kapita", "43.502,00", 43502.0),
    ("Produk Domestik Regional Bruto per Kapita Atas Dasar Harga Berlaku Menurut Kabupaten/Kota (Juta Rupiah)",
     "pdrb_kapita", "43,50", 43500.0),
    ("PDRB Per Kapita ADHB Menurut Kabupaten/Kota (Rupiah)", "pdrb_kapita", "43502000", 43502.0),
])
def test_each_indicator_is_recognised_from_its_title(tmp_path, title, key, written, value):
    rows = [[title], ["Kabupaten/Kota", "2023"], ["Tanah Laut", written], ["Kalimantan Selatan", written]]
    path = write(tmp_path / "tabel.csv", rows)
    assert is_bps_table(path)
    table = read_bps_table(path)
    assert table.indicators == [key]
    assert read_back(table)[("6301", 2023)] == pytest.approx(value)
    converted = [p for p in table.problems if p.check == "unit_converted"]
    assert bool(converted) == (key == "pdrb_kapita" and "Ribu" not in title)
    assert all(p.severity == "info" and "ribu rupiah" in p.message for p in converted)


def test_the_indicator_table_names_keys_labels_and_units():
    assert list(INDICATORS) == ["p0", "p1", "p2", "ipm", "gini", "tpt", "pdrb_kapita"]
    assert INDICATORS["p0"].unit == "persen" and INDICATORS["pdrb_kapita"].unit == "ribu rupiah"
    assert INDICATORS["gini"].label == "Gini Rasio"


@pytest.mark.parametrize("text, keys, refused", [
    ("Jumlah Penduduk Miskin (Ribu Jiwa) Menurut Kabupaten/Kota", [], False),
    ("Garis Kemiskinan Menurut Kabupaten/Kota (Rupiah/Kapita/Bulan)", [], False),
    ("Laju Pertumbuhan PDRB per Kapita Menurut Kabupaten/Kota (Persen)", [], True),
    ("PDRB per Kapita Atas Dasar Harga Konstan 2010 Menurut Kabupaten/Kota (Ribu Rupiah)", [], True),
    ("Indeks Pembangunan Gender (IPG) Menurut Kabupaten/Kota", [], False),
    ("miskin_pct", ["p0"], False),
    ("Indeks Kedalaman Kemiskinan (P1) dan Indeks Keparahan Kemiskinan (P2)", ["p1", "p2"], False),
])
def test_what_is_not_one_of_the_indicators(text, keys, refused):
    named, refusal = indicators_named(text)
    assert named == keys and (refusal is not None) == refused


@pytest.mark.parametrize("title, says", [
    ("Jumlah Penduduk Miskin (Ribu Jiwa) Menurut Kabupaten/Kota, 2021-2024", "tidak menyebut indikator"),
    ("PDRB per Kapita Atas Dasar Harga Konstan 2010 Menurut Kabupaten/Kota (Ribu Rupiah)", "harga konstan"),
    ("Indeks Kedalaman Kemiskinan (P1) dan Indeks Keparahan Kemiskinan (P2) Menurut Kabupaten/Kota", "beberapa"),
])
def test_a_title_without_one_readable_indicator_is_refused(tmp_path, title, says):
    rows = [[title], ["Kabupaten/Kota", "2023"], ["Tanah Laut", "4,57"], ["Kalimantan Selatan", "4,83"]]
    with pytest.raises(BpsTableError, match=says) as error:
        read_bps_table(write(tmp_path / "tabel.csv", rows))
    assert "tabel.csv" in str(error.value)
    assert isinstance(error.value, IdmFileError)  # the CLI's error handling catches it


@pytest.mark.parametrize("written", ["inf", "-inf", "1e999"])
def test_infinity_is_out_of_range_by_row_and_column(tmp_path, written):
    rows = [["Persentase Penduduk Miskin (P0) Menurut Kabupaten/Kota (Persen)"], ["Kabupaten/Kota", "2023"],
            ["Tanah Laut", written], ["Tapin", "3,49"], ["Kalimantan Selatan", "4,29"]]
    table = read_bps_table(write(tmp_path / "p0.csv", rows))
    (problem,) = [p for p in table.problems if p.severity == "rejected"]
    assert (problem.check, problem.row, problem.column) == ("out_of_range", 3, "2023")
    assert set(table.values["region_code"]) == {"6305", "63"}


def test_pdrb_in_the_wrong_unit_is_rejected_not_stored(tmp_path):
    # Rupiah values under a 'Ribu Rupiah' title: 43 billion thousand rupiah per person is a unit error.
    rows = [["PDRB per Kapita ADHB Menurut Kabupaten/Kota (Ribu Rupiah)"], ["Kabupaten/Kota", "2023"],
            ["Tanah Laut", "43502000000"], ["Tapin", "69701,82"], ["Kalimantan Selatan", "63754,33"]]
    table = read_bps_table(write(tmp_path / "pdrb.csv", rows))
    (problem,) = [p for p in table.problems if p.severity == "rejected"]
    assert (problem.check, problem.row, problem.column) == ("out_of_range", 3, "2023")
    assert "satuan" in problem.message
    assert set(table.values["region_code"]) == {"6305", "63"}


# ---------------------------------------------------------------------------------------------
# Names


@pytest.mark.parametrize("province_row, name, code", [
    ("Kalimantan Selatan", "Kota Baru", "6302"),
    ("Kalimantan Selatan", "Kotabaru", "6302"),
    ("Kalimantan Selatan", "Kab. Kotabaru", "6302"),
    ("Kalimantan Selatan", "Banjar Baru", "6372"),
    ("Kalimantan Selatan", "Kota Banjar Baru", "6372"),
    ("Kalimantan Selatan", "Kota Banjarbaru", "6372"),
    ("Kalimantan Selatan", "Banjar", "6303"),
    ("Kalimantan Selatan", "Kabupaten Banjar", "6303"),
    ("Kalimantan Selatan", "Banjarmasin", "6371"),
    ("Kalimantan Selatan", "TANAH LAUT", "6301"),
    ("Kalimantan Selatan", "Hulu Sungai Selatan\u00b9", "6306"),  # a footnote mark on the name
    ("Kalimantan Timur", "Kutai Barat", "6407"),
    ("Kalimantan Timur", "Kutai Kartanegara", "6402"),
    ("Kalimantan Timur", "Balikpapan", "6471"),
    ("Kalimantan Timur", "Kota Samarinda", "6472"),
    ("Kalimantan Timur", "Bontang", "6474"),
    ("Kalimantan Timur", "Mahakam Ulu", "6411"),
    ("KALIMANTAN TIMUR", "Penajam Paser Utara", "6409"),
    ("Provinsi Kalimantan Timur", "Paser", "6401"),
])
def test_names_resolve_within_the_province(tmp_path, province_row, name, code):
    rows = [["Indeks Pembangunan Manusia Menurut Kabupaten/Kota"], ["Kabupaten/Kota", "2023"],
            [name, "72,98"], [province_row, "74,66"]]
    table = read_bps_table(write(tmp_path / "ipm.csv", rows))
    assert read_back(table) == {(code, 2023): 72.98, (code[:2], 2023): 74.66}
    assert not [p for p in table.problems if p.severity != "info"]


def test_a_misspelt_name_is_accepted_and_flagged_with_its_row(tmp_path):
    rows = [[P0_TITLE], ["Kabupaten/Kota", "2024"], ["Tanah Laut", "3,74"], ["Hulu Sungai Tenggah", "5,81"],
            ["Kalimantan Selatan", "4,11"]]
    table = read_bps_table(write(tmp_path / "p0.csv", rows))
    assert read_back(table)[("6307", 2024)] == 5.81
    (flag,) = [p for p in table.problems if p.severity == "flagged"]
    assert (flag.check, flag.row, flag.column) == ("approximate_name", 4, "Kabupaten/Kota")
    assert "Hulu Sungai Tenggah" in flag.message and "Kabupaten Hulu Sungai Tengah (6307)" in flag.message


@pytest.mark.parametrize("name", ["Antah Berantah", "Kutai Barat", "Kota Banjar", "Kabupaten Banjarbaru"])
def test_an_unknown_name_is_rejected_and_listed_with_its_row(tmp_path, name):
    # Kutai Barat is in Kalimantan Timur; Kota Banjar is in Jawa Barat; Banjarbaru is a kota.
    rows = [[P0_TITLE], ["Kabupaten/Kota", "2024"], ["Tanah Laut", "3,74"], [name, "5,81"],
            ["Kalimantan Selatan", "4,11"]]
    table = read_bps_table(write(tmp_path / "p0.csv", rows))
    (problem,) = [p for p in table.problems if p.severity == "rejected"]
    assert (problem.check, problem.row, problem.column) == ("unresolved_name", 4, "Kabupaten/Kota")
    assert name in problem.message and "Kalimantan Selatan (63)" in problem.message
    assert set(table.values["region_code"]) == {"6301", "63"}
    assert (table.rows_read, table.rows_rejected) == (3, 1)


def test_kaltim_wide_table_gets_kemendagri_codes(tmp_path):
    rows = [["Indeks Pembangunan Manusia Menurut Kabupaten/Kota di Provinsi Kalimantan Timur, 2021-2023"],
            ["Kabupaten/Kota", 2021, 2022, 2023]]
    rows += [[name, *map(comma, values)] for name, _, values in KALTIM_IPM]
    table = read_bps_table(write(tmp_path / "ipm_kaltim.xlsx", rows))
    assert table.province == "64"
    assert read_back(table) == pytest.approx(expected(KALTIM_IPM, years=[2021, 2022, 2023]))


# ---------------------------------------------------------------------------------------------
# Bad values, duplicates, years


def test_a_value_that_is_not_a_number_is_rejected_with_row_and_column(tmp_path):
    rows = [[P0_TITLE], ["Kabupaten/Kota", *YEARS], ["Tanah Laut", "4,57", "3,86", "tiga", "3,74"],
            ["Kalimantan Selatan", "4,83", "4,49", "4,29", "4,11"]]
    table = read_bps_table(write(tmp_path / "p0.csv", rows))
    (problem,) = [p for p in table.problems if p.severity == "rejected"]
    assert (problem.file, problem.row, problem.column, problem.check) == ("p0.csv", 3, "2023", "unreadable_number")
    assert "'tiga'" in problem.message
    values = read_back(table)
    assert ("6301", 2023) not in values and values[("6301", 2024)] == 3.74  # the rest of the row is kept
    assert table.rows_rejected == 1


def test_a_regency_listed_twice_with_different_values_is_rejected_in_both_rows(tmp_path):
    rows = [[P0_TITLE], ["Kabupaten/Kota", 2023, 2024], ["Tanah Laut", "3,73", "3,74"], ["Tapin", "3,19", "3,33"],
            ["Tanah Laut", "3,73", "3,94"], ["Kalimantan Selatan", "4,29", "4,11"]]
    table = read_bps_table(write(tmp_path / "p0.csv", rows))
    rejected = [p for p in table.problems if p.severity == "rejected"]
    assert sorted(p.row for p in rejected) == [3, 5]
    assert all(p.check == "duplicate_region" and "3, 5" in p.message for p in rejected)
    assert "6301" not in set(table.values["region_code"])  # neither row: nothing says which is right
    assert table.rows_rejected == 2


def test_a_regency_listed_twice_with_the_same_values_is_read_once(tmp_path):
    rows = [[P0_TITLE], ["Kabupaten/Kota", 2023, 2024], ["Tanah Laut", "3,73", "3,74"], ["Tanah Laut", "3,73", "3,74"],
            ["Kalimantan Selatan", "4,29", "4,11"]]
    table = read_bps_table(write(tmp_path / "p0.csv", rows))
    assert len(table.values) == 4 and table.rows_rejected == 0
    (info,) = [p for p in table.problems if p.check == "duplicate_region"]
    assert (info.severity, info.row) == ("info", 4)


def test_long_layout_duplicates_and_bad_years(tmp_path):
    rows = [["wilayah", "tahun", "p0"], ["Tanah Laut", "2023", "3,73"], ["Tanah Laut", "2023", "3,80"],
            ["Tanah Laut", "2024", "3,74"], ["Tapin", "dua ribu", "3,19"], ["Kalimantan Selatan", "2023", "4,29"]]
    table = read_bps_table(write(tmp_path / "p0_long.csv", rows))
    problems = {(p.row, p.check) for p in table.problems if p.severity == "rejected"}
    assert problems == {(2, "duplicate_region"), (3, "duplicate_region"), (5, "unreadable_year")}
    assert read_back(table) == {("6301", 2024): 3.74, ("63", 2023): 4.29}


def test_a_column_that_is_not_a_year_is_ignored_and_said(tmp_path):
    rows = [[P0_TITLE], ["Kabupaten/Kota", 2023, 2024, "Perubahan 2023-2024"],
            ["Tanah Laut", "3,73", "3,74", "0,01"], ["Kalimantan Selatan", "4,29", "4,11", "-0,18"]]
    table = read_bps_table(write(tmp_path / "p0.csv", rows))
    assert set(table.values["year"]) == {2023, 2024}
    (info,) = [p for p in table.problems if p.check == "not_a_year"]
    assert (info.severity, info.column) == ("info", "Perubahan 2023-2024")


# ---------------------------------------------------------------------------------------------
# Province


def rows_without_province() -> list[list[object]]:
    return [["Indeks Pembangunan Manusia Menurut Kabupaten/Kota"], ["Kabupaten/Kota", 2023],
            ["Kutai Barat", "72,36"], ["Balikpapan", "82,14"]]


@pytest.mark.parametrize("file_name", ["ipm_kaltim_2023.csv", "IPM Kalimantan Timur.csv", "kalimantan_timur.csv",
                                       "bps-6400-ipm.csv"])
def test_province_from_the_file_name(tmp_path, file_name):
    table = read_bps_table(write(tmp_path / file_name, rows_without_province()))
    assert (table.province, set(table.values["region_code"])) == ("64", {"6407", "6471"})
    assert "nama berkas" in table.province_origin


@pytest.mark.parametrize("argument", ["64", "Kalimantan Timur", "kaltim"])
def test_province_from_the_argument(tmp_path, argument):
    table = read_bps_table(write(tmp_path / "ipm.csv", rows_without_province()), province=argument)
    assert (table.province, set(table.values["region_code"])) == ("64", {"6407", "6471"})


def test_no_province_at_all_is_refused_with_how_to_give_it(tmp_path):
    with pytest.raises(BpsTableError, match="--province") as error:
        read_bps_table(write(tmp_path / "ipm.csv", rows_without_province()))
    assert "ipm.csv" in str(error.value) and "provinsi tidak diketahui" in str(error.value)


@pytest.mark.parametrize("file_name, argument", [("ipm.csv", "63"), ("ipm_kalsel.csv", None)])
def test_a_province_that_disagrees_with_the_file_is_refused(tmp_path, file_name, argument):
    rows = [*rows_without_province(), ["Kalimantan Timur", "78,20"]]
    with pytest.raises(BpsTableError, match="provinsi tidak cocok") as error:
        read_bps_table(write(tmp_path / file_name, rows), province=argument)
    assert "Kalimantan Selatan (63)" in str(error.value) and "Kalimantan Timur (64)" in str(error.value)


def test_an_unknown_province_argument_is_refused(tmp_path):
    with pytest.raises(BpsTableError, match="--province 'Borneo'"):
        read_bps_table(write(tmp_path / "ipm.csv", rows_without_province()), province="Borneo")


# ---------------------------------------------------------------------------------------------
# Not a BPS table


def idm_file(tmp_path: Path) -> Path:
    header = ["KODE_PROV", "PROVINSI", "KODE_KAB_KOT", "KABUPATEN_KOTA", "KODE_KEC", "KECAMATAN", "KODE_DESA_DAGRI",
              "DESA", "IKS_2023", "IKE_2023", "IKL_2023", "NILAI_IDM_2023", "STATUS_IDM_2023", "UPDATE"]
    row = ["63", "KALIMANTAN SELATAN", "6301", "TANAH LAUT", "630110", "BAJUIN", "6301102001", "BAJUIN", 0.8343, 0.7,
           0.6667, 0.7337, "MAJU", 2022]
    return write(tmp_path / "IDM_2023.xlsx", [header, row])


def random_csv(tmp_path: Path) -> Path:
    return write(tmp_path / "data.csv", [["nama", "umur", "kota"], ["Ani", "31", "Banjarmasin"]], ",")


def summary_csv(tmp_path: Path) -> Path:
    return write(tmp_path / "rekap_kalsel.csv", [["tahun", "kode_prov", "nilai_idm", "mandiri"],
                                                  ["2021", "63", "0.6472", "28"]], ",")


def unrecognised_indicator(tmp_path: Path) -> Path:
    rows = [["Jumlah Penduduk Miskin (Ribu Jiwa) Menurut Kabupaten/Kota"], ["Kabupaten/Kota", 2023],
            ["Tanah Laut", "13,5"]]
    return write(tmp_path / "jumlah.csv", rows)


def text_file(tmp_path: Path) -> Path:
    path = tmp_path / "catatan.csv"
    path.write_text("Catatan rapat koordinasi\nPersentase Penduduk Miskin turun\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("make", [idm_file, random_csv, summary_csv, unrecognised_indicator, text_file],
                         ids=lambda f: f.__name__)
def test_a_file_that_is_not_a_bps_table(tmp_path, make):
    path = make(tmp_path)
    assert not is_bps_table(path)
    with pytest.raises(BpsTableError):
        read_bps_table(path)


def test_detection_reads_the_content_not_the_extension(tmp_path):
    source = wide_csv_semicolon(tmp_path)
    renamed = tmp_path / "unduhan.txt"
    renamed.write_bytes(source.read_bytes())
    assert is_bps_table(renamed)
    fake = tmp_path / "p0.xlsx"
    fake.write_text("bukan spreadsheet", encoding="utf-8")
    assert not is_bps_table(fake)


# ---------------------------------------------------------------------------------------------
# The welfare table of the bundle


def test_bundle_welfare_reads_to_the_same_numbers(bundle):
    path = bundle / "kemiskinan" / "bps_kalsel_kabkota_2021_2024.csv"
    raw = pd.read_csv(path, dtype={"wilayah_id": str})
    frame = read_welfare(path)
    assert list(frame.columns) == ["region_code", "year", "poverty_pct", "ipm", "gini", "pdrb_per_capita",
                                   "source_file"]
    # In Kalimantan Selatan BPS codes equal Kemendagri ones: the codes do not change; 6300 and 0000 become 63, 00.
    codes = raw["wilayah_id"].replace({"6300": "63", "0000": "00"})
    assert list(frame["region_code"]) == list(codes)
    assert list(frame["year"]) == list(raw["tahun"])
    for column, source in [("poverty_pct", "miskin_pct"), ("ipm", "ipm"), ("gini", "gini"),
                           ("pdrb_per_capita", "pdrb_kapita")]:
        assert frame[column].astype(float).tolist() == pytest.approx(raw[source].tolist(), nan_ok=True)
    table = read_bps_table(path)
    assert (table.province, table.rows_read, table.rows_rejected, len(table.values)) == ("63", 60, 0, 236)


def test_a_kaltim_table_in_the_bundle_layout_is_placed_by_name(tmp_path):
    # BPS codes: Kutai Barat 6402, Kutai Kartanegara 6403; Kemendagri 6407 and 6402.
    text = ("tahun,wilayah_id,wilayah,level,pdrb_kapita,miskin_pct,gini,ipm\n"
            "2023,6400,Kalimantan Timur,provinsi,199811.0,6.11,0.321,78.2\n"
            "2023,6402,Kutai Barat,kabkota,173590.0,8.53,0.294,72.36\n"
            "2023,6403,Kutai Kartanegara,kabkota,150772.0,7.09,0.302,75.24\n"
            "2023,6471,Balikpapan,kabkota,234450.0,2.38,0.325,82.14\n")
    path = tmp_path / "bps_kabkota.csv"
    path.write_text(text, encoding="utf-8")
    frame = read_welfare(path)
    assert list(frame["region_code"]) == ["64", "6407", "6402", "6471"]
    assert frame.set_index("region_code").loc["6407", "poverty_pct"] == 8.53


def test_read_welfare_refuses_a_rejected_row_rather_than_drop_it(tmp_path):
    path = tmp_path / "bps_kalsel.csv"
    path.write_text("tahun,wilayah_id,wilayah,level,pdrb_kapita,miskin_pct,gini,ipm\n"
                    "2023,6301,Tanah Laut,kabkota,55872.29,3.73,0.259,72.98\n"
                    "2023,6399,Antah Berantah,kabkota,1000.0,3.0,0.2,70\n", encoding="utf-8")
    with pytest.raises(BpsTableError, match="Antah Berantah"):
        read_welfare(path)


def test_welfare_long_is_the_long_layout():
    welfare = pd.DataFrame({"region_code": ["6301", "00"], "year": pd.array([2023, 2023], dtype="Int64"),
                            "poverty_pct": [3.73, 9.36], "ipm": [72.98, 73.55], "gini": [0.259, 0.388],
                            "pdrb_per_capita": [55872.29, None], "source_file": "bps.csv"})
    long = welfare_long(welfare)
    assert list(long.columns) == VALUE_COLUMNS
    assert list(zip(long["region_code"], long["indicator"], long["value"], strict=True)) == [
        ("6301", "p0", 3.73), ("6301", "ipm", 72.98), ("6301", "gini", 0.259), ("6301", "pdrb_kapita", 55872.29),
        ("00", "p0", 9.36), ("00", "ipm", 73.55), ("00", "gini", 0.388),
    ]


def test_long_layout_with_values_under_a_title(tmp_path):
    rows = [["Tingkat Pengangguran Terbuka (TPT) Menurut Kabupaten/Kota (Persen)"], ["Wilayah", "Tahun", "Nilai"],
            ["Kutai Barat", "2023.0", "4,31"], ["Kalimantan Timur", "2023.0", "5,31"]]
    table = read_bps_table(write(tmp_path / "tpt.csv", rows))
    assert (table.layout, table.indicators) == ("panjang", ["tpt"])
    assert read_back(table) == {("6407", 2023): 4.31, ("64", 2023): 5.31}


def test_detection_does_not_open_a_large_workbook(tmp_path, monkeypatch):
    from idm.importers import bps

    path = wide_xlsx_numbers(tmp_path)
    assert is_bps_table(path)
    monkeypatch.setattr(bps, "DETECT_WORKBOOK_BYTES", path.stat().st_size - 1)
    assert not is_bps_table(path)
    assert read_bps_table(path).indicators == ["p0"]  # reading it is still possible


def test_province_from_the_title(tmp_path):
    rows = rows_without_province()
    rows[0] = ["Indeks Pembangunan Manusia Menurut Kabupaten/Kota di Provinsi Kalimantan Timur, 2023"]
    table = read_bps_table(write(tmp_path / "ipm.csv", rows))
    assert (table.province, table.province_origin) == ("64", "judul tabel")
    assert set(table.values["region_code"]) == {"6407", "6471"}


def test_rows_of_several_provinces_are_refused(tmp_path):
    rows = [*rows_without_province(), ["Kalimantan Timur", "78,20"], ["Kalimantan Selatan", "74,66"]]
    with pytest.raises(BpsTableError, match="beberapa provinsi"):
        read_bps_table(write(tmp_path / "ipm.csv", rows))
