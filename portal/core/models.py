"""Kernel models: the outbox of background tasks and the draft mechanism content
shares."""

from django.conf import settings
from django.db import models


class OutboxMessage(models.Model):
    """A background task, written in the transaction of the change it follows.

    Written by ``portal.core.outbox.enqueue_on_commit``; published after commit
    by the nudge (which deletes the row) or, if the broker was away, by
    ``portal.core.outbox.outbox_flush`` (every minute, and ``manage.py
    flush_outbox``), which sets ``sent_at`` and keeps the row a while.
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


class Heartbeat(models.Model):
    """When a long-running process last said it was alive.

    Celery beat writes ``name="beat"`` every half minute
    (``portal.core.beat.HeartbeatScheduler``); ``/healthz?full`` reads it. Kept
    in the database, which every process shares, quickstart included.
    """

    name = models.CharField(max_length=40, primary_key=True)
    beat_at = models.DateTimeField()

    def __str__(self):
        return f"{self.name} at {self.beat_at:%Y-%m-%d %H:%M:%S}"


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


class AuditEvent(models.Model):
    """Who read or exported residents' raw responses, and who changed roles.

    Written by ``portal.core.audit.record``; never changed or deleted by the
    application. Staff with the ``portal.view_auditevent`` permission (and
    site administrators) read it at /manage/audit/; residents never see it.
    Objects are named by label and id, so the kernel depends on no app.
    """

    class Action(models.TextChoices):
        RESPONSES_VIEWED = "responses_viewed", "Read responses"
        RESPONSES_EXPORTED = "responses_exported", "Exported responses"
        ROLE_GIVEN = "role_given", "Gave a role"
        ROLE_CHANGED = "role_changed", "Changed a role"
        ROLE_REMOVED = "role_removed", "Removed a role"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(max_length=30, choices=Action.choices)
    object_label = models.CharField(
        max_length=100, help_text="What it was done to: app.model:id."
    )
    description = models.CharField(max_length=300)
    partnership_id = models.IntegerField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return (
            f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()}: {self.description}"
        )
