"""Who may do what, per partnership (django-rules).

Every check is made on the object: the partnership an object belongs to is
worked out from the object itself, and the user's roles for that partnership
decide. Site administrators (superusers) may do everything. Other apps declare
their own permissions in their rules.py using the predicates here.
"""

import rules

from partnerships.models import Area, OfficerRole, Partnership

Role = OfficerRole.Role


def partnership_id_of(obj) -> int | None:
    """The id of the partnership an object belongs to, from the object itself."""
    if obj is None:
        return None
    if isinstance(obj, Partnership):
        return obj.pk
    for path in (
        "partnership_id",
        "plan.partnership_id",
        "priority.plan.partnership_id",
    ):
        value = obj
        try:
            for attribute in path.split("."):
                value = getattr(value, attribute)
        except AttributeError:
            continue
        return value
    return None


def roles_by_partnership(user) -> dict[int, set[str]]:
    """The user's roles per partnership id, read once per user object."""
    if not user.is_authenticated or not user.is_active:
        return {}
    cached = getattr(user, "_portal_roles", None)
    if cached is None:
        cached = {}
        for partnership_id, role in OfficerRole.objects.filter(user=user).values_list(
            "partnership_id", "role"
        ):
            cached.setdefault(partnership_id, set()).add(role)
        user._portal_roles = cached
    return cached


def _has_role(user, obj, wanted: set[str] | None) -> bool:
    roles = roles_by_partnership(user).get(partnership_id_of(obj), set())
    return bool(roles) if wanted is None else bool(roles & wanted)


@rules.predicate
def is_site_admin(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_superuser


@rules.predicate
def is_officer_of(user, obj) -> bool:
    """Any role in the object's partnership."""
    return _has_role(user, obj, None)


@rules.predicate
def is_content_editor_of(user, obj) -> bool:
    """May change drafts of plans and priorities: officers and editors."""
    return _has_role(user, obj, {Role.OFFICER, Role.EDITOR})


@rules.predicate
def is_editor_of(user, obj) -> bool:
    """May publish, unpublish and reorder."""
    return _has_role(user, obj, {Role.EDITOR})


@rules.predicate
def is_consultation_manager_of(user, obj) -> bool:
    return _has_role(user, obj, {Role.CONSULTATION_MANAGER})


@rules.predicate
def is_any_officer(user) -> bool:
    return bool(roles_by_partnership(user))


def partnership_ids_of_area(area: Area) -> set[int]:
    """The partnerships covering an area: its own, or its borough's (read once)."""
    cached = getattr(area, "_partnership_ids", None)
    if cached is None:
        borough_id = area.pk if area.parent_id is None else area.parent_id
        cached = set(
            Partnership.objects.filter(area_id=borough_id).values_list("pk", flat=True)
        )
        area._partnership_ids = cached
    return cached


def _has_role_in_area(user, area, wanted: set[str] | None) -> bool:
    if not isinstance(area, Area):
        return False
    roles = roles_by_partnership(user)
    for partnership_id in partnership_ids_of_area(area):
        held = roles.get(partnership_id, set())
        if held and (wanted is None or held & wanted):
            return True
    return False


@rules.predicate
def is_officer_of_area(user, area) -> bool:
    """Any role in a partnership whose borough is the area or holds it."""
    return _has_role_in_area(user, area, None)


@rules.predicate
def is_content_editor_of_area(user, area) -> bool:
    """Officers and editors of a partnership whose borough holds the area."""
    return _has_role_in_area(user, area, {Role.OFFICER, Role.EDITOR})


rules.add_perm("partnerships.use_dashboard", is_site_admin | is_any_officer)
rules.add_perm("partnerships.view_staff", is_site_admin | is_officer_of)
rules.add_perm("partnerships.invite_officer", is_site_admin)
rules.add_perm("partnerships.view_ward", is_site_admin | is_officer_of_area)
rules.add_perm(
    "partnerships.change_ward_contacts", is_site_admin | is_content_editor_of_area
)
# See each partnership's officers and their last sign-in; change or revoke
# their roles.
rules.add_perm("partnerships.manage_roles", is_site_admin)
