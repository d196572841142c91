"""Readers of the official files: read, normalise and validate before anything is built."""

from idm.importers.idm_file import VILLAGE_COLUMNS, IdmFile, IdmFileError, NotAnIdmFile, read_idm_file

__all__ = ["VILLAGE_COLUMNS", "IdmFile", "IdmFileError", "NotAnIdmFile", "read_idm_file"]
