"""Statutory documents (plans, assessments, strategies, reports) and their sections."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from partnerships.models import Partnership
from portal.models import Draftable


class PlanQuerySet(models.QuerySet):
    PUBLIC_STATUSES = ("published", "superseded")

    def public(self):
        """Published or superseded documents of a published partnership."""
        return self.filter(
            status__in=self.PUBLIC_STATUSES, partnership__is_published=True
        )


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
    document = models.FileField(upload_to="plans/", blank=True)
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
        return reverse(
            "plans:detail",
            kwargs={"partnership_slug": self.partnership.slug, "slug": self.slug},
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


class PlanSection(Draftable):
    DRAFT_FIELDS = ("title", "body")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200)
    body = models.TextField(help_text="Markdown. Raw HTML is removed when shown.")
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
