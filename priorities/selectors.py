"""Reads for priorities, their objectives, evidence and indicators."""

import datetime
from collections import defaultdict

from django.db.models import F, OuterRef, Prefetch, Q, QuerySet, Subquery

from partnerships.models import Area, Board, Organisation
from plans.models import Plan, PlanQuerySet
from portal.core.drafting import CHANGE_DRAFT_SAVED, working_value
from portal.core.history import entries_for, history_records
from priorities.models import (
    Action,
    Evidence,
    Indicator,
    Objective,
    Priority,
    priority_url,
)


def priority_list_for_plan(*, plan: Plan, include_unpublished=False) -> list[Priority]:
    """A plan's priorities in order, with what their lists show: the title,
    summary and address.

    Residents see published priorities only; officers also see unpublished ones.
    """
    priorities = Priority.objects.filter(plan=plan)
    if not include_unpublished:
        priorities = priorities.filter(is_published=True)
    priorities = list(
        priorities.only("plan_id", "title", "slug", "summary").order_by("order", "id")
    )
    for priority in priorities:
        priority.plan = plan  # already loaded: links need no further queries
    return priorities


def priority_detail_public(
    *, partnership_slug: str, plan_slug: str
) -> QuerySet[Priority]:
    """Priorities of one public plan, with their plan, partnership and
    delivery group, and ``last_published_at``: when residents last saw the
    priority change (see ``priority_last_published``)."""
    return (
        Priority.objects.filter(
            PlanQuerySet.public_q(prefix="plan__"),
            is_published=True,
            plan__slug=plan_slug,
            plan__partnership__slug=partnership_slug,
        )
        .select_related("plan", "plan__partnership", "delivery_group")
        .annotate(
            last_published_at=Subquery(_published_history_dates(OuterRef("pk"))[:1])
        )
    )


def priority_parts_public(*, priority: Priority) -> dict:
    """What a public priority's page lists: what informed it, its objectives,
    its published indicators and actions (with their lead organisation) and
    its places in focus, each in order. Five queries, however long the lists.

    Each list is ordered within its one priority: the models' default order
    starts with the priority, which would join the priority, its plan and
    partnership to every query for nothing.
    """
    return {
        "evidence": list(priority.evidence.order_by("kind")),
        "objectives": list(priority.objectives.order_by("order", "id")),
        "indicators": list(
            priority.indicators.filter(is_published=True).order_by("order", "id")
        ),
        "actions": list(
            priority.actions.filter(is_published=True)
            .select_related("lead_organisation")
            .order_by("order", "id")
        ),
        "locations": list(priority.locations.all()),
    }


def priority_siblings(*, priority: Priority) -> dict:
    """Where a priority stands in its plan, and its neighbours for navigation
    (``{"title", "url"}``, or None at either end)."""
    siblings = list(
        Priority.objects.filter(plan_id=priority.plan_id, is_published=True)
        .order_by("order", "id")
        .values_list("id", "title", "slug")
    )
    index = next(i for i, (pk, _, _) in enumerate(siblings) if pk == priority.id)
    plan = priority.plan

    def neighbour(at: int) -> dict | None:
        if not 0 <= at < len(siblings):
            return None
        _, title, slug = siblings[at]
        return {
            "title": title,
            "url": priority_url(plan.partnership.slug, plan.slug, slug=slug),
        }

    return {
        "position": index + 1,
        "count": len(siblings),
        "previous": neighbour(index - 1),
        "next": neighbour(index + 1),
    }


def board_choices_for_plan(*, plan: Plan) -> QuerySet[Board]:
    """Boards and groups of the plan's partnership, for "Led by"."""
    return Board.objects.filter(partnership_id=plan.partnership_id).order_by(
        "order", "name"
    )


def area_choices_for_plan(*, plan: Plan) -> QuerySet[Area]:
    """The partnership's own area, its current wards and named places, and any
    former ward a priority of the plan still names (so saving keeps it)."""
    area_id = plan.partnership.area_id
    return (
        Area.objects.filter(Q(pk=area_id) | Q(parent_id=area_id))
        .filter(Q(valid_to__isnull=True) | Q(priorities__plan=plan))
        .distinct()
        .order_by("kind", "valid_to", "name")
    )


