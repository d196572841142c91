"""Refuse, before any parser sees it, a file that no real IDM file resembles.

A spreadsheet parser believes what a file says. calamine unpacks a zip member however large it
turns out, copies a shared string into every cell that cites it, fills the rectangle from A1 to the
last cell, repeats an ods cell as often as `number-columns-repeated` asks, and reads every sheet of
an .xls as soon as it opens one. A 300 kB xlsx whose shared strings unpack to 300 MB once took
2,5 GB of memory that way. So `check_file` measures a file first, streaming it in pieces of at most
CHUNK bytes, against limits taken from the largest real IDM file with a fourfold margin, and
refuses it with the limit it broke.

What is measured, per format:
- every file: its size; a folder or a missing file is named as such;
- xlsx/xlsm and ods (zip archives): the number of members, each member's declared and actual
  unpacked size (inflated here, never trusting the header), their total, the ratio of unpacked to
  packed size; then in the xml: the rectangle of filled cells of each sheet (ods repeats
  included), the text of all cells with every shared string counted at each cell citing it, and
  the longest cell;
- xls (an OLE container of BIFF records): the same rectangle, text and longest cell, from the
  records themselves;
- csv: the longest line and lines x fields.
An HTML page or an XML 2003 spreadsheet saved as .xls (what many web portals export) and an .xlsb
are named for what they are, with how to save them as .xlsx.
"""

from __future__ import annotations

import html
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from xml.etree import ElementTree

import numpy as np

from idm import fmt
from idm.importers.errors import FileRefused, IdmFileError, NotASpreadsheet

# --- limits ------------------------------------------------------------------------------------
# Measured on the largest real IDM file, the national 2024 file IDM_2024_NASIONAL.xlsx
# (75.265 villages of all Indonesia, one sheet of 14 columns).
NATIONAL_XLSX_BYTES = 4_711_653
NATIONAL_CSV_BYTES = 8_105_486  # the same rows saved as csv: the largest form a real IDM file takes
NATIONAL_UNPACKED_BYTES = 39_201_655  # its xlsx members unpacked (the sheet 35,5 MB, shared strings 3,7 MB)
NATIONAL_CELLS = 75_266 * 14  # rows (header included) x columns
NATIONAL_TEXT_BYTES = 16_262_712  # text of its cells, a shared string counted at every cell citing it
NATIONAL_SHARED_STRINGS = 143_913  # its distinct texts (names of villages, districts...): xl/sharedStrings.xml
NATIONAL_SHARED_STRING_BYTES = 3_699_156  # that part unpacked
REAL_ZIP_RATIO = 10  # its sheet unpacks to 8,5 times its packed size; Excel, openpyxl, xlsxwriter: 5-10
LONGEST_NAME = 100  # region names are under 100 characters (the longest of the national file: 44)
MARGIN = 4  # no real IDM file comes near 4x the national one

MAX_FILE_BYTES = MARGIN * NATIONAL_CSV_BYTES
MAX_UNPACKED_BYTES = MARGIN * NATIONAL_UNPACKED_BYTES
MAX_CELLS = MARGIN * NATIONAL_CELLS
MAX_TEXT_BYTES = MARGIN * NATIONAL_TEXT_BYTES
# A parser loads every shared string, cited by a cell or not: millions no cell uses cost hundreds of MB.
MAX_SHARED_STRINGS = MARGIN * NATIONAL_SHARED_STRINGS
MAX_SHARED_STRING_BYTES = MARGIN * NATIONAL_SHARED_STRING_BYTES
MAX_ZIP_RATIO = MARGIN * REAL_ZIP_RATIO
# Small members (styles, rels) may pack tighter than the ratio without harm.
ZIP_RATIO_FLOOR = 1 << 20
MAX_ZIP_MEMBERS = 1_000  # an xlsx has about 10 members and one more per sheet
# Ten times the longest name: a title or note row above the header fits too.
MAX_CELL_CHARS = 10 * LONGEST_NAME
# The national file saved as csv has lines of at most 163 characters; a line of four cells as long
# as a cell may be is far beyond it.
MAX_LINE_CHARS = 4 * MAX_CELL_CHARS

CHUNK = 1 << 20
HEAD = 4_096  # bytes read to tell what a file or a zip member is

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"}
TEXT_SUFFIXES = {".csv", ".txt", ".tsv"}
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SAVE_AS = ("buka berkas ini di Excel (atau LibreOffice), pilih File > Save As (Simpan Sebagai), jenis "
           "'Excel Workbook (*.xlsx)', lalu impor berkas .xlsx itu")


@dataclass(frozen=True)
class Measure:
    """What a file holds, as far as a parser's memory is concerned; every value within the limits."""

    kind: str  # 'xlsx' | 'ods' | 'xls' | 'csv'
    file_bytes: int
    unpacked_bytes: int  # zip members unpacked; the file size for xls and csv
    cells: int  # the largest rectangle of cells a sheet fills (rows x columns)
    text_bytes: int  # text of all cells, a shared string counted at every cell citing it
    longest_cell: int  # characters (bytes for csv lines) of the longest cell text found


