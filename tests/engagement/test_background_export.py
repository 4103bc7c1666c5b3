"""Exports too large to stream in one request are built by a worker into the
file storage, complete at any size, and the manager is told when ready."""

import csv
import datetime
import io
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from engagement.exports.services import response_exports_prune
from engagement.models import ResponseExport
from portal.celery import app as celery_app
from portal.core.outbox import nudge_wait
from tests.engagement.test_export import add_responses, build_consultation
from tests.utils import sign_in
from tests.workers import wait_until

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def manager(django_user_model):
    return django_user_model.objects.create_user(
        username="manager@test.example",
        email="manager@test.example",
        password="correct-horse-battery",
        is_superuser=True,
    )


def read_export(client, export) -> list[list[str]]:
    detail = reverse("manage:consultation_export_detail", args=[export.pk])
    response = client.get(detail + "?download=1")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(content)))


def test_150000_responses_export_completely_in_the_background(
    client, manager, settings, tmp_path, mailoutbox
):
    """150,000 responses (a request was cut off at about 82,000): the request
    answers at once, a worker writes every row into storage, the manager gets
    an email with the link, and the file has all 150,000 rows."""
    settings.MEDIA_ROOT = tmp_path
    consultation = build_consultation()
    add_responses(consultation, start=0, count=150_000)
    sign_in(client, manager)
    celery_app.control.purge()
    with start_worker(celery_app, pool="solo", perform_ping_check=False):
        response = client.get(
            reverse("manage:consultation_export", args=[consultation.pk])
        )
        assert response.status_code == 302
        export = ResponseExport.objects.get()
        # The request only queued it: nothing of the file existed when it
        # answered (writing 150,000 rows takes the worker many seconds).
        assert export.status != ResponseExport.Status.DONE
        assert not export.rows
        assert response["Location"] == reverse(
            "manage:consultation_export_detail", args=[export.pk]
        )
        page = client.get(response["Location"])
        assert "being made in the background" in page.text
        assert nudge_wait()
        wait_until(
            lambda: ResponseExport.objects.filter(status="done").exists(),
            "the export to be built",
            seconds=600,
        )
    export.refresh_from_db()
    rows = read_export(client, export)
    print(f"export: 150,000 responses, {len(rows) - 1:,} rows in the file")
    assert len(rows) == 150_001
    assert rows[0][:3] == ["Reference", "Submitted", "Channel"]
    assert len({row[0] for row in rows[1:]}) == 150_000
    assert export.rows == 150_000
    [email] = mailoutbox
    assert email.to == ["manager@test.example"]
    assert f"/manage/exports/{export.pk}/" in email.body
    assert "Download the spreadsheet" in client.get(response["Location"]).text


def test_small_exports_still_stream_and_large_ones_are_not_repeated(
    client, manager, settings, tmp_path
):
    """Under the limit the CSV streams as before; over it, asking twice while
    the first is being made gives the same export."""
    settings.MEDIA_ROOT = tmp_path
    settings.EXPORT_INLINE_MAX_RESPONSES = 5
    consultation = build_consultation()
    add_responses(consultation, start=0, count=5)
    sign_in(client, manager)
    url = reverse("manage:consultation_export", args=[consultation.pk])
    assert client.get(url).streaming
    add_responses(consultation, start=5, count=1)
    first, second = client.get(url), client.get(url)
    assert first["Location"] == second["Location"]
    assert ResponseExport.objects.count() == 1


def test_another_partnerships_officer_cannot_download(client, two_partnerships):
    """The download page checks the permission on the consultation again."""
    world = two_partnerships
    export = ResponseExport.objects.create(
        consultation=world["a"]["consultation"], status="done", file="exports/x.csv"
    )
    sign_in(client, world["users"]["officer_b"])
    url = reverse("manage:consultation_export_detail", args=[export.pk])
    assert client.get(url + "?download=1").status_code == 404


def test_old_exports_are_deleted(manager, settings, tmp_path):
    """The nightly job deletes files older than EXPORT_KEEP_DAYS."""
    settings.MEDIA_ROOT = tmp_path
    consultation = build_consultation()
    export = ResponseExport.objects.create(consultation=consultation, status="done")
    export.file.save("old.csv", ContentFile(b"Reference\n"))
    path = export.file.path
    ResponseExport.objects.filter(pk=export.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=8)
    )
    assert response_exports_prune() == 1
    assert not ResponseExport.objects.exists()
    assert not Path(path).exists()
