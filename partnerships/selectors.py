"""Reads for partnerships: public lists and the partnership page."""

from django.db.models import Prefetch, QuerySet

from partnerships.models import Board, Membership, OfficerRole, Partnership


def partnership_list_public() -> QuerySet[Partnership]:
    """Published partnerships for the home page, with their area."""
    return Partnership.objects.public().select_related("area").order_by("name")


def partnership_detail_public() -> QuerySet[Partnership]:
    """Published partnerships with everything their page shows, prefetched.

    The view narrows this by slug; the number of queries does not depend on how
    many members, boards or objectives a partnership has.
    """
    return (
        Partnership.objects.public()
        .select_related("area")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("organisation").order_by(
                    "order", "organisation__name"
                ),
            ),
            "principles",
            Prefetch(
                "boards",
                queryset=Board.objects.prefetch_related("objectives").order_by(
                    "order", "name"
                ),
            ),
            "linked_boards",
            "contacts",
        )
    )


ROLE_HEADINGS = {
    Membership.Role.RESPONSIBLE_AUTHORITY: "Responsible authorities",
    Membership.Role.CO_OPERATING_BODY: "Co-operating bodies",
    Membership.Role.PARTICIPATING_BODY: "Participating bodies",
}


def membership_groups(*, partnership: Partnership) -> list[dict]:
    """Members grouped by role, in role order, from the prefetched memberships."""
    groups = []
    for role in Membership.Role:
        members = [m for m in partnership.memberships.all() if m.role == role]
        if members:
            groups.append(
                {"role": role, "heading": ROLE_HEADINGS[role], "members": members}
            )
    return groups


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
    """The audit trail of roles given and taken away, newest first: when, who
    made the change, whose role, which role and what happened."""
    records = (
        OfficerRole.history.filter(partnership_id=partnership.pk)
        .select_related("history_user", "user")
        .order_by("-history_date", "-history_id")[:limit]
    )
    what = {"+": "Given", "-": "Taken away", "~": "Changed"}
    return [
        {
            "when": record.history_date,
            "by": _person(record.history_user),
            "officer": _person(record.user),
            "role": OfficerRole.Role(record.role).label,
            "what": what[record.history_type],
            "reason": record.history_change_reason or "",
        }
        for record in records
    ]