def check_file(path: Path) -> Measure:
    """Measure `path`; raise FileRefused (beyond a limit), NotASpreadsheet (not what its name says)
    or IdmFileError (missing, unreadable). Nothing is parsed into cells before this returns."""
    path = Path(path)
    if path.is_dir():
        inside = sorted(p.name for p in path.iterdir() if p.suffix.lower() in WORKBOOK_SUFFIXES | TEXT_SUFFIXES)
        hint = f"; berkas spreadsheet di dalamnya: {', '.join(inside[:5])}" if inside else ""
        raise NotASpreadsheet(f"{path} adalah folder, bukan berkas: sebutkan satu berkas IDM (xlsx, xls atau csv)"
                              f"{hint}")
    if not path.exists():
        raise IdmFileError(f"berkas {path} tidak ada; periksa nama dan foldernya")
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            head = handle.read(HEAD)
    except OSError as error:
        raise IdmFileError(f"berkas {path} tidak bisa dibaca ({error.strerror})") from error
    if size > MAX_FILE_BYTES:
        raise FileRefused(
            f"{path.name}: berkas {_megabytes(size)}, melebihi batas {_megabytes(MAX_FILE_BYTES)} untuk berkas IDM "
            f"(berkas nasional 2024 berisi 75.265 desa: {_megabytes(NATIONAL_XLSX_BYTES)} sebagai xlsx, "
            f"{_megabytes(NATIONAL_CSV_BYTES)} sebagai csv); berkas ditolak sebelum dibaca"
        )
    suffix = path.suffix.lower()
    if suffix == ".xlsb":
        raise NotASpreadsheet(f"{path.name}: format Excel biner (.xlsb) tidak bisa diperiksa sebelum dibaca; {SAVE_AS}")
    if head.startswith(ZIP_MAGIC):
        if suffix in TEXT_SUFFIXES or suffix == ".xls":
            raise NotASpreadsheet(f"{path.name}: isinya berkas xlsx/ods (arsip zip), bukan {suffix}; "
                                  "ganti akhiran namanya menjadi .xlsx")
        return _check_zip(path, size)
    if head.startswith(OLE_MAGIC):
        if suffix != ".xls":
            raise NotASpreadsheet(f"{path.name}: isinya berkas Excel lama (.xls), bukan {suffix}; "
                                  "ganti akhiran namanya menjadi .xls")
        return _check_xls(path, size)
    if suffix in WORKBOOK_SUFFIXES:
        raise NotASpreadsheet(f"{path.name}: {_what_text_is(head)}, bukan berkas Excel; {SAVE_AS}")
    return _check_text(path, size)



def _what_text_is(head: bytes) -> str:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"urn:schemas-microsoft-com:office:spreadsheet" in text:
        return "XML Spreadsheet 2003 yang disimpan dengan akhiran Excel"
    if text.startswith((b"<!doctype html", b"<html")) or b"<html" in text or b"<table" in text:
        return "halaman web (HTML) yang disimpan dengan akhiran Excel, seperti ekspor banyak portal web"
    if b"\x00" in text:
        return "berkas biner yang tidak dikenal"
    return "berkas teks (mis. CSV) yang disimpan dengan akhiran Excel"


def _megabytes(size: int) -> str:
    return f"{fmt.number(size / 1e6, 1)} MB"


# --- zip archives: xlsx, xlsm, ods -------------------------------------------------------------

def _check_zip(path: Path, size: int) -> Measure:
    listed = _listed_members(path)
    if listed > MAX_ZIP_MEMBERS:
        raise _too_many_members(path, listed)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise NotASpreadsheet(f"{path.name}: arsip xlsx/ods rusak ({error}); {SAVE_AS}") from error
    with archive, open(path, "rb") as handle:
        members = archive.infolist()
        if len(members) > MAX_ZIP_MEMBERS:
            raise _too_many_members(path, len(members))
        names = [member.filename for member in members]
        if len(set(names)) < len(names):  # which one would a parser read? The one not measured, maybe
            twice = next(name for name in names if names.count(name) > 1)
            raise FileRefused(f"{path.name}: arsip berisi dua bagian bernama {twice}: arsip rusak atau dimanipulasi; "
                              "berkas ditolak sebelum dibaca")
        # First the sizes of every member, inflated here; then the content of every member a
        # parser could take cells from, whatever its name.
        unpacked = 0
        for member in members:
            unpacked += _inflate(path, handle, member, allowance=MAX_UNPACKED_BYTES - unpacked, keep=False)[0]
        if "content.xml" in names and path.suffix.lower() != ".xlsx":
            kind, stats = "ods", _ods_sheets(path, _read(path, handle, archive.getinfo("content.xml")))
        else:
            kind, stats = "xlsx", _xlsx_sheets(path, handle, members)
    return _within_limits(path, kind, size, unpacked, stats)


def _listed_members(path: Path) -> int:
    """The member count the end of a zip archive states, read before its directory is parsed."""
    with open(path, "rb") as handle:
        handle.seek(0, 2)
        end = handle.tell()
        handle.seek(max(0, end - (1 << 16) - 22))
        tail = handle.read()
    found = tail.rfind(b"PK\x05\x06")
    if found < 0 or found + 12 > len(tail):
        return 0
    count = struct.unpack_from("<H", tail, found + 10)[0]
    return 0 if count == 0xFFFF else count  # 0xFFFF: a zip64 count, checked once listed


def _too_many_members(path: Path, count: int) -> FileRefused:
    return FileRefused(f"{path.name}: arsip berisi {fmt.count(count)} bagian, melebihi batas "
                       f"{fmt.count(MAX_ZIP_MEMBERS)} (sebuah xlsx berisi sekitar 10); berkas ditolak sebelum dibaca")


