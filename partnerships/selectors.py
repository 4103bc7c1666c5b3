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
