"""Site-wide response rules."""

from django.utils.cache import add_never_cache_headers

STAFF_PREFIXES = ("/manage/", "/account/", "/admin/")


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
