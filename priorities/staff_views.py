"""Officers' pages for priorities and actions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import View

from plans.models import Plan
from portal.core.staff import StaffMixin
from portal.core.staff_views import ConfirmView, DraftFormView, StaffPageView
from priorities import services
from priorities.forms import ActionForm, EvidenceForm, IndicatorForm, PriorityForm
from priorities.models import Action, Indicator, Priority
from priorities.selectors import (
    action_working_copy,
    evidence_working_list,
    indicator_list_for_staff,
    indicator_working_copy,
    priority_history,
    priority_working_copy,
)


def _crumbs(plan: Plan, *extra):
    return [
        ("Your partnerships", reverse("manage:dashboard")),
        (
            plan.partnership.name,
            reverse("manage:partnership", args=[plan.partnership.slug]),
        ),
        (plan.title, reverse("manage:plan", args=[plan.pk])),
        *extra,
    ]


class PriorityObjectMixin:
    def get_object(self):
        return get_object_or_404(
            Priority.objects.select_related(
                "plan__partnership__area", "draft_saved_by"
            ),
            pk=self.kwargs["pk"],
        )


class PriorityManageView(PriorityObjectMixin, StaffPageView):
    """The priority as officers are working on it, with its actions."""

    template_name = "priorities/manage/priority.html"
    permission = "partnerships.view_staff"

    def get_context_data(self, **kwargs):
        priority = self.object
        user = self.request.user
        working = priority_working_copy(priority=priority)
        return super().get_context_data(
            priority=priority,
            working=working,
            objectives=[line for line in working["objectives"].splitlines() if line],
            actions=list(
                priority.actions.select_related("lead_organisation").order_by(
                    "order", "id"
                )
            ),
            evidence=evidence_working_list(priority=priority),
            indicators=indicator_list_for_staff(priority=priority),
            can_edit=user.has_perm("priorities.change_priority", priority),
            can_publish=user.has_perm("priorities.publish_priority", priority),
            breadcrumbs=_crumbs(priority.plan, (priority.title, None)),
            **kwargs,
        )


class PriorityEditView(PriorityObjectMixin, DraftFormView):
    form_class = PriorityForm
    permission = "priorities.change_priority"
    noun = "priority"
    preview_field = "description"

    def form_context(self):
        return {"plan": self.object.plan}

    def initial(self):
        return self.initial_for(self.object)

    def initial_for(self, obj):
        values = priority_working_copy(priority=obj)
        values["objectives"] = [
            line for line in values["objectives"].splitlines() if line
        ]
        return values

    def get(self, request, *args, **kwargs):
        initial = self.initial()
        initial["objectives"] = "\n".join(initial["objectives"])
        form = self.form_class(initial=initial, context=self.form_context())
        return self.render_form(form)

    def save(self, form):
        return services.priority_save_draft(
            priority=self.object,
            actor=self.request.user,
            data=form.draft_values(),
            version=form.cleaned_data["version"],
        )

    def success_url(self, saved):
        return reverse("manage:priority", args=[saved.pk])

    def page(self):
        return {
            "title": f"Edit {self.object.title}",
            "caption": self.object.plan.title,
            "breadcrumbs": _crumbs(
                self.object.plan,
                (self.object.title, reverse("manage:priority", args=[self.object.pk])),
                ("Edit", None),
            ),
        }


class PriorityCreateView(DraftFormView):
    form_class = PriorityForm
    permission = "priorities.add_priority"
    noun = "priority"
    preview_field = "description"

    def get_object(self):
        return get_object_or_404(
            Plan.objects.select_related("partnership__area"), pk=self.kwargs["pk"]
        )

    def form_context(self):
        return {"plan": self.object}

    def save(self, form):
        return services.priority_create(
            plan=self.object, actor=self.request.user, data=form.draft_values()
        )

    def success_url(self, saved):
        return reverse("manage:priority", args=[saved.pk])

    def success_message(self, saved):
        return (
            "The priority has been added. Residents will see it when it is published."
        )

    def page(self):
        return {
            "title": "Add a priority",
            "caption": self.object.title,
            "breadcrumbs": _crumbs(self.object, ("Add a priority", None)),
        }


class PriorityPublishView(PriorityObjectMixin, ConfirmView):
    permission = "priorities.publish_priority"

    def perform(self):
        services.priority_publish(priority=self.object, actor=self.request.user)

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("manage:priority", pk=self.object.pk)

    def page(self):
        priority = self.object
        return {
            "title": f"Publish {priority.title}",
            "caption": priority.plan.title,
            "question": "Are you sure you want to publish this priority?",
            "explanation": (
                "Residents will see the draft, its objectives, places in focus, "
                "what informed it and any new or changed actions and indicators "
                "straight away."
            ),
            "button": "Publish",
            "cancel_url": reverse("manage:priority", args=[priority.pk]),
            "breadcrumbs": _crumbs(priority.plan, (priority.title, None)),
        }

    def success_url(self):
        return reverse("manage:priority", args=[self.object.pk])

    def success_message(self):
        return "The priority has been published. Residents can see it now."


class PriorityUnpublishView(PriorityObjectMixin, ConfirmView):
    permission = "priorities.publish_priority"

    def perform(self):
        services.priority_unpublish(priority=self.object, actor=self.request.user)

    def page(self):
        priority = self.object
        return {
            "title": f"Unpublish {priority.title}",
            "caption": priority.plan.title,
            "question": "Are you sure you want to unpublish this priority?",
            "explanation": "Residents will no longer see it. Nothing is deleted.",
            "button": "Unpublish",
            "warning": True,
            "cancel_url": reverse("manage:priority", args=[priority.pk]),
            "breadcrumbs": _crumbs(priority.plan, (priority.title, None)),
        }

    def success_url(self):
        return reverse("manage:priority", args=[self.object.pk])

    def success_message(self):
        return "The priority has been unpublished."


class PriorityMoveView(PriorityObjectMixin, StaffMixin, View):
    """POST only: move a priority up or down in its plan."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        priority = self.get_object()
        self.require(
            "priorities.reorder_priorities",
            priority,
            view_permission="partnerships.view_staff",
        )
        try:
            services.priority_move(
                priority=priority,
                actor=request.user,
                direction=request.POST.get("direction"),
            )
        except ValidationError:
            messages.error(request, "Choose whether to move the priority up or down.")
        else:
            messages.success(request, f"{priority.title} has been moved.")
        return redirect(reverse("manage:plan", args=[priority.plan_id]) + "#priorities")


