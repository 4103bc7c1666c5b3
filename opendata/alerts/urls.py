"""Residents' email alerts, under /alerts/ (namespace "alerts").

The secret-link addresses come first, so that no partnership slug can shadow them.
"""

from django.urls import path
from django.views.generic import RedirectView

from opendata.alerts import views

app_name = "alerts"

urlpatterns = [
    path("confirm/<slug:token>/", views.ConfirmView.as_view(), name="confirm"),
    path("manage/<slug:token>/", views.ManageView.as_view(), name="manage"),
    path(
        "unsubscribe/<slug:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"
    ),
    path("<slug:partnership_slug>/", views.SubscribeView.as_view(), name="subscribe"),
    path(
        "<slug:partnership_slug>/check-your-email/",
        views.SubscribeSentView.as_view(),
        name="sent",
    ),
]

# Consultation emails sent before these alerts existed link to the old
# addresses under /consultations/ (joined there by portal.urls, namespace
# "alerts_legacy"): they lead to the same subscriptions, whose tokens moved
# here unchanged.
legacy_patterns = [
    path(
        "subscribe/confirm/<slug:token>/",
        RedirectView.as_view(pattern_name="alerts:confirm", permanent=True),
        name="confirm",
    ),
    path(
        "subscribe/<slug:partnership_slug>/",
        views.LegacySubscribeRedirect.as_view(),
        name="subscribe",
    ),
    # Not a redirect: a mail program's one-click POST must land where it was sent.
    path(
        "unsubscribe/<slug:token>/",
        views.UnsubscribeView.as_view(),
        name="unsubscribe",
    ),
]
