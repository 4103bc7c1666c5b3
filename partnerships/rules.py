"""Who may do what, per partnership (django-rules).

Every check is made on the object: the partnership an object belongs to is
worked out from the object itself, and the user's roles for that partnership
decide. Site administrators (superusers) may do everything. Other apps declare
their own permissions in their rules.py using the predicates here.
"""

import rules

from partnerships.models import OfficerRole, Partnership

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


rules.add_perm("partnerships.use_dashboard", is_site_admin | is_any_officer)
rules.add_perm("partnerships.view_staff", is_site_admin | is_officer_of)
rules.add_perm("partnerships.invite_officer", is_site_admin)
# See each partnership's officers and their last sign-in; change or revoke
# their roles.
rules.add_perm("partnerships.manage_roles", is_site_admin)
