"""Writes to the site-wide search index.

The index holds one ``SearchEntry`` per public partnership, plan and priority;
per current ward of a published partnership's borough; per membership of a
published partnership that has not ended (the organisation's name, found
with its partnership; an end date passing is picked up by the next re-index);
and per consultation residents can see (open, closed, results published;
never a draft or a scheduled one).
Every function here is idempotent: it compares what it would write with what is
stored and touches only rows that differ, so running it twice changes nothing.
"""

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.utils import timezone

from engagement.models import Consultation
from partnerships.models import Area, Membership, Partnership
from plans.models import Plan
from portal.site.models import SearchEntry
from priorities.models import Priority

_COMPARED = ("partnership_id", "plan_id", "title", "summary", "body", "url")


def _join(*parts) -> str:
    return "\n".join(p for p in parts if p)


def _partnership_values(partnership: Partnership) -> dict:
    members = [m.organisation.name for m in partnership.memberships.all()]
    boards = [_join(b.name, b.aim) for b in partnership.boards.all()]
    principles = [p.text for p in partnership.principles.all()]
    return {
        "partnership_id": partnership.id,
        "plan_id": None,
        "title": partnership.name,
        "summary": partnership.summary,
        "body": _join(
            partnership.short_name,
            partnership.area.name,
            partnership.description,
            partnership.vision,
            *principles,
            *members,
            *boards,
        ),
        "url": partnership.get_absolute_url(),
    }


def _plan_values(plan: Plan) -> dict:
    sections = [_join(s.title, s.body) for s in plan.sections.all() if s.is_published]
    return {
        "partnership_id": plan.partnership_id,
        "plan_id": plan.id,
        "title": plan.title,
        "summary": plan.summary,
        "body": _join(plan.get_kind_display(), plan.period, *sections),
        "url": plan.get_absolute_url(),
    }


def _priority_values(priority: Priority) -> dict:
    objectives = [o.text for o in priority.objectives.all()]
    indicators = [i.name for i in priority.indicators.all() if i.is_published]
    return {
        "partnership_id": priority.plan.partnership_id,
        "plan_id": priority.plan_id,
        "title": priority.title,
        "summary": priority.summary,
        "body": _join(priority.description, *objectives, *indicators),
        "url": priority.get_absolute_url(),
    }


def _ward_values(ward: Area, partnership: Partnership) -> dict:
    # Not the borough's name: a search for "Kingston" should not list every
    # ward of Kingston (the result names the partnership anyway).
    around = [a.name for a in ward.covered_by.all()]  # former wards, places
    return {
        "partnership_id": partnership.id,
        "plan_id": None,
        "title": ward.name,
        "summary": "The ward's page: crime, the partnership's priorities and "
        "actions there, and the Safer Neighbourhood team.",
        "body": _join(*around),
        "url": ward.get_absolute_url(),
    }


def _membership_values(membership: Membership, partnership: Partnership) -> dict:
    organisation = membership.organisation
    return {
        "partnership_id": partnership.id,
        "plan_id": None,
        "title": organisation.name,
        "summary": f"{membership.get_role_display()} of the partnership.",
        "body": organisation.get_kind_display(),
        "url": f"{partnership.get_absolute_url()}#members",
    }


def _consultation_values(consultation: Consultation) -> dict:
    return {
        "partnership_id": consultation.partnership_id,
        "plan_id": None,
        "title": consultation.title,
        "summary": consultation.summary,
        "body": _join(
            consultation.get_status_display(),
            consultation.background,
            *(p.title for p in consultation.priorities.all()),
        ),
        "url": consultation.get_absolute_url(),
    }


def _sync(kind: str, wanted: dict[int, dict], stale_scope: dict) -> int:
    """Make the entries of ``kind`` in ``stale_scope`` exactly ``wanted``.

    Returns how many rows were created, changed or deleted.
    """
    existing = {
        e.object_id: e for e in SearchEntry.objects.filter(kind=kind, **stale_scope)
    }
    changed_ids = []
    for object_id, values in wanted.items():
        entry = existing.get(object_id)
        if entry is None:
            entry = SearchEntry.objects.create(kind=kind, object_id=object_id, **values)
            changed_ids.append(entry.id)
        elif any(getattr(entry, f) != values[f] for f in _COMPARED):
            for field, value in values.items():
                setattr(entry, field, value)
            entry.save()
            changed_ids.append(entry.id)
    gone = [e.id for oid, e in existing.items() if oid not in wanted]
    if gone:
        SearchEntry.objects.filter(id__in=gone).delete()
    _update_vectors(changed_ids)
    return len(changed_ids) + len(gone)


