"""Writes for contact messages: a resident's message, exactly once; officers'
status changes and replies; the emails; and removing personal data after the
retention period.

Every email goes from a task queued once the transaction commits. The send
re-reads its row under a lock and does nothing if it has gone already, so a
task delivered twice sends one email.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from contact.models import REMOVED, ContactMessage, ContactReply
from contact.selectors import inbox_address, retention_months
from partnerships.models import Partnership
from portal.core.dates import add_months
from portal.core.outbox import enqueue_on_commit

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
BODY_MAX_LENGTH = 5000
REPLY_MAX_LENGTH = 10000


def _tasks():
    from contact import tasks  # the task module imports this one

    return tasks


def new_reference() -> str:
    body = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"C-{body[:4]}-{body[4:]}"


def _absolute(path: str) -> str:
    return f"{settings.PORTAL_BASE_URL.rstrip('/')}{path}"


def message_submit(
    *, partnership: Partnership, data: dict, idempotency_key: str
) -> tuple[ContactMessage, bool]:
    """Store a resident's message once per idempotency key and announce it to
    the partnership's inbox. Returns (message, created): a key sent again (a
    double click, a retried POST) gives back the message already stored."""
    if not idempotency_key or len(idempotency_key) > 64:
        raise ValidationError("This form has expired. Start again.")
    if not partnership.is_published:
        raise ValidationError("This partnership does not take messages here.")
    existing = ContactMessage.objects.filter(
        partnership=partnership, idempotency_key=idempotency_key
    ).first()
    if existing is not None:
        return existing, False
    body = (data.get("body") or "").strip()
    if not body:
        raise ValidationError({"body": "Enter your message"})
    if len(body) > BODY_MAX_LENGTH:
        raise ValidationError(
            {"body": f"Your message must be {BODY_MAX_LENGTH} characters or fewer"}
        )
    if data.get("topic") not in ContactMessage.Topic.values:
        raise ValidationError({"topic": "Select what your message is about"})
    message = ContactMessage(
        partnership=partnership,
        reference=new_reference(),
        idempotency_key=idempotency_key,
        name=(data.get("name") or "").strip()[:100],
        email=(data.get("email") or "").strip(),
        topic=data["topic"],
        body=body,
    )
    message.full_clean(exclude=["reference", "idempotency_key"])
    try:
        with transaction.atomic():
            message.save()
            enqueue_on_commit(_tasks().notify_inbox, message.pk)
    except IntegrityError:
        # The same key arrived at the same moment from another request.
        existing = ContactMessage.objects.filter(
            partnership=partnership, idempotency_key=idempotency_key
        ).first()
        if existing is None:
            raise
        return existing, False
    return message, True


def inbox_notify(*, message_id: int) -> str:
    """Tell the partnership's inbox that a message arrived, once.

    The notice names the reference and links to the staff inbox; the sender's
    details and words stay in the portal, where the retention period applies.
    """
    with transaction.atomic():
        message = (
            ContactMessage.objects.select_for_update()
            .select_related("partnership")
            .filter(pk=message_id)
            .first()
        )
        if message is None or message.notified_at is not None:
            return "nothing to send"
        address = inbox_address(partnership=message.partnership)
        if not address:
            return "no inbox address"
        body = render_to_string(
            "contact/email/inbox_notice.txt",
            {
                "message": message,
                "url": _absolute(reverse("manage:contact_message", args=[message.pk])),
            },
        )
        EmailMessage(
            f"New message to {message.partnership.name}: {message.reference}",
            body,
            to=[address],
        ).send()
        message.notified_at = timezone.now()
        message.save(update_fields=["notified_at"])
    return "sent"


@transaction.atomic
def message_set_status(
    *, message: ContactMessage, actor, status: str
) -> ContactMessage:
    """Mark a message new, answered or closed."""
    if status not in ContactMessage.Status.values:
        raise ValidationError({"status": "Select a status"})
    current = ContactMessage.objects.select_for_update().get(pk=message.pk)
    if current.status != status:
        current.status = status
        current.status_changed_by = actor
        current.save(update_fields=["status", "status_changed_by", "updated_at"])
    return current


@transaction.atomic
def reply_send(*, message: ContactMessage, actor, body: str) -> ContactReply:
    """Queue an emailed reply to the sender and mark the message answered."""
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": "Enter your reply"})
    if len(body) > REPLY_MAX_LENGTH:
        raise ValidationError(
            {"body": f"Your reply must be {REPLY_MAX_LENGTH} characters or fewer"}
        )
    current = ContactMessage.objects.select_for_update().get(pk=message.pk)
    if current.anonymised_at is not None or not current.email:
        raise ValidationError("This message has no email address to reply to any more.")
    reply = ContactReply.objects.create(message=current, body=body, sent_by=actor)
    current.status = ContactMessage.Status.ANSWERED
    current.status_changed_by = actor
    current.save(update_fields=["status", "status_changed_by", "updated_at"])
    enqueue_on_commit(_tasks().send_reply, reply.pk)
    return reply


def reply_deliver(*, reply_id: int) -> str:
    """Email one reply if it has not gone; return its status afterwards.

    The row stays locked while the email goes, so a second delivery of the
    same task waits, then finds it sent.
    """
    with transaction.atomic():
        reply = (
            ContactReply.objects.select_for_update()
            .select_related("message__partnership")
            .filter(pk=reply_id)
            .first()
        )
        if reply is None or reply.status != ContactReply.Status.QUEUED:
            return reply.status if reply else "missing"
        message = reply.message
        if not message.email:
            reply.status = ContactReply.Status.FAILED
            reply.last_error = "No email address to send to"
            reply.save(update_fields=["status", "last_error"])
            return reply.status
        partnership = message.partnership
        reply_to = inbox_address(partnership=partnership)
        text = render_to_string(
            "contact/email/reply.txt",
            {
                "reply": reply,
                "message": message,
                "partnership": partnership,
                "contact_url": _absolute(
                    reverse("contact:form", args=[partnership.slug])
                ),
            },
        )
        reply.attempts += 1
        EmailMessage(
            f"Your message to {partnership.name}: {message.reference}",
            text,
            to=[message.email],
            reply_to=[reply_to] if reply_to else None,
        ).send()
        reply.status = ContactReply.Status.SENT
        reply.sent_at = timezone.now()
        reply.last_error = ""
        reply.save(update_fields=["status", "sent_at", "attempts", "last_error"])
        return reply.status


@transaction.atomic
def reply_record_failure(*, reply_id: int, error: str, final: bool) -> None:
    """Note a failed try; after the last one the reply is marked not sent."""
    reply = ContactReply.objects.select_for_update().get(pk=reply_id)
    if reply.status != ContactReply.Status.QUEUED:
        return
    reply.attempts += 1
    reply.last_error = error[:2000]
    if final:
        reply.status = ContactReply.Status.FAILED
    reply.save(update_fields=["attempts", "last_error", "status"])


@transaction.atomic
def messages_anonymise_due(*, now=None) -> int:
    """Remove the sender's name, address and words, and the replies' text, from
    messages nobody has dealt with for the partnership's retention period.

    The reference, topic, status and dates stay, so counts do not change.
    Running it again changes nothing.
    """
    now = now or timezone.now()
    total = 0
    partnership_ids = (
        ContactMessage.objects.filter(anonymised_at__isnull=True)
        .values_list("partnership_id", flat=True)
        .distinct()
    )
    for partnership_id in list(partnership_ids):
        cutoff = add_months(now, -retention_months(partnership_id=partnership_id))
        due = ContactMessage.objects.filter(
            partnership_id=partnership_id,
            anonymised_at__isnull=True,
            updated_at__lt=cutoff,
        )
        ids = list(due.values_list("pk", flat=True))
        if not ids:
            continue
        ContactReply.objects.filter(message_id__in=ids).update(body=REMOVED)
        total += ContactMessage.objects.filter(pk__in=ids).update(
            name="", email="", body=REMOVED, anonymised_at=now
        )
    return total
