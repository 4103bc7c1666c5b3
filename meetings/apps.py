from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    """Public meetings of a partnership: the annual public meeting (regulation
    12), board and Safer Neighbourhood Board meetings and ward panels, with their
    papers, minutes and attendance."""

    name = "meetings"
    verbose_name = "Meetings"

    def ready(self):
        from portal.core.cache import cache_pages, watch_models
        from portal.core.documents import upload_max_bytes
        from portal.core.middleware import allow_uploads

        # Papers and minutes (PDF, ODT or DOCX, portal/core/documents.py).
        allow_uploads("manage:meeting_document_add", max_bytes=upload_max_bytes())

        cache_pages("meetings:list", "meetings:detail", "meetings:feed", "meetings:ics")
        watch_models(self)
