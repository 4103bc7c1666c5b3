"""An editor uploads a police.uk file; a real Celery worker imports it."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnerships.models import OfficerRole
from portal.celery import app as celery_app
from priorities.models import CrimeImport, MonthlyCrimeCount
from tests.partnerships.factories import PartnershipFactory
from tests.priorities.crime.test_crime_import import BURGLARY_2023

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def editor(lookups, django_user_model):
    user = django_user_model.objects.create_user("editor@test.example")
    OfficerRole.objects.create(
        user=user, partnership=PartnershipFactory(), role="editor"
    )
    return user


@pytest.fixture
def site_admin(lookups, django_user_model):
    """Site administrators import every row; editors only their own areas
    (test_crime_faults.py)."""
    return django_user_model.objects.create_superuser("admin@test.example")


@pytest.fixture
def worker(transactional_db):
    celery_app.control.purge()
    with start_worker(celery_app, pool="solo", perform_ping_check=False) as running:
        yield running


def wait_for(crime_import, status):
    give_up = time.monotonic() + 60
    while time.monotonic() < give_up:
        crime_import.refresh_from_db()
        if crime_import.status == status:
            return crime_import
        time.sleep(0.1)
    raise AssertionError(f"import still {crime_import.status}")


def upload(client, name, content):
    return client.post(
        reverse("manage:crime_imports"),
        {"file": SimpleUploadedFile(name, content, content_type="text/csv")},
    )


def test_upload_is_imported_in_the_background(
    client, site_admin, worker, settings, tmp_path
):
    """The page answers at once; the worker loads the rows; the report shows."""
    settings.MEDIA_ROOT = tmp_path
    client.force_login(site_admin)
    response = upload(client, BURGLARY_2023.name, BURGLARY_2023.read_bytes())
    assert response.status_code == 302
    crime_import = wait_for(CrimeImport.objects.get(), CrimeImport.Status.DONE)
    assert crime_import.rows_loaded == 5143
    assert MonthlyCrimeCount.objects.filter(area_code="E09000021").get().count == 63
    page = client.get(response["Location"]).text
    assert "5143" in page
    assert not list((tmp_path / "crime-imports").iterdir()), "the upload is removed"


def test_a_refused_upload_reports_why(client, editor, worker, settings, tmp_path):
    """A stop-and-search file is refused with the reason on the import page."""
    settings.MEDIA_ROOT = tmp_path
    client.force_login(editor)
    response = upload(client, "search.csv", b"Type,Date\nPerson search,2023-01-01\n")
    crime_import = wait_for(CrimeImport.objects.get(), CrimeImport.Status.FAILED)
    assert "not a police.uk street-level crime file" in crime_import.error
    assert "Nothing from it was loaded" in client.get(response["Location"]).text


def test_upload_form_errors(client, editor, settings, tmp_path):
    """No file, or not a CSV: the GOV.UK error summary and nothing queued."""
    settings.MEDIA_ROOT = tmp_path
    client.force_login(editor)
    empty = client.post(reverse("manage:crime_imports"), {})
    assert "Choose a police.uk CSV file to upload" in empty.text
    wrong = upload(client, "photo.png", b"\x89PNG")
    assert "The file must be a CSV file" in wrong.text
    assert CrimeImport.objects.count() == 0
