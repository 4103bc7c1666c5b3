from django.contrib import admin, messages

from plans import services
from plans.models import Plan, PlanAlignment, PlanSection


class PlanSectionInline(admin.StackedInline):
    model = PlanSection
    extra = 0
    prepopulated_fields = {"slug": ["title"]}


class PlanAlignmentInline(admin.StackedInline):
    model = PlanAlignment
    fk_name = "plan"
    extra = 0
    autocomplete_fields = ["aligned_plan"]


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["title", "partnership", "kind", "status", "published_on"]
    list_filter = ["status", "kind", "partnership"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [PlanSectionInline, PlanAlignmentInline]
    actions = ["publish"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.plan_search_index_refresh(plan_ids=[form.instance.pk])

    @admin.action(description="Publish selected documents")
    def publish(self, request, queryset):
        for plan in queryset:
            services.plan_publish(plan=plan, actor=request.user)
        self.message_user(
            request, f"Published {queryset.count()} documents.", messages.SUCCESS
        )
