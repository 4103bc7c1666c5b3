from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "Plans and statutory documents"

    def ready(self):
        from portal.core.cache import watch_models

        watch_models(self, exclude=("reminder", "calendartoken"))
