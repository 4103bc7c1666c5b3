from django.contrib import admin

from plans.services import plan_search_index_refresh
from priorities.models import Evidence, Indicator, MetWardImport, Objective, Priority


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0


class ObjectiveInline(admin.TabularInline):
    model = Objective
    extra = 0


class IndicatorInline(admin.StackedInline):
    model = Indicator
    extra = 0


@admin.register(Priority)
class PriorityAdmin(admin.ModelAdmin):
    list_display = ["title", "plan", "order", "delivery_group"]
    list_filter = ["plan__partnership"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["locations"]
    inlines = [EvidenceInline, ObjectiveInline, IndicatorInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        plan_search_index_refresh(plan_ids=[form.instance.plan_id])

    def delete_model(self, request, obj):
        plan_id = obj.plan_id
        super().delete_model(request, obj)
        plan_search_index_refresh(plan_ids=[plan_id])

    def delete_queryset(self, request, queryset):
        plan_ids = sorted(set(queryset.values_list("plan_id", flat=True)))
        super().delete_queryset(request, queryset)
        plan_search_index_refresh(plan_ids=plan_ids)


@admin.register(MetWardImport)
class MetWardImportAdmin(admin.ModelAdmin):
    """Reports of the Met ward-level imports (``import_met_ward_crime``)."""

    list_display = [
        "file_name",
        "status",
        "first_month",
        "last_month",
        "values_new",
        "values_changed",
        "values_removed",
        "created_at",
    ]
    list_filter = ["status"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
