"""Site-wide request and response rules."""

import logging

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.cache import add_never_cache_headers

from portal.core.security import client_ip, log_event

STAFF_PREFIXES = ("/manage/", "/account/", "/admin/")
# The officers' pages; the account pages (sign in, passwords) stay open.
GUARDED_PREFIXES = ("/manage/", "/account/invite/")


# Browser features no page of the portal uses, switched off for every page
# and anything that might be framed or injected into one.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "sync-xhr",
        "usb",
        "xr-spatial-tracking",
    )
)


class PermissionsPolicyMiddleware:
    """Adds ``Permissions-Policy`` to every response, cached pages included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


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


# URL names of the views that take file uploads, with the largest body each
# accepts from a signed-in user. Apps add theirs with ``allow_uploads``.
UPLOAD_VIEWS: dict[str, int] = {}


def allow_uploads(*view_names: str, max_bytes: int) -> None:
    """Let signed-in users send bodies up to ``max_bytes`` to these views."""
    for name in view_names:
        UPLOAD_VIEWS[name] = max_bytes


class RequestBodyLimitMiddleware:
    """Refuse large request bodies before anything reads them.

    Django parses a form body when a view or the CSRF check first reads
    ``request.POST``, and writes uploaded files over
    ``FILE_UPLOAD_MAX_MEMORY_SIZE`` to temporary files as it goes: an
    anonymous 300 MB post to the sign-in page was spooled to disk. This
    middleware compares the declared ``Content-Length`` with
    ``PORTAL_REQUEST_MAX_BYTES`` (a body without one is read as empty) and
    answers 413 in the site layout without reading a byte, except for a
    signed-in user at an upload view (``allow_uploads``), which has its own
    limit. Place it after the authentication middleware and before anything
    that reads the body (the CSRF check).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.PORTAL_REQUEST_MAX_BYTES:
            limit = self.upload_limit(request)
            if length > limit:
                response = render(
                    request,
                    "413.html",
                    {"limit_kb": limit // 1024},
                    status=413,
                )
                # The unread body must not be taken for the next request.
                response["Connection"] = "close"
                return response
        return self.get_response(request)

    @staticmethod
    def upload_limit(request) -> int:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return settings.PORTAL_REQUEST_MAX_BYTES
        limit = UPLOAD_VIEWS.get(match.view_name)
        user = getattr(request, "user", None)
        if limit is None or user is None or not user.is_authenticated:
            return settings.PORTAL_REQUEST_MAX_BYTES
        return limit


class StaffAccessMiddleware:
    """Staff pages only for people who may use them, checked on every request.

    A signed-in user with none of ``PORTAL_STAFF_PERMISSIONS`` (in this
    portal: any role in a partnership, site administrator, or the audit
    trail's reader) who asks for a staff page is signed out there and then and
    shown a page saying they have no access.
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
            and not any(
                user.has_perm(permission)
                for permission in settings.PORTAL_STAFF_PERMISSIONS
            )
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
