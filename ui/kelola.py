"""What the Kelola data page keeps between its reruns: the plan of a received file, once per upload and
version of the database (a plan of the big national file takes seconds; typing a name reruns the page).

The plan is made again when the database changed (another session applied a file): a page never
shows a plan against a database that is gone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from idm import config, database
from idm.database import WriteError
from idm.importers import common, uploads
from idm.importers.errors import IdmFileError, NotAnIdmFile
from idm.importers.incoming import plan_file

LIMIT_MB = uploads.MAX_BYTES // 2**20  # as Streamlit counts the upload limit (server.maxUploadSize)

# Streamlit's uploader speaks English ("Upload", "50MB per file", "File must be 50.0MB or smaller") and has
# no setting for its words: they are replaced here by Indonesian ones, and the page says the limit too.
UPLOADER_CSS = f"""
<style>
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {{ font-size: 0 !important; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after {{
  content: "Pilih berkas"; font-size: 1rem; }}
[data-testid="stFileUploaderDropzoneInstructions"] span {{ font-size: 0 !important; }}
[data-testid="stFileUploaderDropzoneInstructions"] span::after {{
  content: "atau seret berkas ke sini · paling besar {LIMIT_MB} MB"; font-size: 0.95rem; }}
[data-testid="stFileChip"][aria-invalid="true"]::after {{
  content: "lebih dari {LIMIT_MB} MB: tidak dikirim"; font-size: 0.85rem; color: #a51f2d; margin-left: 0.6rem; }}
</style>
"""


@dataclass(frozen=True)
class Planned:
    """A received file, read and compared with the database: its plan and the figures before and after,
    or why it is refused (the database is then untouched)."""

    name: str  # the browser's name (shown escaped)
    plan: common.Plan | None
    preview: common.Preview | None
    refusal: str | None  # in Indonesian, naming the row and column where the file says

    @property
    def kind(self) -> str | None:
        return common.KINDS[self.plan.kind] if self.plan is not None else None


@st.cache_resource(show_spinner=False, max_entries=8, ttl=3600)
def _planned(token: str, version: database.Version, options: tuple) -> Planned | None:
    target = Path(version.path)
    upload = uploads.get(token, target=target)
    if upload is None:
        return None
    try:
        plan = plan_file(upload.path, target, name=upload.name, **dict(options))
    except (WriteError, IdmFileError, NotAnIdmFile) as error:
        return Planned(upload.name, None, None, str(error))
    if not plan.writes:
        return Planned(upload.name, plan, None, None)
    try:
        preview = common.preview(plan, scratch=upload.folder)
    except WriteError as error:  # the final checks would refuse the write: say so before the button
        return Planned(upload.name, plan, None, str(error))
    return Planned(upload.name, plan, preview, None)


def planned(token: str, *, replace: bool = False, year: int | None = None,
            province: str | None = None) -> Planned | None:
    """The plan of the upload `token` against the database as it is now (idm.importers.incoming.plan_file with
    these options); None when the upload is gone."""
    options = (("province", province), ("replace", replace), ("year", year))
    return _planned(token, database.version_of(config.db_path()), options)
