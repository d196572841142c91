"""Every layout an IDM file circulates in reads to the same village rows.

Each test writes its own file into tmp_path (openpyxl or csv); the real open-data bundle is used
last, for the figures that must match what was published.
"""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from idm.importers.gazetteer import default_gazetteer
from idm.importers.idm_file import VILLAGE_COLUMNS, field_of, read_idm_file

OPEN_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "open-data"

# Three real Kalimantan Selatan villages as published in IDM 2023 (code, names, scores, status).
BAJUIN = ("6301102001", "KALIMANTAN SELATAN", "TANAH LAUT", "BAJUIN", "BAJUIN", 0.8343, 0.7, 0.6667, 0.7337, "MAJU")
PEMALONGAN = ("6301102006", "KALIMANTAN SELATAN", "TANAH LAUT", "BAJUIN", "PEMALONGAN", 0.76, 0.7167, 0.6, 0.6922,
              "BERKEMBANG")
BATI_BATI = ("6301052002", "KALIMANTAN SELATAN", "TANAH LAUT", "BATI BATI", "BATI-BATI", 0.8229, 0.7667, 0.6, 0.7298,
             "MAJU")
VILLAGES = (BAJUIN, PEMALONGAN, BATI_BATI)
EXPECTED = {v[0]: (v[4], v[8], v[9]) for v in VILLAGES}  # code -> (name, idm, status)

HEADER_2023 = ["KODE_PROV", "PROVINSI", "KODE_KAB_KOT", "KABUPATEN_KOTA", "KODE_KEC", "KECAMATAN", "KODE_DESA_DAGRI",
               "DESA", "IKS_2023", "IKE_2023", "IKL_2023", "NILAI_IDM_2023", "STATUS_IDM_2023", "UPDATE"]
HEADER_2024 = ["KODE_PROV", "NAMA_PROVINSI", "KODE_KAB", "NAMA_KABUPATEN", "KODE_KEC", "NAMA_KECAMATAN", "KODE_DESA",
               "NAMA_DESA", "IKS_2024", "IKE_2024", "IKL_2024", "NILAI_IDM_2024", "STATUS_IDM_2024", "Keterangan"]
HEADER_2022 = ["PROVINSI", "KABUPATEN", "KECAMATAN", "DESA", "IKS 2022", "IKE 2022", "IKL 2022", "NILAI IDM 2022",
               "STATUS IDM 2022"]


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def write_csv(path: Path, rows: list[list[object]], delimiter: str, encoding: str = "utf-8") -> Path:
    with path.open("w", newline="", encoding=encoding) as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def official_row(village: tuple, update: object) -> list[object]:
    code, province, regency, district, name, iks, ike, ikl, idm, status = village
    return [code[:2], province, code[:4], regency, code[:6], district, code, name, iks, ike, ikl, idm, status, update]


def spaced_row(village: tuple) -> list[object]:
    _, province, regency, district, name, iks, ike, ikl, idm, status = village
    return [province, regency, district, name, iks, ike, ikl, idm, status]


def comma(value: float) -> str:
    return f"{value:.4f}".replace(".", ",")


def layout_2023(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "IDM_2023.xlsx",
                      {"Sheet1": [HEADER_2023, *(official_row(v, 2022.0) for v in VILLAGES)]})


def layout_2024(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "IDM_2024.xlsx",
                      {"IDM 2024": [HEADER_2024, *(official_row(v, "Server PDN") for v in VILLAGES)]})


def layout_2022_by_name(tmp_path: Path) -> Path:
    notes = [["Catatan"], ["Sumber: Kemendes PDTT"]]
    return write_xlsx(tmp_path / "IDM_2022.xlsx", {"CATATAN": notes, "DESA": [HEADER_2022, *map(spaced_row, VILLAGES)]})


def layout_regency_office(tmp_path: Path) -> Path:
    """Title rows, a numbering column, a blank row and a totals row, as re-saved by a regency office."""
    rows = [
        ["INDEKS DESA MEMBANGUN TAHUN 2023"],
        ["KABUPATEN TANAH LAUT"],
        [],
        ["No.", *HEADER_2023],
        *([n, *official_row(v, 2023)] for n, v in enumerate(VILLAGES, 1)),
        [],
        ["", "JUMLAH / RATA-RATA", "", "", "", "", "", "", "", 0.8, 0.72, 0.62, 0.72, "MAJU", ""],
    ]
    return write_xlsx(tmp_path / "IDM_2023_TALA.xlsx", {"Rekap": rows})


