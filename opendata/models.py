"""Email alerts: who follows what, what was published, and what was sent to whom.

``Subscriber`` is one address following one partnership (or one ward of it),
with the topics and frequency it chose. ``Event`` is the outbox of
publications that apps announce (``portal.core.events``). ``Delivery`` is one
event for one subscriber: its unique row is the promise that nobody hears about
the same thing twice. ``Digest`` is one weekly email to one subscriber,
gathering that subscriber's deliveries; it is unique per week.
"""

from django.db import models
from django.db.models import Q

from partnerships.models import Area, Partnership
from portal.core import events as publications


class Topic(models.TextChoices):
    """What a resident can choose to hear about; each is a field of Subscriber."""

    CONSULTATIONS = "consultations", "New consultations"
    RESULTS = "results", "Published consultation results"
    PUBLICATIONS = "publications", "Plan and priority publications"
    MEETINGS = "meetings", "Upcoming meetings"
    CRIME_SUMMARY = "crime_summary", "A monthly crime summary"


class Subscriber(models.Model):
    """One email address following one partnership, or one ward of its area.

    Double opt-in: nothing is sent until ``confirmed_at``. Unsubscribing sets
    ``unsubscribed_at`` and stops everything at once; the nightly retention
    job blanks the address later (``anonymised_at``).
    """

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", "Straight away"
        WEEKLY = "weekly", "In a weekly digest"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="alert_subscribers"
    )
    ward = models.ForeignKey(
        Area,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="alert_subscribers",
        limit_choices_to={"kind": Area.Kind.WARD},
        help_text="Empty: the partnership's whole area.",
    )
    email = models.EmailField(
        blank=True, help_text="Personal data; blank once anonymised."
    )
    token = models.CharField(max_length=64, unique=True)
    consultations = models.BooleanField(Topic.CONSULTATIONS.label, default=False)
    results = models.BooleanField(Topic.RESULTS.label, default=False)
    publications = models.BooleanField(Topic.PUBLICATIONS.label, default=False)
    meetings = models.BooleanField(Topic.MEETINGS.label, default=False)
    crime_summary = models.BooleanField(Topic.CRIME_SUMMARY.label, default=False)
    frequency = models.CharField(
        max_length=10, choices=Frequency.choices, default=Frequency.IMMEDIATE
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One live subscription per address and place.
            models.UniqueConstraint(
                fields=["partnership", "email"],
                condition=Q(ward__isnull=True, unsubscribed_at__isnull=True)
                & ~Q(email=""),
                name="subscriber_unique_for_partnership",
            ),
            models.UniqueConstraint(
                fields=["ward", "email"],
                condition=Q(ward__isnull=False, unsubscribed_at__isnull=True)
                & ~Q(email=""),
                name="subscriber_unique_for_ward",
            ),
        ]
        indexes = [
            models.Index(
                fields=["partnership"],
                condition=Q(confirmed_at__isnull=False, unsubscribed_at__isnull=True),
                name="subscriber_active_idx",
            ),
            models.Index(fields=["email"], name="subscriber_email_idx"),
        ]

    def __str__(self):
        place = self.ward or self.partnership
        return f"{self.email or '(anonymised)'} following {place}"

    @property
    def is_active(self) -> bool:
        """Confirmed, not unsubscribed, with an address: only these get email."""
        return (
            self.confirmed_at is not None
            and self.unsubscribed_at is None
            and bool(self.email)
        )

    @property
    def email_hint(self) -> str:
        """Enough of the address for its owner to recognise it ("r…@example.org"),
        not enough for whoever else holds the link to learn it."""
        local, _, domain = self.email.partition("@")
        return f"{local[:1]}…@{domain}" if local and domain else ""

    @property
    def topics(self) -> list[str]:
        return [topic for topic in Topic.values if getattr(self, topic)]


class Event(models.Model):
    """Something published that subscribers may hear about (the outbox).

    Recorded in the publishing transaction from an announcement
    (``portal.core.events``); fanned out to subscribers once.
    """

    class Kind(models.TextChoices):
        CONSULTATION_OPENED = publications.CONSULTATION_OPENED, "Consultation opened"
        CONSULTATION_RESULTS = (
            publications.CONSULTATION_RESULTS,
            "Consultation results published",
        )
        PLAN_PUBLISHED = publications.PLAN_PUBLISHED, "Plan published"
        PRIORITY_PUBLISHED = publications.PRIORITY_PUBLISHED, "Priority published"
        CRIME_FIGURES = publications.CRIME_FIGURES, "Crime figures published"
        MEETING_SCHEDULED = publications.MEETING_SCHEDULED, "Meeting scheduled"

    # Which subscriber field says they want to hear about each kind.
    TOPIC_OF_KIND = {
        Kind.CONSULTATION_OPENED: Topic.CONSULTATIONS,
        Kind.CONSULTATION_RESULTS: Topic.RESULTS,
        Kind.PLAN_PUBLISHED: Topic.PUBLICATIONS,
        Kind.PRIORITY_PUBLISHED: Topic.PUBLICATIONS,
        Kind.CRIME_FIGURES: Topic.CRIME_SUMMARY,
        Kind.MEETING_SCHEDULED: Topic.MEETINGS,
    }

    kind = models.CharField(max_length=30, choices=Kind.choices)
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="alert_events"
    )
    area = models.ForeignKey(
        Area,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="One ward only; empty for the whole partnership.",
    )
    object_id = models.PositiveBigIntegerField()
    key = models.CharField(max_length=40, blank=True)
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    path = models.CharField(max_length=500)
    occurred_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    fanned_out_at = models.DateTimeField(null=True, blank=True)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "key"], name="event_recorded_once"
            )
        ]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=Q(fanned_out_at__isnull=True),
                name="event_waiting_idx",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"

    @property
    def topic(self) -> str:
        return self.TOPIC_OF_KIND[self.kind]


class Digest(models.Model):
    """One weekly email to one subscriber; unique per week (Monday, UK time)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENT = "sent", "Sent"
        SKIPPED = "skipped", "Not sent (nothing left, or unsubscribed)"
        FAILED = "failed", "Failed"

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="digests"
    )
    week_start = models.DateField(help_text="The Monday the week began (UK time).")
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-week_start", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "week_start"], name="digest_once_a_week"
            )
        ]

    def __str__(self):
        return f"Digest of the week of {self.week_start} to {self.subscriber_id}"


class Delivery(models.Model):
    """One event for one subscriber: sent once, straight away or in a digest."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENT = "sent", "Sent"
        SKIPPED = "skipped", "Not sent (unsubscribed, or no longer public)"
        FAILED = "failed", "Failed"

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="deliveries"
    )
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="deliveries"
    )
    in_digest = models.BooleanField(default=False)
    digest = models.ForeignKey(
        Digest,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deliveries",
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["event", "subscriber"], name="delivery_sent_once"
            )
        ]
        indexes = [
            models.Index(
                fields=["subscriber"],
                condition=Q(status="pending", in_digest=True),
                name="delivery_digest_waiting_idx",
            ),
            models.Index(
                fields=["created_at"],
                condition=Q(status="pending", in_digest=False),
                name="delivery_waiting_idx",
            ),
        ]

    def __str__(self):
        return f"{self.event} to {self.subscriber_id} ({self.get_status_display()})"