class PriorityHistoryView(PriorityObjectMixin, StaffPageView):
    template_name = "manage/history.html"
    permission = "partnerships.view_staff"

    def get_context_data(self, **kwargs):
        priority = self.object
        return super().get_context_data(
            title=f"History of {priority.title}",
            caption=priority.plan.title,
            entries=priority_history(priority=priority, include_drafts=True),
            breadcrumbs=_crumbs(
                priority.plan,
                (priority.title, reverse("manage:priority", args=[priority.pk])),
                ("History", None),
            ),
            **kwargs,
        )


class ActionObjectMixin:
    def get_object(self):
        return get_object_or_404(
            Action.objects.select_related("priority__plan__partnership"),
            pk=self.kwargs["pk"],
        )


class ActionEditView(ActionObjectMixin, DraftFormView):
    form_class = ActionForm
    permission = "priorities.change_action"
    noun = "action"

    def form_context(self):
        return {"plan": self.object.priority.plan}

    def initial(self):
        return self.initial_for(self.object)

    def initial_for(self, obj):
        return action_working_copy(action=obj)

    def save(self, form):
        return services.action_save_draft(
            action=self.object,
            actor=self.request.user,
            data=form.draft_values(),
            version=form.cleaned_data["version"],
        )

    def success_url(self, saved):
        return reverse("manage:priority", args=[saved.priority_id]) + "#actions"

    def page(self):
        priority = self.object.priority
        return {
            "title": "Change an action",
            "caption": priority.title,
            "breadcrumbs": _crumbs(
                priority.plan,
                (priority.title, reverse("manage:priority", args=[priority.pk])),
                ("Change an action", None),
            ),
        }


