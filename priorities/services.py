"""Writes for priorities and their actions: drafts, publishing, order; and the
evidence and indicators of a priority, which are not drafted."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q

from partnerships.models import Area, Membership
from plans.models import Plan
from plans.services import plan_search_index_refresh
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
from priorities.models import Action, Evidence, Indicator, Objective, Priority


def priority_check_belongs(*, plan: Plan, data: dict) -> None:
    """Cross-model rules: groups, places and lead organisations of this partnership.

    Raises ``ValidationError`` keyed by field; forms that cannot wait for the
    service (the admin's) call it from ``clean()``.
    """
    errors = {}
    partnership = plan.partnership
    group = data.get("delivery_group")
    if group is not None and group.partnership_id != partnership.id:
        errors["delivery_group"] = "Choose a board or group of this partnership"
    locations = data.get("locations")
    if locations:
        allowed = Area.objects.filter(
            Q(pk=partnership.area_id) | Q(parent_id=partnership.area_id)
        ).values_list("pk", flat=True)
        if {a.pk for a in locations} - set(allowed):
            errors["locations"] = "Choose places in this partnership's area"
    ward = data.get("ward")
    if ward is not None and (
        ward.kind != Area.Kind.WARD
        or not ward.is_current
        or ward.parent_id != partnership.area_id
    ):
        errors["ward"] = "Choose a current ward of this partnership's borough"
    lead = data.get("lead_organisation")
    if (
        lead is not None
        and not Membership.objects.filter(
            partnership=partnership, organisation=lead
        ).exists()
    ):
        errors["lead_organisation"] = "Choose an organisation in this partnership"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def priority_create(*, plan: Plan, actor, data: dict) -> Priority:
    """Add an unpublished priority at the end of the plan.

    ``data`` has ``title`` and ``summary``, and may have ``description``,
    ``delivery_group``, ``locations``, ``objectives`` (texts) and ``slug``
    (else made from the title).
    """
    priority_check_belongs(plan=plan, data=data)
    Plan.objects.select_for_update().get(pk=plan.pk)  # serialise order numbers
    last = Priority.objects.filter(plan=plan).aggregate(m=Max("order"))["m"] or 0
    priority = Priority(
        plan=plan,
        title=data["title"],
        slug=data.get("slug")
        or unique_slug(
            Priority.objects.filter(plan=plan), title=data["title"], fallback="priority"
        ),
        summary=data["summary"],
        description=data.get("description", ""),
        delivery_group=data.get("delivery_group"),
        order=last + 1,
        is_published=False,
    )
    priority.full_clean()
    priority._change_reason = CHANGE_CREATED
    priority._history_user = actor
    priority.save()
    priority.locations.set(data.get("locations") or [])
    for position, text in enumerate(data.get("objectives") or [], start=1):
        Objective.objects.create(priority=priority, text=text, order=position)
    return priority


@transaction.atomic
def priority_save_draft(
    *, priority: Priority, actor, data: dict, version: int
) -> Priority:
    """Save changes as a draft; residents keep seeing the published version.

    Raises ``EditConflict`` when someone else saved since ``version``.
    """
    current = lock_for_edit(Priority, pk=priority.pk, version=version)
    priority_check_belongs(plan=current.plan, data=data)
    save_draft(current, values=data, actor=actor)
    current.save()
    return current


def _replace_objectives(priority: Priority, texts: list[str]) -> None:
    existing = list(priority.objectives.order_by("order", "id"))
    for position, text in enumerate(texts, start=1):
        if position <= len(existing):
            objective = existing[position - 1]
            if (objective.text, objective.order) != (text, position):
                objective.text, objective.order = text, position
                objective.save()
        else:
            Objective.objects.create(priority=priority, text=text, order=position)
    for objective in existing[len(texts) :]:
        objective.delete()


@transaction.atomic
def priority_publish(*, priority: Priority, actor) -> Priority:
    """Make the draft (and the priority's pending actions) what residents see.

    Publishing something with nothing pending changes nothing.
    """
    current = Priority.objects.select_for_update().get(pk=priority.pk)
    actions = list(
        Action.objects.select_for_update().filter(priority=current).order_by("pk")
    )
    pending_actions = [a for a in actions if a.draft is not None or not a.is_published]
    if current.is_published and current.draft is None and not pending_actions:
        return current
    rest = apply_draft(current, actor=actor, skip=("locations", "objectives"))
    current.is_published = True
    current.full_clean()
    current.save()
    if "locations" in rest:
        current.locations.set(rest["locations"])
    if "objectives" in rest:
        _replace_objectives(current, rest["objectives"])
    for action in pending_actions:
        apply_draft(action, actor=actor)
        action.is_published = True
        action.full_clean()
        action.save()
    plan_search_index_refresh(plan_ids=[current.plan_id])
    if current.plan.is_public:
        # Subscribers hear about priorities added to (or changed in) a live
        # plan; a new plan's priorities arrive with the plan's own publication.
        events.publication_announce(
            kind=events.PRIORITY_PUBLISHED,
            partnership_id=current.plan.partnership_id,
            object_id=current.pk,
            key=str(current.version),
            title=current.title,
            summary=current.summary,
            path=current.get_absolute_url(),
        )
    return current


@transaction.atomic
def priority_unpublish(*, priority: Priority, actor) -> Priority:
    """Hide a priority from residents; its content and draft are kept."""
    current = Priority.objects.select_for_update().get(pk=priority.pk)
    if not current.is_published:
        return current
    current.is_published = False
    stamp(current, actor=actor, reason=CHANGE_UNPUBLISHED)
    current.save()
    plan_search_index_refresh(plan_ids=[current.plan_id])
    return current


@transaction.atomic
def priority_move(*, priority: Priority, actor, direction: str) -> Priority:
    """Move a priority one place up or down in its plan (live at once)."""
    if direction not in ("up", "down"):
        raise ValidationError("Choose up or down")
    Plan.objects.select_for_update().get(pk=priority.plan_id)
    siblings = list(
        Priority.objects.filter(plan_id=priority.plan_id).order_by("order", "id")
    )
    index = next(i for i, p in enumerate(siblings) if p.pk == priority.pk)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(siblings):
        siblings[index], siblings[target] = siblings[target], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        if sibling.order != position:
            sibling.order = position
            sibling._history_user = actor
            sibling._change_reason = "Reordered"
            sibling.save(update_fields=["order", "updated_at"])
    return next(p for p in siblings if p.pk == priority.pk)


@transaction.atomic
def action_create(*, priority: Priority, actor, data: dict) -> Action:
    """Add an action; it reaches residents when the priority is next published."""
    priority_check_belongs(plan=priority.plan, data=data)
    last = Action.objects.filter(priority=priority).aggregate(m=Max("order"))["m"] or 0
    action = Action(priority=priority, order=last + 1, is_published=False, **data)
    action.full_clean()
    action._change_reason = CHANGE_CREATED
    action._history_user = actor
    action.save()
    return action


@transaction.atomic
def action_save_draft(*, action: Action, actor, data: dict, version: int) -> Action:
    """Save changes to an action as a draft. Raises ``EditConflict`` on a clash."""
    current = lock_for_edit(Action, pk=action.pk, version=version)
    priority_check_belongs(plan=current.priority.plan, data=data)
    save_draft(current, values=data, actor=actor)
    current.save()
    return current


def _priority_changed(priority: Priority) -> None:
    """Re-index a published priority's plan once this transaction commits."""
    if priority.is_published:
        plan_search_index_refresh(plan_ids=[priority.plan_id])


@transaction.atomic
def evidence_set(*, priority: Priority, actor, kind: str, detail: str) -> Evidence:
    """Record what informed the priority, of one kind (replacing that kind's
    detail). Shown at once: evidence is not drafted. Setting the same detail
    again changes nothing."""
    Priority.objects.select_for_update().get(pk=priority.pk)
    evidence = Evidence.objects.filter(priority=priority, kind=kind).first()
    if evidence is not None and evidence.detail == detail:
        return evidence
    evidence = evidence or Evidence(priority=priority, kind=kind)
    evidence.detail = detail
    evidence.full_clean()
    evidence.save()
    return evidence


@transaction.atomic
def indicator_add(*, priority: Priority, actor, data: dict) -> Indicator:
    """Add what is measured for the priority (``data``: Indicator fields), listed
    last. Shown at once: indicators are not drafted."""
    Priority.objects.select_for_update().get(pk=priority.pk)  # serialise order
    last = Indicator.objects.filter(priority=priority).aggregate(m=Max("order"))["m"]
    indicator = Indicator(priority=priority, order=(last or 0) + 1, **data)
    indicator.full_clean()
    indicator.save()
    _priority_changed(priority)
    return indicator
