"""Writes for partnerships: their structure and publishing, and their officers.

The functions live in ``structure``, ``officers`` and ``wards``; import them from here.
"""

from partnerships.services.officers import (
    EMAIL_MAX_LENGTH,
    URLBuilder,
    account_create,
    email_normalise,
    officer_invitation_send,
    officer_invite,
    officer_role_grant,
    officer_roles_revoke,
    officer_roles_set,
    password_link_lifetime,
    user_sessions_end,
)
from partnerships.services.structure import (
    PARTNERSHIP_FIELDS,
    area_create,
    board_create,
    contact_add,
    linked_board_add,
    membership_add,
    organisation_create,
    organisation_end,
    partnership_create,
    partnership_publish,
    partnership_unpublish,
    partnership_update,
    principle_add,
    search_reindex_for_areas,
    search_reindex_for_organisation,
)
from partnerships.services.wards import (
    WARD_CONTACT_FIELDS,
    place_wards_set,
    ward_contact_save,
)

__all__ = [
    "EMAIL_MAX_LENGTH",
    "PARTNERSHIP_FIELDS",
    "WARD_CONTACT_FIELDS",
    "URLBuilder",
    "account_create",
    "area_create",
    "board_create",
    "contact_add",
    "email_normalise",
    "linked_board_add",
    "membership_add",
    "officer_invitation_send",
    "officer_invite",
    "officer_role_grant",
    "officer_roles_revoke",
    "officer_roles_set",
    "organisation_create",
    "organisation_end",
    "partnership_create",
    "partnership_publish",
    "partnership_unpublish",
    "partnership_update",
    "password_link_lifetime",
    "place_wards_set",
    "principle_add",
    "search_reindex_for_areas",
    "search_reindex_for_organisation",
    "user_sessions_end",
    "ward_contact_save",
]