class ActionCreateView(PriorityObjectMixin, DraftFormView):
    form_class = ActionForm
    permission = "priorities.add_action"
    noun = "action"

    def form_context(self):
        return {"plan": self.object.plan}

    def save(self, form):
        return services.action_create(
            priority=self.object, actor=self.request.user, data=form.draft_values()
        )

    def success_url(self, saved):
        return reverse("manage:priority", args=[saved.priority_id]) + "#actions"

    def success_message(self, saved):
        return (
            "The action has been added. Residents will see it when the priority "
            "is published."
        )

    def page(self):
        priority = self.object
        return {
            "title": "Add an action",
            "caption": priority.title,
            "breadcrumbs": _crumbs(
                priority.plan,
                (priority.title, reverse("manage:priority", args=[priority.pk])),
                ("Add an action", None),
            ),
        }


class PriorityEvidenceView(PriorityObjectMixin, DraftFormView):
    """What informed the priority, saved in its draft."""

    form_class = EvidenceForm
    permission = "priorities.change_priority"
    noun = "priority"

    def initial(self):
        return self.initial_for(self.object)

    def initial_for(self, obj):
        values = priority_working_copy(priority=obj)
        return {**EvidenceForm.initial_from(values["evidence"]), **values}

    def saved_values(self, current):
        return {"evidence": priority_working_copy(priority=current)["evidence"]}

    def save(self, form):
        return services.priority_evidence_save_draft(
            priority=self.object,
            actor=self.request.user,
            evidence=form.evidence(),
            version=form.cleaned_data["version"],
        )

    def success_url(self, saved):
        return reverse("manage:priority", args=[saved.pk]) + "#evidence"

    def page(self):
        priority = self.object
        return {
            "title": "What informed this priority",
            "caption": priority.title,
            "breadcrumbs": _crumbs(
                priority.plan,
                (priority.title, reverse("manage:priority", args=[priority.pk])),
                ("What informed it", None),
            ),
        }


class IndicatorCreateView(PriorityObjectMixin, DraftFormView):
    form_class = IndicatorForm
    permission = "priorities.add_indicator"
    noun = "indicator"

    def initial(self):
        return {"version": 1, "unit": "offences", "direction": "reduce"}

    def form_context(self):
        return {"area": self.object.plan.partnership.area}

    def save(self, form):
        return services.indicator_create(
            priority=self.object, actor=self.request.user, data=form.draft_values()
        )

    def success_url(self, saved):
        return reverse("manage:priority", args=[saved.priority_id]) + "#indicators"

    def success_message(self, saved):
        return (
            "The indicator has been added. Residents will see it when the priority "
            "is published."
        )

    def page(self):
        priority = self.object
        return {
            "title": "Add an indicator",
            "caption": priority.title,
            "breadcrumbs": _crumbs(
                priority.plan,
                (priority.title, reverse("manage:priority", args=[priority.pk])),
                ("Add an indicator", None),
            ),
        }


class IndicatorEditView(DraftFormView):
    form_class = IndicatorForm
    permission = "priorities.change_indicator"
    noun = "indicator"

    def get_object(self):
        return get_object_or_404(
            Indicator.objects.select_related("priority__plan__partnership__area"),
            pk=self.kwargs["pk"],
        )

    def form_context(self):
        return {
            "area": self.object.priority.plan.partnership.area,
            "current": indicator_working_copy(indicator=self.object),
        }

    def initial(self):
        return self.initial_for(self.object)

    def initial_for(self, obj):
        return indicator_working_copy(indicator=obj)

    def save(self, form):
        return services.indicator_save_draft(
            indicator=self.object,
            actor=self.request.user,
            data=form.draft_values(),
            version=form.cleaned_data["version"],
        )

    def success_url(self, saved):
        return reverse("manage:priority", args=[saved.priority_id]) + "#indicators"

    def page(self):
        priority = self.object.priority
        return {
            "title": f"Change the indicator {self.object.name}",
            "caption": priority.title,
            "breadcrumbs": _crumbs(
                priority.plan,
                (priority.title, reverse("manage:priority", args=[priority.pk])),
                ("Change an indicator", None),
            ),
        }
