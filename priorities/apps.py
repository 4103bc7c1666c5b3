from django.apps import AppConfig


class PrioritiesConfig(AppConfig):
    name = "priorities"
    verbose_name = "Priorities, objectives and indicators"

    def ready(self):
        from django.conf import settings

        from portal.core.cache import cache_pages, watch_models
        from portal.core.middleware import allow_uploads
        from portal.core.status_tags import status_tags
        from priorities.models import Action, CrimeImport, Indicator

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
        # The Met's ward-level counts likewise, by the MetWardImport save.
        watch_models(
            self, exclude=("crimerecord", "monthlycrimecount", "metwardcrimecount")
        )
        status_tags(
            "priorities.action",
            {
                Action.Status.NOT_STARTED: "grey",
                Action.Status.ON_TRACK: "blue",
                Action.Status.AT_RISK: "red",
                Action.Status.DONE: "green",
            },
            otherwise=Action.Status.NOT_STARTED,
        )
        # An indicator's result; "" until it has been measured.
        status_tags(
            "priorities.indicator_result",
            {
                Indicator.Result.ACHIEVED: ("Achieved", "green"),
                Indicator.Result.MISSED: ("Missed", "red"),
                Indicator.Result.ON_TRACK: ("On track", "blue"),
                Indicator.Result.OFF_TRACK: ("Off track", "orange"),
                Indicator.Result.NOT_MEASURABLE: ("Not yet measurable", "grey"),
                "": ("No result recorded", "grey"),
            },
            otherwise="",
        )
        status_tags(
            "priorities.crime_import",
            {
                CrimeImport.Status.QUEUED: "grey",
                CrimeImport.Status.RUNNING: "blue",
                CrimeImport.Status.DONE: "green",
                CrimeImport.Status.FAILED: "red",
            },
            otherwise=CrimeImport.Status.QUEUED,
        )
