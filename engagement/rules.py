"""Object permissions for consultations (django-rules).

Consultation managers (and site administrators) run consultations; any officer
of the partnership may key in paper and event responses and read results.
"""

import rules

from partnerships.rules import is_consultation_manager_of, is_officer_of, is_site_admin

rules.add_perm(
    "engagement.manage_consultation", is_site_admin | is_consultation_manager_of
)
rules.add_perm("engagement.view_results", is_site_admin | is_officer_of)
rules.add_perm("engagement.key_in_response", is_site_admin | is_officer_of)
