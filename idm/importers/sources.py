"""Opening the files the importers read: text in the encodings offices save it in, and the sheets of a
workbook, with the first rows apart (where a header is looked for) and the whole sheet on demand."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

# Excel's "CSV UTF-8" writes a byte-order mark; an ANSI save in an Indonesian Windows is cp1252;
# latin-1 decodes any bytes, so a file always opens and a wrong guess shows in the checks.
TEXT_ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")


def decode(data: bytes) -> str:
    for encoding in TEXT_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AssertionError("unreachable: latin-1 decodes any bytes")


def read_text(path: Path) -> str:
    return decode(Path(path).read_bytes())


@dataclass(frozen=True)
class Sheet:
    name: str
    head: list[list[object]]  # the first rows
    rows: Callable[[], list[list[object]]]  # every row, read when called


def workbook_sheets(path: Path, *, head_rows: int, error: type[Exception]) -> Iterator[Sheet]:
    """The sheets of an xlsx/xls/ods in their order. `error` is raised, naming the file, when it cannot be
    opened as a spreadsheet. Rows keep the empty area above and left of the data, so that row numbers
    match what Excel shows."""
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as problem:  # calamine raises its own error types per format
        raise error(f"{path.name}: tidak bisa dibuka sebagai spreadsheet ({problem})") from problem
    for name in workbook.sheet_names:
        sheet = workbook.get_sheet_by_name(name)

        def rows(sheet=sheet) -> list[list[object]]:
            return sheet.to_python(skip_empty_area=False)

        yield Sheet(name, sheet.to_python(skip_empty_area=False, nrows=head_rows), rows)
