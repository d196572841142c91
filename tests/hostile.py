"""Hostile files, written by the tests themselves: zip bombs, giant cells, lying archives, web pages
saved as .xls. Each writer takes the path to write and returns it.

The xlsx files are written member by member (zipfile, no spreadsheet library), so that a test can
say exactly what an attacker would put in them.
"""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Iterable
from pathlib import Path

HEADER_2024 = ["KODE_PROV", "NAMA_PROVINSI", "KODE_KAB", "NAMA_KABUPATEN", "KODE_KEC", "NAMA_KECAMATAN",
               "KODE_DESA", "NAMA_DESA", "IKS_2024", "IKE_2024", "IKL_2024", "NILAI_IDM_2024", "STATUS_IDM_2024",
               "Keterangan"]

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="IDM 2024" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
    'Target="sharedStrings.xml"/></Relationships>'
)
_SHEET_START = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
_SHEET_END = "</sheetData></worksheet>"


def column_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


class Strings:
    """The shared-strings table of an xlsx being written."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def __call__(self, text: str) -> int:
        return self.index.setdefault(text, len(self.index))

    def xml_pieces(self) -> Iterable[str]:
        yield ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
               '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
        for text in self.index:
            yield f"<si><t>{text}</t></si>"
        yield "</sst>"


def row_xml(number: int, values: list[object], strings: Strings) -> str:
    cells = []
    for column, value in enumerate(values, 1):
        reference = f"{column_letters(column)}{number}"
        if value is None:
            continue
        if isinstance(value, (int, float)):
            cells.append(f'<c r="{reference}"><v>{value}</v></c>')
        else:
            cells.append(f'<c r="{reference}" t="s"><v>{strings(str(value))}</v></c>')
    return f'<row r="{number}">{"".join(cells)}</row>'


def write_xlsx(path: Path, rows: Iterable[list[object]], *, sheet_rows: Iterable[str] = (),
               compression: int = zipfile.ZIP_DEFLATED) -> Path:
    """An xlsx of `rows` (then any raw `<row>` xml in `sheet_rows`), strings shared as Excel does."""
    strings = Strings()
    sheet = [row_xml(number, list(values), strings) for number, values in enumerate(rows, 1)]
    with zipfile.ZipFile(path, "w", compression) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            member.write(_SHEET_START.encode())
            for piece in (*sheet, *sheet_rows):
                member.write(piece.encode())
            member.write(_SHEET_END.encode())
        with archive.open("xl/sharedStrings.xml", "w") as member:
            for piece in strings.xml_pieces():
                member.write(piece.encode())
    return path


def village(code: str, name: str = "DESA UJI", idm: float = 0.7337) -> list[object]:
    """A 2024 row; its names are those of Kab. Banjar, Kalimantan Selatan."""
    return [code[:2], "KALIMANTAN SELATAN", code[:4], "BANJAR", code[:6], "ALUH ALUH", code, name,
            idm, idm, idm, idm, "MAJU", "Server PDN"]


def shared_string_bomb(path: Path, *, names: int = 300, name_bytes: int = 1 << 20) -> Path:
    """The file of the report: `names` made-up villages (6303010000 + i, in no gazetteer) whose names
    are `name_bytes` long, with the names of province 63, regency 6303 and district 630301 blanked.
    300 names of 1 MB: a 300 kB file whose shared strings unpack to 300 MB."""
    block = b"A" * (1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            member.write(_SHEET_START.encode())
            header = "".join(f'<c r="{column_letters(c)}1" t="inlineStr"><is><t>{h}</t></is></c>'
                             for c, h in enumerate(HEADER_2024, 1))
            member.write(f'<row r="1">{header}</row>'.encode())
            for i in range(names):
                code = str(6303010000 + i)
                row = (f'<row r="{i + 2}"><c r="A{i + 2}"><v>63</v></c><c r="C{i + 2}"><v>6303</v></c>'
                       f'<c r="E{i + 2}"><v>630301</v></c><c r="G{i + 2}"><v>{code}</v></c>'
                       f'<c r="H{i + 2}" t="s"><v>{i}</v></c><c r="L{i + 2}"><v>0.8</v></c></row>')
                member.write(row.encode())
            member.write(_SHEET_END.encode())
        with archive.open("xl/sharedStrings.xml", "w") as member:
            member.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                         b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            for _ in range(names):
                member.write(b"<si><t>")
                for _ in range(name_bytes // len(block)):
                    member.write(block)
                member.write(block[: name_bytes % len(block)])
                member.write(b"</t></si>")
            member.write(b"</sst>")
    return path


def rewrite_declared_size(path: Path, member: str, size: int) -> Path:
    """Make the archive lie about `member`'s unpacked size, in its local header and its directory."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    local = data.find(b"PK\x03\x04")
    while local >= 0:
        name_length = struct.unpack_from("<H", data, local + 26)[0]
        if bytes(data[local + 30 : local + 30 + name_length]) == name:
            struct.pack_into("<I", data, local + 22, size)
            break
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central >= 0:
        name_length = struct.unpack_from("<H", data, central + 28)[0]
        if bytes(data[central + 46 : central + 46 + name_length]) == name:
            struct.pack_into("<I", data, central + 24, size)
        central = data.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(data))
    return path


def write_ods(path: Path, rows: list[str]) -> Path:
    """An ods whose single table holds the raw `<table:table-row>` xml given."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="IDM 2024">'
        + "".join(rows)
        + "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


def ods_row(values: list[object], *, repeat_row: int = 1, repeat_cells: int = 1) -> str:
    cells = []
    for value in values:
        if isinstance(value, (int, float)):
            cells.append(f'<table:table-cell office:value-type="float" office:value="{value}" '
                         f'table:number-columns-repeated="{repeat_cells}"><text:p>{value}</text:p></table:table-cell>')
        else:
            cells.append(f'<table:table-cell office:value-type="string" table:number-columns-repeated="{repeat_cells}">'
                         f'<text:p>{value}</text:p></table:table-cell>')
    return f'<table:table-row table:number-rows-repeated="{repeat_row}">{"".join(cells)}</table:table-row>'


def write_xls(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    import xlwt  # writes BIFF8, the .xls that regency offices still circulate

    workbook = xlwt.Workbook()
    for title, rows in sheets.items():
        sheet = workbook.add_sheet(title)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.write(r, c, value)
    workbook.save(str(path))
    return path


WEB_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Data IDM 2024</title></head>
<body><table border="1">
<tr><th>KODE_DESA</th><th>NAMA_DESA</th><th>NILAI_IDM_2024</th><th>STATUS_IDM_2024</th></tr>
<tr><td>6303012001</td><td>BAKAMBAT</td><td>0,7337</td><td>MAJU</td></tr>
</table></body></html>
"""

XML_2003 = """<?xml version="1.0"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <Worksheet ss:Name="IDM 2024"><Table><Row><Cell><Data ss:Type="String">KODE_DESA</Data></Cell></Row></Table>
 </Worksheet>
</Workbook>
"""
