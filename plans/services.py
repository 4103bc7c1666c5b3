"""Writes for plans and their sections: drafts and publishing."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from plans.deadlines.services import deadlines_complete_for_published_plan
from plans.models import Plan, PlanSection
from portal.core import events
from portal.core.drafting import (
    CHANGE_CREATED,
    CHANGE_UNPUBLISHED,
    apply_draft,
    lock_for_edit,
    save_draft,
    stamp,
    unique_slug,
)
from portal.core.search import search_plans_changed


def plan_search_index_refresh(*, plan_ids: list[int]) -> None:
    """Queue a search re-index of these plans once the current transaction commits."""
    search_plans_changed(plan_ids=plan_ids)


@transaction.atomic
def plan_save_draft(*, plan: Plan, actor, data: dict, version: int) -> Plan:
    """Save changes to a plan's details as a draft. Raises ``EditConflict``."""
    current = lock_for_edit(Plan, pk=plan.pk, version=version)
    save_draft(current, values=data, actor=actor)
    current.save()
    return current


@transaction.atomic
def plan_publish(*, plan: Plan, actor=None) -> Plan:
    """Publish a plan with its pending drafts and new sections.

    An older published plan of the same kind becomes superseded. Publishing
    with nothing pending changes nothing.
    """
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    sections = list(PlanSection.objects.select_for_update().filter(plan=plan))
    pending = [s for s in sections if s.draft is not None or not s.is_published]
    if plan.status == Plan.Status.PUBLISHED and plan.draft is None and not pending:
        return plan
    apply_draft(plan, actor=actor)
    plan.status = Plan.Status.PUBLISHED
    plan.published_on = plan.published_on or timezone.localdate()
    plan.full_clean()
    plan.save()
    for section in pending:
        apply_draft(section, actor=actor)
        section.is_published = True
        section.full_clean()
        section.save()
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
        old._history_user = actor
        old._change_reason = "Superseded"
        old.save(update_fields=["status", "updated_at"])
    plan_search_index_refresh(plan_ids=[plan.pk, *(o.pk for o in older)])
    # Publishing a strategic assessment (or plan, or strategy) completes the
    # matching statutory deadline and opens the next cycle.
    deadlines_complete_for_published_plan(plan=plan, actor=actor)
    if plan.is_public:
        # Subscribers hear about each publication (one per version).
        events.publication_announce(
            kind=events.PLAN_PUBLISHED,
            partnership_id=plan.partnership_id,
            object_id=plan.pk,
            key=str(plan.version),
            title=plan.title,
            summary=plan.summary,
            path=plan.get_absolute_url(),
        )
    return plan


@transaction.atomic
def plan_unpublish(*, plan: Plan, actor) -> Plan:
    """Hide a plan (and so its priorities) from residents again."""
    current = Plan.objects.select_for_update().get(pk=plan.pk)
    if current.status == Plan.Status.DRAFT:
        return current
    current.status = Plan.Status.DRAFT
    stamp(current, actor=actor, reason=CHANGE_UNPUBLISHED)
    current.save()
    plan_search_index_refresh(plan_ids=[current.pk])
    return current


@transaction.atomic
def section_create(*, plan: Plan, actor, data: dict) -> PlanSection:
    """Add a section at the end of the plan; it is public once the plan is published."""
    Plan.objects.select_for_update().get(pk=plan.pk)
    last = PlanSection.objects.filter(plan=plan).aggregate(m=Max("order"))["m"] or 0
    slug = unique_slug(
        PlanSection.objects.filter(plan=plan), title=data["title"], fallback="section"
    )
    section = PlanSection(
        plan=plan,
        title=data["title"],
        body=data["body"],
        slug=slug,
        order=last + 1,
        is_published=False,
    )
    section.full_clean()
    section._change_reason = CHANGE_CREATED
    section._history_user = actor
    section.save()
    return section


@transaction.atomic
def section_save_draft(
    *, section: PlanSection, actor, data: dict, version: int
) -> PlanSection:
    """Save changes to a section as a draft. Raises ``EditConflict``."""
    current = lock_for_edit(PlanSection, pk=section.pk, version=version)
    save_draft(current, values=data, actor=actor)
    current.save()
    return current
