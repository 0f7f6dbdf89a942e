"""Small genuine files of every kind the evidence upload meets, built in memory."""

import io
import struct
import zipfile
import zlib

import openpyxl

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/{part}" ContentType="{content_type}"/>'
    "{extra}</Types>"
)


def png(width: int = 2, height: int = 2) -> bytes:
    """A real PNG image (grey pixels)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    rows = b"".join(b"\x00" + b"\x80\x80\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def pdf(padding: int = 0) -> bytes:
    return b"%PDF-1.4\n1 0 obj <<>> endobj\n" + b"%" * padding + b"\ntrailer <<>>\n%%EOF\n"


def jpeg() -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "NPS 2026"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def office(part: str, content_type: str, *, extra_parts=(), extra_types="") -> bytes:
    """A zip shaped like an Office document: its content types and its main part."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            CONTENT_TYPES.format(part=part, content_type=content_type, extra=extra_types),
        )
        archive.writestr(part, "<document/>")
        for name in extra_parts:
            archive.writestr(name, b"\x00binary")
    return buffer.getvalue()


def docx() -> bytes:
    return office(
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    )


def pptx() -> bytes:
    return office(
        "ppt/presentation.xml",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    )


def xlsm() -> bytes:
    """A macro-enabled workbook (as an .xlsm renamed .xlsx would be)."""
    return office(
        "xl/workbook.xml",
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        extra_parts=["xl/vbaProject.bin"],
        extra_types='<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>',
    )


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")  # no [Content_Types].xml
    return buffer.getvalue()
