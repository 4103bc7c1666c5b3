"""What every staff (signed-in) page shares.

Staff pages are never stored by browsers or proxies (``Cache-Control:
no-store``), require a signed-in user, and check an object permission on the
server for the object they act on: a refused check answers 404 for objects of
other partnerships, so ids cannot be probed, and 403 when the officer may see
the object but not do this to it. Each refusal is logged (``permission_refused``
on ``portal.core.security``, with the account id, never the person's details).
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.cache import add_never_cache_headers

from portal.core.security import log_permission_refused


class NoStoreMixin:
    """Adds ``Cache-Control: no-store`` (and friends) to every response."""

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response


class StaffMixin(NoStoreMixin, LoginRequiredMixin):
    """A signed-in page that is never cached."""

    def require(self, permission: str, obj=None, *, view_permission: str | None = None):
        """Refuse unless the user has ``permission`` on ``obj``.

        ``view_permission`` tells apart "may not see this at all" (404) from
        "may see it but not do this" (403).
        """
        user = self.request.user
        if user.has_perm(permission, obj):
            return
        if view_permission and user.has_perm(view_permission, obj):
            log_permission_refused(
                self.request, permission=permission, obj=obj, status=403
            )
            raise PermissionDenied
        log_permission_refused(self.request, permission=permission, obj=obj, status=404)
        raise Http404
