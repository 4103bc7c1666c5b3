"""Officers' pages for plans and their sections."""

from django.shortcuts import get_object_or_404
from django.urls import reverse

from plans import services
from plans.forms import PlanForm, SectionForm
from plans.models import Plan, PlanSection
from plans.selectors import plan_history, plan_working_copy, section_working_copy
from portal.core.staff_views import ConfirmView, DraftFormView, StaffPageView


def _crumbs(plan: Plan, *extra):
    return [
        ("Your partnerships", reverse("manage:dashboard")),
        (
            plan.partnership.name,
            reverse("manage:partnership", args=[plan.partnership.slug]),
        ),
        *extra,
    ]


class PlanObjectMixin:
    def get_object(self):
        return get_object_or_404(
            Plan.objects.select_related("partnership__area", "draft_saved_by"),
            pk=self.kwargs["pk"],
        )


class PlanEditView(PlanObjectMixin, DraftFormView):
    form_class = PlanForm
    permission = "plans.change_plan"
    noun = "plan"

    def initial(self):
        return self.initial_for(self.object)

    def initial_for(self, obj):
        return plan_working_copy(plan=obj)

    def save(self, form):
        return services.plan_save_draft(
            plan=self.object,
            actor=self.request.user,
            data=form.draft_values(),
            version=form.cleaned_data["version"],
        )

    def success_url(self, saved):
        return reverse("manage:plan", args=[saved.pk])

    def page(self):
        plan = self.object
        return {
            "title": f"Edit {plan.title}",
            "caption": plan.partnership.name,
            "breadcrumbs": _crumbs(
                plan,
                (plan.title, reverse("manage:plan", args=[plan.pk])),
                ("Edit", None),
            ),
        }


class PlanPublishView(PlanObjectMixin, ConfirmView):
    permission = "plans.publish_plan"

    def perform(self):
        services.plan_publish(plan=self.object, actor=self.request.user)

    def page(self):
        plan = self.object
        return {
            "title": f"Publish {plan.title}",
            "caption": plan.partnership.name,
            "question": "Are you sure you want to publish this plan?",
            "explanation": (
                "Residents will see the plan's details and every new or changed "
                "section straight away. An older published plan of the same kind "
                "will be marked as superseded."
            ),
            "button": "Publish",
            "cancel_url": reverse("manage:plan", args=[plan.pk]),
            "breadcrumbs": _crumbs(plan, (plan.title, None)),
        }

    def success_url(self):
        return reverse("manage:plan", args=[self.object.pk])

    def success_message(self):
        return "The plan has been published. Residents can see it now."


class PlanUnpublishView(PlanObjectMixin, ConfirmView):
    permission = "plans.publish_plan"

    def perform(self):
        services.plan_unpublish(plan=self.object, actor=self.request.user)

    def page(self):
        plan = self.object
        return {
            "title": f"Unpublish {plan.title}",
            "caption": plan.partnership.name,
            "question": "Are you sure you want to unpublish this plan?",
            "explanation": (
                "Residents will no longer see the plan or its priorities. "
                "Nothing is deleted."
            ),
            "button": "Unpublish",
            "warning": True,
            "cancel_url": reverse("manage:plan", args=[plan.pk]),
            "breadcrumbs": _crumbs(plan, (plan.title, None)),
        }

    def success_url(self):
        return reverse("manage:plan", args=[self.object.pk])

    def success_message(self):
        return "The plan has been unpublished."


class PlanHistoryView(PlanObjectMixin, StaffPageView):
    template_name = "manage/history.html"
    permission = "partnerships.view_staff"

    def get_context_data(self, **kwargs):
        plan = self.object
        return super().get_context_data(
            title=f"History of {plan.title}",
            caption=plan.partnership.name,
            entries=plan_history(plan=plan),
            breadcrumbs=_crumbs(
                plan,
                (plan.title, reverse("manage:plan", args=[plan.pk])),
                ("History", None),
            ),
            **kwargs,
        )


class SectionCreateView(PlanObjectMixin, DraftFormView):
    form_class = SectionForm
    permission = "plans.add_plansection"
    noun = "section"
    preview_field = "body"

    def save(self, form):
        return services.section_create(
            plan=self.object, actor=self.request.user, data=form.draft_values()
        )

    def success_url(self, saved):
        return reverse("manage:plan", args=[saved.plan_id]) + "#sections"

    def success_message(self, saved):
        return (
            "The section has been added. Residents will see it when the plan "
            "is published."
        )

    def page(self):
        plan = self.object
        return {
            "title": "Add a section",
            "caption": plan.title,
            "breadcrumbs": _crumbs(
                plan,
                (plan.title, reverse("manage:plan", args=[plan.pk])),
                ("Add a section", None),
            ),
        }


class SectionEditView(DraftFormView):
    form_class = SectionForm
    permission = "plans.change_plansection"
    noun = "section"
    preview_field = "body"

    def get_object(self):
        return get_object_or_404(
            PlanSection.objects.select_related("plan__partnership"),
            pk=self.kwargs["pk"],
        )

    def initial(self):
        return self.initial_for(self.object)

    def initial_for(self, obj):
        return section_working_copy(section=obj)

    def save(self, form):
        return services.section_save_draft(
            section=self.object,
            actor=self.request.user,
            data=form.draft_values(),
            version=form.cleaned_data["version"],
        )

    def success_url(self, saved):
        return reverse("manage:plan", args=[saved.plan_id]) + "#sections"

    def page(self):
        plan = self.object.plan
        return {
            "title": f"Edit the section {self.object.title}",
            "caption": plan.title,
            "breadcrumbs": _crumbs(
                plan,
                (plan.title, reverse("manage:plan", args=[plan.pk])),
                ("Edit a section", None),
            ),
        }
