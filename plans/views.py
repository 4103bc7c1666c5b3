from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from plans.selectors import plan_detail_public, plan_last_published
from priorities.selectors import priority_list_for_plan


class PlanDetailView(TemplateView):
    template_name = "plans/plan_detail.html"

    def get_context_data(self, **kwargs):
        plan = get_object_or_404(
            plan_detail_public(partnership_slug=kwargs["partnership_slug"]),
            slug=kwargs["slug"],
        )
        priorities = priority_list_for_plan(plan=plan)
        partnership = plan.partnership
        return super().get_context_data(
            plan=plan,
            partnership=partnership,
            sections=list(plan.sections.all()),
            # An alignment with an unpublished plan stays hidden until it is public.
            alignments=[
                a
                for a in plan.alignments.all()
                if a.aligned_plan is None or a.aligned_plan.is_public
            ],
            priorities=priorities,
            breadcrumbs=[
                ("Home", "/"),
                (partnership.name, partnership.get_absolute_url()),
                (plan.title, None),
            ],
            last_updated=plan_last_published(plan=plan),
            **kwargs,
        )
