"""Statutory documents (plans, assessments, strategies, reports) and their sections."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from partnerships.models import Partnership
from portal.core.addresses import slug_url
from portal.core.documents import validate_document_file
from portal.core.fields import RenderedMarkdownField, RendersMarkdown
from portal.core.models import Draftable


def plan_document_name(instance, filename: str) -> str:
    """A random storage name: never the uploader's, which may say anything."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in (".pdf", ".odt", ".docx"):
        suffix = ""
    return f"plans/{uuid.uuid4().hex}{suffix}"


class PlanQuerySet(models.QuerySet):
    PUBLIC_STATUSES = ("published", "superseded")

    @classmethod
    def public_q(cls, prefix: str = "") -> Q:
        """The rule of ``public()``; with ``prefix`` (``"plan__"``), the same
        rule for the plan of another row, as joins rather than a subquery."""
        return Q(
            **{
                f"{prefix}status__in": cls.PUBLIC_STATUSES,
                f"{prefix}partnership__is_published": True,
            }
        )

    def public(self):
        """Published or superseded documents of a published partnership."""
        return self.filter(self.public_q())


class Plan(Draftable):
    class Kind(models.TextChoices):
        PARTNERSHIP_PLAN = "partnership_plan", "Partnership plan"
        COMMUNITY_SAFETY_PLAN = "community_safety_plan", "Community safety plan"
        STRATEGIC_ASSESSMENT = "strategic_assessment", "Strategic assessment"
        SERIOUS_VIOLENCE_STRATEGY = (
            "serious_violence_strategy",
            "Serious violence strategy",
        )
        REDUCING_REOFFENDING_STRATEGY = (
            "reducing_reoffending_strategy",
            "Reducing reoffending strategy",
        )
        ANNUAL_REPORT = "annual_report", "Annual report"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        SUPERSEDED = "superseded", "Superseded"

    # The kinds that set a partnership's priorities; the newest published one is
    # the partnership's current plan.
    PLAN_KINDS = (Kind.PARTNERSHIP_PLAN, Kind.COMMUNITY_SAFETY_PLAN)
    DRAFT_FIELDS = ("title", "summary", "start_year", "end_year")

    # The partnership whose pages show it (portal/core/cache.py).
    page_cache_partnership = ("partnership", "aligned_from__plan__partnership")

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="plans"
    )
    kind = models.CharField(max_length=40, choices=Kind.choices)
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200)
    start_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="First year of the period, e.g. 2024."
    )
    end_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Last year of the period, e.g. 2029."
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    summary = models.TextField(blank=True)
    published_on = models.DateField(null=True, blank=True)
    # A PDF, ODT or DOCX (checked by its content), served by the plans:document
    # view, never from /media/.
    document = models.FileField(
        upload_to=plan_document_name,
        blank=True,
        max_length=255,
        validators=[validate_document_file],
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", "-start_year", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "slug"], name="plan_unique_slug_in_partnership"
            ),
            models.CheckConstraint(
                condition=Q(start_year__isnull=True, end_year__isnull=True)
                | Q(
                    start_year__isnull=False,
                    end_year__isnull=False,
                    start_year__gte=1998,
                    start_year__lte=2100,
                    end_year__gte=F("start_year"),
                    end_year__lte=F("start_year") + 10,
                ),
                name="plan_valid_period",
                violation_error_message=(
                    "The period must have both years, start in 1998 or later, "
                    "and end in the same year or up to 10 years after it starts."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_on__isnull=False),
                name="plan_published_has_date",
                violation_error_message="A published document needs its date.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url(
            "plans:detail", partnership_slug=self.partnership.slug, slug=self.slug
        )

    @property
    def is_public(self):
        return (
            self.status in PlanQuerySet.PUBLIC_STATUSES
            and self.partnership.is_published
        )

    @property
    def period(self):
        if self.start_year is None:
            return ""
        if self.start_year == self.end_year:
            return str(self.start_year)
        return f"{self.start_year} to {self.end_year}"


class PlanSection(RendersMarkdown, Draftable):
    DRAFT_FIELDS = ("title", "body")

    # The partnership whose pages show it (portal/core/cache.py).
    page_cache_partnership = "plan__partnership"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200)
    body = models.TextField(help_text="Markdown. Raw HTML is removed when shown.")
    body_html = RenderedMarkdownField(source="body")
    order = models.PositiveSmallIntegerField(default=0)
    is_published = models.BooleanField(
        default=False, help_text="Shown to residents when the plan is public."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "slug"], name="plansection_unique_slug_in_plan"
            )
        ]

    def __str__(self):
        return self.title


