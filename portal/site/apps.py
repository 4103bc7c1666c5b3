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

        cache_pages(
            "portal:home",
            "portal:accessibility",
            "portal:privacy",
            "portal:contacts",
            "partnerships:detail",
            "plans:detail",
            "areas:borough",
            "areas:ward",
        )
