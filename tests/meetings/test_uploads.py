"""Hostile uploads are refused and store nothing; good ones are stored through
the storage API and served as attachments, to residents only once public."""

import pytest
from django.conf import settings
from django.urls import reverse

from meetings.models import MeetingDocument
from tests.documents import HOSTILE, PDF_BYTES, docx_bytes, hostile, odt_bytes, upload
from tests.meetings.factories import MeetingFactory
from tests.utils import page_text

pytestmark = pytest.mark.django_db


def stored_files() -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()]


def post(client, meeting, file, **data):
    return client.post(
        reverse("manage:meeting_document_add", args=[meeting.pk]),
        {"kind": "paper", "title": "Report", "file": file, **data},
    )


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_a_hostile_upload_is_refused_and_stores_nothing(client, borough, kind):
    """A renamed program, HTML, SVG, other zips, macros, empty: the form comes
    back with the error summary; no row and no file."""
    meeting = MeetingFactory(partnership=borough.partnership)
    client.force_login(borough.editor)
    response = post(client, meeting, hostile(kind))
    assert response.status_code == 200
    assert "govuk-error-summary" in response.text
    assert "file" in response.context["form"].errors
    assert not MeetingDocument.objects.exists()
    assert stored_files() == []


def test_an_oversized_upload_is_refused_and_stores_nothing(client, borough, settings):
    """Over DOCUMENT_MAX_MB: refused with the limit in the message."""
    settings.DOCUMENT_MAX_MB = 1
    meeting = MeetingFactory(partnership=borough.partnership)
    client.force_login(borough.editor)
    big = upload("papers.pdf", PDF_BYTES + b"0" * (1024 * 1024))
    response = post(client, meeting, big)
    assert response.status_code == 200
    assert "The selected file must be smaller than 1MB" in page_text(response)
    assert not MeetingDocument.objects.exists()
    assert stored_files() == []


def test_no_file_or_no_title_is_a_form_error(client, borough):
    """The GOV.UK error summary names what is missing."""
    meeting = MeetingFactory(partnership=borough.partnership)
    client.force_login(borough.editor)
    response = client.post(
        reverse("manage:meeting_document_add", args=[meeting.pk]), {"kind": "paper"}
    )
    text = page_text(response)
    assert "Select a PDF, ODT or DOCX file" in text
    assert "Enter a title for the document" in text
    assert stored_files() == []


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("agenda.PDF", PDF_BYTES, "application/pdf"),
        ("agenda.odt", odt_bytes(), "application/vnd.oasis.opendocument.text"),
        (
            "agenda",
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ],
)
def test_a_document_is_stored_and_served_with_its_own_type(
    client, borough, name, data, content_type
):
    """Stored under a random name; served to residents as an attachment of the
    type its content shows, with a safe file name."""
    meeting = MeetingFactory(partnership=borough.partnership)
    client.force_login(borough.editor)
    assert post(client, meeting, upload(name, data, "text/html")).status_code == 302
    document = MeetingDocument.objects.get()
    assert document.content_type == content_type
    assert name not in document.file.name
    assert len(stored_files()) == 1
    client.logout()
    response = client.get(
        reverse(
            "meetings:document",
            args=[meeting.partnership.slug, meeting.slug, document.pk],
        )
    )
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith('attachment; filename="report.')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == data


def test_documents_of_draft_meetings_and_unpublished_minutes_are_not_public(
    client, borough
):
    """404 for residents; officers download them from the staff address."""
    draft = MeetingFactory(partnership=borough.partnership, status="draft")
    held = MeetingFactory(partnership=borough.partnership)
    client.force_login(borough.editor)
    post(client, draft, upload("a.pdf", PDF_BYTES))
    post(client, held, upload("m.pdf", PDF_BYTES), kind="minutes", title="Minutes")
    client.logout()
    for document in MeetingDocument.objects.select_related("meeting"):
        meeting = document.meeting
        url = reverse(
            "meetings:document",
            args=[meeting.partnership.slug, meeting.slug, document.pk],
        )
        assert client.get(url).status_code == 404
        # Under another meeting's address, too.
        other = draft if meeting == held else held
        wrong = reverse(
            "meetings:document",
            args=[meeting.partnership.slug, other.slug, document.pk],
        )
        assert client.get(wrong).status_code == 404
    client.force_login(borough.officer)
    for document in MeetingDocument.objects.all():
        staff = client.get(reverse("manage:meeting_document", args=[document.pk]))
        assert staff.status_code == 200
        assert staff["Content-Disposition"].startswith("attachment;")