def _inflate(path: Path, handle, member: zipfile.ZipInfo, *, allowance: int, keep: bool) -> tuple[int, bytes]:
    """(actual unpacked size, the bytes if `keep`), inflating the member's data as stored, in
    bounded pieces: a refusal comes before more than CHUNK is unpacked past a limit."""
    name = member.filename
    if member.flag_bits & 0x1:
        raise NotASpreadsheet(f"{path.name}: berkas dilindungi kata sandi (bagian {name} terenkripsi); buka di Excel, "
                              "hapus kata sandinya, simpan lagi sebagai .xlsx")
    if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise FileRefused(f"{path.name}: bagian {name} dikompresi dengan metode {member.compress_type}, yang tidak "
                          f"dipakai Excel maupun LibreOffice; {SAVE_AS}")
    if member.file_size > allowance:
        raise _too_much_unpacked(path, name, member.file_size, declared=True)
    handle.seek(member.header_offset)
    local = handle.read(30)
    if len(local) < 30 or not local.startswith(ZIP_MAGIC):
        raise FileRefused(f"{path.name}: arsip rusak: bagian {name} tidak ada di tempat yang dinyatakan daftar isinya")
    name_length, extra_length = struct.unpack("<HH", local[26:30])
    handle.seek(member.header_offset + 30 + name_length + extra_length)
    inflater = zlib.decompressobj(-zlib.MAX_WBITS) if member.compress_type == zipfile.ZIP_DEFLATED else None
    kept = bytearray()
    count = 0

    def take(piece: bytes) -> None:
        nonlocal count
        count += len(piece)
        if count > allowance:
            raise _too_much_unpacked(path, name, count, declared=False)
        if count > ZIP_RATIO_FLOOR and count > MAX_ZIP_RATIO * max(member.compress_size, 1):
            raise FileRefused(
                f"{path.name}: bagian {name} terurai lebih dari {MAX_ZIP_RATIO} kali ukuran terkompresinya "
                f"({_megabytes(member.compress_size)} menjadi lebih dari {_megabytes(count)}); bagian xlsx asli "
                f"terurai 5-10 kali. Kemungkinan 'zip bomb': berkas ditolak sebelum dibaca"
            )
        if keep:
            kept.extend(piece)

    remaining = member.compress_size
    while remaining > 0:
        packed = handle.read(min(remaining, CHUNK))
        if not packed:
            break
        remaining -= len(packed)
        if inflater is None:
            take(packed)
            continue
        try:
            take(inflater.decompress(packed, CHUNK))
            while inflater.unconsumed_tail:
                take(inflater.decompress(inflater.unconsumed_tail, CHUNK))
        except zlib.error as error:
            raise FileRefused(f"{path.name}: arsip rusak: bagian {name} tidak bisa diurai ({error})") from error
    if inflater is not None:
        take(inflater.flush())
    if count != member.file_size:
        raise FileRefused(
            f"{path.name}: bagian {name} menyatakan ukuran {fmt.count(member.file_size)} byte tetapi isinya "
            f"{fmt.count(count)} byte: arsip rusak atau dimanipulasi; berkas ditolak sebelum dibaca"
        )
    return count, bytes(kept)


def _too_much_unpacked(path: Path, name: str, count: int, *, declared: bool) -> FileRefused:
    how = "menyatakan ukuran terurai" if declared else "terurai menjadi lebih dari"
    return FileRefused(
        f"{path.name}: isi arsip (xlsx/ods adalah arsip zip) melebihi batas {_megabytes(MAX_UNPACKED_BYTES)} terurai: "
        f"bagian {name} {how} {_megabytes(count)} (isi berkas nasional 2024 terurai "
        f"{_megabytes(NATIONAL_UNPACKED_BYTES)}). "
        "Kemungkinan 'zip bomb': berkas ditolak sebelum dibaca"
    )


def _read(path: Path, handle, member: zipfile.ZipInfo) -> bytes:
    """A member whose size was already checked."""
    return _inflate(path, handle, member, allowance=member.file_size, keep=True)[1]


@dataclass(frozen=True)
class SheetStats:
    name: str
    rows: int  # the last row a parser fills (1-based), an upper bound
    columns: int
    text_bytes: int
    longest: tuple[int, str] = (0, "")  # characters of the longest cell, and where it is


# --- xlsx --------------------------------------------------------------------------------------

_PREFIX = rb"(?:[\w.-]+:)?"
_SHARED_STRINGS_ROOT = re.compile(rb"<" + _PREFIX + rb"sst[\s>]")
_SI = re.compile(rb"<" + _PREFIX + rb"si[\s>]")
_TAG = re.compile(rb"<[^>]*>")
_SHEET_NAME = re.compile(rb"<" + _PREFIX + rb"sheet\b[^>]*?\bname=\"([^\"]*)\"[^>]*?\bid=\"([^\"]*)\"")
_SHEET_ID = re.compile(rb"<" + _PREFIX + rb"sheet\b[^>]*?\bid=\"([^\"]*)\"[^>]*?\bname=\"([^\"]*)\"")
_RELATION = re.compile(rb"<Relationship\b[^>]*?\bId=\"([^\"]*)\"[^>]*?\bTarget=\"([^\"]*)\"")
_RELATION_TARGET_FIRST = re.compile(rb"<Relationship\b[^>]*?\bTarget=\"([^\"]*)\"[^>]*?\bId=\"([^\"]*)\"")
# Any spelling of a cell's start tag and its reference; the slow, exact path.
_ROW_OR_CELL = re.compile(rb"<" + _PREFIX + rb"(row|c)((?:\s[^>]*?)?)(/?)>")
_REFERENCE = re.compile(rb"\br\s*=\s*[\"']([A-Za-z]*)(\d*)[\"']")
_STRING_INDEX = re.compile(rb"t=\"s\"[^>]*>\s*<" + _PREFIX + rb"v>\s*(\d{1,12})")
_VALUE_CELL = re.compile(rb"<" + _PREFIX + rb"c\s([^>]*)>\s*<" + _PREFIX + rb"v>\s*(\d{1,12})")
_SHARED_TYPE = re.compile(rb"\bt\s*=\s*[\"']s[\"']")


