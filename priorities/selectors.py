"""Reads for priorities, their objectives, evidence and indicators."""

from django.db.models import QuerySet

from plans.models import Plan
from priorities.models import Priority


def priority_list_for_plan(*, plan: Plan) -> list[Priority]:
    """A plan's priorities in order, with their delivery group."""
    priorities = list(
        Priority.objects.filter(plan=plan)
        .select_related("delivery_group")
        .order_by("order", "id")
    )
    for priority in priorities:
        priority.plan = plan  # already loaded: links need no further queries
    return priorities


def priority_detail_public(
    *, partnership_slug: str, plan_slug: str
) -> QuerySet[Priority]:
    """Priorities of one public plan with everything their page shows."""
    return (
        Priority.objects.filter(
            plan__in=Plan.objects.public(),
            plan__slug=plan_slug,
            plan__partnership__slug=partnership_slug,
        )
        .select_related("plan", "plan__partnership", "delivery_group")
        .prefetch_related("evidence", "objectives", "indicators", "locations")
    )


def priority_siblings(*, priority: Priority) -> dict:
    """Where a priority stands in its plan, and its neighbours for navigation."""
    siblings = list(
        Priority.objects.filter(plan_id=priority.plan_id)
        .order_by("order", "id")
        .only("id", "plan_id", "title", "slug", "order")
    )
    for sibling in siblings:
        sibling.plan = priority.plan
    index = next(i for i, p in enumerate(siblings) if p.id == priority.id)
    return {
        "position": index + 1,
        "count": len(siblings),
        "previous": siblings[index - 1] if index > 0 else None,
        "next": siblings[index + 1] if index + 1 < len(siblings) else None,
    }
