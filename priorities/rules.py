"""Object permissions for priorities and actions (django-rules)."""

import rules

from partnerships.rules import (
    is_content_editor_of,
    is_editor_of,
    is_site_admin,
    roles_by_partnership,
)

rules.add_perm("priorities.add_priority", is_site_admin | is_content_editor_of)
rules.add_perm("priorities.change_priority", is_site_admin | is_content_editor_of)
rules.add_perm("priorities.publish_priority", is_site_admin | is_editor_of)
rules.add_perm("priorities.reorder_priorities", is_site_admin | is_editor_of)
rules.add_perm("priorities.add_action", is_site_admin | is_content_editor_of)
rules.add_perm("priorities.change_action", is_site_admin | is_content_editor_of)
rules.add_perm("priorities.add_indicator", is_site_admin | is_content_editor_of)
rules.add_perm("priorities.change_indicator", is_site_admin | is_content_editor_of)


@rules.predicate
def is_editor_anywhere(user) -> bool:
    """Crime data covers every hosted area, so any partnership's editor may import."""
    return "editor" in {
        r for roles in roles_by_partnership(user).values() for r in roles
    }


rules.add_perm("priorities.import_crime_data", is_site_admin | is_editor_anywhere)