def ward_choices_for_plan(*, plan: Plan) -> QuerySet[Area]:
    """The current wards of the plan's partnership's borough, for an action."""
    return (
        Area.objects.current()
        .filter(parent_id=plan.partnership.area_id, kind=Area.Kind.WARD)
        .order_by("name")
    )


def priorities_for_ward(*, plan: Plan, ward: Area) -> dict:
    """The plan's published priorities that cover a ward, and those that cover
    the whole borough.

    A priority covers the ward when its places in focus include the ward, or a
    place or former ward that takes it in (``Area.covers``); it covers the whole
    borough when it names no places. ``here`` items are rows of the
    priority's ``title``, ``summary`` and ``url`` and the ``places`` that
    matched (rows of ``name`` and ``valid_to``); ``everywhere`` holds priorities.
    Three queries, whatever the number of priorities; two when
    ``ward.covered_by`` was prefetched (``ward_public`` does).
    """
    covering = {ward.pk, *(area.pk for area in ward.covered_by.all())}
    priorities = priority_list_for_plan(plan=plan)
    locations = defaultdict(list)
    for priority_id, area_id, name, valid_to in (
        # Every place of the plan's priorities: one join, not a list of ids.
        Priority.locations.through.objects.filter(priority__plan_id=plan.pk)
        .order_by("id")
        .values_list("priority_id", "area_id", "area__name", "area__valid_to")
    ):
        locations[priority_id].append(
            {"id": area_id, "name": name, "valid_to": valid_to}
        )
    here, everywhere = [], []
    for priority in priorities:
        places = locations[priority.pk]
        matched = [place for place in places if place["id"] in covering]
        if matched:
            here.append(
                {
                    "title": priority.title,
                    "summary": priority.summary,
                    "url": priority.get_absolute_url(),
                    "places": matched,
                }
            )
        elif not places:
            everywhere.append(priority)
    return {"here": here, "everywhere": everywhere}


def actions_in_ward(*, plan: Plan, ward: Area) -> list[dict]:
    """Published actions of the plan's published priorities placed in the ward,
    as rows of what a resident sees of each: ``id``, ``title``, ``is_example``,
    ``status``, ``due_date``, ``lead`` (the lead organisation's name, or None)
    and its priority's ``priority_title`` and ``priority_url``. One query."""
    actions = list(
        Action.objects.filter(
            ward_id=ward.pk,
            is_published=True,
            priority__is_published=True,
            priority__plan_id=plan.pk,
        )
        .order_by("priority__order", "order", "id")
        .values(
            "id",
            "title",
            "is_example",
            "status",
            "due_date",
            "priority__slug",
            priority_title=F("priority__title"),
            lead=F("lead_organisation__name"),
        )
    )
    partnership_slug, plan_slug = plan.partnership.slug, plan.slug
    urls = {}  # by priority slug: a priority often has several actions here
    for action in actions:
        slug = action.pop("priority__slug")
        if slug not in urls:
            urls[slug] = priority_url(partnership_slug, plan_slug, slug=slug)
        action["priority_url"] = urls[slug]
    return actions


def organisation_choices_for_plan(*, plan: Plan) -> QuerySet[Organisation]:
    """Member organisations of the plan's partnership, for an action's lead."""
    return Organisation.objects.filter(
        memberships__partnership_id=plan.partnership_id
    ).order_by("name")


def priority_working_copy(*, priority: Priority) -> dict:
    """The values an officer edits: the draft where there is one, else the live ones."""
    values = {name: working_value(priority, name) for name in Priority.DRAFT_FIELDS}
    if priority.draft is None or "locations" not in priority.draft:
        values["locations"] = [a.pk for a in priority.locations.all()]
    if priority.draft is None or "objectives" not in priority.draft:
        values["objectives"] = [o.text for o in priority.objectives.all()]
    values["objectives"] = "\n".join(values["objectives"])
    if priority.draft is None or "evidence" not in priority.draft:
        values["evidence"] = {e.kind: e.detail for e in priority.evidence.all()}
    values["version"] = priority.version
    return values


