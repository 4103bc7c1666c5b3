from django.apps import AppConfig


class PrioritiesConfig(AppConfig):
    name = "priorities"
    verbose_name = "Priorities, objectives and indicators"

    def ready(self):
        from portal.core.cache import cache_pages, watch_models

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
        # The Met's ward-level counts likewise, by the MetWardImport save.
        watch_models(
            self, exclude=("crimerecord", "monthlycrimecount", "metwardcrimecount")
        )
