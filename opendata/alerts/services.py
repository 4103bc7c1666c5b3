"""Writes for email alerts.

Subscribing is double opt-in; unsubscribing is one POST. Publications arrive
as ``Event`` rows (``event_record``, from ``portal.core.events``), each fanned
out once (``event_fan_out``) into one ``Delivery`` row per subscriber who
wants that topic. The exactly-once promise rests on:

- the unique ``Delivery(event, subscriber)`` row, inserted with ON CONFLICT DO
  NOTHING, so fanning out twice adds nothing, and the event row locked while
  it is fanned out, so two fan-outs never overlap;
- sends that lock each delivery row (SKIP LOCKED: a duplicate task skips a
  row another worker is sending), send only if it is still pending, and
  commit "sent" straight after the email goes. If a worker dies mid-send the
  transaction rolls back, the row stays pending, and the task - acknowledged
  late - is redelivered and sends it once;
- weekly digests unique per subscriber and week, sent the same way;
- PostgreSQL advisory locks around the periodic jobs.

Unsubscribed, unconfirmed and anonymised addresses are never selected, and
are checked again at the moment of sending.
"""

import datetime
import secrets
from collections import Counter

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.db import IntegrityError, connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from opendata.alerts import emails, selectors, weeks
from opendata.models import Delivery, Digest, Event, Subscriber, Topic
from partnerships.models import Area
from portal.core.locks import try_advisory_xact_lock
from portal.core.outbox import enqueue_on_commit

DISPATCH_LOCK = "opendata.alerts_dispatch"
DIGEST_LOCK = "opendata.alerts_digest"
RETENTION_LOCK = "opendata.alerts_retention"
# Work queued this long ago and still waiting is queued again (a lost message).
STALE_AFTER = datetime.timedelta(hours=1)
# Events not fanned out this long after they were recorded are fanned out by
# the dispatch job (the task queued on commit was lost).
FAN_OUT_GRACE = datetime.timedelta(minutes=2)


def _tasks():
    from opendata.alerts import tasks  # tasks import this module

    return tasks


def _batches(ids: list[int]):
    size = settings.ALERTS_BATCH_SIZE
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


# --- Subscribing ------------------------------------------------------------------


def _check_choices(*, partnership, ward, topics, frequency) -> list[str]:
    errors = {}
    topics = list(dict.fromkeys(topics or []))
    if not topics:
        errors["topics"] = "Choose at least one thing to hear about"
    elif set(topics) - set(selectors.OFFERED_TOPICS):
        errors["topics"] = "Choose from the things listed"
    if frequency not in Subscriber.Frequency.values:
        errors["frequency"] = "Choose how often to get emails"
    if ward is not None and (
        ward.kind != Area.Kind.WARD or ward.parent_id != partnership.area_id
    ):
        errors["ward"] = "Choose a ward in this partnership's area"
    if errors:
        raise ValidationError(errors)
    return topics


def _set_topics(subscriber: Subscriber, topics: list[str]) -> None:
    for topic in Topic.values:
        setattr(subscriber, topic, topic in topics)


@transaction.atomic
def subscriber_request(
    *, partnership, email: str, topics, frequency: str, ward=None
) -> Subscriber:
    """Ask to follow a partnership, or one of its wards (double opt-in).

    A new address is sent a confirmation link; an unconfirmed one is sent it
    again, with the new choices; a confirmed one keeps its choices and is sent
    the link to manage them. The resident sees the same page in every case, so
    nobody can learn whether an address is subscribed.
    """
    topics = _check_choices(
        partnership=partnership, ward=ward, topics=topics, frequency=frequency
    )
    if ward is not None and ward.valid_to is not None:
        # Abolished by a boundary review: it has no new figures. (Followers of a
        # ward abolished later keep their choices and read the borough's.)
        raise ValidationError({"ward": "Choose a ward from the list"})
    email = email.strip().lower()
    live = Subscriber.objects.select_for_update().filter(
        partnership=partnership, ward=ward, email=email, unsubscribed_at__isnull=True
    )
    subscriber = live.first()
    if subscriber is not None and subscriber.confirmed_at is not None:
        enqueue_on_commit(_tasks().send_manage_link, subscriber.pk)
        return subscriber
    if subscriber is None:
        subscriber = Subscriber(
            partnership=partnership,
            ward=ward,
            email=email,
            token=secrets.token_urlsafe(32),
        )
    _set_topics(subscriber, topics)
    subscriber.frequency = frequency
    try:
        with transaction.atomic():
            subscriber.save()
    except IntegrityError:
        # The same address was subscribed at the same moment by another request.
        return live.get()
    enqueue_on_commit(_tasks().send_confirmation, subscriber.pk)
    return subscriber


