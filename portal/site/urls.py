"""The site's own public pages, and the public pages that compose apps.

Each list is included by ``portal.urls`` under the namespace it has always had.
"""

from django.urls import path

from plans.deadlines import views as deadline_views
from portal.site import views

site_patterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path(
        "accessibility-statement/",
        views.AccessibilityStatementView.as_view(),
        name="accessibility",
    ),
    path("privacy-notice/", views.PrivacyNoticeView.as_view(), name="privacy"),
    path("useful-contacts/", views.UsefulContactsView.as_view(), name="contacts"),
    path("healthz", views.healthz, name="healthz"),
    # A secret, revocable address that calendar apps fetch without signing in.
    path(
        "calendar/<slug:token>.ics",
        deadline_views.calendar_feed,
        name="calendar_feed",
    ),
]

# Namespace "partnerships".
partnership_patterns = [
    path("<slug:slug>/", views.PartnershipDetailView.as_view(), name="detail"),
]

# Namespace "plans".
plan_patterns = [
    path("<slug:slug>/", views.PlanDetailView.as_view(), name="detail"),
    path("<slug:slug>/document/", views.plan_document, name="document"),
]
