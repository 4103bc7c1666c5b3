from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from priorities.models import Indicator
from priorities.selectors import (
    priority_detail_public,
    priority_history,
    priority_last_published,
    priority_parts_public,
    priority_siblings,
)


class PublicPriorityMixin:
    def get_priority(self):
        """The published priority named in the URL, or 404."""
        return get_object_or_404(
            priority_detail_public(
                partnership_slug=self.kwargs["partnership_slug"],
                plan_slug=self.kwargs["plan_slug"],
            ),
            slug=self.kwargs["slug"],
        )


class PriorityDetailView(PublicPriorityMixin, TemplateView):
    template_name = "priorities/priority_detail.html"

    def get_context_data(self, **kwargs):
        priority = self.get_priority()
        plan = priority.plan
        partnership = plan.partnership
        parts = priority_parts_public(priority=priority)
        return super().get_context_data(
            priority=priority,
            plan=plan,
            partnership=partnership,
            **parts,
            result_rule=Indicator.RESULT_RULE,
            has_examples=any(action.is_example for action in parts["actions"]),
            breadcrumbs=[
                ("Home", "/"),
                (partnership.name, partnership.get_absolute_url()),
                (plan.title, plan.get_absolute_url()),
                (priority.title, None),
            ],
            last_updated=priority_last_published(priority=priority),
            **priority_siblings(priority=priority),
            **kwargs,
        )


class PriorityHistoryView(PublicPriorityMixin, TemplateView):
    """What changed each time a priority was published, for anyone to read."""

    template_name = "priorities/priority_history.html"

    def get_context_data(self, **kwargs):
        priority = self.get_priority()
        plan = priority.plan
        partnership = plan.partnership
        entries = priority_history(priority=priority, include_drafts=False)
        return super().get_context_data(
            priority=priority,
            entries=entries,
            breadcrumbs=[
                ("Home", "/"),
                (partnership.name, partnership.get_absolute_url()),
                (plan.title, plan.get_absolute_url()),
                (priority.title, priority.get_absolute_url()),
                ("History", None),
            ],
            last_updated=priority_last_published(priority=priority),
            **kwargs,
        )
