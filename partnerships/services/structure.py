"""Writes for what a partnership is: the areas and organisations it is made of,
the partnership itself, its members, principles, boards, linked boards and
contacts, and whether residents see it.

The partnerships app keeps no change history. A change residents can search
for asks for a search re-index once the transaction commits; for a partnership
that is not published yet nothing is indexed, and publishing it re-indexes
everything in it.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q

from partnerships.models import (
    Area,
    Board,
    BoardObjective,
    Contact,
    LinkedBoard,
    Membership,
    Organisation,
    Partnership,
    Principle,
)
from portal.core.drafting import unique_slug
from portal.core.search import search_partnership_changed

# What partnership_create and partnership_update take; publishing is separate.
PARTNERSHIP_FIELDS = (
    "name",
    "short_name",
    "slug",
    "area",
    "statutory_basis",
    "summary",
    "description",
    "vision",
)


def _check_fields(data: dict, allowed: tuple[str, ...], model) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValueError(f"Not fields of {model.__name__} here: {sorted(unknown)}")


def _next_order(queryset) -> int:
    return (queryset.aggregate(m=Max("order"))["m"] or 0) + 1


def search_reindex_for_areas(*, area_ids) -> int:
    """Ask for a re-index of each published partnership whose borough is, or
    holds, one of these areas (a ward renamed, ended or added); returns how many.
    """
    area_ids = list(area_ids)
    partnership_ids = set(
        Partnership.objects.public()
        .filter(Q(area_id__in=area_ids) | Q(area__children__in=area_ids))
        .values_list("pk", flat=True)
    )
    for partnership_id in sorted(partnership_ids):
        search_partnership_changed(partnership_id=partnership_id)
    return len(partnership_ids)


def search_reindex_for_organisation(*, organisation_id: int) -> int:
    """Ask for a re-index of each published partnership the organisation sits on."""
    partnership_ids = set(
        Partnership.objects.public()
        .filter(memberships__organisation_id=organisation_id)
        .values_list("pk", flat=True)
    )
    for partnership_id in sorted(partnership_ids):
        search_partnership_changed(partnership_id=partnership_id)
    return len(partnership_ids)


def _changed(partnership: Partnership) -> None:
    """Ask for a re-index of a published partnership once this transaction commits."""
    if partnership.is_published:
        search_partnership_changed(partnership_id=partnership.pk)


# --- Areas and organisations ----------------------------------------------------


@transaction.atomic
def area_create(
    *, name: str, kind: str, code: str = "", parent: Area | None = None
) -> Area:
    """A local authority, ward (by ONS code) or named place within a parent."""
    area = Area(name=name, kind=kind, code=code, parent=parent)
    area.full_clean()
    area.save()
    return area


@transaction.atomic
def organisation_create(*, actor, data: dict) -> Organisation:
    """A body that partnerships can count as a member.

    ``data`` has ``name`` and ``kind``, and may have ``website`` and ``slug``
    (made from the name when not given).
    """
    _check_fields(data, ("name", "slug", "kind", "website"), Organisation)
    organisation = Organisation(
        name=data["name"],
        slug=data.get("slug")
        or unique_slug(
            Organisation.objects.all(), title=data["name"], fallback="organisation"
        ),
        kind=data["kind"],
        website=data.get("website", ""),
    )
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def organisation_end(
    *,
    actor,
    organisation: Organisation,
    ended_on,
    successor: Organisation | None = None,
    note: str = "",
) -> Organisation:
    """Record that a body no longer exists (abolished, merged, replaced): from
    the day after ``ended_on`` every partnership lists it among past members,
    with its successor and the note."""
    if successor is not None and successor.pk == organisation.pk:
        raise ValidationError({"successor": "An organisation cannot succeed itself."})
    current = Organisation.objects.select_for_update().get(pk=organisation.pk)
    current.ended_on = ended_on
    current.successor = successor
    current.end_note = note
    current.full_clean()
    current.save(update_fields=["ended_on", "successor", "end_note"])
    for partnership_id in set(
        current.memberships.values_list("partnership_id", flat=True)
    ):
        _changed(Partnership.objects.get(pk=partnership_id))
    return current


# --- The partnership ------------------------------------------------------------


@transaction.atomic
def partnership_create(*, actor, data: dict) -> Partnership:
    """A new partnership, hidden from residents until it is published.

    ``data`` holds fields of ``PARTNERSHIP_FIELDS``; the slug is made from the
    name when not given.
    """
    _check_fields(data, PARTNERSHIP_FIELDS, Partnership)
    values = dict(data)
    values["slug"] = data.get("slug") or unique_slug(
        Partnership.objects.all(), title=data["name"], fallback="partnership"
    )
    partnership = Partnership(**values, is_published=False)
    partnership.full_clean()
    partnership.save()
    return partnership


@transaction.atomic
def partnership_update(*, partnership: Partnership, actor, data: dict) -> Partnership:
    """Change a partnership's details (publishing is ``partnership_publish``).

    Only fields whose value differs are written; saving what is already there
    changes nothing.
    """
    _check_fields(data, PARTNERSHIP_FIELDS, Partnership)
    current = Partnership.objects.select_for_update().get(pk=partnership.pk)
    changed = [name for name, value in data.items() if getattr(current, name) != value]
    if not changed:
        return current
    for name in changed:
        setattr(current, name, data[name])
    current.full_clean()
    current.save(update_fields=[*changed, "updated_at"])
    _changed(current)
    return current


@transaction.atomic
def partnership_publish(*, partnership: Partnership, actor) -> Partnership:
    """Show the partnership, and its published plans, to residents."""
    current = Partnership.objects.select_for_update().get(pk=partnership.pk)
    if current.is_published:
        return current
    current.is_published = True
    current.save(update_fields=["is_published", "updated_at"])
    search_partnership_changed(partnership_id=current.pk)
    return current


@transaction.atomic
def partnership_unpublish(*, partnership: Partnership, actor) -> Partnership:
    """Hide the partnership and everything in it from residents; nothing is deleted."""
    current = Partnership.objects.select_for_update().get(pk=partnership.pk)
    if not current.is_published:
        return current
    current.is_published = False
    current.save(update_fields=["is_published", "updated_at"])
    search_partnership_changed(partnership_id=current.pk)
    return current


# --- What hangs off a partnership -------------------------------------------------


@transaction.atomic
def membership_add(
    *, partnership: Partnership, actor, organisation: Organisation, role: str
) -> Membership:
    """Count an organisation as a member, listed after the existing members."""
    Partnership.objects.select_for_update().get(pk=partnership.pk)  # serialise order
    membership = Membership(
        partnership=partnership,
        organisation=organisation,
        role=role,
        order=_next_order(Membership.objects.filter(partnership=partnership)),
    )
    membership.full_clean()
    membership.save()
    _changed(partnership)
    return membership


@transaction.atomic
def principle_add(*, partnership: Partnership, actor, text: str) -> Principle:
    """A cross-cutting principle, listed after the existing ones."""
    Partnership.objects.select_for_update().get(pk=partnership.pk)
    principle = Principle(
        partnership=partnership,
        text=text,
        order=_next_order(Principle.objects.filter(partnership=partnership)),
    )
    principle.full_clean()
    principle.save()
    _changed(partnership)
    return principle


@transaction.atomic
def board_create(*, partnership: Partnership, actor, data: dict) -> Board:
    """A board or group of the partnership, with its objectives, listed last.

    ``data`` has ``name``, ``kind``, and may have ``aim``, ``objectives`` (a
    list of texts) and ``slug`` (made from the name when not given).
    """
    _check_fields(data, ("name", "slug", "kind", "aim", "objectives"), Board)
    Partnership.objects.select_for_update().get(pk=partnership.pk)
    boards = Board.objects.filter(partnership=partnership)
    board = Board(
        partnership=partnership,
        name=data["name"],
        slug=data.get("slug")
        or unique_slug(boards, title=data["name"], fallback="board"),
        kind=data["kind"],
        aim=data.get("aim", ""),
        order=_next_order(boards),
    )
    board.full_clean()
    board.save()
    for position, text in enumerate(data.get("objectives") or [], start=1):
        objective = BoardObjective(board=board, text=text, order=position)
        objective.full_clean()
        objective.save()
    _changed(partnership)
    return board


@transaction.atomic
def linked_board_add(*, partnership: Partnership, actor, data: dict) -> LinkedBoard:
    """A statutory board the partnership works with (``name``, optional ``url``)."""
    _check_fields(data, ("name", "url"), LinkedBoard)
    Partnership.objects.select_for_update().get(pk=partnership.pk)
    linked = LinkedBoard(
        partnership=partnership,
        name=data["name"],
        url=data.get("url", ""),
        order=_next_order(LinkedBoard.objects.filter(partnership=partnership)),
    )
    linked.full_clean()
    linked.save()
    return linked


@transaction.atomic
def contact_add(*, partnership: Partnership, actor, data: dict) -> Contact:
    """A way to reach the partnership: ``name`` and an email, phone or URL."""
    _check_fields(data, ("name", "email", "phone", "url"), Contact)
    Partnership.objects.select_for_update().get(pk=partnership.pk)
    contact = Contact(
        partnership=partnership,
        name=data["name"],
        email=data.get("email", ""),
        phone=data.get("phone", ""),
        url=data.get("url", ""),
        order=_next_order(Contact.objects.filter(partnership=partnership)),
    )
    contact.full_clean()
    contact.save()
    return contact
