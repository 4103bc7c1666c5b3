"""Priorities of a plan, with their objectives, evidence and indicators."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from partnerships.models import Area, Board, Organisation
from plans.models import Plan
from portal.core.addresses import slug_url
from portal.core.fields import RenderedMarkdownField, RendersMarkdown
from portal.core.models import Draftable


class Priority(RendersMarkdown, Draftable):
    # Objectives, locations and what informed the priority are edited with
    # it, so they are part of its draft (a list of texts, a list of area ids,
    # and {evidence kind: detail}).
    DRAFT_FIELDS = (
        "title",
        "summary",
        "description",
        "delivery_group",
        "locations",
        "objectives",
        "evidence",
    )

    # The partnership whose pages show it (portal/core/cache.py).
    page_cache_partnership = ("plan__partnership", "consultations__partnership")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="priorities")
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200)
    summary = models.CharField(max_length=400)
    description = models.TextField(blank=True, help_text="Markdown.")
    description_html = RenderedMarkdownField(source="description")
    order = models.PositiveSmallIntegerField(default=0)
    delivery_group = models.ForeignKey(
        Board,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="priorities",
        help_text="The board or delivery group that leads on this priority.",
    )
    locations = models.ManyToManyField(
        Area, blank=True, related_name="priorities", help_text="Places in focus."
    )
    is_published = models.BooleanField(
        default=False, help_text="Shown to residents when the plan is public."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[locations])

    class Meta:
        ordering = ["plan", "order", "id"]
        verbose_name_plural = "priorities"
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "slug"], name="priority_unique_slug_in_plan"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        plan = self.plan
        return priority_url(plan.partnership.slug, plan.slug, slug=self.slug)


def priority_url(partnership_slug: str, plan_slug: str, *, slug: str) -> str:
    """A priority's address from the slugs alone (lists built from plain rows
    ask for it too)."""
    return slug_url(
        "priorities:detail",
        partnership_slug=partnership_slug,
        plan_slug=plan_slug,
        slug=slug,
    )


class Evidence(models.Model):
    """What informed a priority."""

    class Kind(models.TextChoices):
        RESIDENTS = "residents", "The views of residents"
        DATA = "data", "Analysis of data"
        WHAT_WORKS = "what_works", "Evidence of what works"
        PROFESSIONALS = "professionals", "The views of professionals"

    # The partnership whose pages show it (portal/core/cache.py).
    page_cache_partnership = "priority__plan__partnership"

    priority = models.ForeignKey(
        Priority, on_delete=models.CASCADE, related_name="evidence"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    detail = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["priority", "kind"]
        verbose_name_plural = "evidence"
        constraints = [
            models.UniqueConstraint(
                fields=["priority", "kind"], name="evidence_unique_kind_per_priority"
            )
        ]

    def __str__(self):
        return self.get_kind_display()


class Objective(models.Model):
    # The partnership whose pages show it (portal/core/cache.py).
    page_cache_partnership = "priority__plan__partnership"

    priority = models.ForeignKey(
        Priority, on_delete=models.CASCADE, related_name="objectives"
    )
    text = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["priority", "order", "id"]

    def __str__(self):
        return self.text[:60]


class Action(Draftable):
    """Something a partner organisation will do for a priority, by a date."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        ON_TRACK = "on_track", "On track"
        AT_RISK = "at_risk", "At risk"
        DONE = "done", "Done"

    DRAFT_FIELDS = ("title", "lead_organisation", "due_date", "status", "ward")

    # The partnership whose pages show it (portal/core/cache.py).
    page_cache_partnership = (
        "priority__plan__partnership",
        "ward__parent__partnerships",
    )

    priority = models.ForeignKey(
        Priority, on_delete=models.CASCADE, related_name="actions"
    )
    title = models.CharField(max_length=300)
    lead_organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
    )
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    ward = models.ForeignKey(
        Area,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions_here",
        limit_choices_to={"kind": Area.Kind.WARD, "valid_to__isnull": True},
        help_text="The ward where the action takes place, if it is in one.",
    )
    is_example = models.BooleanField(
        "an example",
        default=False,
        help_text="Written to show what the plan implies, not an action the "
        "partnership has published: residents see it labelled as an example.",
    )
    order = models.PositiveSmallIntegerField(default=0)
    is_published = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["priority", "order", "id"]

    def __str__(self):
        return self.title


