"""Writes for plans."""

from django.db import transaction
from django.utils import timezone

from plans.models import Plan
from portal import tasks as portal_tasks


def plan_search_index_refresh(*, plan_ids: list[int]) -> None:
    """Queue a search re-index of these plans once the current transaction commits."""
    for plan_id in plan_ids:
        transaction.on_commit(
            lambda plan_id=plan_id: portal_tasks.search_index_rebuild_for_plan.delay(
                plan_id
            )
        )


@transaction.atomic
def plan_publish(*, plan: Plan, actor=None) -> Plan:
    """Publish a plan; an older published plan of the same kind becomes superseded.

    Publishing twice is harmless: the second call changes nothing.
    """
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status == Plan.Status.PUBLISHED:
        return plan
    plan.status = Plan.Status.PUBLISHED
    plan.published_on = plan.published_on or timezone.localdate()
    plan.full_clean()
    plan.save(update_fields=["status", "published_on", "updated_at"])
    older = list(
        Plan.objects.select_for_update()
        .filter(
            partnership_id=plan.partnership_id,
            kind=plan.kind,
            status=Plan.Status.PUBLISHED,
        )
        .exclude(pk=plan.pk)
        .exclude(start_year__gt=plan.start_year or 0)
    )
    for old in older:
        old.status = Plan.Status.SUPERSEDED
        old.save(update_fields=["status", "updated_at"])
    plan_search_index_refresh(plan_ids=[plan.pk, *(o.pk for o in older)])
    return plan
