"""Building a consultation and running it: create, change, schedule, close,
and the beat job that opens and closes consultations on time."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from engagement import lifecycle
from engagement.lifecycle import Action
from engagement.models import Consultation
from engagement.services.subscriptions import subscribers_notify
from portal.core.drafting import unique_slug
from portal.core.outbox import enqueue_on_commit
from portal.core.search import search_consultations_changed


@transaction.atomic
def consultation_create(*, partnership, actor, data: dict) -> Consultation:
    """A new draft consultation."""
    consultation = Consultation(
        partnership=partnership,
        slug=unique_slug(
            Consultation.objects.filter(partnership=partnership),
            title=data["title"],
            fallback="consultation",
        ),
        created_by=actor,
        **{k: v for k, v in data.items() if k != "priorities"},
    )
    consultation.full_clean()
    consultation.save()
    consultation.priorities.set(data.get("priorities") or [])
    return consultation


@transaction.atomic
def consultation_update(
    *, consultation: Consultation, actor, data: dict
) -> Consultation:
    """Change the title, background, priorities or settings of a consultation."""
    current = Consultation.objects.select_for_update().get(pk=consultation.pk)
    lifecycle.check(current, Action.EDIT)
    for name, value in data.items():
        if name != "priorities":
            setattr(current, name, value)
    current.full_clean()
    current.save()
    if "priorities" in data:
        current.priorities.set(data["priorities"])
    search_consultations_changed(consultation_ids=[current.pk])
    return current


@transaction.atomic
def consultation_schedule(
    *, consultation: Consultation, actor, opens_at, closes_at
) -> Consultation:
    """Set when it opens and closes; it opens by itself at that time."""
    from engagement import tasks  # the tasks import the services

    current = Consultation.objects.select_for_update().get(pk=consultation.pk)
    lifecycle.check(current, Action.SCHEDULE)
    if closes_at <= opens_at:
        raise ValidationError(
            {"closes_at": "The closing date must be after the opening date"}
        )
    current.opens_at, current.closes_at = opens_at, closes_at
    if current.status == Consultation.Status.DRAFT:
        current.status = Consultation.Status.SCHEDULED
    current.full_clean()
    current.save()
    enqueue_on_commit(tasks.consultations_open_and_close)
    search_consultations_changed(consultation_ids=[current.pk])
    return current


@transaction.atomic
def consultation_close_now(*, consultation: Consultation, actor) -> Consultation:
    """Close early; responses stop at once. Closing what may not be closed
    (a draft, or a consultation closed already) changes nothing."""
    current = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if lifecycle.may(current, Action.CLOSE):
        now = timezone.now()
        current.status = Consultation.Status.CLOSED
        if current.closes_at is None or current.closes_at > now:
            current.closes_at = now
        if current.opens_at and current.opens_at > current.closes_at:
            current.opens_at = current.closes_at - timezone.timedelta(seconds=1)
        current.save()
        search_consultations_changed(consultation_ids=[current.pk])
    return current


def consultations_open_and_close(*, now=None) -> dict:
    """The beat job: open and close consultations on time; notify subscribers once."""
    now = now or timezone.now()
    opened = closed = 0
    changed = []
    with transaction.atomic():
        for consultation in Consultation.objects.select_for_update(
            skip_locked=True
        ).filter(status=Consultation.Status.SCHEDULED, opens_at__lte=now):
            consultation.status = (
                Consultation.Status.OPEN
                if consultation.closes_at > now
                else Consultation.Status.CLOSED
            )
            consultation.save(update_fields=["status", "updated_at"])
            changed.append(consultation.pk)
            opened += 1
        for consultation in Consultation.objects.select_for_update(
            skip_locked=True
        ).filter(status=Consultation.Status.OPEN, closes_at__lte=now):
            consultation.status = Consultation.Status.CLOSED
            consultation.save(update_fields=["status", "updated_at"])
            changed.append(consultation.pk)
            closed += 1
        if changed:  # now shown to residents, or shown as closed
            search_consultations_changed(consultation_ids=changed)
    notified = 0
    for consultation_id in Consultation.objects.filter(
        status=Consultation.Status.OPEN, subscribers_notified_at__isnull=True
    ).values_list("pk", flat=True):
        notified += subscribers_notify(consultation_id=consultation_id)
    return {"opened": opened, "closed": closed, "notices": notified}
