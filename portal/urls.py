from django.contrib import admin
from django.urls import include, path

from plans import deadline_views
from portal import views

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

urlpatterns = [
    path("", include((site_patterns, "portal"))),
    path("admin/", admin.site.urls),
    path("account/", include("portal.account_urls")),
    path("manage/", include("portal.manage_urls")),
    path("partnerships/", include("partnerships.urls")),
    path("consultations/", include("engagement.urls")),
    path("partnerships/<slug:partnership_slug>/plans/", include("plans.urls")),
    path(
        "partnerships/<slug:partnership_slug>/crime/",
        include("priorities.crime_urls"),
    ),
    path(
        "partnerships/<slug:partnership_slug>/plans/<slug:plan_slug>/priorities/",
        include("priorities.urls"),
    ),
]

handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
