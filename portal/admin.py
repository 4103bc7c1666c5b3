from django.contrib import admin

from portal.models import OutboxMessage, SearchEntry


@admin.register(SearchEntry)
class SearchEntryAdmin(admin.ModelAdmin):
    """Read-only view of the search index; it is rebuilt from the content."""

    list_display = ["title", "kind", "partnership", "indexed_at"]
    list_filter = ["kind", "partnership"]
    search_fields = ["title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Tasks kept while the broker was away; the flush marks them sent."""

    list_display = ["task_name", "args", "created_at", "sent_at", "attempts"]
    list_filter = [("sent_at", admin.EmptyFieldListFilter), "task_name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
