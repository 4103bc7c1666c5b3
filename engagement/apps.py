from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "engagement"
    verbose_name = "Consultations and engagement"

    def ready(self):
        from engagement import events
        from engagement.models import Consultation
        from portal.core.cache import cache_pages, watch_models
        from portal.core.status_tags import status_tags

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
        Status = Consultation.Status
        # Officers see every status.
        status_tags(
            "engagement.consultation",
            {
                Status.DRAFT: "grey",
                Status.SCHEDULED: "blue",
                Status.OPEN: "green",
                Status.CLOSED: "orange",
                Status.PUBLISHED: "purple",
            },
            otherwise=Status.PUBLISHED,
        )
        # Residents see open, closed and published consultations.
        status_tags(
            "engagement.consultation_public",
            {
                Status.OPEN: "green",
                Status.CLOSED: "grey",
                Status.PUBLISHED: "blue",
            },
            otherwise=Status.CLOSED,
        )
