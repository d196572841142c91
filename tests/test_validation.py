"""Each kind of bad input is rejected or flagged with a message that says where and what.

Every case starts from the same three real villages in the official 2023 layout, changes one
cell (or row), and states the problem the importer must report.
"""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from idm.importers.checks import Problem, summarise
from idm.importers.errors import IdmFileError, NotAnIdmFile
from idm.importers.idm_file import read_idm_file

HEADER = ["KODE_PROV", "PROVINSI", "KODE_KAB_KOT", "KABUPATEN_KOTA", "KODE_KEC", "KECAMATAN", "KODE_DESA_DAGRI",
          "DESA", "IKS_2023", "IKE_2023", "IKL_2023", "NILAI_IDM_2023", "STATUS_IDM_2023", "UPDATE"]
VILLAGES = [
    ["63", "KALIMANTAN SELATAN", "6301", "TANAH LAUT", "630110", "BAJUIN", "6301102001", "BAJUIN",
     0.8343, 0.7, 0.6667, 0.7337, "MAJU", 2023],
    ["63", "KALIMANTAN SELATAN", "6301", "TANAH LAUT", "630110", "BAJUIN", "6301102006", "PEMALONGAN",
     0.76, 0.7167, 0.6, 0.6922, "BERKEMBANG", 2023],
    ["63", "KALIMANTAN SELATAN", "6301", "TANAH LAUT", "630105", "BATI BATI", "6301052002", "BATI-BATI",
     0.8229, 0.7667, 0.6, 0.7298, "MAJU", 2022],
]
SPACED_HEADER = ["PROVINSI", "KABUPATEN", "KECAMATAN", "DESA", "IKS 2022", "IKE 2022", "IKL 2022", "NILAI IDM 2022",
                 "STATUS IDM 2022"]
NAME_COLUMNS = {"PROVINSI": 1, "KABUPATEN": 3, "KECAMATAN": 5, "DESA": 7}


def write_xlsx(path: Path, rows: list[list[object]], sheet: str = "Sheet1") -> Path:
    workbook = openpyxl.Workbook()
    workbook.active.title = sheet
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


def official_file(tmp_path: Path, edits: dict[tuple[int, str], object] = (), extra: list[list] = ()) -> Path:
    """The three villages with `edits` {(village index, column): value}; rows are 2, 3, 4 in the file."""
    rows = [list(v) for v in VILLAGES]
    for (index, column), value in dict(edits).items():
        rows[index][HEADER.index(column)] = value
    return write_xlsx(tmp_path / "IDM_2023_UJI.xlsx", [HEADER, *rows, *extra])


def by_name_file(tmp_path: Path, edits: dict[tuple[int, str], object]) -> Path:
    """The same villages without codes (2022 layout, sheet DESA): resolved by name."""
    rows = []
    for village in VILLAGES:
        rows.append([village[i] for i in NAME_COLUMNS.values()] + village[8:13])
    for (index, column), value in edits.items():
        rows[index][SPACED_HEADER.index(column)] = value
    return write_xlsx(tmp_path / "IDM_2022_UJI.xlsx", [SPACED_HEADER, *rows], sheet="DESA")


