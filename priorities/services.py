"""Writes for priorities, their actions, indicators and what informed them:
drafts, publishing, order. ``evidence_set`` and ``indicator_add`` write
straight to what residents see (the admin and the demo); the staff pages draft
through ``priority_evidence_save_draft`` and ``indicator_create``."""

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
from priorities.crime.services import indicators_refresh_from_crime_data
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


def _replace_evidence(priority: Priority, details: dict, *, actor) -> None:
    """Make what informed the priority exactly ``details`` ({kind: detail})."""
    existing = {e.kind: e for e in priority.evidence.all()}
    for kind, detail in details.items():
        found = existing.get(kind)
        if found is not None and found.detail == detail:
            continue
        found = found or Evidence(priority=priority, kind=kind)
        found.detail = detail
        found._history_user = actor
        found._change_reason = "Published"
        found.full_clean()
        found.save()
    for kind, evidence in existing.items():
        if kind not in details:
            evidence._history_user = actor
            evidence._change_reason = "Published"
            evidence.delete()


def _pending(rows) -> list:
    return [r for r in rows if r.draft is not None or not r.is_published]


@transaction.atomic
def priority_publish(*, priority: Priority, actor) -> Priority:
    """Make the draft (and the priority's pending actions and indicators) what
    residents see.

    Publishing something with nothing pending changes nothing. Raises
    ``ValidationError`` if an indicator's draft clashes with another's period.
    """
    current = Priority.objects.select_for_update().get(pk=priority.pk)
    actions = list(
        Action.objects.select_for_update().filter(priority=current).order_by("pk")
    )
    indicators = list(
        Indicator.objects.select_for_update().filter(priority=current).order_by("pk")
    )
    pending_actions, pending_indicators = _pending(actions), _pending(indicators)
    if (
        current.is_published
        and current.draft is None
        and not pending_actions
        and not pending_indicators
    ):
        return current
    rest = apply_draft(
        current, actor=actor, skip=("locations", "objectives", "evidence")
    )
    current.is_published = True
    current.full_clean()
    current.save()
    if "locations" in rest:
        current.locations.set(rest["locations"])
    if "objectives" in rest:
        _replace_objectives(current, rest["objectives"])
    if "evidence" in rest:
        _replace_evidence(current, rest["evidence"], actor=actor)
    for row in [*pending_actions, *pending_indicators]:
        apply_draft(row, actor=actor)
        row.is_published = True
        row.full_clean()
        row.save()
    if any(i.crime_type or i.met_major_category for i in pending_indicators):
        # The published crime type or months may be new: work the change out
        # from the loaded data (over the officer's typed change) once saved.
        priority_id = current.pk
        transaction.on_commit(
            lambda: indicators_refresh_from_crime_data(priority_ids=[priority_id])
        )
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


# --- What informed a priority, and its indicators --------------------------------


@transaction.atomic
def priority_evidence_save_draft(
    *, priority: Priority, actor, evidence: dict, version: int
) -> Priority:
    """Save what informed the priority ({kind: detail}) in its draft; residents
    see it when the priority is next published. Raises ``EditConflict``."""
    unknown = set(evidence) - set(Evidence.Kind.values)
    if unknown:
        raise ValidationError({"kinds": "Choose from the kinds of evidence listed"})
    current = lock_for_edit(Priority, pk=priority.pk, version=version)
    ordered = {
        kind: evidence[kind] for kind in Evidence.Kind.values if kind in evidence
    }
    save_draft(current, values={"evidence": ordered}, actor=actor)
    current.save()
    return current


def _check_indicator(*, priority: Priority, data: dict, exclude_pk=None) -> None:
    """One indicator per name and period in a priority, counting drafts; a
    target that matches its direction."""
    errors = {}
    target = data.get("target_percent")
    if target is not None:
        if data.get("direction") == Indicator.Direction.REDUCE and target > 0:
            errors["target_percent"] = (
                "A reduction target must be zero or negative, like -4.5"
            )
        elif data.get("direction") == Indicator.Direction.INCREASE and target < 0:
            errors["target_percent"] = (
                "An increase target must be zero or positive, like 10"
            )

    def same(name, period) -> tuple[str, str]:
        return ((name or "").strip().lower(), (period or "").strip().lower())

    key = same(data.get("name"), data.get("period"))
    for other in Indicator.objects.filter(priority=priority).exclude(pk=exclude_pk):
        draft = other.draft or {}
        taken = {
            same(other.name, other.period),
            same(draft.get("name", other.name), draft.get("period", other.period)),
        }
        if key in taken:
            errors["name"] = (
                "This priority already has an indicator with this name for this period"
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def indicator_create(*, priority: Priority, actor, data: dict) -> Indicator:
    """Add an indicator; residents see it when the priority is next published."""
    Priority.objects.select_for_update().get(pk=priority.pk)
    _check_indicator(priority=priority, data=data)
    last = Indicator.objects.filter(priority=priority).aggregate(m=Max("order"))["m"]
    indicator = Indicator(
        priority=priority, order=(last or 0) + 1, is_published=False, **data
    )
    indicator.full_clean()
    indicator._change_reason = CHANGE_CREATED
    indicator._history_user = actor
    indicator.save()
    return indicator


@transaction.atomic
def indicator_save_draft(
    *, indicator: Indicator, actor, data: dict, version: int
) -> Indicator:
    """Save changes to an indicator as a draft. Raises ``EditConflict``."""
    Priority.objects.select_for_update().get(pk=indicator.priority_id)
    current = lock_for_edit(Indicator, pk=indicator.pk, version=version)
    _check_indicator(priority=current.priority, data=data, exclude_pk=current.pk)
    save_draft(current, values=data, actor=actor)
    current.save()
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
