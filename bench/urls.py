"""The portal's URLs plus a bare Django view, the benchmark's yardstick."""

from django.http import HttpResponse
from django.urls import include, path

from portal.urls import handler404, handler500  # noqa: F401 - the same error pages


def bare(request):
    """The least a Django view can do through the same middleware and server."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/bare/", bare),
    path("", include("portal.urls")),
]
