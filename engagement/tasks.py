"""Background jobs for consultations: emails, opening and closing, retention.

Every email task takes an id, re-reads its row under a lock and does nothing if
the email has gone already, so a redelivered task sends nothing twice.
"""

import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from engagement import services
from engagement.models import Response, SubscriberNotice, Subscription

logger = logging.getLogger(__name__)
TRANSIENT = (smtplib.SMTPException, ConnectionError, TimeoutError, OSError)
MAIL_TASK = {
    "bind": True,
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": TRANSIENT,
    "retry_backoff": True,
    "retry_backoff_max": 3600,
    "retry_jitter": True,
    "max_retries": 5,
}


def _absolute(path: str) -> str:
    return f"{settings.PORTAL_BASE_URL.rstrip('/')}{path}"


@shared_task(name="engagement.tasks.send_receipt", **MAIL_TASK)
def send_receipt(self, response_id: int) -> str:
    """Email a respondent their reference, once."""
    with transaction.atomic():
        response = (
            Response.objects.select_for_update()
            .select_related("consultation__partnership")
            .filter(pk=response_id)
            .first()
        )
        if response is None or response.receipt_sent_at or not response.email:
            return "nothing to send"
        consultation = response.consultation
        body = render_to_string(
            "engagement/email/receipt.txt",
            {
                "response": response,
                "consultation": consultation,
                "url": _absolute(consultation.get_absolute_url()),
            },
        )
        EmailMessage(
            f"Your response to {consultation.title}: {response.reference}",
            body,
            to=[response.email],
        ).send()
        response.receipt_sent_at = timezone.now()
        response.save(update_fields=["receipt_sent_at"])
    return "sent"


@shared_task(name="engagement.tasks.send_subscription_confirmation", **MAIL_TASK)
def send_subscription_confirmation(self, subscription_id: int) -> str:
    """Ask a new subscriber to confirm their address (double opt-in)."""
    subscription = (
        Subscription.objects.select_related("partnership")
        .filter(pk=subscription_id)
        .first()
    )
    if subscription is None or subscription.confirmed_at is not None:
        return "nothing to send"
    confirm = _absolute(
        reverse("engagement:subscribe_confirm", args=[subscription.token])
    )
    body = render_to_string(
        "engagement/email/subscription_confirm.txt",
        {"subscription": subscription, "confirm_url": confirm},
    )
    EmailMessage(
        f"Confirm your email address: {subscription.partnership.name} consultations",
        body,
        to=[subscription.email],
    ).send()
    return "sent"


@shared_task(name="engagement.tasks.send_subscriber_notice", **MAIL_TASK)
def send_subscriber_notice(self, notice_id: int) -> str:
    """Tell one subscriber that a consultation has opened, once."""
    with transaction.atomic():
        notice = (
            SubscriberNotice.objects.select_for_update()
            .select_related("consultation__partnership", "subscription")
            .filter(pk=notice_id)
            .first()
        )
        if notice is None or notice.sent_at is not None:
            return "nothing to send"
        consultation, subscription = notice.consultation, notice.subscription
        unsubscribe = _absolute(
            reverse("engagement:unsubscribe", args=[subscription.token])
        )
        body = render_to_string(
            "engagement/email/consultation_open.txt",
            {
                "consultation": consultation,
                "url": _absolute(consultation.get_absolute_url()),
                "unsubscribe_url": unsubscribe,
            },
        )
        EmailMessage(
            f"Have your say: {consultation.title}",
            body,
            to=[subscription.email],
            # One-click unsubscribe (RFC 8058) for mail programs that offer it.
            headers={
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        ).send()
        notice.sent_at = timezone.now()
        notice.save(update_fields=["sent_at"])
    return "sent"


@shared_task(name="engagement.tasks.consultations_open_and_close")
def consultations_open_and_close() -> dict:
    """Every few minutes (Celery beat): open and close on time, notify once."""
    return services.consultations_open_and_close()


@shared_task(name="engagement.tasks.responses_anonymise")
def responses_anonymise() -> int:
    """Daily (Celery beat): remove personal data past each retention period."""
    return services.responses_anonymise_due()
