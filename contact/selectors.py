"""Reads for contact messages: the staff inbox and where notices go."""

from django.conf import settings
from django.db.models import Count, Prefetch, QuerySet

from contact.models import ContactInbox, ContactMessage, ContactReply
from partnerships.models import Contact, Partnership


def inbox_address(*, partnership: Partnership) -> str:
    """Where new messages are announced: the inbox's address, or else the
    partnership's first public contact with an email address; "" if none."""
    inbox = ContactInbox.objects.filter(partnership=partnership).first()
    if inbox is not None:
        return inbox.email
    contact = (
        Contact.objects.filter(partnership=partnership)
        .exclude(email="")
        .order_by("order", "name")
        .first()
    )
    return contact.email if contact else ""


def retention_months(*, partnership_id: int) -> int:
    inbox = ContactInbox.objects.filter(partnership_id=partnership_id).first()
    return inbox.retention_months if inbox else settings.CONTACT_RETENTION_MONTHS


def message_list_for_inbox(
    *, partnership: Partnership, status: str | None = None
) -> QuerySet[ContactMessage]:
    """The partnership's messages, newest first, optionally of one status."""
    messages = ContactMessage.objects.filter(partnership=partnership).annotate(
        reply_count=Count("replies")
    )
    if status:
        messages = messages.filter(status=status)
    return messages.order_by("-received_at", "-pk")


def message_counts(*, partnership: Partnership) -> dict[str, int]:
    """How many messages have each status."""
    counts = dict(
        ContactMessage.objects.filter(partnership=partnership)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {status: counts.get(status, 0) for status in ContactMessage.Status.values}


def message_for_staff(*, pk: int) -> ContactMessage | None:
    return (
        ContactMessage.objects.filter(pk=pk)
        .select_related("partnership", "status_changed_by")
        .prefetch_related(
            Prefetch(
                "replies",
                queryset=ContactReply.objects.select_related("sent_by").order_by(
                    "created_at", "pk"
                ),
            )
        )
        .first()
    )
