"""Background jobs for crime data: one import per uploaded file, and the check
that re-runs imports a dead worker left unfinished.

A crafted file must not become a poison task. Each import runs with a time
limit (``CRIME_IMPORT_TIME_LIMIT_SECONDS``) and a memory ceiling
(``CRIME_IMPORT_MEMORY_MB``, an address-space limit on the worker process for
the length of the task, so an allocation past it is a MemoryError that fails
the import, not a worker killed by the kernel); each start is counted on the
row, and once ``CRIME_IMPORT_MAX_ATTEMPTS`` starts have not finished (the
worker died each time and the broker redelivered the task) the import is
marked failed with the reason, and later deliveries do nothing.
"""

import contextlib
import datetime
import logging
import resource
from pathlib import Path

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from portal.core.outbox import enqueue_on_commit
from priorities.crime.services import (
    crime_upload_delete,
    crime_upload_import,
    import_areas_for,
)
from priorities.models import CrimeImport

logger = logging.getLogger(__name__)


@contextlib.contextmanager
def memory_ceiling(megabytes: int):
    """Cap this process's address space at its current size plus ``megabytes``.

    Only the soft limit changes, and it is put back afterwards, so the worker
    process goes on as before once the task ends.
    """
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    try:
        with Path("/proc/self/statm").open() as statm:
            current = int(statm.read().split()[0]) * resource.getpagesize()
    except OSError:  # not Linux: no ceiling
        yield
        return
    ceiling = current + megabytes * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        ceiling = min(ceiling, hard)
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _claim(import_id: int) -> CrimeImport | None:
    """Start the import if it is waiting, or was left running by a dead worker.

    One UPDATE decides, so a redelivered task and a re-run started by the
    stuck-import check never import the same file at once.
    """
    now = timezone.now()
    stale = now - datetime.timedelta(seconds=settings.CRIME_IMPORT_STUCK_SECONDS)
    claimed = CrimeImport.objects.filter(
        Q(status=CrimeImport.Status.QUEUED)
        | Q(status=CrimeImport.Status.RUNNING, started_at__lt=stale),
        pk=import_id,
    ).update(
        status=CrimeImport.Status.RUNNING, started_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return None
    return CrimeImport.objects.get(pk=import_id)


def _give_up(crime_import: CrimeImport, reason: str) -> str:
    crime_import.status = CrimeImport.Status.FAILED
    crime_import.error = reason
    crime_import.finished_at = timezone.now()
    crime_import.save(update_fields=["status", "error", "finished_at"])
    crime_upload_delete(crime_import)
    logger.warning(
        "crime_import_failed import_id=%s",
        crime_import.pk,
        extra={"event": "crime_import_failed", "import_id": crime_import.pk},
    )
    return crime_import.status


@shared_task(
    name="priorities.tasks.crime_import_run",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.CRIME_IMPORT_TIME_LIMIT_SECONDS,
    time_limit=settings.CRIME_IMPORT_TIME_LIMIT_SECONDS + 60,
)
def crime_import_run(import_id: int) -> str:
    """Import an uploaded file. Re-running it loads nothing twice (row identities).

    Routed to the imports queue (CELERY_TASK_ROUTES), apart from emails.
    """
    crime_import = _claim(import_id)
    if crime_import is None:
        return "nothing to do"
    if crime_import.attempts > settings.CRIME_IMPORT_MAX_ATTEMPTS:
        return _give_up(
            crime_import,
            f"The import was started {crime_import.attempts - 1} times and never "
            "finished: the file is too large or too unusual to import. Split it "
            "into smaller files (one force and one month each).",
        )
    try:
        with memory_ceiling(settings.CRIME_IMPORT_MEMORY_MB):
            # The file is read from storage (a folder or a bucket) as a stream
            # and deleted once imported.
            result = crime_upload_import(
                crime_import=crime_import,
                # An editor's upload places rows in their partnerships' areas only.
                allowed_areas=import_areas_for(crime_import.uploaded_by),
            )
    except SoftTimeLimitExceeded:
        return _give_up(
            crime_import,
            f"The import took longer than "
            f"{settings.CRIME_IMPORT_TIME_LIMIT_SECONDS // 60} minutes and was "
            "stopped. Split the file into smaller files (one month each).",
        )
    return result.status


@shared_task(name="priorities.tasks.crime_imports_resume")
def crime_imports_resume() -> int:
    """Every few minutes (Celery beat): re-run imports left unfinished.

    An import still waiting, or still "running" past the task's time limit
    (its worker died and the broker will not hand the task out again for the
    hour of its visibility timeout), is queued again. The claim and the
    attempt count make the re-run safe and bounded.
    """
    now = timezone.now()
    stale = now - datetime.timedelta(seconds=settings.CRIME_IMPORT_STUCK_SECONDS)
    stuck = list(
        CrimeImport.objects.filter(
            Q(status=CrimeImport.Status.RUNNING, started_at__lt=stale)
            | Q(status=CrimeImport.Status.QUEUED, created_at__lt=stale)
        )
        .exclude(stored_path="")
        .values_list("pk", flat=True)
    )
    for import_id in stuck:
        enqueue_on_commit(crime_import_run, import_id)
    if stuck:
        logger.warning(
            "crime_imports_resumed count=%s",
            len(stuck),
            extra={"event": "crime_imports_resumed", "import_ids": stuck},
        )
    return len(stuck)
