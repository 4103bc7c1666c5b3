"""Staff pages that compose several apps: the officer dashboard, a
partnership's page, a plan's page (its sections and its priorities) and a
ward's page (its contacts and the actions placed in it)."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from partnerships.models import Partnership, WardContact
from partnerships.selectors import partnership_list_for_officer, wards_for_officer
from partnerships.staff_views import WardObjectMixin, ward_crumbs
from plans.deadlines.selectors import deadline_groups_for_user
from plans.selectors import plan_list_for_staff, plan_working_copy
from plans.staff_views import PlanObjectMixin, _crumbs
from portal.core.models import AuditEvent
from portal.core.staff import StaffMixin
from portal.core.staff_views import StaffPageView
from priorities.selectors import actions_in_ward_for_staff, priority_list_for_staff


class DashboardView(StaffMixin, TemplateView):
    """The partnerships a signed-in officer works for, with their roles, and
    their deadlines that are overdue or due soon."""

    template_name = "portal/manage/dashboard.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            memberships=partnership_list_for_officer(user=user),
            deadlines=deadline_groups_for_user(user=user, today=timezone.localdate()),
            breadcrumbs=[("Your partnerships", None)],
            **kwargs,
        )


class PartnershipManageView(StaffPageView):
    template_name = "portal/manage/partnership.html"
    permission = "partnerships.view_staff"

    def get_object(self):
        return get_object_or_404(Partnership, slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        partnership = self.object
        return super().get_context_data(
            partnership=partnership,
            plans=plan_list_for_staff(partnership=partnership),
            wards=wards_for_officer(partnership=partnership),
            breadcrumbs=[
                ("Your partnerships", reverse("manage:dashboard")),
                (partnership.name, None),
            ],
            **kwargs,
        )


class PlanManageView(PlanObjectMixin, StaffPageView):
    """A plan as officers work on it: details, sections and priorities."""

    template_name = "portal/manage/plan.html"
    permission = "partnerships.view_staff"

    def get_context_data(self, **kwargs):
        plan = self.object
        user = self.request.user
        return super().get_context_data(
            plan=plan,
            working=plan_working_copy(plan=plan),
            sections=list(plan.sections.order_by("order", "id")),
            priorities=priority_list_for_staff(plan=plan),
            can_edit=user.has_perm("plans.change_plan", plan),
            can_publish=user.has_perm("plans.publish_plan", plan),
            can_add_priority=user.has_perm("priorities.add_priority", plan),
            can_reorder=user.has_perm("priorities.reorder_priorities", plan),
            breadcrumbs=_crumbs(plan, (plan.title, None)),
            **kwargs,
        )


class WardManageView(WardObjectMixin, StaffPageView):
    """A ward as its partnership's officers keep it: contacts and actions."""

    template_name = "portal/manage/ward.html"
    permission = "partnerships.view_ward"

    def get_context_data(self, **kwargs):
        ward = self.object
        contacts = {c.kind: c for c in ward.contacts.all()}
        return super().get_context_data(
            ward=ward,
            contacts=[
                {"kind": kind, "contact": contacts.get(kind)}
                for kind in WardContact.Kind
            ],
            actions=actions_in_ward_for_staff(ward=ward),
            can_edit=self.request.user.has_perm(
                "partnerships.change_ward_contacts", ward
            ),
            breadcrumbs=ward_crumbs(ward, (f"{ward.name} ward", None)),
            **kwargs,
        )


class AuditTrailView(StaffMixin, TemplateView):
    """Who read or exported responses and who changed roles, newest first.

    For site administrators and staff given ``portal.view_auditevent``;
    everyone else gets "page not found".
    """

    template_name = "portal/manage/audit.html"
    paginate_by = 100

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.require("portal.view_auditevent")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        events = AuditEvent.objects.select_related("actor")
        page = Paginator(events, self.paginate_by).get_page(
            self.request.GET.get("page")
        )
        return super().get_context_data(
            page=page,
            events=page.object_list,
            breadcrumbs=[("Your partnerships", "/manage/"), ("Audit trail", None)],
            **kwargs,
        )
