"""Object permissions for meetings (django-rules).

Every check is on the meeting (or, to add one, the partnership): any role in
the partnership sees its meetings in the staff pages; officers and editors
prepare them, add papers and record attendance; editors publish meetings and
their minutes.
"""

import rules

from partnerships.rules import (
    is_content_editor_of,
    is_editor_of,
    is_officer_of,
    is_site_admin,
)

rules.add_perm("meetings.view_meeting", is_site_admin | is_officer_of)
rules.add_perm("meetings.add_meeting", is_site_admin | is_content_editor_of)
rules.add_perm("meetings.change_meeting", is_site_admin | is_content_editor_of)
rules.add_perm("meetings.publish_meeting", is_site_admin | is_editor_of)
