"""Background jobs for contact messages: the inbox notice, replies and the
nightly removal of personal data.

Task names are pinned: beat rows and outbox rows hold them as data. Each task
takes an id and calls the service of the same name, which does nothing if
the work is done, so a task delivered twice sends one email.
"""

import logging
import random
import smtplib

from celery import shared_task
from django.conf import settings

from contact import services

logger = logging.getLogger(__name__)

# Errors worth trying again: the mail server or the network, not our data.
TRANSIENT = (smtplib.SMTPException, ConnectionError, TimeoutError, OSError)
MAIL_TASK = {
    "bind": True,
    "acks_late": True,
    "reject_on_worker_lost": True,
    "max_retries": None,
}


def _retry(task, error, *, record) -> str:
    final = task.request.retries >= settings.CONTACT_MAIL_MAX_RETRIES
    record(final)
    if final:
        logger.error(
            "contact_mail_failed",
            extra={"task": task.name, "error": repr(error)},
        )
        return "failed"
    base = settings.CONTACT_MAIL_RETRY_BASE_SECONDS
    countdown = min(base * 2**task.request.retries, 3600) + random.uniform(0, base)  # noqa: S311
    raise task.retry(exc=error, countdown=countdown) from error


@shared_task(name="contact.tasks.notify_inbox", **MAIL_TASK)
def notify_inbox(self, message_id: int) -> str:
    """Tell the partnership's inbox that a message arrived, once."""
    try:
        return services.inbox_notify(message_id=message_id)
    except TRANSIENT as error:
        return _retry(self, error, record=lambda final: None)


@shared_task(name="contact.tasks.send_reply", **MAIL_TASK)
def send_reply(self, reply_id: int) -> str:
    """Email an officer's reply to the sender, once."""
    try:
        return services.reply_deliver(reply_id=reply_id)
    except TRANSIENT as error:
        detail = repr(error)
        return _retry(
            self,
            error,
            record=lambda final: services.reply_record_failure(
                reply_id=reply_id, error=detail, final=final
            ),
        )


@shared_task(name="contact.tasks.messages_anonymise")
def messages_anonymise() -> int:
    """Nightly (Celery beat): remove personal data past the retention period."""
    return services.messages_anonymise_due()