class Indicator(Draftable):
    """What is measured for a priority, its target and the measured outcome.

    Officers' changes are drafts until the priority is next published, like
    actions. Indicators added in the admin or loaded as data are published
    straight away (``is_published`` defaults to true); the staff pages add
    them unpublished.
    """

    DRAFT_FIELDS = (
        "name",
        "unit",
        "direction",
        "baseline_period",
        "period",
        "target_percent",
        "change_value",
        "change_percent",
        "reported_result",
        "set_by",
        "set_on",
        "is_assumption",
        "provenance_note",
        "crime_type",
        "met_major_category",
        "met_minor_category",
        "baseline_month",
        "measured_month",
    )

    class Direction(models.TextChoices):
        REDUCE = "reduce", "Reduce"
        INCREASE = "increase", "Increase"

    class Result(models.TextChoices):
        ACHIEVED = "achieved", "Target achieved"
        MISSED = "missed", "Target missed"
        ON_TRACK = "on_track", "On track"
        OFF_TRACK = "off_track", "Off track"
        NOT_MEASURABLE = "not_measurable", "Not yet measurable"

    # The partnership whose pages show it (portal/core/cache.py).
    page_cache_partnership = "priority__plan__partnership"

    priority = models.ForeignKey(
        Priority, on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(
        max_length=200, help_text="What is measured, e.g. Knife crime."
    )
    unit = models.CharField(max_length=40, default="offences")
    direction = models.CharField(
        max_length=10, choices=Direction.choices, default=Direction.REDUCE
    )
    baseline_period = models.CharField(
        max_length=40, blank=True, help_text="e.g. 2008/09"
    )
    period = models.CharField(
        "measured period", max_length=40, blank=True, help_text="e.g. 2009/10"
    )
    target_percent = models.DecimalField(
        "target change (%)",
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        help_text="Signed change against the baseline, e.g. -4.5 for a 4.5% reduction.",
    )
    change_value = models.IntegerField(
        "change", null=True, blank=True, help_text="Measured change, e.g. 36 or -7."
    )
    change_percent = models.DecimalField(
        "change (%)", max_digits=7, decimal_places=1, null=True, blank=True
    )
    reported_result = models.CharField(
        max_length=10,
        # Only what a publication can report: achieved or missed.
        choices=Result.choices[:2],
        blank=True,
        help_text="The result as published, where the target itself is not recorded.",
    )
    crime_type = models.CharField(
        max_length=100, blank=True, help_text="The police.uk crime type this counts."
    )
    met_major_category = models.CharField(
        "Met major category",
        max_length=100,
        blank=True,
        help_text="Or, in London: the Met's major category this counts, e.g. "
        "BURGLARY (from the Met's ward-level series).",
    )
    met_minor_category = models.CharField(
        "Met minor category",
        max_length=100,
        blank=True,
        help_text="Optionally narrowed to one minor category of it, e.g. "
        "BURGLARY - RESIDENTIAL.",
    )
    baseline_month = models.DateField(
        null=True,
        blank=True,
        help_text="With a crime type: the month compared against (first day).",
    )
    measured_month = models.DateField(
        null=True,
        blank=True,
        help_text="With a crime type: the month measured (first day). The change "
        "is worked out from imported police.uk data.",
    )
    # Where the target comes from, shown to residents beside it.
    set_by = models.CharField(
        "target set by",
        max_length=200,
        blank=True,
        help_text="Who set the target, e.g. the partnership's strategic board.",
    )
    set_on = models.DateField("target set on", null=True, blank=True)
    is_assumption = models.BooleanField(
        "the target is an assumption",
        default=False,
        help_text="Not a target anyone set for this period: for example an older "
        "target carried over. Residents see it labelled as an assumption.",
    )
    provenance_note = models.CharField(
        "where the target comes from",
        max_length=300,
        blank=True,
        help_text="e.g. 'The Metropolitan Police Authority's 2010/11 target'.",
    )
    order = models.PositiveSmallIntegerField(default=0)
    is_published = models.BooleanField(
        default=True, help_text="Shown to residents when the priority is public."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["priority", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_percent__isnull=True)
                | Q(direction="reduce", target_percent__lte=0)
                | Q(direction="increase", target_percent__gte=0),
                name="indicator_target_matches_direction",
                violation_error_message=(
                    "A reduction target must be zero or negative, an increase target "
                    "zero or positive."
                ),
            ),
            models.UniqueConstraint(
                fields=["priority", "name", "period"],
                name="indicator_unique_per_period",
            ),
            models.CheckConstraint(
                condition=Q(crime_type="") | Q(met_major_category=""),
                name="indicator_one_crime_taxonomy",
                violation_error_message=(
                    "Count either a police.uk crime type or a Met category, not both."
                ),
            ),
            models.CheckConstraint(
                condition=Q(met_minor_category="") | ~Q(met_major_category=""),
                name="indicator_met_minor_needs_major",
                violation_error_message="A Met minor category needs its major one.",
            ),
        ]

    def __str__(self):
        return self.name

    # The rule residents are shown beside every result (RESULT_RULE).
    RESULT_RULE = (
        "A result is given only for the period a target applies to. Once that "
        "period is over and its change has been measured, the target is achieved "
        "when the change is at or beyond it in the direction it asks for (a fall "
        "for a reduction, a rise for an increase), and missed otherwise. While "
        "the period is still running, the change so far is on track or off track "
        "by the same test, and without a change yet it is not yet measurable. A "
        "period that ended with no change recorded here has no result. Older "
        "results published without their targets are shown as published."
    )

    @property
    def result(self):
        """The result by RESULT_RULE: achieved, missed, on track, off track or
        not yet measurable; without a target, the result as published (or "")."""
        if self.target_percent is None:
            return self.reported_result
        if self.change_percent is None:
            return "" if self.period_over else self.Result.NOT_MEASURABLE
        change = Decimal(self.change_percent)
        if self.direction == self.Direction.REDUCE:
            met = change <= self.target_percent
        else:
            met = change >= self.target_percent
        if self.measured_month is not None and not self.period_over:
            return self.Result.ON_TRACK if met else self.Result.OFF_TRACK
        return self.Result.ACHIEVED if met else self.Result.MISSED

    @property
    def period_over(self) -> bool:
        """The measured month has ended (periods given only as text are past)."""
        if self.measured_month is None:
            return True
        today = timezone.localdate()
        return (self.measured_month.year, self.measured_month.month) < (
            today.year,
            today.month,
        )

    def get_result_display(self):
        return self.Result(self.result).label if self.result else "Not yet measured"


