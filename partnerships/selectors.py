"""Reads for partnerships: public lists, the partnership page, and areas
(boroughs, wards, places and postcodes)."""

import re
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone

from partnerships.models import (
    Area,
    BoardObjective,
    Boundary,
    Membership,
    OfficerRole,
    Partnership,
    Postcode,
    partnership_url,
)
from portal.core.models import AuditEvent


def partnership_list_public() -> QuerySet[Partnership]:
    """Published partnerships for the home page, with their area."""
    return Partnership.objects.public().select_related("area").order_by("name")


def partnership_cards_public() -> list[dict]:
    """The home page's card of each published partnership, by name, as plain
    rows: name, ``url``, ``area_name``, summary and ``updated_at`` (no model
    instances: building 31 partnerships and their areas was most of the
    page's own time)."""
    rows = list(
        Partnership.objects.public()
        .order_by("name")
        .values("name", "slug", "summary", "updated_at", area_name=F("area__name"))
    )
    for row in rows:
        row["url"] = partnership_url(row["slug"])
    return rows


def partnership_detail_public() -> QuerySet[Partnership]:
    """Published partnerships with their area; the view narrows this by slug
    and reads what the page lists with ``partnership_parts_public``."""
    return Partnership.objects.public().select_related("area")


def partnership_parts_public(*, partnership: Partnership) -> dict:
    """What a partnership's page lists, each in order: its memberships (with
    the organisation and what succeeded it), principles, boards with their
    objectives, linked boards and contacts. Five queries, six with boards,
    however long the lists.

    Each list is ordered within its one partnership or board: the models'
    default order starts with the parent, which would join it (and its own
    parent) to the query for nothing.
    """
    memberships = (
        partnership.memberships.select_related("organisation__successor")
        .only(
            "partnership_id",
            "role",
            "ended_on",
            "organisation__name",
            "organisation__kind",
            "organisation__website",
            "organisation__ended_on",
            "organisation__end_note",
            "organisation__successor__name",
        )
        .order_by("order", "organisation__name")
    )
    boards = partnership.boards.prefetch_related(
        Prefetch("objectives", queryset=BoardObjective.objects.order_by("order", "id"))
    ).order_by("order", "name")
    return {
        "memberships": list(memberships),
        "principles": list(partnership.principles.order_by("order", "id")),
        "boards": list(boards),
        "linked_boards": list(partnership.linked_boards.order_by("order", "name")),
        "contacts": list(partnership.contacts.order_by("order", "name")),
    }


ROLE_HEADINGS = {
    Membership.Role.RESPONSIBLE_AUTHORITY: "Responsible authorities",
    Membership.Role.CO_OPERATING_BODY: "Co-operating bodies",
    Membership.Role.PARTICIPATING_BODY: "Participating bodies",
}


def membership_groups(*, memberships: list[Membership], today=None) -> list[dict]:
    """Current members grouped by role, in role order, from the partnership's
    ``memberships``. A membership that has ended, or whose organisation no longer
    exists, is not current: see ``past_memberships``."""
    today = today or timezone.localdate()
    groups = []
    for role in Membership.Role:
        members = [m for m in memberships if m.role == role and m.ended(today) is None]
        if members:
            groups.append(
                {"role": role, "heading": ROLE_HEADINGS[role], "members": members}
            )
    return groups


def past_memberships(*, memberships: list[Membership], today=None) -> list[dict]:
    """Members that have left or no longer exist, newest end first, each with
    when it ended and what succeeded it (from the partnership's
    ``memberships``)."""
    today = today or timezone.localdate()
    past = []
    for membership in memberships:
        ended = membership.ended(today)
        if ended is not None:
            organisation = membership.organisation
            past.append(
                {
                    "membership": membership,
                    "organisation": organisation,
                    "ended_on": ended,
                    "successor": organisation.successor
                    if organisation.has_ended(today)
                    else None,
                    "note": organisation.end_note
                    if organisation.has_ended(today)
                    else "",
                }
            )
    past.sort(key=lambda item: (item["ended_on"], item["organisation"].name))
    return past


