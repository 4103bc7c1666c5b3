"""The site admin for priorities, their evidence and indicators.

A priority's content (title, summary, description, delivery group, places,
objectives) is drafted and published on the staff pages, and its order changed
there; in this admin those are read-only, so nothing skips drafts, versions
and the change history. Priorities can be added here (through the same service
as the staff page) and published or unpublished with the admin's actions
(through the publish services). Evidence and indicators are not drafted: they
are changed here, at once.
"""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from plans.services import plan_search_index_refresh
from portal.core.admin_writes import (
    ServiceSavedAdmin,
    publish_actions,
    staff_page_note,
)
from priorities import services
from priorities.crime.selectors import crime_series_loaded
from priorities.models import Evidence, Indicator, MetWardImport, Objective, Priority

# What the admin's add form gives priority_create.
CREATE_FIELDS = [
    "title",
    "slug",
    "summary",
    "description",
    "delivery_group",
    "locations",
]


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0


class ObjectiveInline(admin.TabularInline):
    """Read-only: objectives are part of the priority's draft."""

    model = Objective
    extra = 0
    fields = ["order", "text"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class IndicatorAdminForm(forms.ModelForm):
    """Free text, but checked like the staff page: a crime type, Met category or
    month that is changed must be one loaded for the partnership's area (or
    anywhere, for a priority not saved yet)."""

    class Meta:
        model = Indicator
        # Every field, as the inline had before; the admin lists them.
        fields = "__all__"  # noqa: DJ007

    def clean(self):
        cleaned = super().clean()
        names = (
            "crime_type",
            "met_major_category",
            "met_minor_category",
            "baseline_month",
            "measured_month",
        )
        if not set(names) & set(self.changed_data):
            return cleaned
        priority = self.instance.priority if self.instance.priority_id else None
        area = priority.plan.partnership.area if priority is not None else None
        loaded = crime_series_loaded(area=area)
        met = dict(loaded["met"])
        major, minor = (
            cleaned.get("met_major_category"),
            cleaned.get("met_minor_category"),
        )
        crime_type = cleaned.get("crime_type")
        if (
            crime_type
            and "crime_type" in self.changed_data
            and crime_type not in loaded["police_uk"]
        ):
            self.add_error("crime_type", "Choose a crime type that has been loaded")
        if major and {"met_major_category", "met_minor_category"} & set(
            self.changed_data
        ):
            if major not in met:
                self.add_error(
                    "met_major_category", "Choose a crime type that has been loaded"
                )
            elif minor and minor not in met[major]:
                self.add_error(
                    "met_minor_category", "Choose a crime type that has been loaded"
                )
        months = loaded["met_months"] if major else loaded["police_uk_months"]
        for name in ("baseline_month", "measured_month"):
            month = cleaned.get(name)
            if (
                (crime_type or major)
                and month is not None
                and name in self.changed_data
                and month not in months
            ):
                self.add_error(name, "Choose a month that has been loaded")
        return cleaned


class IndicatorInline(admin.StackedInline):
    model = Indicator
    form = IndicatorAdminForm
    extra = 0


class PriorityAddForm(forms.ModelForm):
    """Checks what the service checks, so that a refusal shows on the form."""

    class Meta:
        model = Priority
        fields = ["plan", *CREATE_FIELDS]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("plan") is not None:
            try:
                services.priority_check_belongs(plan=cleaned["plan"], data=cleaned)
            except forms.ValidationError as error:
                self.add_error(None, error)
        return cleaned


@admin.register(Priority)
class PriorityAdmin(ServiceSavedAdmin):
    list_display = ["title", "plan", "order", "delivery_group", "is_published"]
    list_filter = ["plan__partnership", "is_published"]
    search_fields = ["title"]
    autocomplete_fields = ["locations"]
    actions = publish_actions(
        noun="priorities",
        publish=lambda priority, actor: services.priority_publish(
            priority=priority, actor=actor
        ),
        unpublish=lambda priority, actor: services.priority_unpublish(
            priority=priority, actor=actor
        ),
    )
    # Drafted, ordered and published on the staff pages: read-only here.
    change_readonly_fields = [
        "plan",
        *CREATE_FIELDS,
        "order",
        "is_published",
        "version",
        "publishing",
    ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = PriorityAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        return ["plan", *CREATE_FIELDS] if obj is None else self.change_readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.change_readonly_fields

    def get_prepopulated_fields(self, request, obj=None):
        return {"slug": ["title"]} if obj is None else {}

    def get_inlines(self, request, obj):
        # Objectives are written as part of a draft, on the staff page.
        inlines = [EvidenceInline, IndicatorInline]
        return (
            inlines
            if obj is None
            else [EvidenceInline, ObjectiveInline, IndicatorInline]
        )

    @admin.display(description="Publishing")
    def publishing(self, priority):
        state = "Published" if priority.is_published else "Not published"
        pending = " It has unpublished changes." if priority.draft is not None else ""
        return format_html(
            "{}.{} {}",
            state,
            pending,
            staff_page_note(
                reverse("manage:priority", args=[priority.pk]),
                "Edit, move, publish or unpublish the priority",
            ),
        )

    def create(self, request, form):
        return services.priority_create(
            plan=form.cleaned_data["plan"],
            actor=request.user,
            data={name: form.cleaned_data[name] for name in CREATE_FIELDS},
        )

    def update(self, request, obj, form):
        # Nothing of the priority itself is changed here, only its inlines.
        return obj

    def save_related(self, request, form, formsets, change):
        # The service has set the places; the admin saves the inlines.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)
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
