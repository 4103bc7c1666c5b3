from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from engagement.selectors import consultation_list_open
from partnerships.selectors import membership_groups, partnership_detail_public
from plans.deadline_selectors import statutory_documents_for_partnership
from plans.selectors import (
    plan_current,
    plan_last_published,
    plan_list_public_for_partnership,
)
from portal.dates import latest
from priorities.selectors import priority_list_for_plan


class PartnershipDetailView(TemplateView):
    template_name = "partnerships/partnership_detail.html"

    def get_context_data(self, **kwargs):
        partnership = get_object_or_404(
            partnership_detail_public(), slug=kwargs["slug"]
        )
        plans = plan_list_public_for_partnership(partnership=partnership)
        current_plan = plan_current(plans=plans)
        priorities = priority_list_for_plan(plan=current_plan) if current_plan else []
        return super().get_context_data(
            partnership=partnership,
            member_groups=membership_groups(partnership=partnership),
            plans=plans,
            current_plan=current_plan,
            other_plans=[p for p in plans if p != current_plan],
            statutory_documents=statutory_documents_for_partnership(
                partnership=partnership, plans=plans
            ),
            priorities=priorities,
            open_consultations=consultation_list_open(partnership=partnership),
            delivery_groups=[
                b for b in partnership.boards.all() if b.kind == b.Kind.DELIVERY_GROUP
            ],
            other_boards=[
                b for b in partnership.boards.all() if b.kind != b.Kind.DELIVERY_GROUP
            ],
            breadcrumbs=[("Home", "/"), (partnership.name, None)],
            last_updated=latest(
                partnership.updated_at,
                plan_last_published(plan=current_plan) if current_plan else None,
            ),
            **kwargs,
        )
