"""The consultation emails, each rendered and sent here, once.

Each service takes an id, re-reads its row (under a lock where the email must
go once) and does nothing if the email has gone already, so a task that is
delivered again sends nothing twice. Sending errors propagate: the task that
calls the service retries the transient ones (``engagement.tasks``), and the
lock's transaction is rolled back, so nothing is marked sent that was not.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from engagement.models import Response, SubscriberNotice, Subscription

SENT = "sent"
NOTHING_TO_SEND = "nothing to send"


def _absolute(path: str) -> str:
    return f"{settings.PORTAL_BASE_URL.rstrip('/')}{path}"


@transaction.atomic
def receipt_send(*, response_id: int) -> str:
    """Email a respondent their reference, once."""
    response = (
        Response.objects.select_for_update()
        .select_related("consultation__partnership")
        .filter(pk=response_id)
        .first()
    )
    if response is None or response.receipt_sent_at or not response.email:
        return NOTHING_TO_SEND
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
    return SENT


def subscription_confirmation_send(*, subscription_id: int) -> str:
    """Ask a new subscriber to confirm their address (double opt-in).

    Not locked: asking the same question twice does no harm.
    """
    subscription = (
        Subscription.objects.select_related("partnership")
        .filter(pk=subscription_id)
        .first()
    )
    if subscription is None or subscription.confirmed_at is not None:
        return NOTHING_TO_SEND
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
    return SENT


@transaction.atomic
def subscriber_notice_send(*, notice_id: int) -> str:
    """Tell one subscriber that a consultation has opened, once."""
    notice = (
        SubscriberNotice.objects.select_for_update()
        .select_related("consultation__partnership", "subscription")
        .filter(pk=notice_id)
        .first()
    )
    if notice is None or notice.sent_at is not None:
        return NOTHING_TO_SEND
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
    return SENT
