from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = "Partnerships"

    def ready(self):
        from portal.core.cache import watch_models

        # Lookup rows change only with a load, whose areas (or release) change
        # too; postcodes are swapped in by SQL, never one by one.
        watch_models(
            self,
            exclude=(
                "officerrole",
                "lsoalookup",
                "lsoa",
                "lsoachange",
                "postcode",
            ),
        )
        from partnerships import audit  # noqa: F401  (records role changes)
