"""Object permissions for contact messages (django-rules).

Anyone with a role in a partnership reads and answers its messages; nobody
else sees them, and an officer of another partnership gets 404.
"""

import rules

from partnerships.rules import is_officer_of, is_site_admin

rules.add_perm("contact.view_message", is_site_admin | is_officer_of)
rules.add_perm("contact.answer_message", is_site_admin | is_officer_of)
