import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils import timezone

from plans import services
from plans.deadlines import services as deadline_services
from plans.deadlines.selectors import users_not_officers_of
from plans.models import (
    Deadline,
    Plan,
    PlanAlignment,
    PlanSection,
    Reminder,
    StatutoryDuty,
)


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


class OwnersMustBeOfficersForm(forms.ModelForm):
    """Refuses owners without a role in the partnership (as the services do)."""

    owners_field = "owners"

    def partnership_for_owners(self):
        return self.cleaned_data.get("partnership")

    def clean(self):
        cleaned = super().clean()
        partnership = self.partnership_for_owners()
        owners = cleaned.get(self.owners_field)
        if partnership is not None and owners:
            outsiders = users_not_officers_of(partnership=partnership, users=owners)
            if outsiders:
                names = ", ".join(user.get_username() for user in outsiders)
                self.add_error(
                    self.owners_field,
                    f"Owners must be officers of {partnership}: {names} "
                    f"{'is' if len(outsiders) == 1 else 'are'} not.",
                )
        return cleaned


class StatutoryDutyForm(OwnersMustBeOfficersForm):
    owners_field = "default_owners"

    class Meta:
        model = StatutoryDuty
        fields = [
            "partnership",
            "kind",
            "cadence",
            "due_month",
            "due_day",
            "start_quarter",
            "interval_months",
            "case_decision_months",
            "case_completion_months",
            "reminder_offsets",
            "overdue_every_days",
            "default_owners",
        ]


class DeadlineForm(OwnersMustBeOfficersForm):
    evidence_url = forms.URLField(
        label="Evidence URL", required=False, max_length=500, assume_scheme="https"
    )

    class Meta:
        model = Deadline
        fields = [
            "partnership",
            "duty",
            "due_date",
            "period_label",
            "case_reference",
            "case_stage",
            "owners",
            "completed_on",
            "completed_by",
            "evidence_url",
            "evidence_plan",
        ]

    def clean(self):
        cleaned = super().clean()
        duty, partnership = cleaned.get("duty"), cleaned.get("partnership")
        if (
            duty is not None
            and partnership is not None
            and duty.partnership_id != partnership.pk
        ):
            self.add_error(
                "duty", f"Choose a duty of {partnership}: this one is of another."
            )
        return cleaned


class DeadlineInline(admin.TabularInline):
    """A duty's deadlines; owners and evidence are changed on each deadline."""

    model = Deadline
    extra = 0
    fields = [
        "due_date",
        "period_label",
        "case_reference",
        "case_stage",
        "completed_on",
    ]
    show_change_link = True
    ordering = ["-due_date"]


@admin.register(StatutoryDuty)
class StatutoryDutyAdmin(admin.ModelAdmin):
    form = StatutoryDutyForm
    list_display = ["kind", "partnership", "cadence"]
    list_filter = ["kind", "cadence", "partnership"]
    list_select_related = ["partnership"]
    filter_horizontal = ["default_owners"]
    inlines = [DeadlineInline]

    def save_formset(self, request, form, formset, change):
        # Deadlines added here belong to the duty's partnership, and new ones
        # go to its default owners (saved just before the inlines).
        duty = form.instance
        for deadline in formset.save(commit=False):
            is_new = deadline.pk is None
            deadline.partnership_id = duty.partnership_id
            deadline.save()
            if is_new:
                deadline.owners.set(duty.default_owners.all())
        for deleted in formset.deleted_objects:
            deleted.delete()
        formset.save_m2m()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        duty = form.instance
        try:
            deadline_services.deadline_open_next(duty=duty)
        except ValidationError:
            # A duty "on a date the partnership sets" starts from its first date.
            self.message_user(
                request,
                "Add the first deadline of this duty below: it falls due on a date "
                "the partnership sets.",
                messages.WARNING,
            )


class DeadlineStatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Deadline.Status.choices

    def queryset(self, request, queryset):
        today = timezone.localdate()
        due_by = today + datetime.timedelta(days=Deadline.DUE_WINDOW_DAYS)
        open_ = queryset.filter(completed_on__isnull=True)
        match self.value():
            case Deadline.Status.DONE:
                return queryset.filter(completed_on__isnull=False)
            case Deadline.Status.OVERDUE:
                return open_.filter(due_date__lt=today)
            case Deadline.Status.DUE:
                return open_.filter(due_date__gte=today, due_date__lte=due_by)
            case Deadline.Status.UPCOMING:
                return open_.filter(due_date__gt=due_by)
        return queryset


@admin.register(Deadline)
class DeadlineAdmin(admin.ModelAdmin):
    form = DeadlineForm
    list_display = ["__str__", "partnership", "due_date", "status", "completed_on"]
    list_filter = [DeadlineStatusFilter, "duty__kind", "partnership"]
    list_select_related = ["duty", "partnership"]
    search_fields = ["period_label", "case_reference"]
    date_hierarchy = "due_date"
    filter_horizontal = ["owners"]
    autocomplete_fields = ["evidence_plan"]
    readonly_fields = ["created_at"]

    @admin.display(description="Status")
    def status(self, deadline):
        return Deadline.Status(deadline.status_on(timezone.localdate())).label


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """What the daily job sent; failed ones show their last error."""

    list_display = [
        "deadline",
        "user",
        "key",
        "status",
        "attempts",
        "sent_at",
        "created_at",
    ]
    list_filter = ["status", "deadline__partnership"]
    list_select_related = ["deadline__duty", "deadline__partnership", "user"]
    search_fields = ["user__email", "deadline__case_reference", "last_error"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
