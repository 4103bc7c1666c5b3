from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = "Partnerships"

    def ready(self):
        from portal.core.cache import watch_models

        watch_models(self, exclude=("officerrole", "lsoalookup"))
        from partnerships import audit  # noqa: F401  (records role changes)
