"""Files no real IDM file resembles are refused before a parser expands them, with the limit they broke.

Every hostile file is written here (tests/hostile.py); the limits come from the national 2024 file,
measured in the last tests.
"""

from __future__ import annotations

import csv
import os
import zipfile
from pathlib import Path

import pytest

from idm.importers import guard
from idm.importers.errors import FileRefused, IdmFileError, NotASpreadsheet
from idm.importers.idm_file import read_idm_file
from tests import hostile
from tests.hostile import HEADER_2024, village

GOOD_ROWS = [HEADER_2024, village("6303012001", "BAKAMBAT"), village("6303012002", "TANIPAH", 0.6922)]


def good_xlsx(tmp_path: Path) -> Path:
    return hostile.write_xlsx(tmp_path / "IDM_2024.xlsx", GOOD_ROWS)


def good_xls(tmp_path: Path) -> Path:
    return hostile.write_xls(tmp_path / "IDM_2024.xls", {"IDM 2024": GOOD_ROWS})


def good_csv(tmp_path: Path) -> Path:
    path = tmp_path / "IDM_2024.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, delimiter=";").writerows(GOOD_ROWS)
    return path


def good_ods(tmp_path: Path) -> Path:
    # Trailing empty cells and rows repeated as LibreOffice writes them: empty, so never expanded.
    rows = [hostile.ods_row(row) for row in GOOD_ROWS]
    rows.append('<table:table-row table:number-rows-repeated="1048570"><table:table-cell '
                'table:number-columns-repeated="1024"/></table:table-row>')
    return hostile.write_ods(tmp_path / "IDM_2024.ods", rows)


def empty_styled_cells(tmp_path: Path) -> Path:
    """Formatting down to row 1.048.576 without values: Excel writes such cells, a parser skips them."""
    styled = ['<row r="1048576"><c r="XFD1048576" s="1"/><c r="XFC1048576" s="1"></c></row>']
    return hostile.write_xlsx(tmp_path / "IDM_2024_format.xlsx", GOOD_ROWS, sheet_rows=styled)


@pytest.mark.parametrize("write", [good_xlsx, good_xls, good_csv, good_ods, empty_styled_cells])
def test_real_layouts_pass_and_read(tmp_path, write):
    path = write(tmp_path)
    measure = guard.check_file(path)
    assert measure.cells <= 4 * len(HEADER_2024)  # csv: lines counted with the empty one after the last break
    result = read_idm_file(path)
    assert sorted(result.villages["village_code"]) == ["6303012001", "6303012002"]


# --- refusals ------------------------------------------------------------------------------------

def zip_bomb(tmp_path: Path) -> Path:
    """Shared strings that unpack a thousand times their packed size."""
    return hostile.shared_string_bomb(tmp_path / "bom.xlsx", names=3, name_bytes=2 << 20)


def lying_archive(tmp_path: Path) -> Path:
    """The directory says the sheet unpacks to 100 bytes; it unpacks to more."""
    return hostile.rewrite_declared_size(good_xlsx(tmp_path), "xl/worksheets/sheet1.xml", 100)


def declared_giant(tmp_path: Path) -> Path:
    return hostile.rewrite_declared_size(good_xlsx(tmp_path), "xl/sharedStrings.xml", 3_000_000_000)


def far_corner(tmp_path: Path) -> Path:
    """One value in A1 and one in XFD1048576: a parser fills the 17 billion cells between."""
    corner = ['<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>']
    return hostile.write_xlsx(tmp_path / "pojok.xlsx", GOOD_ROWS, sheet_rows=corner)


def corner_written_otherwise(tmp_path: Path) -> Path:
    """The same, with the reference in single quotes after a tab: the exact path must see it too."""
    corner = ["<row r='1048576'><c\tr='XFD1048576'><v>1</v></c></row>"]
    return hostile.write_xlsx(tmp_path / "pojok2.xlsx", GOOD_ROWS, sheet_rows=corner)


def far_corner_behind_a_comment(tmp_path: Path) -> Path:
    """The sheet's root element after 10 kB of comment, and the sheet stored under another name."""
    path = far_corner(tmp_path)
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    sheet = members.pop("xl/worksheets/sheet1.xml")
    members["xl/worksheets/data.bin"] = sheet.replace(b"?>\n", b"?>\n" + b"<!-- -->" * 1_500, 1)
    members["xl/_rels/workbook.xml.rels"] = members["xl/_rels/workbook.xml.rels"].replace(b"sheet1.xml", b"data.bin")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def member_twice(tmp_path: Path) -> Path:
    path = good_xlsx(tmp_path)
    with zipfile.ZipFile(path, "a") as archive, pytest.warns(UserWarning, match="Duplicate name"):
        archive.writestr("xl/worksheets/sheet1.xml", "<worksheet/>")
    return path


