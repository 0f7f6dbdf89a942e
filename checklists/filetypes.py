"""Which evidence files are accepted: recognised from their content, never from their name or
the browser's content type.

PDF, PNG and JPEG by their signatures. XLSX, DOCX and PPTX are zip files: the zip must open and
hold `[Content_Types].xml` and the main part of that kind of document, and must not declare a
macro-enabled main part (an .xlsm renamed .xlsx is refused).

Such a zip is then checked before it is accepted (`check_size`, `check_content`), because the
consultant and the client open it in Office: it must not unpack to more than the limits (a zip
bomb: 1 MB that unpacks to 1 GiB), hold another archive (except an Office document embedded
the way Office embeds one, such as the workbook behind every chart in a deck or a document,
which is checked in the same way), or make Office fetch or run something from elsewhere (a
remote template, an external or DDE link, a data connection). Those are refused with `Refused`,
which says why.
"""

import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from typing import IO
from xml.etree import ElementTree

from django.conf import settings
from django.utils.translation import gettext as _

from cxscan.numbers import megabytes


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


# The zip inside an Office document, checked before it is accepted. Settings of the same names
# (EVIDENCE_ZIP_...) change them; tests do.
ZIP_MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # a 10 MB workbook unpacks to some 100 MB of XML
ZIP_MAX_RATIO = 100  # unpacked size / packed size; real documents stay well below
ZIP_RATIO_FREE_BYTES = 1024 * 1024  # below this unpacked size any ratio is fine (tiny XML parts)
ZIP_MAX_MEMBERS = 2000
# Archives and compressed files by their first bytes: zip, 7-Zip, RAR, gzip, bzip2, xz, cabinet.
ARCHIVE_SIGNATURES = (
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"7z\xbc\xaf\x27\x1c",
    b"Rar!\x1a\x07",
    b"\x1f\x8b",
    b"BZh",
    b"\xfd7zXZ\x00",
    b"MSCF",
)
# Relationships to elsewhere that Office follows by itself (a remote template, an external
# workbook, a linked object or picture); a hyperlink is followed only when clicked.
FOLLOWED_ON_A_CLICK = ("/hyperlink",)
RELS_MAX_BYTES = 1024 * 1024
# Parts that link a workbook to elsewhere: external workbooks and DDE links, data connections.
LINKING_PARTS = re.compile(r"^xl/(externalLinks/|connections\.xml$|queryTables/)", re.IGNORECASE)
# A DDE formula in a cell (`=cmd|' /C calc'!A0`): a "|" is no operator in a formula otherwise.
DDE_FORMULA = re.compile(rb"<(?:\w+:)?f\b[^>]*>[^<]*\|")
# A DDE or DDEAUTO field in a Word document.
DDE_FIELD = re.compile(rb"(?:<(?:\w+:)?instrText\b[^>]*>|\binstr=[\"'])\s*DDE", re.IGNORECASE)
SCANNED_PARTS = re.compile(r"^(xl/worksheets/|word/).*\.xml$", re.IGNORECASE)
# Where Office keeps an embedded Office document (the workbook behind a chart in a deck or a
# document, an embedded object): accepted when it passes the same checks, one level deep.
EMBEDDED_OFFICE = re.compile(r"^(word|xl|ppt)/embeddings/[^/]+\.(xlsx|docx|pptx)$", re.IGNORECASE)