def evidence_working_list(*, priority: Priority) -> list[dict]:
    """What informed the priority as officers are editing it, in kind order:
    [{"kind": label, "detail": text}]."""
    working = priority_working_copy(priority=priority)["evidence"]
    return [
        {"kind": kind.label, "detail": working[kind.value]}
        for kind in Evidence.Kind
        if kind.value in working
    ]


def indicator_working_copy(*, indicator: Indicator) -> dict:
    values = {name: working_value(indicator, name) for name in Indicator.DRAFT_FIELDS}
    for name in ("baseline_month", "measured_month"):
        if isinstance(values[name], str) and values[name]:
            values[name] = datetime.date.fromisoformat(values[name])
    values["version"] = indicator.version
    return values


def indicator_list_for_staff(*, priority: Priority) -> list[dict]:
    """Every indicator of a priority as officers are working on it."""
    return [
        {"indicator": indicator, "working": indicator_working_copy(indicator=indicator)}
        for indicator in Indicator.objects.filter(priority=priority).order_by(
            "order", "id"
        )
    ]


def action_working_copy(*, action: Action) -> dict:
    values = {name: working_value(action, name) for name in Action.DRAFT_FIELDS}
    if isinstance(values["due_date"], str):
        values["due_date"] = datetime.date.fromisoformat(values["due_date"])
    values["version"] = action.version
    return values


def priority_list_for_staff(*, plan: Plan) -> list[Priority]:
    """Every priority of a plan, published or not, with its actions, for officers."""
    priorities = list(
        Priority.objects.filter(plan=plan)
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=Action.objects.select_related("lead_organisation").order_by(
                    "order", "id"
                ),
            )
        )
        .order_by("order", "id")
    )
    for priority in priorities:
        priority.plan = plan
    return priorities


PRIORITY_HISTORY_FIELDS = {
    "title": "Title",
    "summary": "Summary",
    "description": "Description",
    "delivery_group_id": "Led by",
    "order": "Position in the plan",
}
INDICATOR_HISTORY_FIELDS = {
    "name": "What is measured",
    "unit": "Unit",
    "direction": "Direction",
    "baseline_period": "Baseline period",
    "period": "Measured period",
    "target_percent": "Target change (%)",
    "change_value": "Change",
    "change_percent": "Change (%)",
    "reported_result": "Result as published",
    "set_by": "Target set by",
    "set_on": "Target set on",
    "is_assumption": "An assumed target",
    "provenance_note": "Where the target comes from",
    "crime_type": "Crime type counted",
    "met_major_category": "Met major category",
    "met_minor_category": "Met minor category",
    "baseline_month": "Month compared against",
    "measured_month": "Month measured",
}
ACTION_HISTORY_FIELDS = {
    "title": "What will be done",
    "lead_organisation_id": "Lead organisation",
    "due_date": "Due date",
    "status": "Status",
    "ward_id": "Ward",
}


def _place_names(records) -> dict:
    """{area id: name} for every place the records or their drafts refer to
    (a priority's places in focus, an action's ward), so a history names places
    rather than giving their ids."""
    ids = set()
    for record in records:
        draft = getattr(record, "draft", None) or {}
        ids.update(v for v in draft.get("locations") or () if isinstance(v, int))
        for value in (draft.get("ward"), getattr(record, "ward_id", None)):
            if isinstance(value, int):
                ids.add(value)
    return dict(Area.objects.filter(pk__in=ids).values_list("pk", "name"))


