"""Site-wide models: the search index, the outbox of background tasks, and the
draft mechanism content shares."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchEntry(models.Model):
    """A denormalised, searchable copy of a partnership, plan or priority page.

    Rows are written only by ``portal.services`` when content is published or
    changed; the PostgreSQL ``document`` vector is weighted (title A, summary B,
    body C) and GIN-indexed by migration 0002, which is skipped on SQLite.
    """

    class Kind(models.TextChoices):
        PARTNERSHIP = "partnership", "Partnership"
        PLAN = "plan", "Plan"
        PRIORITY = "priority", "Priority"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    plan = models.ForeignKey(
        "plans.Plan", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    document = SearchVectorField(null=True, editable=False)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "search entries"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id"], name="searchentry_unique_object"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"


class OutboxMessage(models.Model):
    """A background task that could not be queued because the broker was away.

    Written by ``portal.outbox.enqueue`` instead of losing the task, and
    published again by ``portal.outbox.outbox_flush`` (every minute, and
    ``manage.py flush_outbox``), which then sets ``sent_at``.
    """

    task_name = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(
                fields=["id"],
                condition=models.Q(sent_at__isnull=True),
                name="outbox_unsent_idx",
            )
        ]

    def __str__(self):
        state = "sent" if self.sent_at else "waiting"
        return f"{self.task_name}{tuple(self.args)} ({state})"


class Draftable(models.Model):
    """Content residents see, with pending changes officers are still working on.

    The model's own fields are the published ("live") values. Edits go into
    ``draft`` (a JSON object of field name to value) and only reach the live
    fields when an editor publishes. ``version`` goes up on every write, so two
    officers editing from the same version cannot overwrite each other.
    """

    # The names a draft may hold; set by each concrete model.
    DRAFT_FIELDS: tuple[str, ...] = ()

    draft = models.JSONField(null=True, blank=True, editable=False)
    draft_saved_at = models.DateTimeField(null=True, blank=True, editable=False)
    draft_saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    @property
    def has_draft(self) -> bool:
        return self.draft is not None