def partnership_list_for_officer(*, user) -> list[dict]:
    """Partnerships the user works for, with their role labels.

    Site administrators see every partnership.
    """
    roles = {}
    for role in OfficerRole.objects.filter(user=user).select_related("partnership"):
        roles.setdefault(role.partnership, []).append(role.get_role_display())
    if user.is_superuser:
        for partnership in Partnership.objects.all():
            roles.setdefault(partnership, []).append("Site administrator")
    return [
        {"partnership": partnership, "roles": labels}
        for partnership, labels in sorted(roles.items(), key=lambda item: item[0].name)
    ]


# --- Areas: boroughs, wards, postcodes --------------------------------------------


def _hosted_borough_ids():
    return Partnership.objects.public().values("area_id")


@dataclass(frozen=True)
class PostcodePlace:
    """Where a postcode lies, as far as the portal knows."""

    postcode: str
    borough_name: str | None
    borough_url: str
    ward_name: str | None
    ward_url: str
    hosted: bool  # its borough has a published partnership here


def postcode_lookup(*, postcode: str) -> PostcodePlace | None:
    """The borough and current ward of a normalised postcode: one indexed read.

    None if the postcode is not in the loaded Code-Point Open release.
    """
    boroughs = Area.objects.filter(
        code=OuterRef("lad_code"), kind=Area.Kind.LOCAL_AUTHORITY
    )
    wards = Area.objects.current().filter(
        code=OuterRef("ward_code"),
        kind=Area.Kind.WARD,
        parent__code=OuterRef("lad_code"),
    )
    row = (
        Postcode.objects.filter(pk=postcode)
        .annotate(
            borough_name=Subquery(boroughs.values("name")[:1]),
            borough_slug=Subquery(boroughs.values("slug")[:1]),
            ward_name=Subquery(wards.values("name")[:1]),
            ward_slug=Subquery(wards.values("slug")[:1]),
            hosted=Exists(
                Partnership.objects.public().filter(area__code=OuterRef("lad_code"))
            ),
        )
        .values("borough_name", "borough_slug", "ward_name", "ward_slug", "hosted")
        .first()
    )
    if row is None:
        return None
    borough_url = ward_url = ""
    if row["borough_slug"]:
        borough_url = reverse("areas:borough", kwargs={"slug": row["borough_slug"]})
        if row["ward_slug"]:
            ward_url = reverse(
                "areas:ward",
                kwargs={"borough_slug": row["borough_slug"], "slug": row["ward_slug"]},
            )
    return PostcodePlace(
        postcode=postcode,
        borough_name=row["borough_name"],
        borough_url=borough_url,
        ward_name=row["ward_name"],
        ward_url=ward_url,
        hosted=bool(row["hosted"]) and bool(borough_url),
    )


def name_key(text: str) -> str:
    """A name as compared in searches: "St. Mark's & Seething Wells" and
    "st marks and seething wells" are the same."""
    text = (text or "").lower().replace("&", " and ").replace("\u2019", "'")
    text = re.sub(r"['.]", "", text)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    words = ["st" if w == "saint" else w for w in text.split() if w != "ward"]
    return " ".join(words)


def area_search(*, query: str) -> list[Area]:
    """Hosted boroughs, and wards and places in them, whose name matches ``query``.

    An exact name (ignoring case, punctuation, "&" or "and", "St" or "Saint")
    wins; otherwise every word typed must start a word of the name. Former
    wards match too: each comes with ``covers`` prefetched, the current wards
    that replaced it. Places (a town centre) come with the wards they take in.
    """
    key = name_key(query)
    if not key:
        return []
    hosted = _hosted_borough_ids()
    candidates = list(
        Area.objects.filter(
            Q(parent_id__in=hosted, kind__in=[Area.Kind.WARD, Area.Kind.PLACE])
            | Q(pk__in=hosted, kind=Area.Kind.LOCAL_AUTHORITY)
        )
        .select_related("parent")
        .prefetch_related(
            Prefetch(
                "covers",
                queryset=Area.objects.current().select_related("parent"),
            )
        )
        .order_by("name", "parent__name")
    )
    exact = [a for a in candidates if name_key(a.name) == key]
    if exact:
        current = [a for a in exact if a.is_current]
        return current or exact
    words = key.split()
    return [
        a
        for a in candidates
        if all(
            any(w.startswith(typed) for w in name_key(a.name).split())
            for typed in words
        )
    ]