@transaction.atomic
def subscriber_confirm(*, token: str) -> Subscriber | None:
    """The link in the confirmation email; confirming twice does no harm.

    None for an unknown, stopped or expired link (unconfirmed for longer than
    ``ALERTS_CONFIRM_WITHIN_DAYS``).
    """
    subscriber = (
        Subscriber.objects.select_for_update()
        .filter(token=token, unsubscribed_at__isnull=True, anonymised_at__isnull=True)
        .first()
    )
    if subscriber is None:
        return None
    if subscriber.confirmed_at is None:
        expired = subscriber.created_at < timezone.now() - datetime.timedelta(
            days=settings.ALERTS_CONFIRM_WITHIN_DAYS
        )
        if expired:
            return None
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["confirmed_at"])
    return subscriber


@transaction.atomic
def subscriber_update(*, subscriber: Subscriber, topics, frequency: str) -> Subscriber:
    """Change what a subscriber hears about and how often."""
    current = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if current.unsubscribed_at is not None:
        raise ValidationError("This subscription has stopped: subscribe again.")
    topics = _check_choices(
        partnership=current.partnership,
        ward=current.ward,
        topics=topics,
        frequency=frequency,
    )
    _set_topics(current, topics)
    current.frequency = frequency
    current.save()
    return current


@transaction.atomic
def subscriber_unsubscribe(*, token: str) -> Subscriber | None:
    """Stop every email at once (one POST, no sign-in). Doing it twice is harmless.

    What was waiting to be sent is not sent; the address itself is blanked by
    the retention job after ``ALERTS_UNSUBSCRIBED_KEEP_DAYS``.
    """
    subscriber = Subscriber.objects.select_for_update().filter(token=token).first()
    if subscriber is None:
        return None
    if subscriber.unsubscribed_at is None:
        now = timezone.now()
        subscriber.unsubscribed_at = now
        subscriber.save(update_fields=["unsubscribed_at"])
        subscriber.deliveries.filter(status=Delivery.Status.PENDING).update(
            status=Delivery.Status.SKIPPED, last_error="Unsubscribed"
        )
        subscriber.digests.filter(status=Digest.Status.PENDING).update(
            status=Digest.Status.SKIPPED, last_error="Unsubscribed"
        )
    return subscriber


def _anonymise(subscribers) -> int:
    now = timezone.now()
    count = 0
    for subscriber in subscribers.select_for_update():
        if subscriber.unsubscribed_at is None:
            subscriber.unsubscribed_at = now
            subscriber.deliveries.filter(status=Delivery.Status.PENDING).update(
                status=Delivery.Status.SKIPPED, last_error="Erased"
            )
            subscriber.digests.filter(status=Digest.Status.PENDING).update(
                status=Digest.Status.SKIPPED, last_error="Erased"
            )
        subscriber.email = ""
        subscriber.token = secrets.token_urlsafe(32)
        subscriber.anonymised_at = now
        subscriber.save()
        count += 1
    return count


