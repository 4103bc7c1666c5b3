from django.apps import AppConfig


class OpendataConfig(AppConfig):
    """Open data: the read-only API, Atom feeds, CSV downloads and email alerts.

    It sits above every domain app (it reads them all) and below the site; no
    app imports it. Apps tell it what they published through
    ``portal.core.events``.
    """

    name = "opendata"
    verbose_name = "Open data and alerts"

    def ready(self):
        from opendata.alerts import receivers  # noqa: F401  (connects the receiver)
        from portal.core.cache import cache_pages

        # Pages and feeds that look the same to every anonymous visitor. The
        # API has its own cache (opendata.api.middleware); alert rows are never
        # public, so their writes do not empty either cache.
        cache_pages(
            "opendata:developers",
            "opendata:api_reference",
            "feeds:publications",
            "feeds:consultations",
            "feeds:meetings",
        )
