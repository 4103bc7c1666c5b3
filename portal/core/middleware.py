"""Site-wide request and response rules."""

import logging

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from portal.core.security import client_ip, log_event

STAFF_PREFIXES = ("/manage/", "/account/", "/admin/")
# The officers' pages; the account pages (sign in, passwords) stay open.
GUARDED_PREFIXES = ("/manage/", "/account/invite/")


class NoStoreForStaffMiddleware:
    """Staff pages, and every page a signed-in user gets, are never stored.

    Browsers and proxies must not keep copies of drafts or account pages, even
    when the answer is an error page or a redirect.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in or request.path.startswith(STAFF_PREFIXES):
            add_never_cache_headers(response)
        return response


class StaffAccessMiddleware:
    """Staff pages only for people who may use them, checked on every request.

    A signed-in user without ``PORTAL_STAFF_PERMISSION`` (in this portal: any
    role in a partnership, or site administrator) who asks for a staff page
    is signed out there and then and shown a page saying they have no access.
    So an officer whose last role is revoked loses access on their very next
    request, whatever became of their other sessions.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and request.path.startswith(GUARDED_PREFIXES)
            and not user.has_perm(settings.PORTAL_STAFF_PERMISSION)
        ):
            log_event(
                "staff_access_refused",
                user_id=user.pk,
                ip_address=client_ip(request),
                level=logging.WARNING,
                path=request.path,
            )
            logout(request)
            response = render(request, "no_access.html", status=403)
            add_never_cache_headers(response)
            return response
        return self.get_response(request)
