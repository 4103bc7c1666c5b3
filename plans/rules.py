"""Object permissions for plans and their sections (django-rules)."""

import rules

from partnerships.rules import (
    is_content_editor_of,
    is_editor_of,
    is_officer_of,
    is_site_admin,
)

rules.add_perm("plans.change_plan", is_site_admin | is_content_editor_of)
rules.add_perm("plans.publish_plan", is_site_admin | is_editor_of)
rules.add_perm("plans.add_plansection", is_site_admin | is_content_editor_of)
rules.add_perm("plans.change_plansection", is_site_admin | is_content_editor_of)

# Statutory deadlines: anyone with a role in the partnership sees them and may
# subscribe to them as a calendar; officers and editors mark them done.
rules.add_perm("plans.view_deadline", is_site_admin | is_officer_of)
rules.add_perm("plans.complete_deadline", is_site_admin | is_content_editor_of)
rules.add_perm("plans.subscribe_calendar", is_site_admin | is_officer_of)