def layout_decimal_commas(tmp_path: Path) -> Path:
    rows = [HEADER_2023]
    for v in VILLAGES:
        row = official_row(v, "2023")
        row[8:12] = [comma(x) for x in row[8:12]]
        rows.append(row)
    return write_xlsx(tmp_path / "koma.xlsx", {"Sheet1": rows})


def layout_codes_as_numbers(tmp_path: Path) -> Path:
    rows = [HEADER_2024]
    for v in VILLAGES:
        row = official_row(v, "")
        row[0], row[2], row[4], row[6] = (float(row[i]) for i in (0, 2, 4, 6))
        rows.append(row)
    return write_xlsx(tmp_path / "angka.xlsx", {"IDM 2024": rows})


def layout_dotted_codes(tmp_path: Path) -> Path:
    rows = [HEADER_2024]
    for v in VILLAGES:
        row = official_row(v, "")
        code = row[6]
        row[6] = f"{code[:2]}.{code[2:4]}.{code[4:6]}.{code[6:]}"
        rows.append(row)
    return write_xlsx(tmp_path / "titik.xlsx", {"IDM 2024": rows})


def layout_village_suffix(tmp_path: Path) -> Path:
    """KODE_DESA holds only the 4-digit suffix, the district code is beside it."""
    rows = [HEADER_2024]
    for v in VILLAGES:
        row = official_row(v, "")
        row[6] = int(row[6][6:])
        rows.append(row)
    return write_xlsx(tmp_path / "akhiran.xlsx", {"IDM 2024": rows})


def layout_mixed_case_status(tmp_path: Path) -> Path:
    rows = [HEADER_2023]
    for v, word in zip(VILLAGES, ("maju", " Berkembang ", "Maju"), strict=True):
        row = official_row(v, 2023)
        row[12] = word
        rows.append(row)
    return write_xlsx(tmp_path / "status.xlsx", {"Sheet1": rows})


def layout_csv_semicolon(tmp_path: Path) -> Path:
    rows = [["Nilai IDM Kabupaten Tanah Laut"], HEADER_2023]
    for v in VILLAGES:
        row = official_row(v, 2023)
        row[8:12] = [comma(x) for x in row[8:12]]
        rows.append(row)
    return write_csv(tmp_path / "idm.csv", rows, ";", encoding="utf-8-sig")


def layout_csv_comma(tmp_path: Path) -> Path:
    """Comma-separated with decimal commas: the writer quotes them ("0,7337")."""
    rows = [["No", *HEADER_2022]]
    for n, v in enumerate(VILLAGES, 1):
        row = spaced_row(v)
        row[4:8] = [comma(x) for x in row[4:8]]
        rows.append([n, *row])
    return write_csv(tmp_path / "idm_2022.csv", rows, ",", encoding="cp1252")


def layout_bps_code(tmp_path: Path) -> Path:
    bps = ["6301010001", "6301010002", "6301030003"]  # BPS codes differ from Kemendagri's: never trusted
    rows = [["KODE DESA BPS", *HEADER_2022]] + [[b, *spaced_row(v)] for b, v in zip(bps, VILLAGES, strict=True)]
    return write_xlsx(tmp_path / "bps.xlsx", {"DESA": rows})


LAYOUTS = [
    # writer, year argument, expected year, year origin, sheet, header row (1-based), provenance of BAJUIN
    (layout_2023, None, 2023, "column suffix", "Sheet1", 1, "Update 2022"),
    (layout_2024, None, 2024, "column suffix", "IDM 2024", 1, "Server PDN"),
    (layout_2022_by_name, None, 2022, "column suffix", "DESA", 1, None),
    (layout_regency_office, None, 2023, "column suffix", "Rekap", 4, "Update 2023"),
    (layout_decimal_commas, None, 2023, "column suffix", "Sheet1", 1, "Update 2023"),
    (layout_codes_as_numbers, None, 2024, "column suffix", "IDM 2024", 1, None),
    (layout_dotted_codes, None, 2024, "column suffix", "IDM 2024", 1, None),
    (layout_village_suffix, 2024, 2024, "argument", "IDM 2024", 1, None),
    (layout_mixed_case_status, None, 2023, "column suffix", "Sheet1", 1, "Update 2023"),
    (layout_csv_semicolon, None, 2023, "column suffix", None, 2, "Update 2023"),
    (layout_csv_comma, None, 2022, "column suffix", None, 1, None),
    (layout_bps_code, None, 2022, "column suffix", "DESA", 1, None),
]


