from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "engagement"
    verbose_name = "Consultations and engagement"

    def ready(self):
        from engagement import events
        from portal.core.cache import cache_pages, watch_models

        events.connect()

        cache_pages("engagement:list", "engagement:results")
        # Results are public only once published, and published results take
        # no more responses: writes of these never change a stored page.
        watch_models(
            self,
            exclude=(
                "response",
                "answer",
                "equalityanswer",
                "subscription",
                "subscribernotice",
            ),
        )
