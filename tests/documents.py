"""Sample uploads, good and hostile, built in memory."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
DOCX_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    b"</Types>"
)


def _zip(entries: list[tuple[str, bytes, int]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data, method in entries:
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=method)
    return buffer.getvalue()


def odt_bytes() -> bytes:
    return _zip(
        [
            ("mimetype", ODT_MIMETYPE, zipfile.ZIP_STORED),
            ("content.xml", b"<office:document-content/>", zipfile.ZIP_DEFLATED),
        ]
    )


def docx_bytes(types: bytes = DOCX_TYPES) -> bytes:
    return _zip(
        [
            ("[Content_Types].xml", types, zipfile.ZIP_DEFLATED),
            ("word/document.xml", b"<w:document/>", zipfile.ZIP_DEFLATED),
        ]
    )


def upload(name: str, data: bytes, content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def pdf(name: str = "agenda.pdf"):
    return upload(name, PDF_BYTES)


# Hostile files, each named and labelled as if it were a PDF or Word file.
HOSTILE = {
    "renamed program": ("agenda.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200),
    "html": ("agenda.pdf", b"<!DOCTYPE html><script>alert(1)</script>"),
    "svg": (
        "minutes.pdf",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>',
    ),
    "zip of other things": ("papers.docx", None),
    "macro-enabled word file": ("papers.docx", None),
    "empty": ("agenda.pdf", b""),
}


def hostile(kind: str):
    name, data = HOSTILE[kind]
    if kind == "zip of other things":
        data = _zip([("evil.exe", b"MZ", zipfile.ZIP_DEFLATED)])
    elif kind == "macro-enabled word file":
        data = docx_bytes(
            DOCX_TYPES.replace(
                b"officedocument.wordprocessingml.document.main+xml",
                b"ms-word.document.macroEnabled.main+xml",
            )
        )
    return upload(name, data)
