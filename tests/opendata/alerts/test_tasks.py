"""Alerts through a real Celery worker on the real Redis broker: each
subscriber hears about each publication exactly once, whatever runs twice and
whatever crashes."""

import re
import threading
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import connection, transaction
from django.utils import timezone

from opendata.alerts import services, tasks
from opendata.models import Delivery, Digest, Event
from portal.celery import app as celery_app
from portal.core import events
from tests.opendata.factories import SubscriberFactory
from tests.partnerships.factories import PartnershipFactory
from tests.workers import WAIT_SECONDS, crash_once_worker, wait_until


def settled():
    return (
        Event.objects.filter(fanned_out_at__isnull=False).exists()
        and not Delivery.objects.filter(status=Delivery.Status.PENDING).exists()
    )


def announce(partnership, month="2024-01"):
    """Crime figures announced and committed, as an import does."""
    with transaction.atomic():
        events.publication_announce(
            kind=events.CRIME_FIGURES,
            partnership_id=partnership.pk,
            object_id=partnership.pk,
            key=month,
            title=f"Crime figures for {month}",
            path="/",
        )
    return Event.objects.get(key=month)


@pytest.fixture
def followers(transactional_db, settings):
    """25 confirmed subscribers (in batches of 7), and some who must hear nothing."""
    settings.ALERTS_BATCH_SIZE = 7
    partnership = PartnershipFactory()
    active = SubscriberFactory.create_batch(25, partnership=partnership)
    SubscriberFactory(partnership=partnership, confirmed_at=None)
    SubscriberFactory(partnership=partnership, unsubscribed_at=timezone.now())
    SubscriberFactory(partnership=partnership, crime_summary=False)
    partnership.active = sorted(s.email for s in active)
    return partnership


@pytest.fixture
def worker(transactional_db):
    celery_app.control.purge()
    with start_worker(celery_app, pool="solo", perform_ping_check=False) as running:
        yield running


def test_a_publication_reaches_each_subscriber_once_when_every_job_runs_twice(
    followers, worker, mailoutbox
):
    """The fan-out queued twice, the safety net run twice, every batch queued
    again: 25 emails, one to each active subscriber."""
    event = announce(followers)
    tasks.fan_out_event.delay(event.pk)
    wait_until(settled, "the alerts to be sent")
    later = timezone.now() + services.STALE_AFTER * 2
    assert services.alerts_dispatch(now=later)["deliveries"] == 0
    ids = list(Delivery.objects.values_list("pk", flat=True))
    assert tasks.send_alerts.delay(ids).get(timeout=WAIT_SECONDS) == {
        "nothing to send": 25
    }
    assert sorted(m.to[0] for m in mailoutbox) == followers.active
    assert Delivery.objects.filter(status="sent").count() == 25
    assert Event.objects.get().recipients == 25


def test_two_workers_sending_the_same_batch_at_once_send_each_email_once(
    followers, mailoutbox
):
    """Two sends of the same rows at the same moment (a duplicated task on two
    workers): row locks with SKIP LOCKED share the rows, none goes twice."""
    event = announce(followers)
    celery_app.control.purge()
    services.event_fan_out(event_id=event.pk)
    ids = list(Delivery.objects.values_list("pk", flat=True))
    barrier = threading.Barrier(2)
    results = []

    def send():
        try:
            barrier.wait(timeout=10)
            results.append(services.deliveries_send(delivery_ids=ids))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sum(r["sent"] for r in results) == 25
    assert sorted(m.to[0] for m in mailoutbox) == followers.active


def test_a_worker_killed_mid_send_still_sends_each_email_exactly_once(
    followers, tmp_path
):
    """The worker process dies in the middle of a batch; the batch is delivered
    again to a fresh process, which sends what was not sent, once."""
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    with crash_once_worker(mail_dir):
        announce(followers)
        wait_until(settled, "the redelivered batch to be sent", seconds=120)
    assert Path(str(mail_dir) + ".crashed").exists(), "the first send should have died"
    written = "".join(path.read_text() for path in mail_dir.iterdir())
    recipients = re.findall(r"^To: (\S+)$", written, flags=re.MULTILINE)
    assert sorted(recipients) == followers.active
    assert Delivery.objects.filter(status="sent").count() == 25


def test_a_failing_mail_server_is_retried_then_recorded(followers, worker, settings):
    """Every try fails: retried with backoff, then the rows are marked failed
    with the error, for an administrator to see."""
    settings.EMAIL_BACKEND = "tests.fakes.FailingEmailBackend"
    announce(followers)
    wait_until(settled, "the retries to run out")
    assert Delivery.objects.filter(status="failed").count() == 25
    assert "Connection unexpectedly closed" in Delivery.objects.first().last_error


def test_the_weekly_job_run_twice_sends_each_digest_once(
    transactional_db, worker, mailoutbox
):
    """Monday's job twice: one digest per weekly subscriber."""
    partnership = PartnershipFactory()
    weekly = SubscriberFactory.create_batch(
        3, partnership=partnership, frequency="weekly"
    )
    event = announce(partnership)
    wait_until(
        lambda: Event.objects.filter(pk=event.pk, fanned_out_at__isnull=False).exists(),
        "the fan-out",
    )
    monday = timezone.now() + services.STALE_AFTER * 24 * 7
    assert services.digests_prepare(now=monday) == 3
    assert services.digests_prepare(now=monday) == 3
    wait_until(
        lambda: not Digest.objects.filter(status="pending").exists(), "the digests"
    )
    assert sorted(m.to[0] for m in mailoutbox) == sorted(s.email for s in weekly)
