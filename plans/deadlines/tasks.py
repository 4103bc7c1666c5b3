"""Background jobs for deadlines: the daily reminder run and one send each."""

import logging
import random
import smtplib

from celery import shared_task
from django.conf import settings

from plans.deadlines import services as deadline_services

logger = logging.getLogger(__name__)

# Errors worth trying again: the mail server or the network, not our data.
TRANSIENT = (smtplib.SMTPException, ConnectionError, TimeoutError, OSError)


@shared_task(name="plans.tasks.deadline_reminders_run")
def deadline_reminders_run() -> int:
    """Run daily by Celery beat (schedule kept in the database)."""
    return len(deadline_services.reminders_queue())


@shared_task(
    name="plans.tasks.send_reminder",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=None,
)
def send_reminder(self, reminder_id: int) -> str:
    """Send one reminder; retry transient failures with backoff, then record it."""
    try:
        return deadline_services.reminder_send(reminder_id=reminder_id)
    except TRANSIENT as error:
        final = self.request.retries >= settings.REMINDER_MAX_RETRIES
        deadline_services.reminder_record_failure(
            reminder_id=reminder_id, error=repr(error), final=final
        )
        if final:
            logger.error(
                "reminder_failed",
                extra={"reminder_id": reminder_id, "error": repr(error)},
            )
            return "failed"
        base = settings.REMINDER_RETRY_BASE_SECONDS
        countdown = min(base * 2**self.request.retries, 3600) + random.uniform(0, base)  # noqa: S311
        raise self.retry(exc=error, countdown=countdown) from error