@pytest.mark.parametrize(
    "write,year,expected_year,origin,sheet,header_row,provenance", LAYOUTS, ids=[case[0].__name__ for case in LAYOUTS]
)
def test_layout_reads_the_same_villages(tmp_path, write, year, expected_year, origin, sheet, header_row, provenance):
    result = read_idm_file(write(tmp_path), year=year)

    assert (result.year, result.year_origin, result.sheet) == (expected_year, origin, sheet)
    assert list(result.villages.columns) == VILLAGE_COLUMNS
    assert (result.rows_read, result.rows_rejected) == (3, 0)
    assert [p for p in result.problems if p.severity != "info"] == []
    villages = result.villages.set_index("village_code")
    assert sorted(villages.index) == sorted(EXPECTED)
    for code, (name, idm, status) in EXPECTED.items():
        row = villages.loc[code]
        assert (row["name"], row["idm"], row["status"], row["flags"]) == (name, idm, status, "")
        assert (row["district_code"], row["regency_code"], row["province_code"]) == (code[:6], code[:4], code[:2])
        assert row["regency_name"] == "TANAH LAUT"
    assert villages.loc["6301102001", "provenance"] == provenance
    # Source rows are the rows a user sees: the header's row + 1 for the first village (after the blank).
    assert villages.loc["6301102001", "source_row"] == header_row + 1


@pytest.mark.parametrize(
    "header,expected",
    [
        ("NILAI_IDM_2023", ("idm", 2023)),
        ("Nilai IDM 2022", ("idm", 2022)),
        ("NILAI IDM", ("idm", None)),
        ("IDM", ("idm", None)),
        ("IKS 2022", ("iks", 2022)),
        ("ike_2024", ("ike", 2024)),
        ("IKL", ("ikl", None)),
        ("IKS01", (None, None)),  # an indicator, not the index
        ("STATUS IDM 2022", ("status", 2022)),
        ("Status", ("status", None)),
        ("KODE_DESA_DAGRI", ("village_code", None)),
        ("Kode Desa", ("village_code", None)),
        ("KODE DESA BPS", ("bps_code", None)),
        ("KODE_BPS", ("bps_code", None)),
        ("KODE_KAB_KOT", ("regency_code", None)),
        ("KODE_KEC", ("district_code", None)),
        ("KODE_PROV", ("province_code", None)),
        ("NAMA_PROVINSI", ("province_name", None)),
        ("KABUPATEN_KOTA", ("regency_name", None)),
        ("Kab/Kota", ("regency_name", None)),
        ("NAMA_KECAMATAN", ("district_name", None)),
        ("DESA", ("village_name", None)),
        ("Desa/Kelurahan", ("village_name", None)),
        ("NO", ("number", None)),
        ("No.", ("number", None)),
        ("NO URUT", ("number", None)),
        ("UPDATE", ("update", None)),
        ("Keterangan", ("note", None)),
        ("JUMLAH PENDUDUK", (None, None)),
    ],
)
def test_column_names_are_recognised(header, expected):
    assert field_of(header) == expected


def test_villages_resolved_by_name_exist_in_the_gazetteer(tmp_path):
    result = read_idm_file(layout_2022_by_name(tmp_path))
    gazetteer = default_gazetteer()
    names = {code: gazetteer.name(code) for code in result.villages["village_code"]}
    assert names == {"6301102001": "Bajuin", "6301102006": "Pemalongan", "6301052002": "Bati-Bati"}


def test_bps_code_is_reported_and_not_trusted(tmp_path):
    result = read_idm_file(layout_bps_code(tmp_path))
    notes = [p for p in result.problems if p.check == "bps_code"]
    assert len(notes) == 1 and notes[0].column == "KODE DESA BPS" and notes[0].severity == "info"


def test_year_argument_picks_that_years_columns(tmp_path):
    header = ["KODE_DESA", "NAMA_DESA", "NILAI_IDM_2022", "STATUS_IDM_2022", "NILAI_IDM_2023", "STATUS_IDM_2023"]
    rows = [header, ["6301102001", "BAJUIN", 0.7, "BERKEMBANG", 0.7337, "MAJU"]]
    path = write_xlsx(tmp_path / "dua_tahun.xlsx", {"Sheet1": rows})
    for year, idm, status in [(2022, 0.7, "BERKEMBANG"), (2023, 0.7337, "MAJU")]:
        result = read_idm_file(path, year=year)
        row = result.villages.iloc[0]
        assert (result.year, result.year_origin, row["idm"], row["status"]) == (year, "argument", idm, status)
        assert row["flags"] == ""


def test_totals_and_blank_rows_are_not_counted(tmp_path):
    result = read_idm_file(layout_regency_office(tmp_path))
    assert result.rows_read == 3
    assert [p.check for p in result.problems] == []


