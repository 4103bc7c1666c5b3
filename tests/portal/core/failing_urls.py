"""A URL configuration with one view that fails, for the error-tracking test."""

from django.urls import path
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt  # called straight through WSGI by the test, without a form
def fail(request, rest):
    raise ValueError(f"could not handle the answer from {request.POST.get('email')}")


urlpatterns = [path("fail/<path:rest>", fail)]
