from django.contrib import admin
from django.urls import reverse

from meetings import services
from meetings.models import Attendance, Meeting, MeetingDocument
from portal.core.admin_writes import publish_actions, staff_page_note


class MeetingDocumentInline(admin.TabularInline):
    model = MeetingDocument
    extra = 0
    fields = ["kind", "title", "file", "content_type", "size", "uploaded_at"]
    readonly_fields = ["file", "content_type", "size", "uploaded_at"]

    def has_add_permission(self, request, obj=None):
        # Documents are checked and stored by the staff pages' upload.
        return False


class AttendanceInline(admin.TabularInline):
    # Recorded on the staff pages, where regulation 12 is checked again.
    model = Attendance
    extra = 0
    fields = ["organisation", "representative", "is_senior"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    """Read-only here: officers keep meetings on the staff pages, where the
    change history, regulation 12 and the public-meeting deadline are; the
    admin's publish and unpublish actions go through the same services."""

    list_display = ["title", "partnership", "kind", "starts_at", "status"]
    list_filter = ["kind", "status", "partnership"]
    search_fields = ["title"]
    readonly_fields = ["staff_page"]
    inlines = [MeetingDocumentInline, AttendanceInline]
    actions = publish_actions(
        noun="meetings",
        publish=lambda meeting, actor: services.meeting_publish(
            meeting=meeting, actor=actor
        ),
        unpublish=lambda meeting, actor: services.meeting_unpublish(
            meeting=meeting, actor=actor
        ),
    )

    def has_add_permission(self, request):
        return False

    def get_readonly_fields(self, request, obj=None):
        names = [f.name for f in Meeting._meta.concrete_fields]
        return ["staff_page", *names]

    @admin.display(description="Where to change it")
    def staff_page(self, obj):
        return staff_page_note(
            reverse("manage:meeting", args=[obj.pk]),
            "Edit, publish, add papers and record attendance",
        )
