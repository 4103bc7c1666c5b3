"""Object permissions for priorities and actions (django-rules)."""

import rules

from partnerships.rules import is_content_editor_of, is_editor_of, is_site_admin

rules.add_perm("priorities.add_priority", is_site_admin | is_content_editor_of)
rules.add_perm("priorities.change_priority", is_site_admin | is_content_editor_of)
rules.add_perm("priorities.publish_priority", is_site_admin | is_editor_of)
rules.add_perm("priorities.reorder_priorities", is_site_admin | is_editor_of)
rules.add_perm("priorities.add_action", is_site_admin | is_content_editor_of)
rules.add_perm("priorities.change_action", is_site_admin | is_content_editor_of)