# ---------------------------------------------------------------------------------------------
# The real open-data bundle

needs_bundle = pytest.mark.skipif(
    not (OPEN_DATA / "idm").is_dir(), reason=f"open-data bundle not found at {OPEN_DATA}"
)


@pytest.mark.bundle
@needs_bundle
def test_official_2023_reproduces_the_published_kalimantan_selatan_figures():
    result = read_idm_file(OPEN_DATA / "idm" / "IDM_2023_KALIMANTAN.xlsx")  # every code is in the gazetteer
    villages = result.villages
    assert (len(villages), result.rows_rejected, result.year) == (6637, 0, 2023)
    kalsel = villages[villages["province_code"] == "63"]
    assert len(kalsel) == 1871
    assert round(kalsel["idm"].mean(), 4) == 0.7480
    assert kalsel["status"].value_counts().to_dict() == {"MAJU": 1074, "BERKEMBANG": 501, "MANDIRI": 294,
                                                         "TERTINGGAL": 2}


def test_official_2024_national_file_with_its_known_problems(bundle_build):
    """What the bundle's build read from the national file (read once per test session; how fast it
    reads is measured by benchmarks, not asserted here)."""
    _, data = bundle_build
    [villages] = [frame for frame in data.villages if (frame["source_file"] == "IDM_2024_NASIONAL.xlsx").all()]
    [entry] = [e for e in data.log if e["file_name"] == "IDM_2024_NASIONAL.xlsx"]
    assert (len(villages), entry["rows_read"], entry["rows_rejected"]) == (75265, 75265, 0)
    problems = [p for p in data.problems if p.file == "IDM_2024_NASIONAL.xlsx"]
    checks = [p.check for p in problems]
    assert checks.count("status_mismatch") == 1
    # Codes the Kemendagri 2025 gazetteer does not know: 698 in Papua Barat Daya, 52 in Papua Barat, ...
    unknown = [p for p in problems if p.check == "unknown_code"]
    assert len(unknown) == 795 and {p.severity for p in unknown} == {"info"}
    assert checks.count("no_score") == 4
    mismatch = next(p for p in problems if p.check == "status_mismatch")
    assert "BERKEMBANG" in mismatch.message and "MAJU" in mismatch.message
    villages = villages.set_index("village_code")
    assert villages.loc["6213062003", "flags"] == "status_mismatch"
    assert villages.loc["6213062003", "status"] == "BERKEMBANG"  # kept as published
    unscored = villages.loc["6311012020"]
    assert unscored[["iks", "ike", "ikl", "idm"]].isna().all() and unscored["status"] is None
    assert villages["provenance"].value_counts().to_dict() == {"Update 2023": 4011, "Server PDN": 1107}


@pytest.mark.bundle
@needs_bundle
def test_kalimantan_selatan_resolved_by_name_gets_the_official_codes(tmp_path):
    """The 2023 Kalimantan Selatan rows rewritten without codes (2022 layout) resolve to the same codes."""
    official = read_idm_file(OPEN_DATA / "idm" / "IDM_2023_KALIMANTAN.xlsx").villages
    kalsel = official[official["province_code"] == "63"]
    columns = ["province_name", "regency_name", "district_name", "name", "iks", "ike", "ikl", "idm", "status"]
    header = [h.replace("2022", "2023") for h in HEADER_2022]
    path = write_xlsx(tmp_path / "kalsel_tanpa_kode.xlsx", {"DESA": [header, *kalsel[columns].values.tolist()]})

    result = read_idm_file(path)

    resolved = result.villages.merge(kalsel, on="village_code", suffixes=("", "_official"))
    assert len(resolved) == len(result.villages) >= 1865
    assert (resolved["name"] == resolved["name_official"]).all()
    # Whatever is not resolved is listed, never dropped silently.
    unresolved = [p for p in result.problems if p.check == "unresolved_name"]
    assert len(unresolved) == len(kalsel) - len(result.villages) == result.rows_rejected


def test_xls_reads_like_xlsx(tmp_path):
    import xlwt  # writes the old .xls format that regency offices still circulate; calamine reads it

    workbook = xlwt.Workbook()
    sheet = workbook.add_sheet("IDM 2024")
    for r, row in enumerate([HEADER_2024, *(official_row(v, "") for v in VILLAGES)]):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    path = tmp_path / "IDM_2024.xls"
    workbook.save(str(path))
    assert sorted(read_idm_file(path).villages["village_code"]) == sorted(EXPECTED)
