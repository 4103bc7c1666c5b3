"""Residents' consultation pages, under /consultations/ (namespace "engagement").

The subscription addresses come before the consultation ones: otherwise
/consultations/subscribe/<slug>/ would read as a consultation called <slug>.
"""

from django.urls import path

from engagement import views

app_name = "engagement"

urlpatterns = [
    path("", views.ConsultationListView.as_view(), name="list"),
    path(
        "subscribe/confirm/<slug:token>/",
        views.SubscriptionConfirmView.as_view(),
        name="subscribe_confirm",
    ),
    path(
        "subscribe/<slug:partnership_slug>/",
        views.SubscriptionCreateView.as_view(),
        name="subscribe",
    ),
    path(
        "subscribe/<slug:partnership_slug>/check-your-email/",
        views.SubscriptionSentView.as_view(),
        name="subscribe_sent",
    ),
    path(
        "unsubscribe/<slug:token>/",
        views.SubscriptionCancelView.as_view(),
        name="unsubscribe",
    ),
    path(
        "<slug:partnership_slug>/<slug:slug>/",
        views.ConsultationDetailView.as_view(),
        name="detail",
    ),
    path(
        "<slug:partnership_slug>/<slug:slug>/done/<slug:reference>/",
        views.ResponseConfirmationView.as_view(),
        name="done",
    ),
    path(
        "<slug:partnership_slug>/<slug:slug>/results/",
        views.ConsultationResultsView.as_view(),
        name="results",
    ),
]
