"""Consultations, their questions and responses, published outcomes, subscriptions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from partnerships.models import Partnership
from portal.core.addresses import slug_url
from portal.core.fields import RenderedMarkdownField, RendersMarkdown


class Consultation(RendersMarkdown):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"
        PUBLISHED = "published", "Results published"

    # Statuses residents can see.
    PUBLIC_STATUSES = (Status.OPEN, Status.CLOSED, Status.PUBLISHED)

    # The partnership whose pages show it (portal/core/cache.py).
    page_cache_partnership = "partnership"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="consultations"
    )
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200)
    summary = models.CharField(
        max_length=400, help_text="One or two sentences shown in lists."
    )
    background = models.TextField(blank=True, help_text="Markdown.")
    background_html = RenderedMarkdownField(source="background")
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    opens_at = models.DateTimeField(null=True, blank=True)
    closes_at = models.DateTimeField(null=True, blank=True)
    priorities = models.ManyToManyField(
        "priorities.Priority", blank=True, related_name="consultations"
    )
    has_equality_section = models.BooleanField(
        "include the equality monitoring questions", default=False
    )
    retention_months = models.PositiveSmallIntegerField(
        default=12,
        help_text="Months after closing to keep personal data (email addresses and "
        "answers marked personal) before it is anonymised.",
    )
    subscribers_notified_at = models.DateTimeField(
        null=True, blank=True, editable=False
    )
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opens_at", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "slug"], name="consultation_unique_slug"
            ),
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(closes_at__gt=models.F("opens_at")),
                name="consultation_closes_after_opening",
                violation_error_message="The closing time must be after opening.",
            ),
            models.CheckConstraint(
                condition=Q(status="draft")
                | Q(opens_at__isnull=False, closes_at__isnull=False),
                name="consultation_scheduled_has_dates",
                violation_error_message="Set when the consultation opens and closes.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url(
            "engagement:detail", partnership_slug=self.partnership.slug, slug=self.slug
        )

    def is_accepting_responses(self, now=None) -> bool:
        """Open: the status says so and now is between opening and closing."""
        now = now or timezone.now()
        return (
            self.status in (self.Status.SCHEDULED, self.Status.OPEN)
            and self.opens_at is not None
            and self.opens_at <= now < self.closes_at
        )


class Question(models.Model):
    class Kind(models.TextChoices):
        SHORT_TEXT = "short_text", "Short text"
        LONG_TEXT = "long_text", "Long text"
        SINGLE_CHOICE = "single_choice", "One choice from a list"
        MULTIPLE_CHOICE = "multiple_choice", "Several choices from a list"
        AGREE_SCALE = "agree_scale", "Agree or disagree (five points)"
        YES_NO = "yes_no", "Yes or no"
        WARD = "ward", "Ward"

    CHOICE_KINDS = (
        Kind.SINGLE_CHOICE,
        Kind.MULTIPLE_CHOICE,
        Kind.AGREE_SCALE,
        Kind.YES_NO,
        Kind.WARD,
    )
    TEXT_KINDS = (Kind.SHORT_TEXT, Kind.LONG_TEXT)
    AGREE_SCALE_CHOICES = (
        "Strongly agree",
        "Agree",
        "Neither agree nor disagree",
        "Disagree",
        "Strongly disagree",
    )
    YES_NO_CHOICES = ("Yes", "No")
    MAX_LENGTH = {Kind.SHORT_TEXT: 200, Kind.LONG_TEXT: 5000}

    # The partnership whose pages show it (portal/core/cache.py).
    page_cache_partnership = "consultation__partnership"

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.CharField("question", max_length=300)
    hint = models.CharField(max_length=300, blank=True)
    required = models.BooleanField(default=False)
    personal = models.BooleanField(
        "answers may contain personal data",
        default=False,
        help_text="Free-text answers to this question are removed after the "
        "retention period.",
    )
    # Pages: a break before this question (the first question always starts
    # page 1). Conditions: asked only when the answer to an earlier choice
    # question includes this option (engagement.pages). RESTRICT: the
    # services refuse to delete what a condition names; deleting the whole
    # consultation takes both together.
    starts_page = models.BooleanField(
        "start a new page with this question", default=False
    )
    shown_if_question = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="dependents",
    )
    shown_if_choice = models.ForeignKey(
        "Choice",
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="+",
    )

    class Meta:
        ordering = ["consultation", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    shown_if_question__isnull=True, shown_if_choice__isnull=True
                )
                | Q(shown_if_question__isnull=False, shown_if_choice__isnull=False),
                name="question_condition_complete",
                violation_error_message="Choose the answer the question depends on.",
            )
        ]

    def __str__(self):
        return self.text

    @property
    def is_choice(self) -> bool:
        return self.kind in self.CHOICE_KINDS

    @property
    def max_length(self) -> int:
        return self.MAX_LENGTH.get(self.kind, 0)

    @property
    def is_conditional(self) -> bool:
        return self.shown_if_question_id is not None


class Choice(models.Model):
    # The partnership whose pages show it (portal/core/cache.py).
    page_cache_partnership = "question__consultation__partnership"

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="choices"
    )
    text = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["question", "order", "id"]

    def __str__(self):
        return self.text


class Response(models.Model):
    class Channel(models.TextChoices):
        ONLINE = "online", "Online"
        PAPER = "paper", "Paper form"
        EVENT = "event", "At an event"
        PHONE = "phone", "By phone"

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="responses"
    )
    reference = models.CharField(max_length=20, unique=True)
    channel = models.CharField(
        max_length=10, choices=Channel.choices, default=Channel.ONLINE
    )
    idempotency_key = models.CharField(max_length=64)
    email = models.EmailField(blank=True, help_text="For a receipt; personal data.")
    submitted_at = models.DateTimeField(default=timezone.now)
    keyed_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    receipt_sent_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["submitted_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "idempotency_key"],
                name="response_once_per_idempotency_key",
            )
        ]
        indexes = [models.Index(fields=["consultation", "submitted_at"])]

    def __str__(self):
        return self.reference


class Answer(models.Model):
    """One answer: a text, or one chosen option (several rows for multiple choice)."""

    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="answers"
    )
    choice = models.ForeignKey(
        Choice, null=True, blank=True, on_delete=models.CASCADE, related_name="answers"
    )
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["response", "question", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question", "choice"],
                condition=Q(choice__isnull=False),
                name="answer_choice_once",
            ),
            models.UniqueConstraint(
                fields=["response", "question"],
                condition=Q(choice__isnull=True),
                name="answer_text_once",
            ),
        ]
        indexes = [models.Index(fields=["question", "choice"])]

    def __str__(self):
        return self.text or str(self.choice)


class EqualityAnswer(models.Model):
    """Equality monitoring, kept apart from responses: no link to who answered.

    Reported only in aggregate, with counts under 10 suppressed.
    """

    class AgeBand(models.TextChoices):
        UNDER_18 = "under_18", "Under 18"
        AGE_18_24 = "18_24", "18 to 24"
        AGE_25_34 = "25_34", "25 to 34"
        AGE_35_44 = "35_44", "35 to 44"
        AGE_45_54 = "45_54", "45 to 54"
        AGE_55_64 = "55_64", "55 to 64"
        AGE_65_PLUS = "65_plus", "65 or over"
        NOT_SAY = "not_say", "Prefer not to say"

    class Sex(models.TextChoices):
        FEMALE = "female", "Female"
        MALE = "male", "Male"
        NOT_SAY = "not_say", "Prefer not to say"

    class Ethnicity(models.TextChoices):
        ASIAN = "asian", "Asian or Asian British"
        BLACK = "black", "Black, Black British, Caribbean or African"
        MIXED = "mixed", "Mixed or multiple ethnic groups"
        WHITE = "white", "White"
        OTHER = "other", "Other ethnic group"
        NOT_SAY = "not_say", "Prefer not to say"

    class Disability(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        NOT_SAY = "not_say", "Prefer not to say"

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="equality_answers"
    )
    age_band = models.CharField(max_length=10, choices=AgeBand.choices, blank=True)
    sex = models.CharField(max_length=10, choices=Sex.choices, blank=True)
    ethnicity = models.CharField(max_length=10, choices=Ethnicity.choices, blank=True)
    disability = models.CharField(max_length=10, choices=Disability.choices, blank=True)

    FIELDS = ("age_band", "sex", "ethnicity", "disability")

    def __str__(self):
        return f"Equality answers for {self.consultation_id}"


class Outcome(models.Model):
    """ "We asked, you said, we did" for a closed consultation."""

    # The partnership whose pages show it (portal/core/cache.py).
    page_cache_partnership = "consultation__partnership"

    consultation = models.OneToOneField(
        Consultation, on_delete=models.CASCADE, related_name="outcome"
    )
    we_asked = models.TextField()
    you_said = models.TextField()
    published_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Outcome of {self.consultation}"


class OutcomeAction(models.Model):
    """One "we did", tied to a priority or an action of the partnership."""

    # The partnership whose pages show it (portal/core/cache.py).
    page_cache_partnership = (
        "outcome__consultation__partnership",
        "priority__plan__partnership",
    )

    outcome = models.ForeignKey(
        Outcome, on_delete=models.CASCADE, related_name="actions"
    )
    we_did = models.TextField()
    priority = models.ForeignKey(
        "priorities.Priority",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.ForeignKey(
        "priorities.Action",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["outcome", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(priority__isnull=False) | Q(action__isnull=False),
                name="outcomeaction_tied_to_priority_or_action",
                violation_error_message="Link each action to a priority or an action.",
            )
        ]

    def __str__(self):
        return self.we_did[:60]


class Subscription(models.Model):
    """A resident who wants to hear when a partnership opens a consultation."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="subscriptions"
    )
    email = models.EmailField()
    token = models.CharField(max_length=64, unique=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "email"], name="subscription_unique_email"
            )
        ]

    def __str__(self):
        return f"{self.email} to {self.partnership}"


class SubscriberNotice(models.Model):
    """One "a consultation has opened" email to one subscriber: sent once."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="+"
    )
    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="notices"
    )
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "subscription"], name="notice_sent_once"
            )
        ]

    def __str__(self):
        return f"Notice of {self.consultation_id} to {self.subscription_id}"


class ResponseExport(models.Model):
    """A CSV of every response, built in the background for a manager.

    Consultations with more responses than a request can stream before the
    web server's timeout are exported by a worker into the file storage
    (``engagement.exports``); the manager is emailed when it is ready, and
    downloads it from a staff page that checks their permission again.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting"
        RUNNING = "running", "Being prepared"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    # The partnership whose pages show it (portal/core/cache.py).
    page_cache_partnership = "consultation__partnership"

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="exports"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    file = models.FileField(upload_to="exports/", blank=True)
    rows = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Export of {self.consultation_id} ({self.get_status_display()})"