def priority_history(*, priority: Priority, include_drafts: bool) -> list[dict]:
    """Who changed what and when: the priority, its objectives and actions.

    Residents (``include_drafts=False``) see only publishing events of the
    priority itself.
    """
    records = list(
        history_records(Priority).filter(id=priority.pk).select_related("history_user")
    )
    boards = dict(
        Board.objects.filter(partnership_id=priority.plan.partnership_id).values_list(
            "pk", "name"
        )
    )
    names = {
        "delivery_group_id": boards,
        "locations": _place_names(records),
        "evidence": dict(Evidence.Kind.choices),
    }
    entries = entries_for(
        records, fields=PRIORITY_HISTORY_FIELDS, names=names, drafts=include_drafts
    )
    if not include_drafts:
        return entries
    objective_records = (
        history_records(Objective)
        .filter(priority_id=priority.pk)
        .select_related("history_user")
    )
    by_objective: dict[int, list] = {}
    for record in objective_records:
        by_objective.setdefault(record.id, []).append(record)
    for records_of_one in by_objective.values():
        entries += entries_for(
            records_of_one, fields={"text": "Objective"}, subject="Objective"
        )
    action_records = (
        history_records(Action)
        .filter(priority_id=priority.pk)
        .select_related("history_user")
    )
    organisations = dict(
        Organisation.objects.filter(
            memberships__partnership_id=priority.plan.partnership_id
        ).values_list("pk", "name")
    )
    statuses = dict(Action.Status.choices)
    by_action: dict[int, list] = {}
    for record in action_records:
        by_action.setdefault(record.id, []).append(record)
    wards = _place_names(action_records)
    for records_of_one in by_action.values():
        entries += entries_for(
            records_of_one,
            fields=ACTION_HISTORY_FIELDS,
            names={
                "lead_organisation_id": organisations,
                "status": statuses,
                "ward_id": wards,
            },
            subject=f"Action “{records_of_one[-1].title}”",
        )
    by_indicator: dict[int, list] = {}
    for record in (
        history_records(Indicator)
        .filter(priority_id=priority.pk)
        .select_related("history_user")
    ):
        by_indicator.setdefault(record.id, []).append(record)
    for records_of_one in by_indicator.values():
        entries += entries_for(
            records_of_one,
            fields=INDICATOR_HISTORY_FIELDS,
            names={"direction": dict(Indicator.Direction.choices)},
            subject=f"Indicator “{records_of_one[-1].name}”",
        )
    kinds = dict(Evidence.Kind.choices)
    by_evidence: dict[int, list] = {}
    for record in (
        history_records(Evidence)
        .filter(priority_id=priority.pk)
        .select_related("history_user")
    ):
        by_evidence.setdefault(record.id, []).append(record)
    for records_of_one in by_evidence.values():
        kind = records_of_one[-1].kind
        entries += entries_for(
            records_of_one,
            fields={"detail": "Detail"},
            subject=f"What informed it: {kinds.get(kind, kind)}",
        )
    entries.sort(key=lambda e: e["when"], reverse=True)
    return entries


def _published_history_dates(priority_id):
    """The dates of a priority's history rows that residents saw, newest first:
    draft saves do not count."""
    return (
        history_records(Priority)
        .filter(id=priority_id)
        .exclude(history_change_reason=CHANGE_DRAFT_SAVED)
        .order_by("-history_date")
        .values("history_date")
    )


def priority_last_published(*, priority: Priority):
    """When residents last saw the priority change: from its change history.

    Read from ``last_published_at`` where ``priority_detail_public`` gave it;
    rows loaded before history existed fall back to the time the row last
    changed.
    """
    if hasattr(priority, "last_published_at"):
        last = priority.last_published_at
    else:
        row = _published_history_dates(priority.pk).first()
        last = row["history_date"] if row else None
    return last or priority.updated_at


def actions_in_ward_for_staff(*, ward: Area) -> list[Action]:
    """Every action placed in the ward, published or not, live or in a draft."""
    return list(
        Action.objects.filter(Q(ward=ward) | Q(draft__ward=ward.pk))
        .select_related("priority__plan", "lead_organisation")
        .order_by("priority__plan__title", "priority__order", "order", "id")
    )