def borough_public(*, slug: str) -> Area | None:
    """A borough with a published partnership here, by its slug."""
    return (
        Area.objects.filter(
            kind=Area.Kind.LOCAL_AUTHORITY, slug=slug, pk__in=_hosted_borough_ids()
        )
        .exclude(slug="")
        .first()
    )


def ward_public(*, borough_slug: str, slug: str) -> Area | None:
    """A current ward of a hosted borough, with its borough, its contacts and
    the places and former wards that take it in (``covered_by``)."""
    return (
        Area.objects.current()
        .filter(
            kind=Area.Kind.WARD,
            slug=slug,
            parent__slug=borough_slug,
            parent__kind=Area.Kind.LOCAL_AUTHORITY,
            parent_id__in=_hosted_borough_ids(),
        )
        .exclude(slug="")
        .select_related("parent")
        .prefetch_related("contacts", "covered_by")
        .first()
    )


def partnership_for_area(*, area: Area) -> Partnership | None:
    """The published partnership whose area is ``area``."""
    return Partnership.objects.public().filter(area=area).order_by("name").first()


def wards_with_boundaries(*, borough: Area) -> tuple[list[Area], dict]:
    """The borough's current wards, by name, and their boundaries by code."""
    wards = list(
        Area.objects.current()
        .filter(parent=borough, kind=Area.Kind.WARD)
        .exclude(slug="")
        .order_by("name")
    )
    for ward in wards:
        ward.parent = borough  # links need no further queries
    boundaries = Boundary.objects.in_bulk([w.code for w in wards if w.code])
    return wards, boundaries


def wards_for_officer(*, partnership: Partnership) -> list[Area]:
    """The current wards of a partnership's borough, for its staff pages."""
    return list(
        Area.objects.current()
        .filter(parent_id=partnership.area_id, kind=Area.Kind.WARD)
        .select_related("parent")
        .prefetch_related("contacts")
        .order_by("name")
    )


def partnership_for_officer_ward(*, ward: Area) -> Partnership | None:
    """The partnership whose borough holds ``ward`` (published or not)."""
    return Partnership.objects.filter(area_id=ward.parent_id).order_by("name").first()


# --- Officers and their roles ----------------------------------------------------


def officer_list_for_partnership(*, partnership: Partnership) -> list[dict]:
    """The partnership's officers with their roles and last sign-in, by name.

    ``[{"user": User, "roles": [OfficerRole.Role, ...]}]``; two queries.
    """
    officers: dict[int, dict] = {}
    for officer_role in (
        OfficerRole.objects.filter(partnership=partnership)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user__email", "role")
    ):
        entry = officers.setdefault(
            officer_role.user_id, {"user": officer_role.user, "roles": []}
        )
        entry["roles"].append(OfficerRole.Role(officer_role.role))
    return list(officers.values())


def officer_for_partnership(*, partnership: Partnership, user_id: int):
    """A user with at least one role in the partnership, or None."""
    role = (
        OfficerRole.objects.filter(partnership=partnership, user_id=user_id)
        .select_related("user")
        .first()
    )
    return role.user if role is not None else None


def _person(user) -> str:
    if user is None:
        return "The system"
    return user.get_full_name() or user.email or user.get_username()


def role_changes_for_partnership(
    *, partnership: Partnership, limit: int = 100
) -> list[dict]:
    """The audit trail (``AuditEvent``) of roles given, changed and taken away
    in the partnership, newest first: when, who made the change, what
    happened and to whom."""
    events = (
        AuditEvent.objects.filter(
            partnership_id=partnership.pk,
            action__in=[
                AuditEvent.Action.ROLE_GIVEN,
                AuditEvent.Action.ROLE_CHANGED,
                AuditEvent.Action.ROLE_REMOVED,
            ],
        )
        .select_related("actor")
        .order_by("-at", "-id")[:limit]
    )
    return [
        {
            "when": event.at,
            "by": _person(event.actor),
            "what": event.get_action_display(),
            "description": event.description,
        }
        for event in events
    ]
