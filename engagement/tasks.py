"""Background jobs for consultations: emails, opening and closing, retention.

Each task takes ids only and calls the service of the same purpose in
``engagement.services``, which re-reads its row and does nothing if the work
is done; so a redelivered task (``acks_late``) sends nothing twice. The email
tasks retry transient sending errors with backoff and jitter. The task names
are pinned: stored outbox messages and beat schedules name them.
"""

import smtplib

from celery import shared_task

from engagement import services

TRANSIENT = (smtplib.SMTPException, ConnectionError, TimeoutError, OSError)
MAIL_TASK = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": TRANSIENT,
    "retry_backoff": True,
    "retry_backoff_max": 3600,
    "retry_jitter": True,
    "max_retries": 5,
}


@shared_task(name="engagement.tasks.send_receipt", **MAIL_TASK)
def send_receipt(response_id: int) -> str:
    """Email a respondent their reference, once."""
    return services.receipt_send(response_id=response_id)


@shared_task(name="engagement.tasks.send_subscription_confirmation", **MAIL_TASK)
def send_subscription_confirmation(subscription_id: int) -> str:
    """Ask a new subscriber to confirm their address (double opt-in)."""
    return services.subscription_confirmation_send(subscription_id=subscription_id)


@shared_task(name="engagement.tasks.send_subscriber_notice", **MAIL_TASK)
def send_subscriber_notice(notice_id: int) -> str:
    """Tell one subscriber that a consultation has opened, once."""
    return services.subscriber_notice_send(notice_id=notice_id)


@shared_task(name="engagement.tasks.consultations_open_and_close")
def consultations_open_and_close() -> dict:
    """Every few minutes (Celery beat): open and close on time, notify once."""
    return services.consultations_open_and_close()


@shared_task(name="engagement.tasks.responses_anonymise")
def responses_anonymise() -> int:
    """Daily (Celery beat): remove personal data past each retention period."""
    return services.responses_anonymise_due()