class CrimeImport(models.Model):
    """One police.uk street-level file imported, with its report."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting"
        RUNNING = "running", "Importing"
        DONE = "done", "Imported"
        FAILED = "failed", "Refused"

    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    stored_path = models.CharField(max_length=500, blank=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rows_read = models.PositiveIntegerField(default=0)
    rows_loaded = models.PositiveIntegerField(default=0)
    rows_already_loaded = models.PositiveIntegerField(default=0)
    rows_without_location = models.PositiveIntegerField(default=0)
    rows_skipped = models.PositiveIntegerField(default=0)
    skipped_reasons = models.JSONField(default=dict, blank=True)
    months = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    # How many times a worker has started it: a file that kills its worker
    # (redelivered each time) is given up after CRIME_IMPORT_MAX_ATTEMPTS.
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["started_at"],
                condition=Q(status__in=["queued", "running"]),
                name="crimeimport_unfinished_idx",
            )
        ]

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"


class CrimeRecord(models.Model):
    """One police.uk street-level row, placed in a borough and ward.

    ``identity`` is the police.uk Crime ID where there is one, or a hash of the
    row's content for anti-social behaviour (which has none), each with how
    many times that key has appeared before in the same month's file, so
    importing the same month again adds nothing and genuine repeats are kept.
    """

    # Unique with the month, through Meta.constraints (unique=True would add
    # a LIKE-pattern index on PostgreSQL too, that nothing queries).
    identity = models.CharField(max_length=64)
    month = models.DateField()
    crime_type = models.CharField(max_length=100)
    lsoa_code = models.CharField(max_length=9, blank=True)
    lad_code = models.CharField(max_length=9, blank=True)
    ward_code = models.CharField(max_length=9, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    location = models.CharField(max_length=200, blank=True)
    outcome = models.CharField(max_length=200, blank=True)
    # No database constraint: its check ran once per inserted row (90,000 for
    # a Met month, at commit), half the import's time. No index either: every
    # row of an import has the same value, so each insert went down the same
    # edge of the index for nothing that reads it (nothing looks rows up by
    # import; Django sets it to NULL when an import is deleted through the
    # ORM, which no page offers, with one scan of the table).
    source = models.ForeignKey(
        CrimeImport,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )

    class Meta:
        # Unique by month and identity: the identity holds the month, so this is
        # as unique as the identity alone, while a month's rows sit together in
        # the index. Loading a month touches a small part of it (not pages
        # everywhere in an index of every month: each one written whole to the
        # WAL after a checkpoint), and the monthly counts find a month's rows
        # through it too.
        constraints = [
            models.UniqueConstraint(
                fields=["month", "identity"], name="crime_record_month_identity"
            )
        ]

    def __str__(self):
        return f"{self.crime_type} {self.month:%Y-%m} {self.lsoa_code}"


class MonthlyCrimeCount(models.Model):
    """Crimes per area (local authority or ward, by ONS code), month and type.

    Kept up to date by the import so statistics pages read these, not raw rows.
    """

    area_code = models.CharField(max_length=9)
    month = models.DateField()
    crime_type = models.CharField(max_length=100)
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["area_code", "month", "crime_type"], name="monthly_count_unique"
            )
        ]
        indexes = [models.Index(fields=["area_code", "month"])]

    def __str__(self):
        return f"{self.area_code} {self.month:%Y-%m} {self.crime_type}: {self.count}"


class MetWardImport(models.Model):
    """One file of the Met's ward-level series imported, with its report.

    The London Datastore's "MPS Ward Level Crime (most recent 24 months)": a
    rolling window whose recent months the Met revises in later files.
    """

    class Status(models.TextChoices):
        DONE = "done", "Imported"
        FAILED = "failed", "Refused"

    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    first_month = models.DateField(null=True, blank=True)
    last_month = models.DateField(null=True, blank=True)
    boroughs = models.JSONField(
        default=list, blank=True, help_text="Only these boroughs' wards, if given."
    )
    values_read = models.PositiveIntegerField(default=0)
    values_new = models.PositiveIntegerField(default=0)
    values_changed = models.PositiveIntegerField(default=0)
    values_unchanged = models.PositiveIntegerField(default=0)
    values_removed = models.PositiveIntegerField(default=0)
    values_kept_newer = models.PositiveIntegerField(
        default=0,
        help_text="Values of an older file left as a newer file had revised them.",
    )
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "Met ward-level import"

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"


class MetWardCrimeCount(models.Model):
    """The Met's count of recorded crime in one ward, month and category.

    Kept in the Met's own taxonomy (13 major categories, each with its minor
    ones), never mapped onto police.uk's crime types.
    """

    ward_code = models.CharField(max_length=9)
    month = models.DateField()
    major_category = models.CharField(max_length=100)
    minor_category = models.CharField(max_length=100)
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["ward_code", "month", "major_category", "minor_category"],
                name="metwardcount_unique",
            )
        ]

    def __str__(self):
        return (
            f"{self.ward_code} {self.month:%Y-%m} {self.major_category} / "
            f"{self.minor_category}: {self.count}"
        )
