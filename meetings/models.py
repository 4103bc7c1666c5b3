"""Meetings of a partnership, their documents and who attended."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from partnerships.models import Area, Organisation, Partnership
from plans.models import Deadline
from portal.core.addresses import slug_url
from portal.core.documents import TYPES, validate_document_file
from portal.core.models import Draftable


class MeetingQuerySet(models.QuerySet):
    def public(self):
        """Published meetings of published partnerships."""
        return self.filter(
            status=Meeting.Status.PUBLISHED, partnership__is_published=True
        )


class Meeting(Draftable):
    """A meeting residents may attend or read about.

    The annual public meeting is the one regulation 12 of the Crime and
    Disorder (Formulation and Implementation of Strategy) Regulations 2007
    asks for: senior people from every responsible authority, publicised
    beforehand. Its published minutes, with every responsible authority
    represented, complete the partnership's public-meeting deadline.
    """

    class Kind(models.TextChoices):
        ANNUAL_PUBLIC = "annual_public", "Annual public meeting"
        BOARD = "board", "Partnership board meeting"
        SAFER_NEIGHBOURHOOD_BOARD = (
            "safer_neighbourhood_board",
            "Safer Neighbourhood Board meeting",
        )
        WARD_PANEL = "ward_panel", "Ward panel"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    DRAFT_FIELDS = (
        "title",
        "kind",
        "ward",
        "starts_at",
        "ends_at",
        "place",
        "accessibility",
        "online_url",
        "summary",
    )

    # The partnership whose pages show it (portal/core/cache.py).
    page_cache_partnership = ("partnership", "ward__parent__partnerships")

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="meetings"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200)
    ward = models.ForeignKey(
        Area,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
        help_text="The ward a ward panel (or any local meeting) is for.",
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    place = models.TextField(
        blank=True, help_text="The venue and its address. Empty for online only."
    )
    accessibility = models.TextField(
        blank=True,
        help_text="Step-free access, hearing loops, British Sign Language, how to "
        "ask for anything else.",
    )
    online_url = models.URLField("online joining link", max_length=500, blank=True)
    summary = models.TextField(
        blank=True, help_text="Markdown: what will be discussed, how to take part."
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True)
    minutes_published_at = models.DateTimeField(null=True, blank=True)
    minutes_published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The public-meeting deadline this meeting completed (annual meetings).
    deadline = models.ForeignKey(
        Deadline, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "slug"], name="meeting_unique_slug"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message="The meeting must end after it starts.",
            ),
            models.CheckConstraint(
                condition=Q(minutes_published_at__isnull=True) | Q(status="published"),
                name="meeting_minutes_only_when_published",
                violation_error_message="Publish the meeting before its minutes.",
            ),
        ]
        indexes = [
            models.Index(
                fields=["partnership", "starts_at"],
                name="meeting_partnership_start_idx",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url(
            "meetings:detail", partnership_slug=self.partnership.slug, slug=self.slug
        )

    def clean(self):
        errors = {}
        if self.kind == self.Kind.WARD_PANEL and self.ward_id is None:
            errors["ward"] = "Choose the ward this panel is for"
        if not self.place.strip() and not self.online_url:
            errors["place"] = "Enter where the meeting is, or a link to join online"
        if errors:
            raise ValidationError(errors)

    @property
    def is_published(self) -> bool:
        """Published by its officers (``is_public`` also needs the partnership)."""
        return self.status == self.Status.PUBLISHED

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.partnership.is_published

    @property
    def minutes_published(self) -> bool:
        return self.minutes_published_at is not None


class MeetingDocument(models.Model):
    """An agenda, a paper or the minutes of a meeting: a checked PDF, ODT or DOCX.

    Agendas and papers are public once the meeting is; minutes once they are
    published.
    """

    class Kind(models.TextChoices):
        AGENDA = "agenda", "Agenda"
        PAPER = "paper", "Paper"
        MINUTES = "minutes", "Minutes"

    # The partnership whose pages show it (portal/core/cache.py).
    page_cache_partnership = "meeting__partnership"

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(max_length=200)
    file = models.FileField(
        upload_to="meetings/", max_length=255, validators=[validate_document_file]
    )
    content_type = models.CharField(
        max_length=100, choices=[(t, TYPES[t].label) for t in TYPES]
    )
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "uploaded_at", "id"]

    def __str__(self):
        return self.title

    @property
    def type_label(self) -> str:
        found = TYPES.get(self.content_type)
        return found.label if found else "File"


class Attendance(models.Model):
    """Who represented an organisation at a meeting, as the minutes record."""

    # The partnership whose pages show it (portal/core/cache.py).
    page_cache_partnership = "meeting__partnership"

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendance"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+"
    )
    representative = models.CharField(
        max_length=200, help_text="Name and role, as the minutes give them."
    )
    is_senior = models.BooleanField(
        "senior leader",
        default=False,
        help_text="A senior person of the organisation, as regulation 12 asks.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "organisation__name"]
        verbose_name_plural = "attendance"
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "organisation"], name="attendance_unique_member"
            )
        ]

    def __str__(self):
        return f"{self.organisation}: {self.representative}"
