"""Large request bodies are refused before anything reads or spools them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.fakes import RecordingUploadHandler
from tests.utils import sign_in

MB = 1024 * 1024


@pytest.fixture
def recorded(settings):
    settings.FILE_UPLOAD_HANDLERS = [
        "tests.fakes.RecordingUploadHandler",
        "django.core.files.uploadhandler.MemoryFileUploadHandler",
        "django.core.files.uploadhandler.TemporaryFileUploadHandler",
    ]
    RecordingUploadHandler.started.clear()
    return RecordingUploadHandler.started


def big_file(size=6 * MB):
    return SimpleUploadedFile("big.csv", b"x" * size, content_type="text/csv")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/account/sign-in/",
        "/account/password-reset/",
        "/consultations/",
        "/manage/crime-data/",
        "/no-such-page/",
    ],
)
def test_an_anonymous_large_post_is_refused_unread(client, recorded, url):
    """6 MB sent anonymously (to a form, a page, or even the upload view):
    413 in the site layout, and no file was started, so none was spooled."""
    response = client.post(url, {"file": big_file()})
    assert response.status_code == 413
    assert "what you sent is too large" in response.text
    assert 'class="govuk-generic-header"' in response.text  # the site layout
    assert recorded == []


@pytest.mark.django_db
def test_a_signed_in_officer_is_refused_a_large_post_outside_upload_views(
    client, recorded, two_partnerships
):
    """Signed in is not enough: only upload views take large bodies."""
    sign_in(client, two_partnerships["users"]["editor_a"])
    response = client.post(reverse("manage:dashboard"), {"file": big_file(2 * MB)})
    assert response.status_code == 413
    assert recorded == []


@pytest.mark.django_db
def test_an_editor_can_still_upload_a_large_crime_file(
    client, recorded, two_partnerships, settings, tmp_path
):
    """The crime upload view takes files up to CRIME_UPLOAD_MAX_MB."""
    settings.MEDIA_ROOT = tmp_path
    sign_in(client, two_partnerships["users"]["editor_a"])
    response = client.post(reverse("manage:crime_imports"), {"file": big_file()})
    assert response.status_code != 413
    assert recorded == ["big.csv"]


@pytest.mark.django_db
def test_ordinary_forms_are_unaffected(client):
    """A sign-in attempt of normal size is read as usual."""
    response = client.post(
        "/account/sign-in/", {"username": "a@example.org", "password": "x"}
    )
    assert response.status_code == 200