# check, severity, file writer, edits, row, column, words the message must contain, village code kept?
ROW_PROBLEMS = [
    ("unreadable_number", "rejected", official_file, {(0, "NILAI_IDM_2023"): "0,7a"}, 2, "NILAI_IDM_2023",
     ["NILAI_IDM_2023", "'0,7a'", "baris 2", "bukan angka", "0..1"], None),
    ("unreadable_number", "rejected", official_file, {(1, "IKS_2023"): "0,7.3,1"}, 3, "IKS_2023",
     ["'0,7.3,1'", "baris 3"], None),
    ("out_of_range", "rejected", official_file, {(0, "IKS_2023"): 1.25}, 2, "IKS_2023", ["1.25", "0..1"], None),
    ("out_of_range", "rejected", official_file, {(0, "NILAI_IDM_2023"): 73.37}, 2, "NILAI_IDM_2023",
     ["73.37", "0..1"], None),
    # Infinity once crashed the importer (OverflowError while rounding): out of range like 1.25.
    ("out_of_range", "rejected", official_file, {(0, "IKS_2023"): "inf"}, 2, "IKS_2023", ["inf", "0..1"], None),
    ("out_of_range", "rejected", official_file, {(1, "IKE_2023"): "-inf"}, 3, "IKE_2023", ["-inf", "0..1"], None),
    ("out_of_range", "rejected", official_file, {(0, "NILAI_IDM_2023"): "1e999"}, 2, "NILAI_IDM_2023",
     ["1e999", "0..1"], None),
    ("unknown_status", "rejected", official_file, {(2, "STATUS_IDM_2023"): "MAJU SEKALI"}, 4, "STATUS_IDM_2023",
     ["'MAJU SEKALI'", "SANGAT TERTINGGAL"], None),
    ("missing_code", "rejected", official_file, {(1, "KODE_DESA_DAGRI"): ""}, 3, "KODE_DESA_DAGRI",
     ["kosong", "10 digit"], None),
    ("invalid_code", "rejected", official_file, {(1, "KODE_DESA_DAGRI"): "630110200X"}, 3, "KODE_DESA_DAGRI",
     ["'630110200X'", "10 digit"], None),
    ("missing_score", "rejected", official_file, {(0, "NILAI_IDM_2023"): "", (0, "IKE_2023"): ""}, 2,
     "NILAI_IDM_2023", ["IKE_2023", "kosong"], None),
    ("formula", "flagged", official_file, {(0, "NILAI_IDM_2023"): 0.7437}, 2, "NILAI_IDM_2023",
     ["0,7437", "0,7337", "0,0002"], "6301102001"),
    ("status_mismatch", "flagged", official_file, {(0, "STATUS_IDM_2023"): "berkembang"}, 2, "STATUS_IDM_2023",
     ["'berkembang'", "0,7337", "MAJU"], "6301102001"),
    ("status_derived", "flagged", official_file, {(1, "STATUS_IDM_2023"): ""}, 3, "STATUS_IDM_2023",
     ["0,6922", "BERKEMBANG"], "6301102006"),
    ("idm_derived", "flagged", official_file, {(1, "NILAI_IDM_2023"): None}, 3, "NILAI_IDM_2023",
     ["0,6922"], "6301102006"),
    ("no_score", "info", official_file,
     {(2, "IKS_2023"): "", (2, "IKE_2023"): "", (2, "IKL_2023"): "", (2, "NILAI_IDM_2023"): "",
      (2, "STATUS_IDM_2023"): ""}, 4, "NILAI_IDM_2023", ["6301052002", "tanpa nilai"], "6301052002"),
    ("unresolved_name", "rejected", by_name_file, {(0, "KECAMATAN"): "KURAU HILIR"}, 2, "KECAMATAN",
     ["kecamatan 'KURAU HILIR' tidak ditemukan", "Kabupaten Tanah Laut"], None),
    ("unresolved_name", "rejected", by_name_file, {(1, "KABUPATEN"): "BANJARMASIN"}, 3, "KABUPATEN",
     ["kabupaten 'BANJARMASIN' tidak ditemukan", "Kalimantan Selatan"], None),
    ("unresolved_name", "rejected", by_name_file, {(1, "DESA"): "PEMALONGAN BARU"}, 3, "DESA",
     ["desa 'PEMALONGAN BARU'", "Bajuin"], None),
    ("approximate_name", "flagged", by_name_file, {(2, "KECAMATAN"): "BATI BATIX"}, 4, "KECAMATAN",
     ["'BATI BATIX'", "'Bati Bati'", "630105"], "6301052002"),
]


@pytest.mark.parametrize(
    "check,severity,write,edits,row,column,words,kept",
    ROW_PROBLEMS,
    ids=[f"{case[0]}-{n}" for n, case in enumerate(ROW_PROBLEMS)],
)
def test_row_problem_is_reported_where_it_is(tmp_path, check, severity, write, edits, row, column, words, kept):
    path = write(tmp_path, edits)
    result = read_idm_file(path)

    found = [p for p in result.problems if p.check == check]
    assert len(found) == 1, result.problems
    problem = found[0]
    sheet = "DESA" if write is by_name_file else "Sheet1"
    assert (problem.file, problem.sheet, problem.row, problem.column, problem.severity) == (
        path.name, sheet, row, column, severity)
    for word in words:
        assert word in problem.message
    assert f"baris {row}" in problem.message
    # The other villages are untouched.
    assert [p for p in result.problems if p.severity != "info" and p is not problem] == []
    villages = result.villages.set_index("source_row")
    if kept is None:
        assert row not in villages.index
        assert result.rows_rejected == 1 and len(villages) == 2
    else:
        assert villages.loc[row, "village_code"] == kept
        assert result.rows_rejected == 0 and len(villages) == 3
        if severity == "flagged":
            assert villages.loc[row, "flags"] == check