def cells_without_references(tmp_path: Path) -> Path:
    """20.000 cells in one row without references, then a row far down: 20.000 x 300.000 cells."""
    wide = ["<row>" + "<c><v>1</v></c>" * 20_000 + "</row>", '<row r="300000"><c r="A300000"><v>1</v></c></row>']
    return hostile.write_xlsx(tmp_path / "lebar.xlsx", GOOD_ROWS, sheet_rows=wide)


def shared_string_copies(tmp_path: Path) -> Path:
    """One 900-character name cited by 76.000 cells: 70 MB of text from a 0,4 MB file."""
    rows = [["KODE_DESA", "NAMA_DESA", "NILAI_IDM_2024"]]
    rows += [[6303012001 + i, "N" * 900, 0.7] for i in range(76_000)]
    return hostile.write_xlsx(tmp_path / "salinan.xlsx", rows)


def uncited_shared_strings(tmp_path: Path) -> Path:
    """A good three-row file whose table of shared strings holds 600.000 more that no cell cites (the
    reported file held 6 million: 15,7 MB that lifted the server's memory by 440 MB in the parser)."""
    source = good_xlsx(tmp_path)
    path = tmp_path / "teks_bersama.xlsx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in original.infolist():
            data = original.read(member)
            if member.filename == "xl/sharedStrings.xml":
                end = data.rindex(b"</sst>")
                data = data[:end] + b"".join(b"<si><t>x%d</t></si>" % i for i in range(600_000)) + data[end:]
            archive.writestr(member, data)
    return path


def giant_name(tmp_path: Path) -> Path:
    return hostile.write_xlsx(tmp_path / "nama.xlsx", [HEADER_2024, village("6303012001", "A" * 500_000)])


def ods_repeats(tmp_path: Path) -> Path:
    """A few hundred bytes asking for 100.000 rows of 16.384 filled cells."""
    rows = [hostile.ods_row(HEADER_2024), hostile.ods_row(["X" * 50], repeat_row=100_000, repeat_cells=16_384)]
    return hostile.write_ods(tmp_path / "ulang.ods", rows)


def xls_long_string(tmp_path: Path) -> Path:
    return hostile.write_xls(tmp_path / "panjang.xls", {"IDM 2024": [HEADER_2024, village("6303012001", "B" * 30_000)]})


def xls_string_copies(tmp_path: Path) -> Path:
    """A 1.000-character string cited by 35.000 cells on each of two sheets."""
    rows = [[("C" * 1_000)] for _ in range(35_000)]
    return hostile.write_xls(tmp_path / "salinan.xls", {"A": rows, "B": rows})


def csv_long_line(tmp_path: Path) -> Path:
    path = good_csv(tmp_path)
    with path.open("a", encoding="utf-8") as handle:
        handle.write("6303012003;" + "x" * 50_000 + "\n")
    return path


def csv_wide(tmp_path: Path) -> Path:
    path = tmp_path / "lebar.csv"
    path.write_text("\n".join(";" * 3_900 for _ in range(1_200)), encoding="utf-8")
    return path


def csv_too_large(tmp_path: Path) -> Path:
    path = good_csv(tmp_path)
    os.truncate(path, guard.MAX_FILE_BYTES + 1)  # sparse: nothing is written
    return path


def web_page(tmp_path: Path) -> Path:
    path = tmp_path / "IDM_2024_portal.xls"
    path.write_text(hostile.WEB_PAGE, encoding="utf-8")
    return path


def xml_2003(tmp_path: Path) -> Path:
    path = tmp_path / "IDM_2024_xml.xls"
    path.write_text(hostile.XML_2003, encoding="utf-8")
    return path


def binary_xlsb(tmp_path: Path) -> Path:
    path = good_xlsx(tmp_path).rename(tmp_path / "IDM_2024.xlsb")
    return path


def xlsx_named_xls(tmp_path: Path) -> Path:
    return good_xlsx(tmp_path).rename(tmp_path / "IDM_2024.xls")


def many_members(tmp_path: Path) -> Path:
    path = good_xlsx(tmp_path)
    with zipfile.ZipFile(path, "a") as archive:
        for number in range(guard.MAX_ZIP_MEMBERS):
            archive.writestr(f"xl/media/kosong{number}.xml", "")
    return path


