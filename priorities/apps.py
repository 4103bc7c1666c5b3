from django.apps import AppConfig


class PrioritiesConfig(AppConfig):
    name = "priorities"
    verbose_name = "Priorities, objectives and indicators"

    def ready(self):
        from django.conf import settings

        from portal.core.cache import cache_pages, watch_models
        from portal.core.middleware import allow_uploads

        # The form around the file adds a few kilobytes.
        allow_uploads(
            "manage:crime_imports",
            max_bytes=(settings.CRIME_UPLOAD_MAX_MB + 1) * 1024 * 1024,
        )

        cache_pages(
            "priorities:detail",
            "priorities:history",
            "crime:statistics",
            "crime:csv_by_month",
            "crime:csv_year_on_year",
            "crime:csv_by_ward",
        )
        # Crime rows and counts are written in bulk by each import, whose final
        # CrimeImport save empties the cache.
        watch_models(self, exclude=("crimerecord", "monthlycrimecount"))
