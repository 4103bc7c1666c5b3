"""An upload made through the web is read by a worker in another process,
through Django's storage API: a shared folder, or an S3-compatible bucket (a
real S3 server, moto, started by the test)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnerships.models import OfficerRole
from portal.celery import app as celery_app
from priorities.models import CrimeImport, CrimeRecord
from tests.partnerships.factories import PartnershipFactory
from tests.priorities.crime.test_crime_import import BURGLARY_2023
from tests.s3 import s3_bucket, s3_environment, s3_objects, s3_server, s3_storage
from tests.workers import wait_until, worker_process

pytestmark = pytest.mark.django_db(transaction=True)
WORKER_START_AND_IMPORT_SECONDS = 180


@pytest.fixture
def editor(transactional_db, django_user_model):
    """A site administrator who is also a partnership's editor: an editor's
    import places rows only in their partnerships' areas (test_crime_faults.py),
    and no lookups are loaded here, so the file's rows are in none of them."""
    user = django_user_model.objects.create_superuser(
        "editor@test.example", "editor@test.example", "not-used"
    )
    OfficerRole.objects.create(
        user=user, partnership=PartnershipFactory(), role="editor"
    )
    return user


def upload(client, editor) -> CrimeImport:
    client.force_login(editor)
    response = client.post(
        reverse("manage:crime_imports"),
        {
            "file": SimpleUploadedFile(
                BURGLARY_2023.name, BURGLARY_2023.read_bytes(), content_type="text/csv"
            )
        },
    )
    assert response.status_code == 302
    return CrimeImport.objects.get()


def imported_by_a_separate_worker(crime_import, settings, **worker_env):
    """Start a worker process that serves only the imports queue, with the
    storage settings in its environment, and wait for the import to finish."""
    with worker_process(queues=[settings.CELERY_IMPORTS_QUEUE], **worker_env):
        wait_until(
            lambda: (
                CrimeImport.objects.filter(pk=crime_import.pk)
                .exclude(
                    status__in=[CrimeImport.Status.QUEUED, CrimeImport.Status.RUNNING]
                )
                .exists()
            ),
            "the worker to import the upload",
            # A worker process takes a while to start on a busy machine.
            seconds=WORKER_START_AND_IMPORT_SECONDS,
        )
    crime_import.refresh_from_db()
    assert crime_import.status == CrimeImport.Status.DONE, crime_import.error
    return crime_import


def test_over_a_shared_folder(client, editor, settings, tmp_path):
    """The web process saves under MEDIA_ROOT; a worker given the same folder
    (as the compose file's shared volume gives it) imports the file, then
    deletes it."""
    celery_app.control.purge()
    settings.MEDIA_ROOT = tmp_path
    crime_import = upload(client, editor)
    stored = tmp_path / crime_import.stored_path
    assert crime_import.stored_path.startswith("crime-imports/")
    assert stored.read_bytes() == BURGLARY_2023.read_bytes()

    done = imported_by_a_separate_worker(
        crime_import, settings, DJANGO_MEDIA_ROOT=str(tmp_path)
    )
    assert done.rows_read == 5143
    assert CrimeRecord.objects.count() == done.rows_loaded > 0
    assert not stored.exists(), "the upload is deleted once imported"


def test_over_s3(client, editor, settings, tmp_path):
    """The web process puts the upload in the bucket; a worker pointed at the
    same bucket (and at no shared folder) imports it, then deletes it."""
    celery_app.control.purge()
    settings.MEDIA_ROOT = tmp_path / "web-only"  # not used with S3
    with s3_server() as endpoint:
        bucket = s3_bucket(endpoint, "portal-uploads")
        settings.STORAGES = {
            **settings.STORAGES,
            "default": s3_storage(endpoint, bucket),
        }
        crime_import = upload(client, editor)
        assert s3_objects(endpoint, bucket) == [crime_import.stored_path]
        assert not (tmp_path / "web-only").exists()

        done = imported_by_a_separate_worker(
            crime_import,
            settings,
            DJANGO_MEDIA_ROOT=str(tmp_path / "worker-only"),
            **s3_environment(endpoint, bucket),
        )
        assert done.rows_read == 5143
        assert CrimeRecord.objects.count() == done.rows_loaded > 0
        assert s3_objects(endpoint, bucket) == [], "the upload is deleted"
    assert not (tmp_path / "worker-only").exists()
