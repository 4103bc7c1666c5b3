"""Writes for statutory duties, deadlines and their reminders.

The exactly-once promise for reminders rests on three things: the unique
``Reminder(deadline, user, key)`` row created in the daily job's transaction;
a PostgreSQL advisory lock so overlapping runs queue the work once; and an
idempotent send that re-reads the row under a lock and does nothing unless it
is still queued.
"""

import dataclasses
import datetime
import zlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from partnerships.models import OfficerRole
from plans.deadlines import schedule
from plans.models import Deadline, Plan, Reminder, StatutoryDuty
from portal.core.outbox import enqueue_on_commit

ADVISORY_LOCK_KEY = zlib.crc32(b"portal.deadline_reminders")
CASE_STAGES = (
    (Deadline.CaseStage.DECISION, "case_decision_months"),
    (Deadline.CaseStage.COMPLETION, "case_completion_months"),
)


def _check_owners(*, partnership, owners) -> None:
    members = set(
        OfficerRole.objects.filter(partnership=partnership).values_list(
            "user_id", flat=True
        )
    )
    outsiders = [o for o in owners if o.pk not in members]
    if outsiders:
        names = ", ".join(o.get_username() for o in outsiders)
        raise ValidationError(
            {"owners": f"Owners must be officers of {partnership}: {names} is not."}
        )


def _next_occurrence(duty: StatutoryDuty, *, previous: Deadline | None, today):
    """(due date, period label) of the next deadline of a cyclic duty."""
    if duty.cadence == StatutoryDuty.Cadence.ANNUAL:
        after = previous.due_date + datetime.timedelta(days=1) if previous else today
        due = schedule.next_annual_due(duty.due_month, duty.due_day, after=after)
        return due, schedule.financial_year_label(due)
    if duty.cadence == StatutoryDuty.Cadence.QUARTERLY:
        # The quarter after the previous one; it was due at the end of the
        # quarter that follows it, which is exactly where the next one starts.
        start = (
            duty.start_quarter
            if previous is None
            else schedule.quarter_start(previous.due_date)
        )
        return schedule.quarter_due(start), schedule.quarter_label(start)
    if duty.cadence == StatutoryDuty.Cadence.ON_DATE:
        if previous is None:
            raise ValidationError({"first_due": "Enter the date of the first review"})
        return schedule.add_months(previous.due_date, duty.interval_months), ""
    return None, ""


@transaction.atomic
def deadline_open_next(
    *, duty: StatutoryDuty, today=None, due_date=None
) -> Deadline | None:
    """Make sure a cyclic duty has its next open deadline; return it.

    ``due_date`` sets the first date of a duty "on a date the partnership
    sets". Calling it again changes nothing while a deadline is open.
    """
    if duty.cadence == StatutoryDuty.Cadence.PER_CASE:
        return None
    open_deadline = duty.deadlines.filter(completed_on__isnull=True).first()
    if open_deadline is not None:
        return open_deadline
    previous = duty.deadlines.order_by("-due_date").first()
    today = today or timezone.localdate()
    if due_date is not None:
        due, label = due_date, ""
    else:
        due, label = _next_occurrence(duty, previous=previous, today=today)
    deadline, _ = Deadline.objects.get_or_create(
        duty=duty,
        due_date=due,
        case_reference="",
        case_stage="",
        defaults={"partnership_id": duty.partnership_id, "period_label": label},
    )
    deadline.owners.set(duty.default_owners.all())
    return deadline


@transaction.atomic
def duty_configure(
    *, partnership, kind: str, owners=(), first_due=None, today=None, **config
) -> StatutoryDuty:
    """Create or change a partnership's duty; refuse bad configuration clearly."""
    duty = StatutoryDuty.objects.filter(partnership=partnership, kind=kind).first()
    duty = duty or StatutoryDuty(partnership=partnership, kind=kind)
    for name, value in config.items():
        setattr(duty, name, value)
    if not duty.reminder_offsets:
        duty.reminder_offsets = list(settings.REMINDER_OFFSETS_DAYS)
    duty.full_clean()
    _check_owners(partnership=partnership, owners=owners)
    duty.save()
    duty.default_owners.set(owners)
    deadline_open_next(duty=duty, today=today, due_date=first_due)
    return duty


@transaction.atomic
def deadline_set_owners(*, deadline: Deadline, owners, actor=None) -> Deadline:
    """Choose who is reminded; each must be an officer of the partnership."""
    _check_owners(partnership=deadline.partnership, owners=owners)
    deadline.owners.set(owners)
    return deadline


