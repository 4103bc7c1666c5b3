"""Reads for plans and their sections."""

from django.db.models import Prefetch, QuerySet

from partnerships.models import Partnership
from plans.models import Plan, PlanSection


def plan_list_public_for_partnership(*, partnership: Partnership) -> list[Plan]:
    """Public documents of a partnership, newest period first."""
    return list(
        Plan.objects.public()
        .filter(partnership=partnership)
        .order_by("-start_year", "-published_on", "title")
    )


def plan_current(*, plans: list[Plan]) -> Plan | None:
    """The partnership's current plan: its newest published plan of a plan kind."""
    current = [
        p
        for p in plans
        if p.kind in Plan.PLAN_KINDS and p.status == Plan.Status.PUBLISHED
    ]
    return current[0] if current else None


def plan_detail_public(*, partnership_slug: str) -> QuerySet[Plan]:
    """Public plans of one partnership with sections and alignments prefetched."""
    return (
        Plan.objects.public()
        .filter(partnership__slug=partnership_slug)
        .select_related("partnership", "partnership__area")
        .prefetch_related(
            Prefetch(
                "sections", queryset=PlanSection.objects.filter(is_published=True)
            ),
            "alignments__aligned_plan__partnership",
        )
    )