def test_flagged_rows_keep_the_published_values(tmp_path):
    path = official_file(tmp_path, {(0, "NILAI_IDM_2023"): 0.7437, (1, "STATUS_IDM_2023"): "MAJU"})
    villages = read_idm_file(path).villages.set_index("village_code")
    assert villages.loc["6301102001", "idm"] == 0.7437
    assert villages.loc["6301102006", ["status", "flags"]].tolist() == ["MAJU", "status_mismatch"]


def test_derived_values_fill_the_gaps(tmp_path):
    path = official_file(tmp_path, {(1, "NILAI_IDM_2023"): None, (1, "STATUS_IDM_2023"): None})
    row = read_idm_file(path).villages.set_index("village_code").loc["6301102006"]
    assert (row["idm"], row["status"], row["flags"]) == (0.6922, "BERKEMBANG", "status_derived,idm_derived")


def test_identical_duplicate_is_kept_once(tmp_path):
    result = read_idm_file(official_file(tmp_path, extra=[list(VILLAGES[0])]))
    assert result.villages["village_code"].tolist().count("6301102001") == 1
    assert result.villages.set_index("village_code").loc["6301102001", "source_row"] == 2
    duplicates = [p for p in result.problems if p.check == "duplicate_code"]
    assert [(p.row, p.severity, p.column) for p in duplicates] == [(5, "info", "KODE_DESA_DAGRI")]
    assert "baris 2" in duplicates[0].message and "baris 5" in duplicates[0].message
    assert (result.rows_read, result.rows_rejected, len(result.villages)) == (4, 0, 3)


def test_conflicting_duplicates_are_all_rejected(tmp_path):
    other = list(VILLAGES[0])
    other[HEADER.index("NILAI_IDM_2023")] = 0.7338
    result = read_idm_file(official_file(tmp_path, extra=[other]))
    assert "6301102001" not in result.villages["village_code"].tolist()
    duplicates = [p for p in result.problems if p.check == "duplicate_code"]
    assert [(p.row, p.severity) for p in duplicates] == [(2, "rejected"), (5, "rejected")]
    assert all("baris 2, 5" in p.message for p in duplicates)
    assert result.rows_rejected == 2


def test_missing_year_says_how_to_give_it(tmp_path):
    header = [h.removesuffix("_2023") for h in HEADER]
    path = write_xlsx(tmp_path / "tanpa_tahun.xlsx", [header, *VILLAGES])
    with pytest.raises(IdmFileError) as error:
        read_idm_file(path)
    assert "--year" in str(error.value) and "NILAI_IDM_2024" in str(error.value)
    assert read_idm_file(path, year=2021).year_origin == "argument"


def test_several_years_need_the_year_argument(tmp_path):
    header = ["KODE_DESA", "NAMA_DESA", "NILAI_IDM_2022", "NILAI_IDM_2023"]
    path = write_xlsx(tmp_path / "dua.xlsx", [header, ["6301102001", "BAJUIN", 0.7, 0.7337]])
    with pytest.raises(IdmFileError, match=r"2022.*2023.*--year"):
        read_idm_file(path)


def test_year_argument_that_contradicts_the_columns_is_refused(tmp_path):
    with pytest.raises(IdmFileError, match=r"--year 2021.*2023"):
        read_idm_file(official_file(tmp_path), year=2021)


def test_file_without_readable_rows_is_refused_with_the_reasons(tmp_path):
    edits = {(i, "NILAI_IDM_2023"): "n/a" for i in range(3)}
    with pytest.raises(IdmFileError) as error:
        read_idm_file(official_file(tmp_path, edits))
    message = str(error.value)
    assert "angka tidak terbaca (ditolak): 3 baris" in message
    assert "IDM_2023_UJI.xlsx Sheet1 baris 2 kolom NILAI_IDM_2023" in message