@transaction.atomic
def subscribers_apply_retention(*, now=None) -> dict:
    """The nightly job: blank addresses unsubscribed longer than
    ``ALERTS_UNSUBSCRIBED_KEEP_DAYS``; delete requests never confirmed within
    ``ALERTS_CONFIRM_WITHIN_DAYS`` (no consent was given, so nothing is kept)."""
    if not try_advisory_xact_lock(RETENTION_LOCK):
        return {"anonymised": 0, "deleted": 0}
    now = now or timezone.now()
    unsubscribed = Subscriber.objects.filter(
        unsubscribed_at__lt=now
        - datetime.timedelta(days=settings.ALERTS_UNSUBSCRIBED_KEEP_DAYS),
        anonymised_at__isnull=True,
    )
    anonymised = _anonymise(unsubscribed)
    deleted, _ = Subscriber.objects.filter(
        confirmed_at__isnull=True,
        created_at__lt=now
        - datetime.timedelta(days=settings.ALERTS_CONFIRM_WITHIN_DAYS),
    ).delete()
    return {"anonymised": anonymised, "deleted": deleted}


@transaction.atomic
def subscriber_erase(*, email: str) -> int:
    """A right-to-erasure request: stop and blank every subscription of an address."""
    email = (email or "").strip()
    if not email:
        raise ValidationError("Give an email address.")
    return _anonymise(
        Subscriber.objects.filter(email__iexact=email, anonymised_at__isnull=True)
    )


# --- Events and fan-out -----------------------------------------------------------


def event_record(
    *,
    kind: str,
    partnership_id: int,
    object_id: int,
    key: str,
    title: str,
    summary: str,
    path: str,
    area_id: int | None,
    occurred_at: datetime.datetime,
) -> Event:
    """Record a publication once (inside the publisher's transaction) and queue
    its fan-out for when that transaction commits."""
    event, created = Event.objects.get_or_create(
        kind=kind,
        object_id=object_id,
        key=key,
        defaults={
            "partnership_id": partnership_id,
            "area_id": area_id,
            "title": title[:300],
            "summary": summary,
            "path": path[:500],
            "occurred_at": occurred_at,
        },
    )
    if created:
        enqueue_on_commit(_tasks().fan_out_event, event.pk)
    return event


