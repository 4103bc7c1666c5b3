from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The top floor: pages and jobs that compose the apps (home, search,
    accounts, the officer dashboard, the partnership and plan pages, the demo)."""

    name = "portal.site"
    label = "site"
    verbose_name = "Site"

    def ready(self):
        from portal.core.cache import cache_pages
        from portal.site import receivers  # noqa: F401  (connects signal handlers)

        # The home page and the others list across partnerships (or show
        # none); the plan page is its partnership's (``partnership_slug``).
        cache_pages(
            "portal:home",
            "portal:accessibility",
            "portal:privacy",
            "portal:contacts",
            "plans:detail",
        )
        cache_pages("partnerships:detail", partnership="slug")
        # A borough's map and its wards' pages show its partnership's content.
        cache_pages("areas:borough", area="slug")
        cache_pages("areas:ward", area="borough_slug")