def test_header_without_rows_is_refused(tmp_path):
    with pytest.raises(IdmFileError, match="tidak ada baris"):
        read_idm_file(write_xlsx(tmp_path / "kosong.xlsx", [HEADER]))


@pytest.mark.parametrize(
    "name,rows",
    [
        ("penduduk.xlsx", [["KODE_KAB", "KABUPATEN", "PENDUDUK"], ["6301", "TANAH LAUT", 350000]]),
        ("kosong.xlsx", []),
        ("kemiskinan.csv", [["tahun", "kabupaten", "p0"], ["2023", "Tanah Laut", "4,2"]]),
    ],
)
def test_non_idm_file_is_not_an_idm_file(tmp_path, name, rows):
    path = tmp_path / name
    if name.endswith(".csv"):
        with path.open("w", newline="") as handle:
            csv.writer(handle, delimiter=";").writerows(rows)
    else:
        write_xlsx(path, rows)
    with pytest.raises(NotAnIdmFile):
        read_idm_file(path)


def test_summarise_counts_per_check_with_examples():
    problems = [
        Problem("IDM_2022.xlsx", "DESA", row, "NILAI IDM 2022", "formula", "flagged", f"pesan {row}")
        for row in (14, 15, 16, 17)
    ] + [Problem("IDM_2022.xlsx", "DESA", 20, "IKS 2022", "unreadable_number", "rejected", "bukan angka")]
    lines = summarise(problems, examples=2)
    assert lines == [
        "angka tidak terbaca (ditolak): 1 baris",
        "  mis. IDM_2022.xlsx DESA baris 20 kolom IKS 2022: bukan angka",
        "IDM tidak sama dengan (IKS+IKE+IKL)/3 (ditandai, disimpan seperti dipublikasikan): 4 baris",
        "  mis. IDM_2022.xlsx DESA baris 14 kolom NILAI IDM 2022: pesan 14",
        "  mis. IDM_2022.xlsx DESA baris 15 kolom NILAI IDM 2022: pesan 15",
        "  ... dan 2 lagi",
    ]


@pytest.mark.parametrize("provenance", [None, ""])
@pytest.mark.parametrize("second_idm,severity,kept", [(0.7337, "info", 1), (0.7338, "rejected", 0)])
def test_duplicates_with_an_empty_provenance_cell(tmp_path, provenance, second_idm, severity, kept):
    """An empty UPDATE/Keterangan cell is NaN in pandas 3: the duplicate check once crashed on it."""
    first = list(VILLAGES[0])
    first[HEADER.index("UPDATE")] = provenance
    second = list(first)
    second[HEADER.index("NILAI_IDM_2023")] = second_idm
    result = read_idm_file(official_file(tmp_path, {(0, "UPDATE"): provenance}, extra=[second]))
    duplicates = [p for p in result.problems if p.check == "duplicate_code"]
    assert {p.severity for p in duplicates} == {severity}
    assert result.villages["village_code"].tolist().count("6301102001") == kept


# A code in no gazetteer (district 630301 numbers its villages from 2001), and the same code once the
# database knows it, or in a file the build trusts.
MADE_UP = "6303010000"


@pytest.mark.parametrize("known,trusted,severity,kept", [
    (frozenset(), False, "rejected", False),
    (frozenset({MADE_UP}), False, None, True),  # a village the database already has
    (frozenset(), True, "info", True),  # an official file read by the build
])
def test_codes_nobody_knows_are_rejected_on_import(tmp_path, known, trusted, severity, kept):
    path = official_file(tmp_path, {(1, "KODE_DESA_DAGRI"): MADE_UP})
    result = read_idm_file(path, known_codes=known, trust_unknown_codes=trusted)
    found = [p for p in result.problems if p.check == "unknown_code"]
    assert [(p.row, p.column, p.severity) for p in found] == ([(3, "KODE_DESA_DAGRI", severity)] if severity else [])
    if found:
        assert "6303010000 (baris 3)" in found[0].message and "gazetteer Kemendagri 2025" in found[0].message
    assert (MADE_UP in result.villages["village_code"].tolist()) is kept
    assert result.rejected_codes == (frozenset() if kept else {MADE_UP})
    assert result.villages.set_index("village_code").loc["6301102001", "flags"] == ""  # the others untouched
