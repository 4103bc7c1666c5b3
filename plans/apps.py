from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "Plans and statutory documents"

    def ready(self):
        from partnerships.signals import officer_left_partnership
        from plans.deadlines.receivers import on_officer_left_partnership
        from portal.core.cache import watch_models

        watch_models(self, exclude=("reminder", "calendartoken"))
        officer_left_partnership.connect(
            on_officer_left_partnership, dispatch_uid="plans.officer_left"
        )
