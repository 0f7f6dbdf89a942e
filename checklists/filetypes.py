"""Which evidence files are accepted: recognised from their content, never from their name or
the browser's content type.

PDF, PNG and JPEG by their signatures. XLSX, DOCX and PPTX are zip files: the zip must open and
hold `[Content_Types].xml` and the main part of that kind of document, and must not declare a
macro-enabled main part (an .xlsm renamed .xlsx is refused).
"""

import zipfile
from dataclasses import dataclass
from typing import IO


@dataclass(frozen=True)
class FileType:
    extension: str  # the stored file's extension, with its dot
    content_type: str  # what the download is served as
    label: str  # what the consultant calls it
    other_extensions: tuple[str, ...] = ()  # also usual for the type, kept in a download's name

    @property
    def extensions(self) -> tuple[str, ...]:
        return (self.extension, *self.other_extensions)


PDF = FileType(".pdf", "application/pdf", "PDF")
PNG = FileType(".png", "image/png", "PNG")
JPEG = FileType(".jpg", "image/jpeg", "JPEG", (".jpeg",))
XLSX = FileType(
    ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX"
)
DOCX = FileType(
    ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX"
)
PPTX = FileType(
    ".pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", "PPTX"
)
ACCEPTED = (PDF, PNG, JPEG, XLSX, DOCX, PPTX)
BY_CONTENT_TYPE = {kind.content_type: kind for kind in ACCEPTED}

SIGNATURES = {b"%PDF-": PDF, b"\x89PNG\r\n\x1a\n": PNG, b"\xff\xd8\xff": JPEG}
ZIP_SIGNATURE = b"PK\x03\x04"
# The main part that makes a zip an Office document of each kind.
OOXML_MAIN_PARTS = {
    "xl/workbook.xml": XLSX,
    "word/document.xml": DOCX,
    "ppt/presentation.xml": PPTX,
}
# Content types of macro-enabled main parts (.xlsm, .docm, .pptm and their templates).
MACRO_MARKERS = (b"macroEnabled", b"vbaProject")
# Enough of [Content_Types].xml to read it; a real one is a few KB.
CONTENT_TYPES_MAX_BYTES = 1024 * 1024


def recognise(file: IO[bytes]) -> FileType | None:
    """The accepted type of the file's content, or None. Reads from the start; leaves the
    position at the start again."""
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    for signature, kind in SIGNATURES.items():
        if head.startswith(signature):
            return kind
    if head.startswith(ZIP_SIGNATURE):
        try:
            return office_type(file)
        finally:
            file.seek(0)
    return None


def office_type(file: IO[bytes]) -> FileType | None:
    """XLSX, DOCX or PPTX if the zip is one of them, without macros; else None."""
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names:
                return None
            kinds = [kind for part, kind in OOXML_MAIN_PARTS.items() if part in names]
            if len(kinds) != 1:
                return None
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > CONTENT_TYPES_MAX_BYTES:
                return None
            declared = archive.read(info)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, KeyError):
        return None
    if any(marker.lower() in declared.lower() for marker in MACRO_MARKERS):
        return None
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        return None
    return kinds[0]
