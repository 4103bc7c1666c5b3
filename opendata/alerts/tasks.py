"""Background jobs for email alerts: fan-out, sending in batches, the weekly
digest, the safety net and retention.

Tasks take ids and call the service of the same purpose. Sends are
acknowledged late and put back on the queue if their worker dies, so a batch
cut short is finished by another worker; transient mail errors are retried
with exponential backoff and jitter, and after ``ALERTS_MAX_RETRIES`` the
batch's unsent rows are marked failed (listed in the admin). Names are pinned:
beat and outbox rows hold them as data.
"""

import logging
import random
import smtplib

from celery import shared_task
from django.conf import settings

from opendata.alerts import emails, services
from opendata.models import Subscriber

logger = logging.getLogger(__name__)
TRANSIENT = (smtplib.SMTPException, ConnectionError, TimeoutError, OSError)
SEND = {
    "bind": True,
    "acks_late": True,
    "reject_on_worker_lost": True,
    "max_retries": None,
}


def _retry(task, error, *, ids, record):
    """Record the failure; retry with backoff and jitter, or give up."""
    final = task.request.retries >= settings.ALERTS_MAX_RETRIES
    record(ids, repr(error), final)
    if final:
        logger.error(
            "alerts_send_failed",
            extra={"event": "alerts_send_failed", "task": task.name, "rows": len(ids)},
        )
        return "failed"
    base = settings.ALERTS_RETRY_BASE_SECONDS
    countdown = min(base * 2**task.request.retries, 3600) + random.uniform(0, base)  # noqa: S311
    raise task.retry(exc=error, countdown=countdown) from error


@shared_task(
    name="opendata.tasks.fan_out_event", acks_late=True, reject_on_worker_lost=True
)
def fan_out_event(event_id: int) -> int:
    """Make one event's deliveries and queue their sends (once)."""
    return services.event_fan_out(event_id=event_id)


@shared_task(name="opendata.tasks.send_alerts", **SEND)
def send_alerts(self, delivery_ids: list[int]) -> dict:
    """Send a batch of immediate alerts, each once."""
    try:
        return dict(services.deliveries_send(delivery_ids=delivery_ids))
    except TRANSIENT as error:
        return _retry(
            self,
            error,
            ids=delivery_ids,
            record=lambda ids, e, final: services.deliveries_record_failure(
                delivery_ids=ids, error=e, final=final
            ),
        )


@shared_task(name="opendata.tasks.send_digests", **SEND)
def send_digests(self, digest_ids: list[int]) -> dict:
    """Send a batch of weekly digests, each once."""
    try:
        return dict(services.digests_send(digest_ids=digest_ids))
    except TRANSIENT as error:
        return _retry(
            self,
            error,
            ids=digest_ids,
            record=lambda ids, e, final: services.digests_record_failure(
                digest_ids=ids, error=e, final=final
            ),
        )


def _send_to_subscriber(subscriber_id: int, build, *, confirmed: bool) -> str:
    subscriber = (
        Subscriber.objects.select_related("partnership", "ward")
        .filter(
            pk=subscriber_id,
            unsubscribed_at__isnull=True,
            confirmed_at__isnull=not confirmed,
        )
        .exclude(email="")
        .first()
    )
    if subscriber is None:
        return "nothing to send"
    build(subscriber).send()
    return "sent"


@shared_task(
    name="opendata.tasks.send_confirmation",
    autoretry_for=TRANSIENT,
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
    acks_late=True,
    reject_on_worker_lost=True,
)
def send_confirmation(subscriber_id: int) -> str:
    """Ask a new subscriber to confirm (double opt-in); once confirmed, nothing."""
    return _send_to_subscriber(subscriber_id, emails.confirmation, confirmed=False)


@shared_task(
    name="opendata.tasks.send_manage_link",
    autoretry_for=TRANSIENT,
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
    acks_late=True,
    reject_on_worker_lost=True,
)
def send_manage_link(subscriber_id: int) -> str:
    """Tell someone who subscribed again where to manage their choices."""
    return _send_to_subscriber(subscriber_id, emails.manage_link, confirmed=True)


@shared_task(name="opendata.tasks.alerts_dispatch")
def alerts_dispatch() -> dict:
    """Every five minutes (Celery beat): queue again anything lost on the way."""
    return services.alerts_dispatch()


@shared_task(name="opendata.tasks.alerts_weekly_digest")
def alerts_weekly_digest() -> int:
    """Monday mornings (Celery beat): last week's digests."""
    return services.digests_prepare()


@shared_task(name="opendata.tasks.alerts_retention")
def alerts_retention() -> dict:
    """Nightly (Celery beat): blank old unsubscribed addresses, drop stale requests."""
    return services.subscribers_apply_retention()
