from django.contrib import admin

from portal.site.models import SearchEntry


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
