"""Documents officers upload (meeting papers and minutes, plan PDFs): checked,
stored and served.

Only PDF, ODT and DOCX files are accepted, told apart by their content, never
by their name or the type the browser claims:

* PDF starts with ``%PDF-``;
* ODT is a zip whose first entry is ``mimetype``, holding exactly
  ``application/vnd.oasis.opendocument.text`` (OpenDocument 1.2, part 3,
  section 3.3);
* DOCX is a zip whose ``[Content_Types].xml`` declares the main part of a
  word-processing document (ECMA-376 part 2), without macros.

Anything else (a renamed program, HTML, SVG, a spreadsheet, a zip of other
things) is refused, as is an empty file or one over ``DOCUMENT_MAX_MB``, and
nothing is stored. Accepted files are written through Django's storage API
(``default_storage``, ``STORAGES["default"]``) under a random name, never the
uploader's. They are served by the apps' views through ``document_response``,
read through the file field's storage (a folder, or an S3 bucket): the stored
file's own type, as an attachment with a safe file name, ``nosniff`` and no
caching by shared caches.
"""

import dataclasses
import hashlib
import re
import uuid
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.utils.text import slugify

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
DOCX_MAIN = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
)
# [Content_Types].xml is a few kilobytes; a bigger one is not a real document.
CONTENT_TYPES_MAX_BYTES = 1024 * 1024
CHUNK = 64 * 1024

WRONG_TYPE = "The selected file must be a PDF, ODT or DOCX"
EMPTY = "The selected file is empty"


@dataclasses.dataclass(frozen=True)
class DocumentType:
    extension: str
    content_type: str
    label: str


PDF = DocumentType("pdf", "application/pdf", "PDF")
ODT = DocumentType("odt", ODT_MIMETYPE.decode(), "ODT")
DOCX = DocumentType(
    "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "DOCX",
)
TYPES = {t.content_type: t for t in (PDF, ODT, DOCX)}


@dataclasses.dataclass(frozen=True)
class StoredDocument:
    """Where a checked upload was stored, and what it is."""

    name: str  # the storage name, e.g. "meetings/3f2a....pdf"
    type: DocumentType
    size: int
    sha256: str


def max_bytes() -> int:
    return settings.DOCUMENT_MAX_MB * 1024 * 1024


def upload_max_bytes() -> int:
    """The largest request body an upload view accepts (``allow_uploads``):
    the largest document and a megabyte for the rest of the form."""
    return max_bytes() + 1024 * 1024


def _zip_type(file) -> DocumentType | None:
    try:
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
            if not entries:
                return None
            first = entries[0]
            if (
                first.filename == "mimetype"
                and first.compress_type == zipfile.ZIP_STORED
                and first.file_size == len(ODT_MIMETYPE)
                and archive.read(first) == ODT_MIMETYPE
            ):
                return ODT
            types = next(
                (e for e in entries if e.filename == "[Content_Types].xml"), None
            )
            if types is None or types.file_size > CONTENT_TYPES_MAX_BYTES:
                return None
            declared = archive.read(types).decode("utf-8", errors="replace")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        return None
    except NotImplementedError:  # a compression method zipfile cannot read
        return None
    if "macroEnabled" in declared:
        return None
    content_types = re.findall(r'ContentType="([^"]+)"', declared)
    if DOCX_MAIN in content_types:
        return DOCX
    return None


def document_type_of(file) -> DocumentType | None:
    """PDF, ODT or DOCX from the file's content, or None. Leaves it rewound."""
    file.seek(0)
    head = file.read(len(PDF_MAGIC))
    file.seek(0)
    if head == PDF_MAGIC:
        return PDF
    found = _zip_type(file) if head[:4] == ZIP_MAGIC else None
    file.seek(0)
    return found


def _size(file) -> int:
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
        file.seek(0)
    return size


def document_validate(file) -> DocumentType:
    """The upload's type; ``ValidationError`` in the GOV.UK voice if refused."""
    size = _size(file)
    if size == 0:
        raise ValidationError(EMPTY, code="empty")
    if size > max_bytes():
        raise ValidationError(
            f"The selected file must be smaller than {settings.DOCUMENT_MAX_MB}MB",
            code="too_big",
        )
    found = document_type_of(file)
    if found is None:
        raise ValidationError(WRONG_TYPE, code="wrong_type")
    return found


def validate_document_file(file) -> None:
    """A model or form field validator: the file must be an acceptable document."""
    document_validate(file)


def document_store(file, *, folder: str) -> StoredDocument:
    """Check the upload, then write it under ``folder/<random>.<ext>``.

    Raises ``ValidationError`` before writing anything if it is refused.
    """
    found = document_validate(file)
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in iter(lambda: file.read(CHUNK), b""):
        digest.update(chunk)
    file.seek(0)
    name = default_storage.save(f"{folder}/{uuid.uuid4().hex}.{found.extension}", file)
    return StoredDocument(
        name=name, type=found, size=_size(file), sha256=digest.hexdigest()
    )


def document_delete(name: str) -> None:
    """Remove a stored file; a file already gone is no error."""
    if name:
        default_storage.delete(name)


def download_name(title: str, document_type: DocumentType) -> str:
    """A safe file name for the download: letters, digits and hyphens."""
    return f"{slugify(title)[:80] or 'document'}.{document_type.extension}"


def document_response(*, file, title: str) -> FileResponse:
    """Serve a stored document (a ``FieldFile``, read through its field's
    storage); 404 if there is none, it is gone, or it is not a document (a file
    stored before uploads were checked).

    The type comes from the file's content. It is always an attachment: a
    document opens in the reader's own program, never as a page of this site.
    """
    if not file or not file.name:
        raise Http404
    try:
        handle = file.storage.open(file.name, "rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
    found = document_type_of(handle)
    if found is None:
        handle.close()
        raise Http404
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(title, found),
        content_type=found.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=0"
    return response
