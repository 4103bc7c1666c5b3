"""The site admin for plans, their sections and alignments, statutory duties,
deadlines and reminders.

Plans are created here and their kind, address and document changed here,
through the plan services. Their content (title, summary, period, sections)
is edited as drafts, and published, on the staff pages (or with this admin's
publish actions, which call the same services): those fields are read-only
here, so nothing skips drafts, versions and the change history. Likewise a
deadline is marked done (with its evidence) on its staff page, which opens the
duty's next cycle.
"""

import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

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
from portal.core.admin_writes import (
    ServiceSavedAdmin,
    publish_actions,
    staff_page_note,
)


class PlanSectionInline(admin.StackedInline):
    """A plan's sections, read-only: added, edited and published on its staff
    pages. (Deleting one here is still possible.)"""

    model = PlanSection
    extra = 0
    fields = ["title", "slug", "order", "is_published", "pending", "edit"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="Unpublished changes")
    def pending(self, section):
        if section.draft is not None:
            return "A draft, published with the plan"
        return "None" if section.is_published else "New, published with the plan"

    @admin.display(description="Edit")
    def edit(self, section):
        return staff_page_note(
            reverse("manage:section_edit", args=[section.pk]), "Edit the section"
        )


class PlanAlignmentInline(admin.StackedInline):
    model = PlanAlignment
    fk_name = "plan"
    extra = 0
    autocomplete_fields = ["aligned_plan"]


@admin.register(Plan)
class PlanAdmin(ServiceSavedAdmin):
    list_display = ["title", "partnership", "kind", "status", "published_on"]
    list_filter = ["status", "kind", "partnership"]
    search_fields = ["title"]
    actions = publish_actions(
        noun="documents",
        publish=lambda plan, actor: services.plan_publish(plan=plan, actor=actor),
        unpublish=lambda plan, actor: services.plan_unpublish(plan=plan, actor=actor),
    )
    # What the services write and the staff pages change: never a form field.
    workflow_fields = ["status", "published_on", "version", "publishing"]
    drafted_fields = ["title", "summary", "start_year", "end_year"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["partnership", *services.PLAN_CREATE_FIELDS]
        return [
            "partnership",
            *self.drafted_fields,
            *services.PLAN_DETAIL_FIELDS,
            *self.workflow_fields,
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["partnership", *self.drafted_fields, *self.workflow_fields]

    def get_prepopulated_fields(self, request, obj=None):
        return {"slug": ["title"]} if obj is None else {}

    def get_inlines(self, request, obj):
        # A new plan has no sections yet: they are added on its staff page.
        return (
            [PlanAlignmentInline]
            if obj is None
            else [PlanSectionInline, PlanAlignmentInline]
        )

    @admin.display(description="Publishing")
    def publishing(self, plan):
        pending = " It has unpublished changes." if plan.draft is not None else ""
        return format_html(
            "{}.{} {}",
            plan.get_status_display(),
            pending,
            staff_page_note(
                reverse("manage:plan", args=[plan.pk]),
                "Edit, publish or unpublish the plan",
            ),
        )

    def create(self, request, form):
        data = {name: form.cleaned_data[name] for name in services.PLAN_CREATE_FIELDS}
        if not data["document"]:
            del data["document"]
        return services.plan_create(
            partnership=form.cleaned_data["partnership"],
            actor=request.user,
            data=data,
        )

    def update(self, request, obj, form):
        return services.plan_update(
            plan=obj,
            actor=request.user,
            data=self.changed(form, services.PLAN_DETAIL_FIELDS),
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.plan_search_index_refresh(plan_ids=[form.instance.pk])


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
    """A deadline's dates and owners; it is marked done on its staff page."""

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
    """A duty's deadlines; owners are changed on each deadline, and a deadline
    is marked done on its staff page."""

    model = Deadline
    extra = 0
    fields = [
        "due_date",
        "period_label",
        "case_reference",
        "case_stage",
        "completed_on",
    ]
    readonly_fields = ["completed_on"]
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
    # Marking a deadline done (deadline_complete) records who did it and the
    # evidence, and opens the duty's next cycle: it happens on the staff page.
    readonly_fields = [
        "completion",
        "completed_on",
        "completed_by",
        "evidence_url",
        "evidence_plan",
        "created_at",
    ]

    @admin.display(description="Status")
    def status(self, deadline):
        return Deadline.Status(deadline.status_on(timezone.localdate())).label

    @admin.display(description="Done")
    def completion(self, deadline):
        if deadline.pk is None:
            return "A new deadline is open until it is marked as done."
        if deadline.completed_on is not None:
            return f"Marked as done on {deadline.completed_on:%-d %B %Y}."
        return format_html(
            "Open. {}",
            staff_page_note(
                reverse("manage:deadline_complete", args=[deadline.pk]),
                "Mark it as done, with a link to the evidence,",
                why="which records who did it and opens the duty's next cycle",
            ),
        )

    def save_related(self, request, form, formsets, change):
        # Owners, the only many-to-many field, through the service, which
        # checks that each is an officer of the partnership.
        deadline_services.deadline_set_owners(
            deadline=form.instance,
            owners=form.cleaned_data["owners"],
            actor=request.user,
        )
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


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
