from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "Plans and statutory documents"

    def ready(self):
        from partnerships.signals import officer_left_partnership
        from plans.deadlines.receivers import on_officer_left_partnership
        from plans.models import Deadline, Plan
        from portal.core.cache import watch_models
        from portal.core.documents import upload_max_bytes
        from portal.core.middleware import allow_uploads
        from portal.core.status_tags import status_tags

        # A plan's document (PDF, ODT or DOCX, portal/core/documents.py) is
        # attached in the admin.
        allow_uploads(
            "admin:plans_plan_add",
            "admin:plans_plan_change",
            max_bytes=upload_max_bytes(),
        )

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
        officer_left_partnership.connect(
            on_officer_left_partnership, dispatch_uid="plans.officer_left"
        )
