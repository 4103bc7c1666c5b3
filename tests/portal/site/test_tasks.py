"""Celery tasks through a real worker on the real Redis broker."""

import pytest
from celery.contrib.testing.worker import start_worker

from engagement.services import consultation_close_now
from plans.models import Plan
from plans.services import plan_publish
from portal.celery import app as celery_app
from portal.core.outbox import nudge_wait
from portal.site.models import SearchEntry
from portal.site.tasks import (
    search_index_rebuild_for_consultation,
    search_index_rebuild_for_plan,
)
from tests.engagement.factories import ConsultationFactory
from tests.plans.factories import PlanFactory
from tests.priorities.factories import PriorityFactory

TASK_TIMEOUT = 30


@pytest.fixture
def celery_worker(transactional_db):
    """A real worker thread consuming from Redis; sees committed rows only."""
    celery_app.control.purge()
    with start_worker(celery_app, pool="solo", perform_ping_check=False) as worker:
        yield worker


def test_publishing_a_plan_indexes_it_through_the_worker(celery_worker):
    """After publish commits, the worker indexes the plan and its priorities."""
    plan = PlanFactory(status=Plan.Status.DRAFT, title="Safer Streets Plan")
    PriorityFactory(plan=plan, title="Safer night-time economy")
    assert SearchEntry.objects.count() == 0

    plan_publish(plan=plan)
    assert nudge_wait()  # the outbox's nudge publishes it from its own thread

    # The service queued the task on commit; wait for the worker to run it by
    # queueing a second, identical task behind it and waiting for its result.
    changes = search_index_rebuild_for_plan.delay(plan.pk).get(timeout=TASK_TIMEOUT)
    assert changes == 0  # the first (on-commit) task had already done the work
    assert set(SearchEntry.objects.values_list("title", flat=True)) >= {
        "Safer Streets Plan",
        "Safer night-time economy",
    }


def test_task_is_idempotent_when_redelivered(celery_worker):
    """Running the same re-index twice leaves one entry per object."""
    plan = PlanFactory(title="Community Safety Plan")
    first = search_index_rebuild_for_plan.delay(plan.pk).get(timeout=TASK_TIMEOUT)
    second = search_index_rebuild_for_plan.delay(plan.pk).get(timeout=TASK_TIMEOUT)
    assert (first, second) == (1, 0)
    assert SearchEntry.objects.filter(kind="plan", object_id=plan.pk).count() == 1


def test_closing_a_consultation_indexes_it_through_the_worker(celery_worker):
    """An open consultation closed early is (re-)indexed once the close commits."""
    consultation = ConsultationFactory(title="Lighting on the towpath")
    assert SearchEntry.objects.count() == 0

    consultation_close_now(consultation=consultation, actor=None)
    assert nudge_wait()

    changes = search_index_rebuild_for_consultation.delay(consultation.pk).get(
        timeout=TASK_TIMEOUT
    )
    assert changes == 0  # the on-commit task had already indexed it
    entry = SearchEntry.objects.get(kind="consultation", object_id=consultation.pk)
    assert entry.title == "Lighting on the towpath"
    assert "Closed" in entry.body
