"""Residents who want to hear when a partnership opens a consultation:
subscribe (double opt-in), confirm, unsubscribe, and one notice each when a
consultation opens."""

import secrets

from django.db import transaction
from django.utils import timezone

from engagement.models import Consultation, SubscriberNotice, Subscription
from portal.core.outbox import enqueue_on_commit


@transaction.atomic
def subscription_request(*, partnership, email: str) -> Subscription:
    """Ask to subscribe: a confirmation email is sent (double opt-in).

    Asking again re-sends it; an already confirmed address is left as it is.
    """
    from engagement import tasks  # the tasks import the services

    email = email.strip().lower()
    subscription, _ = Subscription.objects.get_or_create(
        partnership=partnership,
        email=email,
        defaults={"token": secrets.token_urlsafe(32)},
    )
    if subscription.confirmed_at is None:
        enqueue_on_commit(tasks.send_subscription_confirmation, subscription.pk)
    return subscription


@transaction.atomic
def subscription_confirm(*, token: str) -> Subscription | None:
    subscription = Subscription.objects.select_for_update().filter(token=token).first()
    if subscription is not None and subscription.confirmed_at is None:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    return subscription


@transaction.atomic
def subscription_cancel(*, token: str) -> bool:
    """One-click unsubscribe: the address is deleted."""
    deleted, _ = Subscription.objects.filter(token=token).delete()
    return bool(deleted)


@transaction.atomic
def subscribers_notify(*, consultation_id: int) -> int:
    """Record one notice per confirmed subscriber (once) and queue the emails."""
    from engagement import tasks  # the tasks import the services

    consultation = Consultation.objects.select_for_update().get(pk=consultation_id)
    if consultation.subscribers_notified_at is not None:
        return 0
    count = 0
    for subscription in Subscription.objects.filter(
        partnership_id=consultation.partnership_id, confirmed_at__isnull=False
    ):
        notice, created = SubscriberNotice.objects.get_or_create(
            consultation=consultation, subscription=subscription
        )
        if created:
            count += 1
            enqueue_on_commit(tasks.send_subscriber_notice, notice.pk)
    consultation.subscribers_notified_at = timezone.now()
    consultation.save(update_fields=["subscribers_notified_at"])
    return count
