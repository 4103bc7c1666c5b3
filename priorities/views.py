from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from priorities.selectors import priority_detail_public, priority_siblings


class PriorityDetailView(TemplateView):
    template_name = "priorities/priority_detail.html"

    def get_context_data(self, **kwargs):
        priority = get_object_or_404(
            priority_detail_public(
                partnership_slug=kwargs["partnership_slug"],
                plan_slug=kwargs["plan_slug"],
            ),
            slug=kwargs["slug"],
        )
        plan = priority.plan
        partnership = plan.partnership
        return super().get_context_data(
            priority=priority,
            plan=plan,
            partnership=partnership,
            evidence=list(priority.evidence.all()),
            objectives=list(priority.objectives.all()),
            indicators=list(priority.indicators.all()),
            actions=list(priority.actions.all()),
            locations=list(priority.locations.all()),
            breadcrumbs=[
                ("Home", "/"),
                (partnership.name, partnership.get_absolute_url()),
                (plan.title, plan.get_absolute_url()),
                (priority.title, None),
            ],
            last_updated=priority.updated_at,
            **priority_siblings(priority=priority),
            **kwargs,
        )