class PlanAlignment(models.Model):
    """A plan this one aligns with: a plan in the portal, or an outside document."""

    # The partnership whose pages show it (portal/core/cache.py).
    page_cache_partnership = "plan__partnership"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="alignments")
    aligned_plan = models.ForeignKey(
        Plan,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="aligned_from",
        help_text="A plan in this portal. Leave empty for an outside document.",
    )
    title = models.CharField(
        max_length=200, blank=True, help_text="Title of an outside document."
    )
    publisher = models.CharField(max_length=200, blank=True)
    url = models.URLField(blank=True)
    note = models.TextField(blank=True, help_text="How the plans align.")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["plan", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(aligned_plan__isnull=False) & Q(title=""))
                | (Q(aligned_plan__isnull=True) & ~Q(title="")),
                name="planalignment_one_target",
                violation_error_message=(
                    "Choose a plan in the portal or give an outside document's title, "
                    "not both."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(aligned_plan=F("plan")),
                name="planalignment_not_self",
                violation_error_message="A plan cannot align with itself.",
            ),
            models.UniqueConstraint(
                fields=["plan", "title"],
                condition=~Q(title=""),
                name="planalignment_unique_outside_title",
            ),
            models.UniqueConstraint(
                fields=["plan", "aligned_plan"],
                condition=Q(aligned_plan__isnull=False),
                name="planalignment_unique_internal",
            ),
        ]

    def __str__(self):
        return self.display_title

    @property
    def display_title(self):
        return self.aligned_plan.title if self.aligned_plan_id else self.title


class StatutoryDuty(models.Model):
    """One statutory duty of a partnership, with how often it falls due.

    The partnership's configuration (month and day, first quarter, case
    intervals, reminder offsets, default owners) lives here; each dated
    occurrence is a ``Deadline``.
    """

    class Kind(models.TextChoices):
        STRATEGIC_ASSESSMENT = "strategic_assessment", "Strategic assessment"
        PLAN_REFRESH = "plan_refresh", "Partnership plan refresh"
        PUBLIC_MEETING = "public_meeting", "Public meeting with senior leaders"
        CONSULTATION = "consultation", "Community consultation on priorities"
        INFORMATION_SHARING_REVIEW = (
            "information_sharing_review",
            "Information sharing protocol review",
        )
        DATA_SHARING = "data_sharing", "Prescribed data sharing between partners"
        SCRUTINY = "scrutiny", "Crime and disorder scrutiny committee session"
        SERIOUS_VIOLENCE_REVIEW = (
            "serious_violence_review",
            "Serious violence strategy review",
        )
        DOMESTIC_HOMICIDE_REVIEW = (
            "domestic_homicide_review",
            "Domestic homicide review",
        )
        ACCESSIBILITY_REVIEW = "accessibility_review", "Accessibility statement review"

    class Cadence(models.TextChoices):
        ANNUAL = "annual", "Every year"
        QUARTERLY = "quarterly", "Every quarter, due by the end of the next quarter"
        PER_CASE = "per_case", "For each case"
        ON_DATE = "on_date", "On a date the partnership sets, then at an interval"

    # Publishing a document of these kinds completes the matching duty.
    COMPLETED_BY_PUBLISHING = {
        "strategic_assessment": Kind.STRATEGIC_ASSESSMENT,
        "partnership_plan": Kind.PLAN_REFRESH,
        "community_safety_plan": Kind.PLAN_REFRESH,
        "serious_violence_strategy": Kind.SERIOUS_VIOLENCE_REVIEW,
    }

    # The partnership whose pages show it (portal/core/cache.py).
    page_cache_partnership = "partnership"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="duties"
    )
    kind = models.CharField(max_length=40, choices=Kind.choices)
    cadence = models.CharField(max_length=20, choices=Cadence.choices)
    due_month = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Annual duties: the month it is due (1-12)."
    )
    due_day = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Annual duties: the day of the month (29 February falls on the "
        "28th in other years).",
    )
    start_quarter = models.DateField(
        null=True,
        blank=True,
        help_text="Quarterly duties: the first day of the first quarter covered "
        "(1 January, April, July or October).",
    )
    interval_months = models.PositiveSmallIntegerField(
        default=12, help_text="Duties on a set date: months until the next one."
    )
    case_decision_months = models.PositiveSmallIntegerField(
        default=1, help_text="Cases: months from notification to the decision."
    )
    case_completion_months = models.PositiveSmallIntegerField(
        default=6, help_text="Cases: months from notification to completion."
    )
    reminder_offsets = models.JSONField(
        default=list,
        blank=True,
        help_text="Days before the due date to send reminders, e.g. [90, 30, 7, 0]. "
        "Empty: the site's default.",
    )
    overdue_every_days = models.PositiveSmallIntegerField(
        default=7, help_text="While overdue, remind again every this many days."
    )
    default_owners = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["partnership", "kind"]
        verbose_name_plural = "statutory duties"
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "kind"], name="duty_unique_per_partnership"
            ),
            models.CheckConstraint(
                condition=~Q(cadence="quarterly") | Q(start_quarter__isnull=False),
                name="duty_quarterly_has_start",
                violation_error_message="A quarterly duty needs its first quarter.",
            ),
            models.CheckConstraint(
                condition=~Q(cadence="annual")
                | Q(
                    due_month__gte=1, due_month__lte=12, due_day__gte=1, due_day__lte=31
                ),
                name="duty_annual_has_date",
                violation_error_message="An annual duty needs its month and day.",
            ),
            models.CheckConstraint(
                condition=Q(overdue_every_days__gte=1),
                name="duty_overdue_interval_positive",
                violation_error_message="Remind overdue deadlines every day or more.",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.partnership})"

    def clean(self):
        errors = {}
        offsets = self.reminder_offsets
        if not isinstance(offsets, list) or not all(
            isinstance(o, int) and not isinstance(o, bool) for o in offsets
        ):
            errors["reminder_offsets"] = "Enter the reminder days as whole numbers."
        elif any(o < 0 for o in offsets):
            errors["reminder_offsets"] = (
                "Reminder days cannot be negative: use 0 for the due date itself."
            )
        elif any(o > 366 for o in offsets):
            errors["reminder_offsets"] = "Reminders can start at most 366 days before."
        if self.cadence == self.Cadence.QUARTERLY:
            quarter = self.start_quarter
            if quarter is None:
                errors["start_quarter"] = "A quarterly duty needs its first quarter."
            elif quarter.day != 1 or quarter.month not in (1, 4, 7, 10):
                errors["start_quarter"] = (
                    "Enter the first day of a quarter: 1 January, April, July, October."
                )
        if self.cadence == self.Cadence.ANNUAL:
            if self.due_month is None or self.due_day is None:
                errors["due_month"] = (
                    "An annual duty needs the month and day it is due."
                )
            elif not (1 <= self.due_month <= 12) or not (1 <= self.due_day <= 31):
                errors["due_month"] = "Enter a real month (1-12) and day (1-31)."
        if errors:
            raise ValidationError(errors)


