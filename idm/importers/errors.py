"""Why a file is not imported. The message of each says what is wrong, where, and how to fix it."""

from __future__ import annotations


class NotAnIdmFile(Exception):
    """Not an IDM file (no IDM header row, or not a spreadsheet at all): a build lists it and skips it."""


class IdmFileError(Exception):
    """An IDM file that cannot be imported; the message says why and how to fix it."""


class FileRefused(IdmFileError):
    """Beyond the limits of any real IDM file: refused before a parser expanded it."""


class NotASpreadsheet(NotAnIdmFile):
    """Something else under a spreadsheet's name: a web page saved as .xls, a folder, an .xlsb."""