def _xlsx_sheets(path: Path, handle, members: list[zipfile.ZipInfo]) -> list[SheetStats]:
    """Every member holding shared strings is read first (a sheet's text is counted through them),
    then every member holding sheet data; by content, not by name, for a parser follows the
    workbook's relations wherever they point."""
    names: dict[str, str] = {}
    lengths = np.zeros(0, dtype=np.int64)
    too_long: dict[int, int] = {}
    sheet_members = []
    for member in members:
        data = _read(path, handle, member)
        if member.filename == "xl/workbook.xml" or member.filename.endswith("workbook.xml.rels"):
            names[member.filename] = data
        if b"sheetData" in data:
            sheet_members.append(member)
        if b"sst" in data and _SHARED_STRINGS_ROOT.search(data):
            found, long_ones = _shared_string_lengths(data)
            # Normally one table; with several, whichever a parser picks, take the longer of each.
            merged = np.zeros(max(len(found), len(lengths)), dtype=np.int64)
            merged[: len(lengths)] = lengths
            merged[: len(found)] = np.maximum(merged[: len(found)], found)
            lengths = merged
            too_long.update(long_ones)
    _check_shared_strings(path, len(lengths), int(lengths.sum()))
    titles = _sheet_names(names.get("xl/workbook.xml", b""), names.get("xl/_rels/workbook.xml.rels", b""))
    sheets = []
    for member in sheet_members:
        data = _read(path, handle, member)
        sheets.append(_xlsx_sheet(path, titles.get(member.filename, member.filename), data, lengths, too_long))
    if too_long and not any(sheet.longest[0] > MAX_CELL_CHARS for sheet in sheets):
        index, chars = next(iter(too_long.items()))
        sheets.append(SheetStats("sharedStrings.xml", 0, 0, 0, (chars, f"teks bersama ke-{index + 1}")))
    return sheets


def _check_shared_strings(path: Path, count: int, size: int) -> None:
    """The table of shared strings a parser loads whole, whether or not a cell cites them."""
    if count > MAX_SHARED_STRINGS or size > MAX_SHARED_STRING_BYTES:
        raise FileRefused(
            f"{path.name}: tabel teks bersama (shared strings) berisi {fmt.count(count)} teks, {_megabytes(size)}, "
            f"melebihi batas {fmt.count(MAX_SHARED_STRINGS)} teks atau {_megabytes(MAX_SHARED_STRING_BYTES)} (berkas "
            f"nasional 2024: {fmt.count(NATIONAL_SHARED_STRINGS)} teks, {_megabytes(NATIONAL_SHARED_STRING_BYTES)}), "
            "juga bila tidak dipakai sel mana pun; berkas ditolak sebelum dibaca. Simpan ulang berkas di Excel"
        )


def _sheet_names(workbook: bytes, relations: bytes) -> dict[str, str]:
    """Member path -> sheet name as Excel shows it, for the messages."""
    ids = {rid: name for name, rid in _SHEET_NAME.findall(workbook)}
    ids.update(dict(_SHEET_ID.findall(workbook)))
    targets = dict(_RELATION.findall(relations))
    targets.update({rid: target for target, rid in _RELATION_TARGET_FIRST.findall(relations)})
    names = {}
    for rid, name in ids.items():
        target = targets.get(rid, b"").decode("utf-8", "replace")
        member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        names[member] = html.unescape(name.decode("utf-8", "replace"))
    return names


def _shared_string_lengths(data: bytes) -> tuple[np.ndarray, dict[int, int]]:
    """Bytes each shared string takes in the xml (an upper bound of its text), and the characters of
    those longer than MAX_CELL_CHARS."""
    starts = np.array([match.start() for match in _SI.finditer(data)], dtype=np.int64)
    end = data.rfind(b"</")  # the table's closing tag
    if not len(starts) or end < starts[-1]:
        end = len(data)
    spans = np.diff(np.append(starts, end))
    too_long = {}
    for index in np.flatnonzero(spans > MAX_CELL_CHARS)[:10]:
        start = int(starts[index])
        chars = _text_length(data[start : start + int(spans[index])])
        if chars > MAX_CELL_CHARS:
            too_long[int(index)] = chars
    return spans, too_long


def _text_length(xml: bytes) -> int:
    return len(html.unescape(_TAG.sub(b"", xml).decode("utf-8", "replace")))


def _xlsx_sheet(path: Path, name: str, data: bytes, lengths: np.ndarray, too_long: dict[int, int]) -> SheetStats:
    values = np.frombuffer(data, dtype=np.uint8)
    opening = np.flatnonzero(values == ord("<"))
    closing = np.flatnonzero(values == ord(">"))
    compact = _compact(data, values, opening, closing)
    extent = _compact_extent(data, values, opening, closing) if compact else None
    rows, columns = extent or _exact_extent(data)
    text = _xlsx_text(data, lengths, compact)
    longest = _longest_run(data, opening)
    if too_long:  # a shared string over the limit: name a cell that cites it
        for attributes, index in _VALUE_CELL.findall(data):
            if int(index) in too_long and _SHARED_TYPE.search(attributes):
                reference = _REFERENCE.search(attributes)
                where = _cell_name(reference.group(1), reference.group(2)) if reference else "sebuah sel"
                longest = (too_long[int(index)], where)
                break
    return SheetStats(name, rows, columns, text, longest)