class Deadline(models.Model):
    """A dated obligation of one partnership, with owners and a status."""

    class Status(models.TextChoices):
        UPCOMING = "upcoming", "Upcoming"
        DUE = "due", "Due"
        OVERDUE = "overdue", "Overdue"
        DONE = "done", "Done"

    class CaseStage(models.TextChoices):
        DECISION = "decision", "Decide whether to hold a review"
        COMPLETION = "completion", "Complete the review"

    # A deadline is "due" (rather than "upcoming") this many days before.
    DUE_WINDOW_DAYS = 30

    # The partnership whose pages show it (portal/core/cache.py).
    page_cache_partnership = "partnership"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="deadlines"
    )
    duty = models.ForeignKey(
        StatutoryDuty, on_delete=models.CASCADE, related_name="deadlines"
    )
    due_date = models.DateField()
    period_label = models.CharField(max_length=100, blank=True)
    case_reference = models.CharField(max_length=50, blank=True)
    case_stage = models.CharField(max_length=20, choices=CaseStage.choices, blank=True)
    owners = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="deadlines"
    )
    completed_on = models.DateField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    evidence_url = models.URLField(blank=True, max_length=500)
    evidence_plan = models.ForeignKey(
        Plan, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    evidence_path = models.CharField(
        max_length=300,
        blank=True,
        help_text="A page of this site that shows the evidence, such as the "
        "minutes of a public meeting (a path, e.g. /partnerships/...).",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["duty", "due_date", "case_reference", "case_stage"],
                name="deadline_unique_occurrence",
            ),
            models.CheckConstraint(
                condition=Q(case_reference="", case_stage="")
                | (~Q(case_reference="") & ~Q(case_stage="")),
                name="deadline_case_has_stage",
            ),
        ]
        indexes = [models.Index(fields=["completed_on", "due_date"])]

    def __str__(self):
        return f"{self.title}, due {self.due_date:%d %b %Y}"

    @property
    def title(self):
        label = self.duty.get_kind_display()
        if self.case_reference:
            stage = self.get_case_stage_display().lower()
            return f"{label} {self.case_reference}: {stage}"
        return f"{label} {self.period_label}".strip()

    def status_on(self, today) -> str:
        if self.completed_on is not None:
            return self.Status.DONE
        days_left = (self.due_date - today).days
        if days_left < 0:
            return self.Status.OVERDUE
        if days_left <= self.DUE_WINDOW_DAYS:
            return self.Status.DUE
        return self.Status.UPCOMING


class Reminder(models.Model):
    """One reminder email to one owner for one deadline at one offset.

    The unique constraint is the promise that each is sent once at most,
    however often or concurrently the daily job runs.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENT = "sent", "Sent"
        SKIPPED = "skipped", "Not needed (deadline done)"
        FAILED = "failed", "Failed"

    deadline = models.ForeignKey(
        Deadline, on_delete=models.CASCADE, related_name="reminders"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    # "before:30" (30 days before), "before:0" (due today), "overdue:14".
    key = models.CharField(max_length=30)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "user", "key"], name="reminder_sent_once"
            )
        ]

    def __str__(self):
        return f"{self.key} for {self.deadline} to {self.user}"


class CalendarToken(models.Model):
    """A secret, revocable address for one officer's calendar of one partnership."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Calendar of {self.partnership} for {self.user}"
