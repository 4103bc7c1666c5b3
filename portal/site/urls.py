"""The site's own public pages, and the public pages that compose apps.

Each list is included by ``portal.urls`` under the namespace it has always had.
"""

from django.urls import path

from plans.deadlines import views as deadline_views
from portal.site import area_views, views
from priorities import views as priority_views

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
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
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

# Namespace "priorities": a priority's page shows the consultations that
# informed it, so it is composed here.
priority_patterns = [
    path("<slug:slug>/", views.PriorityPageView.as_view(), name="detail"),
    path(
        "<slug:slug>/history/",
        priority_views.PriorityHistoryView.as_view(),
        name="history",
    ),
]

# Namespace "plans".
plan_patterns = [
    path("<slug:slug>/", views.PlanDetailView.as_view(), name="detail"),
    path("<slug:slug>/document/", views.plan_document, name="document"),
]

# Namespace "areas": residents' area pages.
area_patterns = [
    path("find/", area_views.AreaFindView.as_view(), name="find"),
    path("<slug:slug>/", area_views.BoroughMapView.as_view(), name="borough"),
    path(
        "<slug:borough_slug>/<slug:slug>/",
        area_views.WardView.as_view(),
        name="ward",
    ),
]
