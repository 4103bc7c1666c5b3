"""Background jobs for crime data."""

from pathlib import Path

from celery import shared_task

from priorities.crime.services import crime_file_import
from priorities.models import CrimeImport


@shared_task(
    name="priorities.tasks.crime_import_run", acks_late=True, reject_on_worker_lost=True
)
def crime_import_run(import_id: int) -> str:
    """Import an uploaded file. Re-running it loads nothing twice (row identities)."""
    crime_import = CrimeImport.objects.filter(pk=import_id).first()
    if crime_import is None or crime_import.status == CrimeImport.Status.DONE:
        return "nothing to do"
    path = Path(crime_import.stored_path)
    result = crime_file_import(
        raw=path.read_bytes(),
        file_name=crime_import.file_name,
        crime_import=crime_import,
    )
    path.unlink(missing_ok=True)
    return result.status