def folder(tmp_path: Path) -> Path:
    good_xlsx(tmp_path)
    return tmp_path


def missing(tmp_path: Path) -> Path:
    return tmp_path / "IDM_2025.xlsx"


REFUSED = [
    # writer, error, words the message must hold
    (zip_bomb, FileRefused, ["sharedStrings.xml", "40 kali", "zip bomb", "ditolak sebelum dibaca"]),
    (lying_archive, FileRefused, ["sheet1.xml", "menyatakan ukuran 100 byte", "dimanipulasi"]),
    (declared_giant, FileRefused, ["sharedStrings.xml", "3.000,0 MB", "batas 156,8 MB"]),
    (far_corner, FileRefused, ["sheet 'IDM 2024'", "baris 1.048.576 dan kolom XFD", "batas 4.214.896 sel"]),
    (corner_written_otherwise, FileRefused, ["baris 1.048.576 dan kolom XFD"]),
    (far_corner_behind_a_comment, FileRefused, ["baris 1.048.576 dan kolom XFD"]),
    (member_twice, FileRefused, ["dua bagian bernama xl/worksheets/sheet1.xml"]),
    (cells_without_references, FileRefused, ["baris 300.000", "batas 4.214.896 sel"]),
    (shared_string_copies, FileRefused, ["69,6 MB", "batas 65,1 MB", "teks bersama"]),
    (uncited_shared_strings, FileRefused, ["teks bersama", "600.0", "batas 575.652 teks", "juga bila tidak dipakai"]),
    (giant_name, FileRefused, ["sheet 'IDM 2024' sel H2 (baris 2, kolom H)", "500.000 karakter", "batas 1.000"]),
    (ods_repeats, FileRefused, ["sheet 'IDM 2024'", "baris 100.001 dan kolom XFD", "batas 4.214.896 sel"]),
    (xls_long_string, FileRefused, ["sel H2 (baris 2, kolom H)", "30.000 karakter"]),
    (xls_string_copies, FileRefused, ["70,0 MB", "batas 65,1 MB"]),
    (csv_long_line, FileRefused, ["IDM_2024.csv baris 4", "50.011 karakter", "batas 4.000"]),
    (csv_wide, FileRefused, ["4.681.200 sel", "batas 4.214.896 sel"]),
    (csv_too_large, FileRefused, ["32,4 MB", "melebihi batas 32,4 MB"]),
    (web_page, NotASpreadsheet, ["halaman web (HTML)", "Save As", "Excel Workbook (*.xlsx)"]),
    (xml_2003, NotASpreadsheet, ["XML Spreadsheet 2003", "Save As"]),
    (binary_xlsb, NotASpreadsheet, [".xlsb", "Save As"]),
    (xlsx_named_xls, NotASpreadsheet, ["bukan .xls", "menjadi .xlsx"]),
    (many_members, FileRefused, ["1.006 bagian", "batas 1.000"]),
    (folder, NotASpreadsheet, ["adalah folder", "IDM_2024.xlsx"]),
    (missing, IdmFileError, ["IDM_2025.xlsx tidak ada"]),
]


@pytest.mark.parametrize("write,error,words", REFUSED, ids=[case[0].__name__ for case in REFUSED])
def test_refused_before_parsing_with_the_limit(tmp_path, write, error, words):
    path = write(tmp_path)
    with pytest.raises(error) as raised:
        guard.check_file(path)
    for word in words:
        assert word in str(raised.value)
    # The reader refuses the same way: the guard runs first.
    with pytest.raises(error):
        read_idm_file(path)


def test_a_long_csv_cell_is_refused_with_its_row_and_column(tmp_path):
    path = good_csv(tmp_path)
    with path.open("a", encoding="utf-8") as handle:
        csv.writer(handle, delimiter=";").writerow(village("6303012003", "D" * 2_000))
    with pytest.raises(FileRefused, match=r"IDM_2024.csv baris 4 kolom NAMA_DESA: sel berisi 2.000 karakter"):
        read_idm_file(path)


def test_the_national_file_is_well_within_the_limits(bundle):
    measure = guard.check_file(bundle / "idm" / "IDM_2024_NASIONAL.xlsx")
    assert (measure.kind, measure.file_bytes, measure.unpacked_bytes) == (
        "xlsx", guard.NATIONAL_XLSX_BYTES, guard.NATIONAL_UNPACKED_BYTES)
    assert measure.cells == guard.NATIONAL_CELLS
    assert measure.text_bytes <= guard.MAX_TEXT_BYTES and measure.longest_cell < guard.MAX_CELL_CHARS
