"""Pages for people who reuse the portal's data: how, and the API reference."""

import datetime

from django.conf import settings
from django.urls import reverse
from django.views.generic import TemplateView

from opendata import reference
from opendata.alerts.selectors import OFFERED_TOPICS
from partnerships.selectors import partnership_list_public

# Change these when the text of the pages changes.
DEVELOPERS_PAGE_UPDATED = datetime.date(2026, 12, 7)

CSV_LISTS = (
    ("Partnerships", "api:partnership-list"),
    ("Member organisations", "api:organisation-list"),
    ("Memberships", "api:membership-list"),
    ("Wards", "api:ward-list"),
    ("Plans and statutory documents", "api:plan-list"),
    ("Plan sections", "api:section-list"),
    ("Priorities", "api:priority-list"),
    ("Actions", "api:action-list"),
    ("Indicators, targets and results", "api:indicator-list"),
    ("Public statutory deadlines", "api:deadline-list"),
    ("Consultations", "api:consultation-list"),
    ("Meetings", "api:meeting-list"),
    ("Monthly crime counts (police.uk)", "api:crime-count-list"),
    (
        "Monthly crime counts by London ward (the Met's series)",
        "api:ward-crime-count-list",
    ),
)


def _home():
    return ("Home", reverse("portal:home"))


class DevelopersView(TemplateView):
    """Open data: the API, CSV downloads, Atom feeds and email alerts."""

    template_name = "opendata/developers.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            partnerships=list(partnership_list_public()),
            csv_lists=[(label, reverse(name)) for label, name in CSV_LISTS],
            topics=[t.label for t in OFFERED_TOPICS],
            rate_limit=settings.API_RATE_LIMIT,
            rate_window=settings.API_RATE_WINDOW_SECONDS,
            breadcrumbs=[_home(), ("Open data", None)],
            last_updated=DEVELOPERS_PAGE_UPDATED,
            **kwargs,
        )


class ApiReferenceView(TemplateView):
    """Every operation of the API, from its OpenAPI schema."""

    template_name = "opendata/api_reference.html"

    def get_context_data(self, **kwargs):
        schema = reference.api_schema()
        return super().get_context_data(
            resources=reference.operations(),
            version=schema["info"]["version"],
            breadcrumbs=[
                _home(),
                ("Open data", reverse("opendata:developers")),
                ("API reference", None),
            ],
            last_updated=DEVELOPERS_PAGE_UPDATED,
            **kwargs,
        )
