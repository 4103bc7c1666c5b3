"""Documents: accepted by their content only, stored under random names, served
as attachments of their own type."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import Http404

from portal.core import documents
from tests.documents import (
    HOSTILE,
    PDF_BYTES,
    docx_bytes,
    hostile,
    odt_bytes,
    pdf,
    upload,
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (PDF_BYTES, documents.PDF),
        (odt_bytes(), documents.ODT),
        (docx_bytes(), documents.DOCX),
    ],
    ids=["pdf", "odt", "docx"],
)
def test_pdf_odt_and_docx_are_told_apart_by_content(data, expected):
    """Whatever the name and claimed type, the content decides."""
    file = upload("whatever.txt", data, content_type="text/plain")
    assert documents.document_validate(file) == expected


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_files_are_refused(kind):
    """Programs, HTML, SVG, other zips, macros and empty files: refused."""
    with pytest.raises(ValidationError):
        documents.document_validate(hostile(kind))


def test_an_oversized_file_is_refused_before_its_type_is_read(settings):
    """Over DOCUMENT_MAX_MB: refused with the limit in the message."""
    settings.DOCUMENT_MAX_MB = 1
    big = upload("big.pdf", PDF_BYTES + b"0" * (1024 * 1024))
    with pytest.raises(ValidationError) as refused:
        documents.document_validate(big)
    assert refused.value.messages == ["The selected file must be smaller than 1MB"]


def test_a_refused_file_stores_nothing(media_root):
    """document_store refuses before writing."""
    with pytest.raises(ValidationError):
        documents.document_store(hostile("html"), folder="meetings")
    assert not (media_root / "meetings").exists()


def test_a_stored_document_gets_a_random_name_and_its_own_extension():
    """The uploader's name is never used; the extension follows the content."""
    stored = documents.document_store(
        upload("../../etc/passwd.exe", PDF_BYTES), folder="meetings"
    )
    assert stored.name.startswith("meetings/")
    assert stored.name.endswith(".pdf")
    assert "passwd" not in stored.name
    assert stored.size == len(PDF_BYTES)
    assert default_storage.exists(stored.name)


def stored_file(name: str) -> SimpleNamespace:
    """What ``document_response`` reads: a file field's name and storage."""
    return SimpleNamespace(name=name, storage=default_storage)


def test_a_document_is_served_as_an_attachment_of_its_own_type():
    """Content type from the content, attachment, safe name, nosniff."""
    stored = documents.document_store(pdf(), folder="meetings")
    response = documents.document_response(
        file=stored_file(stored.name), title='Minutes: "annual" <meeting>'
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="minutes-annual-meeting.pdf"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_a_stored_file_that_is_not_a_document_is_not_served():
    """A file put in storage some other way (before checks) answers 404."""
    name = default_storage.save("plans/old.pdf", hostile("html"))
    with pytest.raises(Http404):
        documents.document_response(file=stored_file(name), title="Old plan")
    with pytest.raises(Http404):
        documents.document_response(file=stored_file("plans/missing.pdf"), title="Gone")
