"""Staff pages that compose several apps: the officer dashboard, a
partnership's page, a plan's page (its sections and its priorities), a
ward's page (its contacts and the actions placed in it), the audit trail, and
a partnership's officers with their roles (site administrators)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from partnerships.models import OfficerRole, Partnership, WardContact
from partnerships.selectors import (
    officer_for_partnership,
    officer_list_for_partnership,
    partnership_list_for_officer,
    role_changes_for_partnership,
    wards_for_officer,
)
from partnerships.services import officer_roles_revoke, officer_roles_set
from partnerships.staff_views import WardObjectMixin, ward_crumbs
from plans.deadlines.selectors import deadline_groups_for_user
from plans.selectors import plan_list_for_staff, plan_working_copy
from plans.staff_views import PlanObjectMixin, _crumbs
from portal.core.models import AuditEvent
from portal.core.staff import StaffMixin
from portal.core.staff_forms import add_service_errors
from portal.core.staff_views import ConfirmView, StaffPageView
from portal.site.accounts.forms import OfficerRolesForm
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


# --- Officers and their roles (site administrators) ------------------------------


def _officer_crumbs(partnership, *extra):
    return [
        ("Your partnerships", reverse("manage:dashboard")),
        (partnership.name, reverse("manage:partnership", args=[partnership.slug])),
        ("Officers", reverse("manage:officer_list", args=[partnership.slug])),
        *extra,
    ]


class OfficerListView(StaffPageView):
    """A partnership's officers, their roles and last sign-in, and the audit
    trail of roles given and taken away."""

    template_name = "account/officer_list.html"
    permission = "partnerships.manage_roles"
    view_permission = None  # not found for everyone else, like the invite page

    def get_object(self):
        return get_object_or_404(Partnership, slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        partnership = self.object
        return super().get_context_data(
            partnership=partnership,
            officers=officer_list_for_partnership(partnership=partnership),
            changes=role_changes_for_partnership(partnership=partnership),
            breadcrumbs=[*_officer_crumbs(partnership)[:-1], ("Officers", None)],
            **kwargs,
        )


class OfficerObjectMixin:
    """The partnership is the object checked; the officer must have a role in it."""

    view_permission = None  # not found for everyone but site administrators

    def get_object(self):
        partnership = get_object_or_404(Partnership, slug=self.kwargs["slug"])
        self.officer = None
        if self.request.user.has_perm("partnerships.manage_roles", partnership):
            self.officer = officer_for_partnership(
                partnership=partnership, user_id=self.kwargs["user_id"]
            )
            if self.officer is None:
                raise Http404
        return partnership

    def officer_name(self) -> str:
        return self.officer.get_full_name() or self.officer.email


class OfficerRolesView(OfficerObjectMixin, StaffPageView):
    template_name = "manage/form.html"
    permission = "partnerships.manage_roles"

    def render_form(self, form):
        partnership = self.object
        return self.render_to_response(
            self.get_context_data(
                form=form,
                title=f"Change the roles of {self.officer_name()}",
                caption=partnership.name,
                breadcrumbs=_officer_crumbs(partnership, ("Change roles", None)),
            )
        )

    def get(self, request, *args, **kwargs):
        roles = OfficerRole.objects.filter(
            user=self.officer, partnership=self.object
        ).values_list("role", flat=True)
        return self.render_form(OfficerRolesForm(initial={"roles": list(roles)}))

    def post(self, request, *args, **kwargs):
        form = OfficerRolesForm(request.POST)
        if not form.is_valid():
            return self.render_form(form)
        try:
            officer_roles_set(
                user=self.officer,
                partnership=self.object,
                roles=form.cleaned_data["roles"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render_form(form)
        messages.success(request, f"The roles of {self.officer_name()} are saved.")
        return redirect("manage:officer_list", slug=self.object.slug)


class OfficerRevokeView(OfficerObjectMixin, ConfirmView):
    permission = "partnerships.manage_roles"

    def perform(self):
        officer_roles_revoke(
            user=self.officer, partnership=self.object, actor=self.request.user
        )

    def page(self):
        name = self.officer_name()
        return {
            "title": f"Revoke the access of {name}",
            "caption": self.object.name,
            "question": f"Are you sure you want to revoke {name}'s access to "
            f"{self.object.name}?",
            "explanation": (
                "Every role they have in this partnership is taken away: they can "
                "no longer see or change its staff pages, own its deadlines or use "
                "its calendar address. If they have no role in another partnership, "
                "they are signed out everywhere and cannot use any staff page. "
                "The change is recorded with your name."
            ),
            "button": "Revoke access",
            "warning": True,
            "cancel_url": reverse("manage:officer_list", args=[self.object.slug]),
            "breadcrumbs": _officer_crumbs(self.object, ("Revoke access", None)),
        }

    def success_url(self):
        return reverse("manage:officer_list", args=[self.object.slug])

    def success_message(self):
        return f"{self.officer_name()} no longer has a role in {self.object.name}."