def _compact(data: bytes, values: np.ndarray, opening: np.ndarray, closing: np.ndarray) -> bool:
    """Every attribute written ` name="value"`, as Excel, LibreOffice, openpyxl and xlsxwriter write
    them: then a sheet is measured from fixed offsets; any other spelling takes the exact, slower path."""
    if b"='" in data or b"= " in data or b" =" in data:
        return False
    # A tab or line break inside a tag ('<c\tr="A1">') would hide from the reading at fixed offsets.
    if sum(data.count(space) for space in (b"\t", b"\n", b"\r")) < 1_000:  # Excel writes one, after <?xml?>
        for space in (b"\t", b"\n", b"\r"):
            at = data.find(space)
            while at >= 0:
                if data.rfind(b"<", 0, at) > data.rfind(b">", 0, at):
                    return False
                at = data.find(space, at + 1)
        return True
    spaces = np.flatnonzero((values == 9) | (values == 10) | (values == 13))
    last_opening = np.searchsorted(opening, spaces) - 1
    last_closing = np.searchsorted(closing, spaces) - 1
    inside = (last_opening >= 0) & (
        (last_closing < 0) | (opening[np.maximum(last_opening, 0)] > closing[np.maximum(last_closing, 0)]))
    return not inside.any()


_MOST_LETTERS, _MOST_DIGITS = 3, 7  # Excel's last cell is XFD1048576; anything wider takes the exact path


def _compact_extent(data: bytes, values: np.ndarray, opening: np.ndarray,
                    closing: np.ndarray) -> tuple[int, int] | None:
    """(last row, last column) of the cells holding a value, when every cell tag starts '<c r="':
    all references are read at once from their fixed place. None when some cell is written otherwise."""
    cells = sum(data.count(tag) for tag in (b"<c ", b"<c>", b":c ", b":c>"))
    starts = opening[opening + 6 + _MOST_LETTERS + _MOST_DIGITS + 2 < len(values)]
    for offset, byte in enumerate(b'c r="', start=1):
        starts = starts[values[starts + offset] == byte]
    if len(starts) != cells:
        return None
    starts = starts + 6
    # '<c r="Z9" s="1"/>' and '<c r="Z9"></c>' hold no value: a parser skips them.
    tag_end = closing[np.minimum(np.searchsorted(closing, starts), len(closing) - 1)]
    self_closed = values[tag_end - 1] == ord("/")
    closed_at_once = (values[np.minimum(tag_end + 1, len(values) - 1)] == ord("<")) & (
        values[np.minimum(tag_end + 2, len(values) - 1)] == ord("/"))
    starts = starts[~self_closed & ~closed_at_once]
    if not len(starts):
        return 0, 0
    letters = _leading(values, starts, _MOST_LETTERS + 1, lambda byte: ((byte & 0xDF) >= 65) & ((byte & 0xDF) <= 90))
    digits = _leading(values, starts + letters, _MOST_DIGITS + 1, lambda byte: (byte >= 48) & (byte <= 57))
    if (letters == 0).any() or (letters > _MOST_LETTERS).any() or (digits == 0).any() or (digits > _MOST_DIGITS).any():
        return None
    # Among equally long references the largest reads largest: only those are turned into numbers.
    widest = digits == digits.max()
    row_digits = values[(starts + letters)[widest][:, None] + np.arange(digits.max())].astype(np.int64) - ord("0")
    rows = row_digits @ 10 ** np.arange(digits.max() - 1, -1, -1, dtype=np.int64)
    widest = letters == letters.max()
    column_letters = (values[starts[widest][:, None] + np.arange(letters.max())] & 0xDF).astype(np.int64) - ord("A") + 1
    columns = column_letters @ 26 ** np.arange(letters.max() - 1, -1, -1, dtype=np.int64)
    return int(rows.max()), int(columns.max())


def _leading(values: np.ndarray, starts: np.ndarray, most: int, accepted) -> np.ndarray:
    """How many bytes from each start `accepted` takes in a row, counting up to `most`."""
    count = np.zeros(len(starts), dtype=np.int64)
    going = np.ones(len(starts), dtype=bool)
    for offset in range(most):
        going &= accepted(values[starts + offset])
        count += going
    return count


def _exact_extent(data: bytes) -> tuple[int, int]:
    """Walk every row and cell tag as a parser does: a cell without a reference follows the one before."""
    last_row = last_column = 0
    row = 0
    column = 0
    numbers: dict[bytes, int] = {}
    for match in _ROW_OR_CELL.finditer(data):
        tag, attributes, closed = match.groups()
        # '<c r="Z9" s="1"/>' and '<c r="Z9"></c>' hold no value: a parser skips them.
        empty = closed or data[match.end() : match.end() + 64].lstrip().startswith(b"</")
        reference = _REFERENCE.search(attributes)
        if tag == b"row":
            row = int(reference.group(2)) if reference and reference.group(2) else row + 1
            column = 0
            continue
        if reference and reference.group(1):
            letters = reference.group(1)
            column = numbers.get(letters) or numbers.setdefault(letters, _column_number(letters))
            if reference.group(2):
                row = int(reference.group(2))
        else:
            column += 1
        if not empty:
            last_row, last_column = max(last_row, row), max(last_column, column)
    return last_row, last_column


