"""Messages residents send to a partnership, and officers' replies."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from partnerships.models import Partnership

REMOVED = "[Removed after the retention period]"


class ContactInbox(models.Model):
    """Where a partnership's new messages are announced, and how long they are
    kept before their personal data is removed."""

    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, related_name="contact_inbox"
    )
    email = models.EmailField(
        "inbox address", help_text="New messages are announced to this address."
    )
    retention_months = models.PositiveSmallIntegerField(
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text="Months after a message was last dealt with before the "
        "sender's name, address and words are removed.",
    )

    class Meta:
        verbose_name = "contact inbox"
        verbose_name_plural = "contact inboxes"

    def __str__(self):
        return f"Inbox of {self.partnership}"


class ContactMessage(models.Model):
    class Status(models.TextChoices):
        NEW = "new", "New"
        ANSWERED = "answered", "Answered"
        CLOSED = "closed", "Closed"

    class Topic(models.TextChoices):
        WORK = "work", "A question about the partnership's work"
        MEETING = "meeting", "A meeting"
        WEBSITE = "website", "Feedback about this website, including accessibility"
        OTHER = "other", "Something else"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="contact_messages"
    )
    reference = models.CharField(max_length=20, unique=True)
    # One message per showing of the form, however often it is sent.
    idempotency_key = models.CharField(max_length=64)
    name = models.CharField(max_length=100, blank=True)
    email = models.EmailField(max_length=254, blank=True)
    topic = models.CharField(max_length=20, choices=Topic.choices)
    body = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    received_at = models.DateTimeField(auto_now_add=True)
    # The last time anyone dealt with it: the retention period runs from here.
    updated_at = models.DateTimeField(auto_now=True)
    notified_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "idempotency_key"],
                name="contactmessage_once_per_key",
            )
        ]
        indexes = [
            models.Index(
                fields=["partnership", "status", "received_at"],
                name="contactmessage_inbox_idx",
            )
        ]

    def __str__(self):
        return self.reference


class ContactReply(models.Model):
    """An officer's answer, emailed to the sender once."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Not sent"

    message = models.ForeignKey(
        ContactMessage, on_delete=models.CASCADE, related_name="replies"
    )
    body = models.TextField()
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "contact replies"

    def __str__(self):
        return f"Reply to {self.message}"
