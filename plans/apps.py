from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "Plans and statutory documents"

    def ready(self):
        from plans.models import Deadline, Plan
        from portal.core.cache import watch_models
        from portal.core.status_tags import status_tags

        watch_models(self, exclude=("reminder", "calendartoken"))
        status_tags(
            "plans.plan",
            {
                Plan.Status.DRAFT: "yellow",
                Plan.Status.PUBLISHED: "green",
                Plan.Status.SUPERSEDED: "grey",
            },
            otherwise=Plan.Status.DRAFT,
        )
        status_tags(
            "plans.deadline",
            {
                Deadline.Status.UPCOMING: "blue",
                Deadline.Status.DUE: "orange",
                Deadline.Status.OVERDUE: "red",
                Deadline.Status.DONE: "green",
            },
            otherwise=Deadline.Status.UPCOMING,
        )