@transaction.atomic
def case_open(
    *, duty: StatutoryDuty, reference: str, notified_on: datetime.date, owners=()
) -> list[Deadline]:
    """A new case (a domestic homicide review): its decision and completion dates."""
    if duty.cadence != StatutoryDuty.Cadence.PER_CASE:
        raise ValidationError("Cases belong to a duty that is set up per case.")
    reference = reference.strip()
    if not reference:
        raise ValidationError({"reference": "Enter the case reference"})
    _check_owners(partnership=duty.partnership, owners=owners)
    deadlines = []
    for stage, months_field in CASE_STAGES:
        deadline, _ = Deadline.objects.get_or_create(
            duty=duty,
            case_reference=reference,
            case_stage=stage,
            defaults={
                "partnership_id": duty.partnership_id,
                "due_date": schedule.add_months(
                    notified_on, getattr(duty, months_field)
                ),
                "period_label": f"notified {notified_on:%d %B %Y}",
            },
        )
        deadline.owners.set(owners or duty.default_owners.all())
        deadlines.append(deadline)
    return deadlines


@transaction.atomic
def deadline_complete(
    *,
    deadline: Deadline,
    actor,
    evidence_url: str = "",
    evidence_plan=None,
    evidence_path: str = "",
    today=None,
) -> Deadline:
    """Mark a deadline done with its evidence, and open the next cycle.

    The evidence is a link, a published plan, or a page of this site
    (``evidence_path``). Completing twice changes nothing.
    """
    current = Deadline.objects.select_for_update().get(pk=deadline.pk)
    if current.completed_on is not None:
        return current
    if not evidence_url and evidence_plan is None and not evidence_path:
        raise ValidationError({"evidence_url": "Enter a link to the evidence"})
    current.completed_on = today or timezone.localdate()
    current.completed_by = actor
    current.evidence_url = evidence_url
    current.evidence_plan = evidence_plan
    current.evidence_path = evidence_path
    current.full_clean()
    current.save()
    deadline_open_next(duty=current.duty, today=current.completed_on)
    return current


def deadlines_complete_for_published_plan(*, plan: Plan, actor) -> list[Deadline]:
    """Publishing a strategic assessment (or plan, or strategy) completes its duty."""
    kind = StatutoryDuty.COMPLETED_BY_PUBLISHING.get(plan.kind)
    if kind is None:
        return []
    done = []
    for deadline in Deadline.objects.filter(
        partnership_id=plan.partnership_id,
        duty__kind=kind,
        completed_on__isnull=True,
        case_reference="",
    ).order_by("due_date")[:1]:
        done.append(
            deadline_complete(
                deadline=deadline,
                actor=actor,
                evidence_plan=plan,
            )
        )
    return done


def deadline_open_for_public_meeting(*, partnership_id: int) -> Deadline | None:
    """The partnership's open public-meeting deadline, earliest first."""
    return (
        Deadline.objects.select_for_update()
        .filter(
            partnership_id=partnership_id,
            duty__kind=StatutoryDuty.Kind.PUBLIC_MEETING,
            completed_on__isnull=True,
            case_reference="",
        )
        .select_related("duty")
        .order_by("due_date", "pk")
        .first()
    )


def public_meeting_counts_for(*, deadline: Deadline, held_on: datetime.date) -> bool:
    """Whether a meeting held on ``held_on`` falls in the deadline's year.

    A meeting counts for the open deadline if it was held after the same day a
    year before the due date (late meetings count while the deadline is open);
    an older meeting belonged to the year before.
    """
    return held_on > schedule.add_months(deadline.due_date, -12)


@transaction.atomic
def deadline_complete_for_public_meeting(
    *, partnership_id: int, held_on: datetime.date, evidence_path: str, actor
) -> Deadline | None:
    """A public meeting that meets regulation 12 completes the partnership's open
    public-meeting deadline, and the next cycle opens.

    The caller (``meetings``) decides that the meeting qualifies (minutes
    published, a senior person from every responsible authority there); this
    checks that it falls in the open deadline's year. Returns the completed
    deadline, or None when there is no open one or the meeting is too old.
    """
    deadline = deadline_open_for_public_meeting(partnership_id=partnership_id)
    if deadline is None or not public_meeting_counts_for(
        deadline=deadline, held_on=held_on
    ):
        return None
    return deadline_complete(
        deadline=deadline, actor=actor, evidence_path=evidence_path
    )


@dataclasses.dataclass(frozen=True)
class PlannedReminder:
    deadline: Deadline
    user: object
    key: str
    today: datetime.date

    def describe(self) -> str:
        when = schedule.describe_due(self.deadline.due_date, self.today)
        return (
            f"{self.deadline.partnership.name}: {self.deadline.title} "
            f"(due {self.deadline.due_date:%-d %B %Y}, {when}; reminder {self.key}) "
            f"to {self.user.email}"
        )


