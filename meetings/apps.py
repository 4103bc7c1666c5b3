from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    """Public meetings of a partnership: the annual public meeting (regulation
    12), board and Safer Neighbourhood Board meetings and ward panels, with their
    papers, minutes and attendance."""

    name = "meetings"
    verbose_name = "Meetings"

    def ready(self):
        from portal.core.cache import cache_pages, watch_models

        cache_pages("meetings:list", "meetings:detail", "meetings:feed", "meetings:ics")
        watch_models(self)
