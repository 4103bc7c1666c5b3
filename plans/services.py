"""Writes for plans and their sections: creating, drafts and publishing."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from plans.deadlines.services import deadlines_complete_for_published_plan
from plans.models import Plan, PlanAlignment, PlanSection
from portal.core import events
from portal.core.drafting import (
    CHANGE_CREATED,
    CHANGE_DETAILS,
    CHANGE_UNPUBLISHED,
    apply_draft,
    lock_for_edit,
    save_draft,
    stamp,
    unique_slug,
)
from portal.core.search import search_plans_changed

CHANGE_SUPERSEDED = "Superseded"
# What plan_create takes; after that, the draft fields go through drafts and
# the rest through plan_update.
PLAN_CREATE_FIELDS = (
    "kind",
    "title",
    "slug",
    "summary",
    "start_year",
    "end_year",
    "document",
)
# What plan_update changes at once, outside drafts.
PLAN_DETAIL_FIELDS = ("kind", "slug", "document")


def plan_search_index_refresh(*, plan_ids: list[int]) -> None:
    """Queue a search re-index of these plans once the current transaction commits."""
    search_plans_changed(plan_ids=plan_ids)


def _check_fields(data: dict, allowed: tuple[str, ...]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValueError(f"Not fields this service writes: {sorted(unknown)}")


@transaction.atomic
def plan_create(*, partnership, actor, data: dict) -> Plan:
    """A new draft document of the partnership; residents see it once published.

    ``data`` holds fields of ``PLAN_CREATE_FIELDS``; the slug is made from the
    title when not given.
    """
    _check_fields(data, PLAN_CREATE_FIELDS)
    values = dict(data)
    values["slug"] = data.get("slug") or unique_slug(
        Plan.objects.filter(partnership=partnership),
        title=data["title"],
        fallback="plan",
    )
    plan = Plan(partnership=partnership, status=Plan.Status.DRAFT, **values)
    plan.full_clean()
    plan._change_reason = CHANGE_CREATED
    plan._history_user = actor
    plan.save()
    return plan


@transaction.atomic
def plan_update(*, plan: Plan, actor, data: dict) -> Plan:
    """Change what is not drafted: the kind, the address (slug) or the document.

    Live at once, with a new version and a history record. Fields whose value
    is already there are not written; a document given is always stored.
    """
    _check_fields(data, PLAN_DETAIL_FIELDS)
    current = lock_for_edit(Plan, pk=plan.pk, version=None)
    changed = {
        name: value
        for name, value in data.items()
        if name == "document" or getattr(current, name) != value
    }
    if not changed:
        return current
    for name, value in changed.items():
        # As a model form does: a file field takes an upload, or False to clear.
        Plan._meta.get_field(name).save_form_data(current, value)
    current.full_clean()
    stamp(current, actor=actor, reason=CHANGE_DETAILS)
    current.save()
    plan_search_index_refresh(plan_ids=[current.pk])
    return current


@transaction.atomic
def plan_save_draft(*, plan: Plan, actor, data: dict, version: int) -> Plan:
    """Save changes to a plan's details as a draft. Raises ``EditConflict``."""
    current = lock_for_edit(Plan, pk=plan.pk, version=version)
    save_draft(current, values=data, actor=actor)
    current.save()
    return current


@transaction.atomic
def plan_publish(
    *, plan: Plan, actor=None, published_on: datetime.date | None = None
) -> Plan:
    """Publish a plan with its pending drafts and new sections.

    An older published plan of the same kind becomes superseded. Publishing
    with nothing pending changes nothing. ``published_on`` is the date
    residents see, for a document first published elsewhere; by default the
    day it was first published here.
    """
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    sections = list(PlanSection.objects.select_for_update().filter(plan=plan))
    pending = [s for s in sections if s.draft is not None or not s.is_published]
    if plan.status == Plan.Status.PUBLISHED and plan.draft is None and not pending:
        return plan
    apply_draft(plan, actor=actor)
    plan.status = Plan.Status.PUBLISHED
    plan.published_on = published_on or plan.published_on or timezone.localdate()
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
        _supersede(old, actor=actor)
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


def _supersede(plan: Plan, *, actor) -> None:
    plan.status = Plan.Status.SUPERSEDED
    plan._history_user = actor
    plan._change_reason = CHANGE_SUPERSEDED
    plan.save(update_fields=["status", "updated_at"])


@transaction.atomic
def plan_supersede(*, plan: Plan, actor) -> Plan:
    """Mark a published document as replaced, by one outside the portal.

    Residents still see it, marked as superseded. (Publishing a newer plan of
    the same kind supersedes the older one by itself.) Superseding twice
    changes nothing; a draft cannot be superseded.
    """
    current = Plan.objects.select_for_update().get(pk=plan.pk)
    if current.status == Plan.Status.SUPERSEDED:
        return current
    if current.status != Plan.Status.PUBLISHED:
        raise ValidationError("Only a published document can be superseded.")
    _supersede(current, actor=actor)
    plan_search_index_refresh(plan_ids=[current.pk])
    return current


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
    """Add a section at the end of the plan; it is public once the plan is published.

    ``data`` has ``title`` and ``body``, and may give the ``slug`` (else made
    from the title).
    """
    Plan.objects.select_for_update().get(pk=plan.pk)
    last = PlanSection.objects.filter(plan=plan).aggregate(m=Max("order"))["m"] or 0
    slug = data.get("slug") or unique_slug(
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


@transaction.atomic
def plan_alignment_add(*, plan: Plan, actor, data: dict) -> PlanAlignment:
    """Say that the plan aligns with another: ``aligned_plan`` (one in the
    portal), or the ``title``, ``publisher``, ``url`` of an outside document;
    with a ``note`` on how. Listed after the existing ones; shown at once."""
    _check_fields(data, ("aligned_plan", "title", "publisher", "url", "note"))
    Plan.objects.select_for_update().get(pk=plan.pk)  # serialise order numbers
    last = PlanAlignment.objects.filter(plan=plan).aggregate(m=Max("order"))["m"] or 0
    alignment = PlanAlignment(plan=plan, order=last + 1, **data)
    alignment.full_clean()
    alignment.save()
    return alignment
