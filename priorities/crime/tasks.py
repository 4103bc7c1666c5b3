"""Background jobs for crime data."""

from celery import shared_task

from priorities.crime.services import crime_upload_import
from priorities.models import CrimeImport


@shared_task(
    name="priorities.tasks.crime_import_run", acks_late=True, reject_on_worker_lost=True
)
def crime_import_run(import_id: int) -> str:
    """Import an uploaded file. Re-running it loads nothing twice (row identities).

    Routed to the imports queue (CELERY_TASK_ROUTES), apart from emails.
    """
    crime_import = CrimeImport.objects.filter(pk=import_id).first()
    if crime_import is None or crime_import.status == CrimeImport.Status.DONE:
        return "nothing to do"
    return crime_upload_import(crime_import=crime_import).status
