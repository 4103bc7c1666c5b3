"""Root URLs: every app's pages under the addresses and names they have always had."""

from django.contrib import admin
from django.urls import include, path

from contact import staff_urls as contact_staff
from engagement import staff_urls as engagement_staff
from meetings import staff_urls as meeting_staff
from opendata import urls as opendata_urls
from opendata.alerts import urls as alert_urls
from partnerships import staff_urls as partnership_staff
from plans import staff_urls as plan_staff
from plans.deadlines import staff_urls as deadline_staff
from portal.site import staff_urls as site_staff
from portal.site import urls as site_urls
from priorities import staff_urls as priority_staff
from priorities.crime import staff_urls as crime_staff

# Officers' pages, all under /manage/ in one namespace; each app owns its list.
manage_patterns = [
    *site_staff.urlpatterns,
    *partnership_staff.urlpatterns,
    *deadline_staff.urlpatterns,
    *plan_staff.urlpatterns,
    *priority_staff.urlpatterns,
    *engagement_staff.urlpatterns,
    *crime_staff.urlpatterns,
    *meeting_staff.urlpatterns,
    *contact_staff.urlpatterns,
]

urlpatterns = [
    path("", include((site_urls.site_patterns, "portal"))),
    path("admin/", admin.site.urls),
    path("account/", include("portal.site.accounts.urls")),
    path("manage/", include((manage_patterns, "manage"))),
    path("partnerships/", include((site_urls.partnership_patterns, "partnerships"))),
    path("areas/", include((site_urls.area_patterns, "areas"))),
    # Open data: the API, its reference, Atom feeds and email alerts.
    path("api/v1/", include("opendata.api.urls")),
    path("open-data/", include("opendata.urls")),
    path("feeds/", include((opendata_urls.feed_patterns, "feeds"))),
    path("alerts/", include("opendata.alerts.urls")),
    # Old consultation-email links, before engagement's own addresses.
    path("consultations/", include((alert_urls.legacy_patterns, "alerts_legacy"))),
    path("consultations/", include("engagement.urls")),
    path(
        "partnerships/<slug:partnership_slug>/plans/",
        include((site_urls.plan_patterns, "plans")),
    ),
    path(
        "partnerships/<slug:partnership_slug>/meetings/",
        include("meetings.urls"),
    ),
    path(
        "partnerships/<slug:partnership_slug>/contact/",
        include("contact.urls"),
    ),
    path(
        "partnerships/<slug:partnership_slug>/crime/",
        include("priorities.crime.urls"),
    ),
    path(
        "partnerships/<slug:partnership_slug>/plans/<slug:plan_slug>/priorities/",
        include((site_urls.priority_patterns, "priorities")),
    ),
]

handler400 = "portal.site.views.bad_request"
handler404 = "portal.site.views.page_not_found"
handler500 = "portal.site.views.server_error"