def _xlsx_text(data: bytes, lengths: np.ndarray, compact: bool) -> int:
    """Bytes of cell text a parser makes: every cell citing a shared string gets its own copy."""
    if not len(lengths):
        return 0
    string_cells = data.count(b't="s"')
    if compact and string_cells * int(lengths.max()) <= MAX_TEXT_BYTES:
        return string_cells * int(lengths.max())  # an upper bound, and enough
    found = _STRING_INDEX.findall(data) if compact else []
    if len(found) != string_cells or not compact:  # some other spelling: every cell tag, slower
        found = [index for attributes, index in _VALUE_CELL.findall(data) if _SHARED_TYPE.search(attributes)]
    indices = np.array([int(index) for index in found], dtype=np.int64)
    return int(lengths[indices[indices < len(lengths)]].sum())


def _longest_run(data: bytes, opening: np.ndarray) -> tuple[int, str]:
    """Characters of the longest text between two tags, and where it is."""
    if len(opening) < 2:
        return 0, ""
    gaps = np.diff(opening)
    longest = (0, "")
    for index in np.flatnonzero(gaps > MAX_CELL_CHARS)[:10]:
        start, end = int(opening[index]), int(opening[index + 1])
        tag_end = data.find(b">", start, end)
        tag_end = tag_end if tag_end >= 0 else start
        chars = len(html.unescape(data[tag_end + 1 : end].decode("utf-8", "replace")))
        if chars > longest[0]:
            cell = data.rfind(b"<c ", 0, start + 1)
            reference = _REFERENCE.search(data, cell, tag_end + 1) if cell >= 0 else None
            longest = (chars, _cell_name(reference.group(1), reference.group(2)) if reference else "")
    return longest if longest[0] else (int(gaps.max()), "")


def _column_number(letters: bytes | str) -> int:
    number = 0
    for letter in (letters.decode() if isinstance(letters, bytes) else letters).upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _column_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _cell_name(letters: bytes | str, digits: bytes | str) -> str:
    letters = letters.decode() if isinstance(letters, bytes) else letters
    digits = digits.decode() if isinstance(digits, bytes) else digits
    return f"sel {letters}{digits} (baris {digits}, kolom {letters})"


# --- ods ---------------------------------------------------------------------------------------

_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


