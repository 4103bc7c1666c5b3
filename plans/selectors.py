"""Reads for plans and their sections."""

import datetime

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from partnerships.models import Partnership
from plans.models import Plan, PlanAlignment, PlanSection
from portal.core.drafting import working_value
from portal.core.history import entries_for, history_records


def plan_list_public_for_partnership(
    *, partnership: Partnership, annotate=None
) -> list[Plan]:
    """Public documents of a partnership, newest period first; ``annotate``
    (a function of a queryset of plans) adds what the caller reads of each in
    the same query."""
    plans = (
        Plan.objects.public()
        .filter(partnership=partnership)
        .order_by("-start_year", "-published_on", "title")
    )
    plans = list(annotate(plans) if annotate is not None else plans)
    for plan in plans:
        plan.partnership = partnership  # already loaded: links need no queries
    return plans


def plan_current(*, plans: list[Plan]) -> Plan | None:
    """The partnership's current plan: its newest published plan of a plan kind."""
    current = [
        p
        for p in plans
        if p.kind in Plan.PLAN_KINDS and p.status == Plan.Status.PUBLISHED
    ]
    return current[0] if current else None


def plan_period(*, plan: Plan, plans: list[Plan], today=None) -> dict:
    """Whether ``plan``'s period has ended, and the newer public document of its
    kind, if any (a community safety plan and a partnership plan count as one
    kind). ``plans``: the partnership's public documents, already read."""
    today = today or timezone.localdate()
    kinds = Plan.PLAN_KINDS if plan.kind in Plan.PLAN_KINDS else (plan.kind,)
    newer = [
        p
        for p in plans
        if p.pk != plan.pk
        and p.kind in kinds
        and (p.start_year or 0, p.published_on or datetime.date.min)
        > (plan.start_year or 0, plan.published_on or datetime.date.min)
    ]
    newer.sort(key=lambda p: (p.start_year or 0, p.published_on or datetime.date.min))
    return {
        "ended": plan.end_year is not None and plan.end_year < today.year,
        "end_year": plan.end_year,
        "newer": newer[-1] if newer else None,
    }


def plan_detail_public(*, partnership_slug: str) -> QuerySet[Plan]:
    """Public plans of one partnership with sections and alignments prefetched."""
    return (
        Plan.objects.public()
        .filter(partnership__slug=partnership_slug)
        .select_related("partnership")
        .prefetch_related(
            # Ordered within the one plan: the models' default order starts with
            # the plan, which would join it and its partnership for nothing.
            Prefetch(
                "sections",
                queryset=PlanSection.objects.filter(is_published=True).order_by(
                    "order", "id"
                ),
            ),
            Prefetch(
                "alignments",
                queryset=PlanAlignment.objects.select_related(
                    "aligned_plan__partnership"
                ).order_by("order", "id"),
            ),
        )
    )


def plan_working_copy(*, plan: Plan) -> dict:
    """A plan's details as officers are working on them (draft over live)."""
    values = {name: working_value(plan, name) for name in Plan.DRAFT_FIELDS}
    values["version"] = plan.version
    return values


def section_working_copy(*, section: PlanSection) -> dict:
    values = {name: working_value(section, name) for name in PlanSection.DRAFT_FIELDS}
    values["version"] = section.version
    return values


PLAN_HISTORY_FIELDS = {
    "title": "Title",
    "summary": "Summary",
    "start_year": "First year",
    "end_year": "Last year",
    "status": "Status",
}
SECTION_HISTORY_FIELDS = {"title": "Title", "body": "Text", "order": "Position"}


def plan_history(*, plan: Plan) -> list[dict]:
    """Every change to a plan and its sections, newest first, drafts included."""
    entries = entries_for(
        history_records(Plan).filter(id=plan.pk).select_related("history_user"),
        fields=PLAN_HISTORY_FIELDS,
        names={"status": dict(Plan.Status.choices)},
    )
    by_section: dict[int, list] = {}
    for record in (
        history_records(PlanSection)
        .filter(plan_id=plan.pk)
        .select_related("history_user")
    ):
        by_section.setdefault(record.id, []).append(record)
    for records in by_section.values():
        entries += entries_for(
            records,
            fields=SECTION_HISTORY_FIELDS,
            subject=f"Section “{records[-1].title}”",
        )
    entries.sort(key=lambda e: e["when"], reverse=True)
    return entries


def plan_list_for_staff(*, partnership: Partnership) -> list[Plan]:
    """Every plan of a partnership, drafts included, newest first."""
    return list(
        partnership.plans.order_by("-start_year", "title").select_related(
            "draft_saved_by"
        )
    )
