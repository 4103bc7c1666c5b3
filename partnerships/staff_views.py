"""Officers' dashboard and partnership pages."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from partnerships.models import Partnership
from partnerships.selectors import partnership_list_for_officer, plan_list_for_staff
from plans.deadline_selectors import deadline_groups_for_user
from portal.staff import StaffMixin
from portal.staff_views import StaffPageView


class DashboardView(StaffMixin, TemplateView):
    """The partnerships a signed-in officer works for, with their roles, and
    their deadlines that are overdue or due soon."""

    template_name = "manage/dashboard.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            memberships=partnership_list_for_officer(user=user),
            deadlines=deadline_groups_for_user(user=user, today=timezone.localdate()),
            breadcrumbs=[("Your partnerships", None)],
            **kwargs,
        )


class PartnershipManageView(StaffPageView):
    template_name = "manage/partnership.html"
    permission = "partnerships.view_staff"

    def get_object(self):
        return get_object_or_404(Partnership, slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        partnership = self.object
        return super().get_context_data(
            partnership=partnership,
            plans=plan_list_for_staff(partnership=partnership),
            breadcrumbs=[
                ("Your partnerships", reverse("manage:dashboard")),
                (partnership.name, None),
            ],
            **kwargs,
        )
