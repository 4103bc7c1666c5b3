"""The outbox (portal/outbox.py): kept tasks go to a real worker once, on the
real Redis broker. Redis being down is in test_faults.py."""

import io
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from portal.celery import app as celery_app
from portal.core.models import OutboxMessage
from portal.core.outbox import outbox_flush
from portal.site.models import SearchEntry
from tests.plans.factories import PlanFactory

WAIT_SECONDS = 30


@pytest.fixture
def worker(transactional_db):
    celery_app.control.purge()
    with start_worker(celery_app, pool="solo", perform_ping_check=False) as running:
        yield running


def test_kept_tasks_are_queued_once_and_unknown_ones_are_set_aside(worker):
    """Flushed twice: the task runs, is marked sent, and is not queued again; a
    task that no longer exists keeps its error and blocks nothing."""
    plan = PlanFactory(title="Community Safety Plan")
    unknown = OutboxMessage.objects.create(task_name="portal.tasks.gone", args=[1])
    kept = OutboxMessage.objects.create(
        task_name="portal.tasks.search_index_rebuild_for_plan", args=[plan.pk]
    )
    assert outbox_flush() == 1
    assert outbox_flush() == 0
    give_up = time.monotonic() + WAIT_SECONDS
    while not SearchEntry.objects.filter(kind="plan", object_id=plan.pk).exists():
        assert time.monotonic() < give_up, "the kept task never ran"
        time.sleep(0.1)
    kept.refresh_from_db()
    unknown.refresh_from_db()
    assert kept.sent_at is not None
    assert kept.attempts == 1
    assert unknown.sent_at is None
    assert unknown.attempts == 2
    assert unknown.last_error.startswith("Unknown task")


def test_the_command_reports_what_it_queued(worker):
    """manage.py flush_outbox says how many went and how many still wait."""
    plan = PlanFactory()
    OutboxMessage.objects.create(
        task_name="portal.tasks.search_index_rebuild_for_plan", args=[plan.pk]
    )
    out = io.StringIO()
    call_command("flush_outbox", stdout=out)
    assert out.getvalue().strip() == "Queued 1 kept task(s); 0 still waiting."


@pytest.mark.django_db
def test_beat_flushes_the_outbox_every_minute():
    """The schedule is kept in the database, where operators can change it."""
    task = PeriodicTask.objects.get(task="portal.tasks.outbox_flush")
    assert (task.interval.every, task.interval.period) == (1, "minutes")
    assert task.enabled