def reminders_due(*, today: datetime.date) -> list[PlannedReminder]:
    """Every reminder that should have gone by ``today`` and has not."""
    deadlines = (
        Deadline.objects.filter(completed_on__isnull=True)
        .select_related("duty", "partnership")
        .prefetch_related("owners")
        .order_by("due_date", "pk")
    )
    sent = set(
        Reminder.objects.filter(deadline__completed_on__isnull=True).values_list(
            "deadline_id", "user_id", "key"
        )
    )
    planned = []
    for deadline in deadlines:
        duty = deadline.duty
        key = schedule.reminder_key(
            due=deadline.due_date,
            today=today,
            offsets=duty.reminder_offsets or settings.REMINDER_OFFSETS_DAYS,
            overdue_every=duty.overdue_every_days,
        )
        if key is None:
            continue
        for owner in deadline.owners.all():
            if (
                owner.is_active
                and owner.email
                and (deadline.pk, owner.pk, key) not in sent
            ):
                planned.append(PlannedReminder(deadline, owner, key, today))
    return planned


def _try_advisory_lock() -> bool:
    """Hold a transaction-scoped lock so two overlapping runs do the work once."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])
        return cursor.fetchone()[0]


@transaction.atomic
def reminders_queue(*, today=None, dry_run: bool = False) -> list[PlannedReminder]:
    """The daily job: record each due reminder once and queue its email.

    Returns what it queued (or, with ``dry_run``, what it would queue). A run
    that finds another run holding the lock queues nothing.
    """
    from plans.deadlines import tasks  # the task module imports this one

    today = today or timezone.localdate()
    if not dry_run and not _try_advisory_lock():
        return []
    planned = reminders_due(today=today)
    if dry_run:
        return planned
    queued = []
    for item in planned:
        reminder, created = Reminder.objects.get_or_create(
            deadline=item.deadline, user=item.user, key=item.key
        )
        if created:
            queued.append(item)
            enqueue_on_commit(tasks.send_reminder, reminder.pk)
    # Reminders queued before but never sent (a lost broker message) go again;
    # the send is idempotent, so a duplicate message is harmless.
    stale = timezone.now() - datetime.timedelta(hours=1)
    for reminder_id in Reminder.objects.filter(
        status=Reminder.Status.QUEUED, created_at__lt=stale
    ).values_list("pk", flat=True):
        enqueue_on_commit(tasks.send_reminder, reminder_id)
    return queued


def _email(reminder: Reminder) -> tuple[str, str]:
    deadline = reminder.deadline
    context = {
        "deadline": deadline,
        "when": schedule.describe_due(deadline.due_date, timezone.localdate()),
        "user": reminder.user,
        "base_url": settings.PORTAL_BASE_URL.rstrip("/"),
    }
    subject = f"{deadline.title} is {context['when']}: {deadline.partnership.name}"
    return subject, render_to_string("plans/email/deadline_reminder.txt", context)


def reminder_send(*, reminder_id: int) -> str:
    """Send one reminder if it is still queued; return its status afterwards.

    The row stays locked while the email goes, so a second delivery of the
    same task waits, then finds it sent. If the process dies mid-send, the
    transaction rolls back, the row is still queued and the redelivered task
    sends it.
    """
    with transaction.atomic():
        reminder = (
            Reminder.objects.select_for_update()
            .select_related("deadline__duty", "deadline__partnership", "user")
            .filter(pk=reminder_id)
            .first()
        )
        if reminder is None or reminder.status != Reminder.Status.QUEUED:
            return reminder.status if reminder else "missing"
        if reminder.deadline.completed_on is not None:
            reminder.status = Reminder.Status.SKIPPED
            reminder.save(update_fields=["status"])
            return reminder.status
        subject, body = _email(reminder)
        reminder.attempts += 1
        send_mail(subject, body, None, [reminder.user.email])
        reminder.status = Reminder.Status.SENT
        reminder.sent_at = timezone.now()
        reminder.last_error = ""
        reminder.save(update_fields=["status", "sent_at", "attempts", "last_error"])
        return reminder.status


@transaction.atomic
def reminder_record_failure(*, reminder_id: int, error: str, final: bool) -> None:
    """Note a failed try; after the last one the reminder is marked failed."""
    reminder = Reminder.objects.select_for_update().get(pk=reminder_id)
    if reminder.status != Reminder.Status.QUEUED:
        return
    reminder.attempts += 1
    reminder.last_error = error[:2000]
    if final:
        reminder.status = Reminder.Status.FAILED
    reminder.save(update_fields=["attempts", "last_error", "status"])
