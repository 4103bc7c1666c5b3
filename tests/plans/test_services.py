import datetime

import pytest
import time_machine

from plans.models import Plan
from plans.services import plan_publish
from portal.core.outbox import nudge_wait
from tests.plans.factories import PlanFactory

pytestmark = pytest.mark.django_db


@time_machine.travel(
    datetime.datetime(2026, 11, 21, 10, tzinfo=datetime.UTC), tick=False
)
def test_publishing_sets_status_and_date(django_capture_on_commit_callbacks):
    """A draft becomes published today."""
    plan = PlanFactory(status=Plan.Status.DRAFT)
    with django_capture_on_commit_callbacks():
        plan = plan_publish(plan=plan)
    plan.refresh_from_db()
    assert plan.status == Plan.Status.PUBLISHED
    assert plan.published_on == datetime.date(2026, 11, 21)


def test_publishing_supersedes_the_previous_plan(django_capture_on_commit_callbacks):
    """The 2019-2024 plan is superseded when the 2024-2029 plan is published."""
    old = PlanFactory(start_year=2019, end_year=2024)
    new = PlanFactory(
        partnership=old.partnership, start_year=2024, end_year=2029, status="draft"
    )
    other_kind = PlanFactory(
        partnership=old.partnership, kind=Plan.Kind.STRATEGIC_ASSESSMENT
    )
    with django_capture_on_commit_callbacks():
        plan_publish(plan=new)
    old.refresh_from_db()
    other_kind.refresh_from_db()
    assert old.status == Plan.Status.SUPERSEDED
    assert other_kind.status == Plan.Status.PUBLISHED


def test_publishing_queues_a_search_reindex_after_commit(
    django_capture_on_commit_callbacks, monkeypatch
):
    """The re-index is queued only once the publish has committed."""
    queued = []
    monkeypatch.setattr(
        "portal.site.tasks.search_index_rebuild_for_plan.apply_async",
        lambda args, **options: queued.extend(args),
    )
    plan = PlanFactory(status=Plan.Status.DRAFT)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        plan_publish(plan=plan)
    assert queued == []
    for callback in callbacks:
        callback()
    nudge_wait()  # the nudge publishes from its own thread
    assert queued == [plan.pk]


def test_publishing_twice_changes_nothing(django_capture_on_commit_callbacks):
    """A second publish leaves the row exactly as it was and queues nothing."""
    plan = PlanFactory(status=Plan.Status.DRAFT)
    with django_capture_on_commit_callbacks():
        plan_publish(plan=plan)
    before = Plan.objects.values().get(pk=plan.pk)
    with django_capture_on_commit_callbacks() as callbacks:
        plan_publish(plan=plan)
    assert Plan.objects.values().get(pk=plan.pk) == before
    assert callbacks == []