def _ods_sheets(path: Path, data: bytes) -> list[SheetStats]:
    """Rows and cells with their repeats, as calamine expands them (empty ones are not expanded)."""
    sheets: list[SheetStats] = []
    stack: list[ElementTree.Element] = []
    name, row, last_row, last_column, text, longest = "", 0, 0, 0, 0, (0, "")
    column = width = row_text = 0
    try:
        for event, element in ElementTree.iterparse(BytesIO(data), events=("start", "end")):
            if event == "start":
                stack.append(element)
                if element.tag == f"{_TABLE}table":
                    name = element.get(f"{_TABLE}name", "")
                    row, last_row, last_column, text, longest = 0, 0, 0, 0, (0, "")
                elif element.tag == f"{_TABLE}table-row":
                    column = width = row_text = 0
                continue
            stack.pop()
            if element.tag in (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell"):
                repeat = _repeat(element.get(f"{_TABLE}number-columns-repeated"))
                chars = sum(len(piece) for piece in element.itertext())
                chars += len(element.get(f"{_OFFICE}string-value", ""))
                filled = element.get(f"{_OFFICE}value-type") is not None or len(element) > 0
                if chars > longest[0]:
                    longest = (chars, _cell_name(_column_letters(column + 1), str(row + 1)))
                column += repeat
                if filled:
                    width = column
                    row_text += repeat * max(chars, 1)
                element.clear()
            elif element.tag == f"{_TABLE}table-row":
                repeat = _repeat(element.get(f"{_TABLE}number-rows-repeated"))
                row += repeat
                if width:
                    last_row, last_column = row, max(last_column, width)
                    text += repeat * row_text
                if stack:
                    stack[-1].remove(element)
            elif element.tag == f"{_TABLE}table":
                sheets.append(SheetStats(name, last_row, last_column, text, longest))
                if stack:
                    stack[-1].remove(element)
    except ElementTree.ParseError as error:
        raise NotASpreadsheet(f"{path.name}: content.xml berkas ods rusak ({error}); {SAVE_AS}") from error
    return sheets


def _repeat(value: str | None) -> int:
    return int(value) if value and value.isdigit() and int(value) > 0 else 1


# --- xls: BIFF records in an OLE compound file -------------------------------------------------

_END_OF_CHAIN = 0xFFFFFFFE
_LABEL_SST, _LABEL, _RSTRING, _STRING = 0x00FD, 0x0204, 0x00D6, 0x0207
_SST, _CONTINUE, _BOF, _EOF, _MULRK = 0x00FC, 0x003C, 0x0809, 0x000A, 0x00BD
# Records of a cell with a value (blank cells do not widen what calamine reads).
_VALUE_CELLS = {0x0203, 0x027E, 0x0205, 0x0006, _LABEL_SST, _LABEL, _RSTRING}


def _check_xls(path: Path, size: int) -> Measure:
    stream = _workbook_stream(path, path.read_bytes())
    return _within_limits(path, "xls", size, size, _biff_sheets(path, stream))


def _workbook_stream(path: Path, data: bytes) -> bytes:
    """The 'Workbook' (or 'Book') stream of an OLE compound file, following its sector chains with a
    bound on their length, so that a looping chain is an error, not a hang."""

    def broken(why: str) -> NotASpreadsheet:
        return NotASpreadsheet(f"{path.name}: berkas .xls rusak ({why}); {SAVE_AS}")

    if len(data) < 512:
        raise broken("terlalu pendek")
    sector_size = 1 << struct.unpack_from("<H", data, 0x1E)[0]
    mini_size = 1 << struct.unpack_from("<H", data, 0x20)[0]
    if sector_size not in (512, 4096) or mini_size != 64:
        raise broken("ukuran sektor tidak sah")
    first_directory, = struct.unpack_from("<I", data, 0x30)
    cutoff, first_mini_fat, _, first_difat, difat_sectors = struct.unpack_from("<IIIII", data, 0x38)
    sectors = (len(data) - sector_size) // sector_size + 1

    def sector(number: int) -> bytes:
        start = (number + 1) * sector_size
        if number >= sectors or start >= len(data):
            raise broken(f"sektor {number} di luar berkas")
        return data[start : start + sector_size]

    fat_sectors = [n for n in struct.unpack_from("<109I", data, 0x4C) if n < _END_OF_CHAIN]
    next_difat, seen = first_difat, 0
    while next_difat < _END_OF_CHAIN and seen <= difat_sectors:
        entries = struct.unpack(f"<{sector_size // 4}I", sector(next_difat))
        fat_sectors += [n for n in entries[:-1] if n < _END_OF_CHAIN]
        next_difat, seen = entries[-1], seen + 1
    fat = np.frombuffer(b"".join(sector(n) for n in fat_sectors[:sectors]), dtype="<u4")

    def chain(first: int, table: np.ndarray) -> list[int]:
        numbers, current = [], first
        while current < _END_OF_CHAIN:
            if current >= len(table) or len(numbers) > len(table):
                raise broken("rantai sektor rusak")
            numbers.append(current)
            current = int(table[current])
        return numbers

    directory = b"".join(sector(n) for n in chain(first_directory, fat))
    root = stream = None
    for offset in range(0, len(directory) - 127, 128):
        entry = directory[offset : offset + 128]
        length, kind = struct.unpack_from("<HB", entry, 0x40)
        name = entry[: max(length - 2, 0)].decode("utf-16-le", "replace")
        start, stream_size = struct.unpack_from("<IQ", entry, 0x74)
        if sector_size == 512:
            stream_size &= 0xFFFFFFFF  # version 3 files: the high half is not used and may hold anything
        if kind == 5:
            root = (start, stream_size)
        elif kind == 2 and name in ("Workbook", "Book") and stream is None:
            stream = (start, stream_size)
    if stream is None or root is None:
        raise broken("tidak ada aliran Workbook")
    start, stream_size = stream
    if stream_size > len(data):
        raise broken("ukuran aliran Workbook melebihi berkas")
    if stream_size >= cutoff:
        return b"".join(sector(n) for n in chain(start, fat))[:stream_size]
    mini_fat = np.frombuffer(b"".join(sector(n) for n in chain(first_mini_fat, fat)), dtype="<u4")
    container = b"".join(sector(n) for n in chain(root[0], fat))
    pieces = [container[n * mini_size : (n + 1) * mini_size] for n in chain(start, mini_fat)]
    return b"".join(pieces)[:stream_size]


def _biff_sheets(path: Path, stream: bytes) -> list[SheetStats]:
    """Per sheet (BOF ... EOF), the last row and column with a value and the text its cells make;
    shared strings (SST) are counted at every cell citing them."""
    lengths: list[int] = []
    sheets: list[SheetStats] = []
    position, depth, sheet_number = 0, 0, 0
    last_row = last_column = text = 0
    longest = (0, "")
    while position + 4 <= len(stream):
        record, size = struct.unpack_from("<HH", stream, position)
        body = stream[position + 4 : position + 4 + size]
        position += 4 + size
        if record == _SST:
            continues = []
            while position + 4 <= len(stream) and struct.unpack_from("<H", stream, position)[0] == _CONTINUE:
                extra = struct.unpack_from("<H", stream, position + 2)[0]
                continues.append(stream[position + 4 : position + 4 + extra])
                position += 4 + extra
            lengths = _sst_lengths([body, *continues])
            _check_shared_strings(path, len(lengths), sum(lengths))
        elif record == _BOF:
            depth += 1
            if depth == 1:  # a sheet (the first is the workbook globals); a chart inside one nests
                sheet_number += 1
                last_row = last_column = text = 0
                longest = (0, "")
        elif record == _EOF:
            depth = max(depth - 1, 0)
            if depth == 0 and sheet_number > 1:
                sheets.append(SheetStats(f"ke-{sheet_number - 1}", last_row, last_column, text, longest))
                last_row = last_column = text = 0
        elif (record in _VALUE_CELLS or record == _MULRK) and len(body) >= 6:
            row, column = struct.unpack_from("<HH", body, 0)
            if record == _MULRK:
                column = struct.unpack_from("<H", body, len(body) - 2)[0]
            last_row, last_column = max(last_row, row + 1), max(last_column, column + 1)
            chars = 0
            if record == _LABEL_SST and len(body) >= 10:
                index = struct.unpack_from("<I", body, 6)[0]
                chars = lengths[index] if index < len(lengths) else 0
            elif record in (_LABEL, _RSTRING) and len(body) >= 8:
                chars = struct.unpack_from("<H", body, 6)[0]
            text += chars
            if chars > longest[0]:
                longest = (chars, _cell_name(_column_letters(column + 1), str(row + 1)))
        elif record == _STRING and len(body) >= 2:
            text += struct.unpack_from("<H", body, 0)[0]
    if last_row or text:  # records after the last EOF: calamine may still read them
        sheets.append(SheetStats(f"ke-{max(sheet_number - 1, 1)}", last_row, last_column, text, longest))
    return sheets


def _sst_lengths(segments: list[bytes]) -> list[int]:
    """Characters of every string of an SST record and its CONTINUE records (BIFF8: a string's
    characters may run on into the next record, which then starts with a new flags byte)."""
    if not segments or len(segments[0]) < 8:
        return []
    unique = struct.unpack_from("<I", segments[0], 4)[0]
    lengths: list[int] = []
    segment, offset = 0, 8

    def read(count: int) -> bytes:
        """Bytes that run on into the next record unchanged (headers, formatting runs)."""
        nonlocal segment, offset
        out = b""
        while len(out) < count:
            while offset >= len(segments[segment]):
                segment, offset = segment + 1, 0
                if segment >= len(segments):
                    raise IndexError
            piece = segments[segment][offset : offset + count - len(out)]
            offset += len(piece)
            out += piece
        return out

    try:
        while len(lengths) < min(unique, MAX_CELLS):
            characters, flags = struct.unpack("<HB", read(3))
            runs = struct.unpack("<H", read(2))[0] if flags & 0x08 else 0
            extension = struct.unpack("<I", read(4))[0] if flags & 0x04 else 0
            remaining, wide = characters, flags & 0x01
            while remaining:
                if offset >= len(segments[segment]):
                    segment, offset = segment + 1, 0
                    if segment >= len(segments):
                        raise IndexError
                    wide = read(1)[0] & 0x01
                available = (len(segments[segment]) - offset) // (2 if wide else 1)
                taken = min(remaining, max(available, 1))
                offset += taken * (2 if wide else 1)
                remaining -= taken
            read(4 * runs + extension)
            lengths.append(characters)
    except (IndexError, struct.error):
        pass  # a short table: what was read is what calamine can read
    return lengths


# --- csv and other text ------------------------------------------------------------------------

def _check_text(path: Path, size: int) -> Measure:
    data = path.read_bytes()
    if b"\x00" in data:
        raise NotASpreadsheet(f"{path.name}: berisi byte NUL, bukan berkas teks CSV (mungkin UTF-16 atau biner); "
                              "simpan sebagai 'CSV UTF-8' atau .xlsx")
    values = np.frombuffer(data, dtype=np.uint8)
    breaks = np.flatnonzero((values == 10) | (values == 13))
    edges = np.concatenate(([-1], breaks, [len(data)]))
    lines = np.diff(edges) - 1
    longest = int(lines.max()) if len(lines) else 0
    if longest > MAX_LINE_CHARS:
        line = int(np.argmax(lines))
        number = 1 + int(np.count_nonzero(values[: edges[line] + 1] == 10)) if line else 1
        raise FileRefused(
            f"{path.name} baris {fmt.count(number)}: {fmt.count(longest)} karakter dalam satu baris, melebihi batas "
            f"{fmt.count(MAX_LINE_CHARS)} (satu desa dalam berkas nasional 2024 sebagai csv: paling panjang 163); "
            "berkas ditolak sebelum dibaca"
        )
    fields = 1
    for delimiter in b";,\t|":
        positions = np.flatnonzero(values == delimiter)
        if len(positions):
            per_line = np.bincount(np.searchsorted(breaks, positions))
            fields = max(fields, int(per_line.max()) + 1)
    rows = max(int(np.count_nonzero(values == 10)), int(np.count_nonzero(values == 13))) + 1
    stats = [SheetStats("", rows, fields, size, (longest, ""))]
    return _within_limits(path, "csv", size, size, stats)


# --- the verdict -------------------------------------------------------------------------------

def _within_limits(path: Path, kind: str, size: int, unpacked: int, sheets: list[SheetStats]) -> Measure:
    for sheet in sheets:
        where = f" sheet '{sheet.name}'" if sheet.name else ""
        chars, cell = sheet.longest
        if kind != "csv" and chars > MAX_CELL_CHARS:
            raise FileRefused(
                f"{path.name}{where}{f' {cell}' if cell else ''}: sel berisi {fmt.count(chars)} karakter, melebihi "
                f"batas {fmt.count(MAX_CELL_CHARS)} (nama wilayah kurang dari {LONGEST_NAME} karakter); berkas ditolak "
                "sebelum dibaca"
            )
        if sheet.rows * sheet.columns > MAX_CELLS:
            raise FileRefused(
                f"{path.name}{where}: sel terisi sampai baris {fmt.count(sheet.rows)} dan kolom "
                f"{_column_letters(sheet.columns) if kind != 'csv' else fmt.count(sheet.columns)}, "
                f"{fmt.count(sheet.rows * sheet.columns)} sel, melebihi batas {fmt.count(MAX_CELLS)} sel "
                f"(berkas nasional 2024: {fmt.count(NATIONAL_CELLS)}); berkas ditolak sebelum dibaca"
            )
    text = sum(sheet.text_bytes for sheet in sheets)
    if text > MAX_TEXT_BYTES:
        raise FileRefused(
            f"{path.name}: teks dalam sel-selnya {_megabytes(text)} setelah diurai (teks bersama dihitung di setiap "
            f"sel yang memakainya), melebihi batas {_megabytes(MAX_TEXT_BYTES)} (berkas nasional 2024: "
            f"{_megabytes(NATIONAL_TEXT_BYTES)}); berkas ditolak sebelum dibaca"
        )
    return Measure(
        kind=kind,
        file_bytes=size,
        unpacked_bytes=unpacked,
        cells=max((sheet.rows * sheet.columns for sheet in sheets), default=0),
        text_bytes=text,
        longest_cell=max((sheet.longest[0] for sheet in sheets), default=0),
    )

