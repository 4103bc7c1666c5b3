from django.contrib import admin

from meetings.models import Attendance, Meeting, MeetingDocument


class MeetingDocumentInline(admin.TabularInline):
    model = MeetingDocument
    extra = 0
    fields = ["kind", "title", "file", "content_type", "size", "uploaded_at"]
    readonly_fields = ["file", "content_type", "size", "uploaded_at"]

    def has_add_permission(self, request, obj=None):
        # Documents are checked and stored by the staff pages' upload.
        return False


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    """Officers keep meetings in the staff pages, where the change history is."""

    list_display = ["title", "partnership", "kind", "starts_at", "status"]
    list_filter = ["kind", "status", "partnership"]
    search_fields = ["title"]
    readonly_fields = ["deadline", "published_at", "minutes_published_at"]
    inlines = [MeetingDocumentInline, AttendanceInline]