def _update_vectors(entry_ids: list[int]) -> None:
    """Compute the weighted full-text vector (PostgreSQL only; SQLite searches text)."""
    if not entry_ids or connection.vendor != "postgresql":
        return
    SearchEntry.objects.filter(id__in=entry_ids).update(
        document=SearchVector("title", weight="A", config="english")
        + SearchVector("summary", weight="B", config="english")
        + SearchVector("body", weight="C", config="english")
    )


@transaction.atomic
def search_index_rebuild_for_plan(*, plan_id: int) -> int:
    """Index a plan and its priorities if the plan is public, else remove them."""
    plan = (
        Plan.objects.select_related("partnership")
        .prefetch_related("sections")
        .filter(id=plan_id)
        .first()
    )
    if plan is None:
        SearchEntry.objects.filter(plan_id=plan_id).delete()
        return 0
    public = Plan.objects.public().filter(id=plan_id).exists()
    plans_wanted, priorities_wanted = {}, {}
    if public:
        plans_wanted[plan.id] = _plan_values(plan)
        priorities = Priority.objects.filter(
            plan=plan, is_published=True
        ).prefetch_related("objectives", "indicators")
        for priority in priorities:
            priority.plan = plan
            priorities_wanted[priority.id] = _priority_values(priority)
    changes = _sync(SearchEntry.Kind.PLAN, plans_wanted, {"object_id": plan.id})
    changes += _sync(SearchEntry.Kind.PRIORITY, priorities_wanted, {"plan_id": plan.id})
    return changes


@transaction.atomic
def search_index_rebuild_for_partnership(*, partnership_id: int) -> int:
    """Index a partnership and all its plans, or remove them if it is not public."""
    partnership = (
        Partnership.objects.select_related("area")
        .prefetch_related("memberships__organisation", "boards", "principles", "plans")
        .filter(id=partnership_id)
        .first()
    )
    if partnership is None or not partnership.is_published:
        deleted, _ = SearchEntry.objects.filter(partnership_id=partnership_id).delete()
        return deleted
    today = timezone.localdate()
    changes = _sync(
        SearchEntry.Kind.PARTNERSHIP,
        {partnership.id: _partnership_values(partnership)},
        {"object_id": partnership.id},
    )
    changes += _sync(
        SearchEntry.Kind.ORGANISATION,
        {
            m.id: _membership_values(m, partnership)
            for m in partnership.memberships.all()
            if m.ended(today) is None  # past members: the partnership's page
        },
        {"partnership_id": partnership.id},
    )
    changes += _rebuild_wards(partnership)
    changes += _rebuild_consultations(partnership)
    for plan in partnership.plans.all():
        changes += search_index_rebuild_for_plan(plan_id=plan.id)
    return changes


def _rebuild_wards(partnership: Partnership) -> int:
    wards = (
        Area.objects.current()
        .filter(kind=Area.Kind.WARD, parent_id=partnership.area_id)
        .exclude(slug="")
        .exclude(parent__slug="")  # no page for it
        .select_related("parent")
        .prefetch_related("covered_by")
    )
    return _sync(
        SearchEntry.Kind.WARD,
        {ward.id: _ward_values(ward, partnership) for ward in wards},
        {"partnership_id": partnership.id},
    )


def _rebuild_consultations(partnership: Partnership) -> int:
    consultations = (
        Consultation.objects.filter(
            partnership=partnership, status__in=Consultation.PUBLIC_STATUSES
        )
        .select_related("partnership")
        .prefetch_related("priorities")
    )
    return _sync(
        SearchEntry.Kind.CONSULTATION,
        {c.id: _consultation_values(c) for c in consultations},
        {"partnership_id": partnership.id},
    )


@transaction.atomic
def search_index_rebuild_for_consultation(*, consultation_id: int) -> int:
    """Index a consultation residents can see, else remove it from the index."""
    consultation = (
        Consultation.objects.select_related("partnership")
        .prefetch_related("priorities")
        .filter(id=consultation_id)
        .first()
    )
    wanted = {}
    if (
        consultation is not None
        and consultation.status in Consultation.PUBLIC_STATUSES
        and consultation.partnership.is_published
    ):
        wanted[consultation.id] = _consultation_values(consultation)
    return _sync(SearchEntry.Kind.CONSULTATION, wanted, {"object_id": consultation_id})


def search_index_rebuild_all() -> int:
    """Rebuild the whole index; returns the number of rows that changed."""
    changes = 0
    for partnership_id in Partnership.objects.values_list("id", flat=True):
        changes += search_index_rebuild_for_partnership(partnership_id=partnership_id)
    return changes