def _insert_deliveries(event: Event, now) -> int:
    """One pending delivery per active subscriber who wants this topic; in SQL,
    so 20,000 subscribers take a fraction of a second. Returns how many."""
    deliveries = Delivery._meta.db_table
    subscribers = Subscriber._meta.db_table
    topic = Subscriber._meta.get_field(event.topic).column
    params = [event.pk, Subscriber.Frequency.WEEKLY, now, event.partnership_id, True]
    place = ""
    if event.area_id is not None:
        # A ward's event: the whole partnership's followers and that ward's.
        place = "AND (ward_id IS NULL OR ward_id = %s) "
        params.append(event.area_id)
    # Table and column names come from the models; values are parameters.
    sql = (
        f"INSERT INTO {deliveries} "  # noqa: S608
        "(event_id, subscriber_id, in_digest, status, attempts, last_error, "
        "created_at) "
        f"SELECT %s, id, frequency = %s, 'pending', 0, '', %s FROM {subscribers} "
        f"WHERE partnership_id = %s AND {topic} = %s "
        "AND confirmed_at IS NOT NULL AND unsubscribed_at IS NULL AND email <> '' "
        f"{place}"
        "ON CONFLICT (event_id, subscriber_id) DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def event_fan_out(*, event_id: int) -> int:
    """Make the event's deliveries and queue the immediate ones in batches.

    Done once: the event row is locked and marked. An event whose content is
    no longer public is marked and sends nothing. Returns the deliveries made.
    """
    with transaction.atomic():
        event = Event.objects.select_for_update().filter(pk=event_id).first()
        if event is None or event.fanned_out_at is not None:
            return 0
        now = timezone.now()
        made = _insert_deliveries(event, now) if selectors.event_is_public(event) else 0
        event.fanned_out_at = now
        event.recipients = made
        event.save(update_fields=["fanned_out_at", "recipients"])
        waiting = list(
            Delivery.objects.filter(
                event=event, status=Delivery.Status.PENDING, in_digest=False
            )
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for batch in _batches(waiting):
            enqueue_on_commit(_tasks().send_alerts, batch)
    return made


# --- Sending ----------------------------------------------------------------------


def _why_not(subscriber: Subscriber, event: Event, public: dict) -> str:
    """Why this email must not go now, or "" if it may."""
    if not subscriber.is_active:
        return "Not subscribed"
    if not getattr(subscriber, event.topic):
        return "Topic no longer chosen"
    if event.pk not in public:
        public[event.pk] = selectors.event_is_public(event)
    return "" if public[event.pk] else "No longer public"


def deliveries_send(*, delivery_ids: list[int]) -> Counter:
    """Send each still-pending delivery of a batch, once, over one connection.

    Each delivery is its own transaction: locked (or skipped if another worker
    holds it), sent, marked sent. A transient mail error leaves the current
    delivery pending and propagates, for the task to retry the rest.
    """
    done = Counter()
    public, summaries = {}, emails.CrimeSummaries()
    mail = get_connection()
    try:
        for delivery_id in delivery_ids:
            with transaction.atomic():
                delivery = (
                    Delivery.objects.select_for_update(skip_locked=True, of=("self",))
                    .select_related(
                        "event",
                        "subscriber__partnership__area",
                        "subscriber__ward__parent",
                    )
                    .filter(
                        pk=delivery_id,
                        status=Delivery.Status.PENDING,
                        in_digest=False,
                    )
                    .first()
                )
                if delivery is None:
                    done["nothing to send"] += 1
                    continue
                reason = _why_not(delivery.subscriber, delivery.event, public)
                if reason:
                    delivery.status = Delivery.Status.SKIPPED
                    delivery.last_error = reason
                    delivery.save(update_fields=["status", "last_error"])
                    done["skipped"] += 1
                    continue
                delivery.attempts += 1
                emails.event_message(
                    delivery, summaries=summaries, connection=mail
                ).send()
                delivery.status = Delivery.Status.SENT
                delivery.sent_at = timezone.now()
                delivery.save(update_fields=["status", "sent_at", "attempts"])
                done["sent"] += 1
    finally:
        mail.close()
    return done


@transaction.atomic
def deliveries_record_failure(
    *, delivery_ids: list[int], error: str, final: bool
) -> int:
    """Note a failed try on the batch's pending deliveries; after the last try
    they are marked failed (listed in the admin)."""
    waiting = Delivery.objects.filter(
        pk__in=delivery_ids, status=Delivery.Status.PENDING
    )
    changes = {"last_error": error[:2000]}
    if final:
        changes["status"] = Delivery.Status.FAILED
    return waiting.update(**changes)


def _digest_queryset():
    return Digest.objects.select_for_update(
        skip_locked=True, of=("self",)
    ).select_related("subscriber__partnership__area", "subscriber__ward__parent")


def digests_send(*, digest_ids: list[int]) -> Counter:
    """Send each still-pending weekly digest of a batch, once (as deliveries)."""
    done = Counter()
    public, summaries = {}, emails.CrimeSummaries()
    mail = get_connection()
    try:
        for digest_id in digest_ids:
            with transaction.atomic():
                digest = (
                    _digest_queryset()
                    .filter(pk=digest_id, status=Digest.Status.PENDING)
                    .first()
                )
                if digest is None:
                    done["nothing to send"] += 1
                    continue
                deliveries = list(
                    digest.deliveries.filter(status=Delivery.Status.PENDING)
                    .select_related("event")
                    .order_by("event__occurred_at", "pk")
                )
                keep, drop = [], []
                for delivery in deliveries:
                    reason = _why_not(digest.subscriber, delivery.event, public)
                    (drop if reason else keep).append(delivery.pk)
                Delivery.objects.filter(pk__in=drop).update(
                    status=Delivery.Status.SKIPPED, last_error="Not sendable"
                )
                now = timezone.now()
                digest.attempts += 1
                if not keep:
                    digest.status = Digest.Status.SKIPPED
                    digest.save(update_fields=["status", "attempts"])
                    done["skipped"] += 1
                    continue
                sendable = [d for d in deliveries if d.pk in keep]
                emails.digest_message(
                    digest, sendable, summaries=summaries, connection=mail
                ).send()
                Delivery.objects.filter(pk__in=keep).update(
                    status=Delivery.Status.SENT, sent_at=now
                )
                digest.status = Digest.Status.SENT
                digest.sent_at = now
                digest.save(update_fields=["status", "sent_at", "attempts"])
                done["sent"] += 1
    finally:
        mail.close()
    return done


@transaction.atomic
def digests_record_failure(*, digest_ids: list[int], error: str, final: bool) -> int:
    waiting = Digest.objects.filter(pk__in=digest_ids, status=Digest.Status.PENDING)
    changes = {"last_error": error[:2000]}
    if final:
        changes["status"] = Digest.Status.FAILED
    return waiting.update(**changes)


# --- Periodic jobs ----------------------------------------------------------------


@transaction.atomic
def digests_prepare(*, now=None) -> int:
    """The weekly job: one digest per subscriber for the week that has ended.

    A digest gathers the subscriber's waiting digest deliveries of events that
    happened before the week ended (UK time; earlier weeks' stragglers too).
    Events after the end wait for next week's. Running it twice, or late, makes
    nothing twice. Returns the digests queued.
    """
    if not try_advisory_xact_lock(DIGEST_LOCK):
        return 0
    now = now or timezone.now()
    monday = weeks.previous_week(now)
    ends_at = weeks.week_ends_at(monday)
    waiting = Delivery.objects.filter(
        in_digest=True,
        status=Delivery.Status.PENDING,
        digest__isnull=True,
        event__occurred_at__lt=ends_at,
        subscriber__confirmed_at__isnull=False,
        subscriber__unsubscribed_at__isnull=True,
    )
    subscriber_ids = set(waiting.values_list("subscriber_id", flat=True))
    Digest.objects.bulk_create(
        (Digest(subscriber_id=pk, week_start=monday) for pk in subscriber_ids),
        ignore_conflicts=True,
        batch_size=2000,
    )
    this_week = Digest.objects.filter(
        subscriber_id=OuterRef("subscriber_id"),
        week_start=monday,
        status=Digest.Status.PENDING,
    )
    waiting.update(digest_id=Subquery(this_week.values("pk")[:1]))
    queued = list(
        Digest.objects.filter(week_start=monday, status=Digest.Status.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for batch in _batches(queued):
        enqueue_on_commit(_tasks().send_digests, batch)
    return len(queued)


@transaction.atomic
def alerts_dispatch(*, now=None) -> dict:
    """Every few minutes: the safety net for messages lost on the way.

    Fans out events recorded but not fanned out, and queues again deliveries
    and digests still waiting an hour after they were made. Every send is
    idempotent, so queueing twice sends nothing twice.
    """
    if not try_advisory_xact_lock(DISPATCH_LOCK):
        return {"events": 0, "deliveries": 0, "digests": 0}
    now = now or timezone.now()
    events = list(
        Event.objects.filter(
            fanned_out_at__isnull=True, created_at__lt=now - FAN_OUT_GRACE
        ).values_list("pk", flat=True)
    )
    for event_id in events:
        event_fan_out(event_id=event_id)
    stale = now - STALE_AFTER
    deliveries = list(
        Delivery.objects.filter(
            status=Delivery.Status.PENDING, in_digest=False, created_at__lt=stale
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for batch in _batches(deliveries):
        enqueue_on_commit(_tasks().send_alerts, batch)
    digests = list(
        Digest.objects.filter(status=Digest.Status.PENDING, created_at__lt=stale)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for batch in _batches(digests):
        enqueue_on_commit(_tasks().send_digests, batch)
    return {
        "events": len(events),
        "deliveries": len(deliveries),
        "digests": len(digests),
    }