class Refused(Exception):
    """A file of an accepted type that is refused all the same; `message` says why."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.message = message
        self.status = status


def limit(name: str) -> int:
    return getattr(settings, f"EVIDENCE_{name}", globals()[name])


def recognise(file: IO[bytes]) -> FileType | None:
    """The accepted type of the file's content, or None; raises `Refused` for an Office document
    that fails `check_size` or `check_content`. Reads from the start; leaves the position at the
    start again."""
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


# What a damaged or unusual zip raises while it is read (encrypted or unknown compression:
# RuntimeError and NotImplementedError; a damaged deflate stream: zlib.error).
UNREADABLE_ZIP = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    OSError,
    ValueError,
    KeyError,
    RuntimeError,
    EOFError,
    zlib.error,
)


def office_type(file: IO[bytes]) -> FileType | None:
    """XLSX, DOCX or PPTX if the zip is one of them, without macros; else None. Raises `Refused`
    if it is one but fails `check_size` or `check_content`."""
    try:
        with zipfile.ZipFile(file) as archive:
            check_size(archive)
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
            if any(marker.lower() in declared.lower() for marker in MACRO_MARKERS):
                return None
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                return None
            check_content(archive)
    except UNREADABLE_ZIP:
        return None
    return kinds[0]


def check_size(archive: zipfile.ZipFile) -> None:
    """Refuse a zip that unpacks to too much, by what its directory declares (nothing is unpacked
    here): too many parts, too many bytes, or too many bytes for its size (a zip bomb)."""
    infos = archive.infolist()
    if len(infos) > limit("ZIP_MAX_MEMBERS"):
        raise Refused(
            _("This file holds %(count)d parts; at most %(max)d fit.")
            % {"count": len(infos), "max": limit("ZIP_MAX_MEMBERS")},
            status=413,
        )
    unpacked = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos)
    if unpacked > limit("ZIP_MAX_UNPACKED_BYTES"):
        raise Refused(
            _("This file unpacks to %(size)s MB; at most %(max)s MB fit.")
            % {"size": megabytes(unpacked), "max": megabytes(limit("ZIP_MAX_UNPACKED_BYTES"))},
            status=413,
        )
    ratio = unpacked / max(packed, 1)
    if unpacked > limit("ZIP_RATIO_FREE_BYTES") and ratio > limit("ZIP_MAX_RATIO"):
        raise Refused(
            _(
                "This file unpacks to %(ratio)d times its size, as a zip bomb does; at most "
                "%(max)d times is accepted."
            )
            % {"ratio": ratio, "max": limit("ZIP_MAX_RATIO")},
            status=413,
        )


def check_content(archive: zipfile.ZipFile, *, embedded: bool = False) -> None:
    """Refuse an Office document holding another archive (but an Office document embedded where
    Office embeds one, itself checked the same way with nothing embedded in turn), or making
    Office fetch or run something from elsewhere. Reads at most what `check_size` let through."""
    elsewhere = Refused(
        _(
            "This file makes Office fetch or run something from elsewhere (a remote template, "
            "an external or DDE link, a data connection), so it is not accepted."
        ),
        status=415,
    )
    for info in archive.infolist():
        if info.is_dir():
            continue
        with archive.open(info) as part:
            if part.read(8).startswith(ARCHIVE_SIGNATURES):
                if not embedded and EMBEDDED_OFFICE.match(info.filename):
                    check_embedded(archive.read(info))
                    continue
                raise Refused(
                    _("This file holds another archive inside it, which is not accepted."),
                    status=415,
                )
        if LINKING_PARTS.match(info.filename):
            raise elsewhere
        if info.filename.lower().endswith(".rels") and links_elsewhere(archive, info):
            raise elsewhere
        if SCANNED_PARTS.match(info.filename) and has_dde(archive.read(info)):
            raise elsewhere


def check_embedded(content: bytes) -> None:
    """An Office document inside another: the same limits and checks, and no macros."""
    with zipfile.ZipFile(io.BytesIO(content)) as inner:
        check_size(inner)
        if any(name.lower().endswith("vbaproject.bin") for name in inner.namelist()):
            raise Refused(
                _("This file holds another archive inside it, which is not accepted."),
                status=415,
            )
        check_content(inner, embedded=True)


def has_dde(text: bytes) -> bool:
    # The quick test first: most parts hold no "|" and no "DDE" at all.
    return (b"|" in text and bool(DDE_FORMULA.search(text))) or (
        b"DDE" in text.upper() and bool(DDE_FIELD.search(text))
    )


def links_elsewhere(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether a relationships part links to elsewhere in a way Office follows by itself."""
    if info.file_size > RELS_MAX_BYTES:
        return True
    try:
        root = ElementTree.fromstring(archive.read(info))
    except ElementTree.ParseError:
        return True  # Office would not read it either
    return any(
        element.tag.endswith("Relationship")
        and element.get("TargetMode", "").lower() == "external"
        and not element.get("Type", "").endswith(FOLLOWED_ON_A_CLICK)
        for element in root.iter()
    )
