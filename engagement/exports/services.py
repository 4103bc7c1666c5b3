"""Exports of every response as CSV, at any size.

A request can stream about 2,700 rows a second, so gunicorn's 30-second
timeout cut a 150,000-response export off at about 82,000 rows. A consultation
with more than ``EXPORT_INLINE_MAX_RESPONSES`` responses is therefore exported
by a worker: ``response_export_request`` stores an export row and queues its
task in one transaction; ``response_export_build`` writes the CSV (the same
rows, from the same generator) to a temporary file and saves it through
Django's storage API (``default_storage``: the file system, or an object store
in production), then emails the manager a link to the download page. Files
are deleted after ``EXPORT_KEEP_DAYS`` by the nightly job: they hold personal
data.
"""

import datetime
import logging
import secrets
import tempfile

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from engagement.models import Consultation, ResponseExport
from engagement.selectors import responses_csv
from portal.core.outbox import enqueue_on_commit

logger = logging.getLogger(__name__)


def export_in_background(consultation: Consultation) -> bool:
    """True when the consultation has too many responses to stream in a request."""
    return consultation.responses.count() > settings.EXPORT_INLINE_MAX_RESPONSES


def response_export_request(*, consultation: Consultation, actor) -> ResponseExport:
    """Queue an export, or return the one this manager is already waiting for."""
    from engagement.exports import tasks  # tasks import this module

    with transaction.atomic():
        waiting = (
            ResponseExport.objects.select_for_update()
            .filter(
                consultation=consultation,
                requested_by=actor,
                status__in=[
                    ResponseExport.Status.QUEUED,
                    ResponseExport.Status.RUNNING,
                ],
            )
            .first()
        )
        if waiting is not None:
            return waiting
        export = ResponseExport.objects.create(
            consultation=consultation, requested_by=actor
        )
        enqueue_on_commit(tasks.response_export_build, export.pk)
    return export


def response_export_build(*, export_id: int) -> str:
    """Write the CSV into storage and tell the manager; idempotent."""
    claimed = ResponseExport.objects.filter(
        pk=export_id,
        status__in=[ResponseExport.Status.QUEUED, ResponseExport.Status.RUNNING],
    ).update(status=ResponseExport.Status.RUNNING)
    if not claimed:
        return "nothing to do"
    export = ResponseExport.objects.select_related("consultation", "requested_by").get(
        pk=export_id
    )
    consultation = export.consultation
    try:
        with tempfile.TemporaryFile(mode="w+b") as spool:
            rows = 0
            spool.write("\ufeff".encode())  # spreadsheet programs read UTF-8
            for line in responses_csv(consultation=consultation):
                spool.write(line.encode())
                rows += 1
            spool.seek(0)
            name = default_storage.save(
                f"exports/{consultation.slug}-responses-"
                f"{timezone.localdate():%Y-%m-%d}-{secrets.token_hex(8)}.csv",
                File(spool),
            )
    except Exception as error:
        export.status = ResponseExport.Status.FAILED
        export.error = repr(error)
        export.finished_at = timezone.now()
        export.save(update_fields=["status", "error", "finished_at"])
        logger.exception(
            "response_export_failed export_id=%s",
            export.pk,
            extra={"event": "response_export_failed", "export_id": export.pk},
        )
        return export.status
    export.file.name = name
    export.rows = rows - 1  # the header
    export.status = ResponseExport.Status.DONE
    export.finished_at = timezone.now()
    export.save(update_fields=["file", "rows", "status", "finished_at"])
    _tell(export)
    return export.status


def _tell(export: ResponseExport) -> None:
    user = export.requested_by
    if user is None or not user.email:
        return
    url = settings.PORTAL_BASE_URL.rstrip("/") + reverse(
        "manage:consultation_export_detail", args=[export.pk]
    )
    EmailMessage(
        f"Your download is ready: {export.consultation.title}",
        f"The spreadsheet of every response to {export.consultation.title} "
        f"({export.rows:,} responses) is ready.\n\n"
        f"Download it here (you will need to sign in): {url}\n\n"
        f"It will be deleted after {settings.EXPORT_KEEP_DAYS} days. It holds "
        "personal data: keep it safe and delete your copy when you are done.\n",
        to=[user.email],
    ).send()


def response_exports_prune(*, now=None) -> int:
    """Delete export files (and rows) older than ``EXPORT_KEEP_DAYS``."""
    cutoff = (now or timezone.now()) - datetime.timedelta(
        days=settings.EXPORT_KEEP_DAYS
    )
    deleted = 0
    for export in ResponseExport.objects.filter(created_at__lt=cutoff):
        if export.file:
            export.file.delete(save=False)
        export.delete()
        deleted += 1
    return deleted
