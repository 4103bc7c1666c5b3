"""Residents subscribe to hear when a partnership opens a consultation:
double opt-in, and a one-click unsubscribe."""

from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import TemplateView

from engagement import protection
from engagement.forms import SubscribeForm
from engagement.models import Subscription
from engagement.services import (
    subscription_cancel,
    subscription_confirm,
    subscription_request,
)
from engagement.views.consultations import _home
from partnerships.selectors import partnership_list_public


class PartnershipPageMixin:
    def get_partnership(self):
        return get_object_or_404(
            partnership_list_public(), slug=self.kwargs["partnership_slug"]
        )

    def partnership_breadcrumbs(self, partnership, title):
        return [
            _home(),
            (partnership.name, partnership.get_absolute_url()),
            (title, None),
        ]


class SubscriptionCreateView(PartnershipPageMixin, TemplateView):
    """Ask for emails about a partnership's consultations (double opt-in)."""

    template_name = "engagement/subscription_form.html"

    def get(self, request, *args, **kwargs):
        return self.render_page(self.get_partnership(), SubscribeForm())

    def post(self, request, *args, **kwargs):
        if protection.rate_limited(request, scope="subscribe"):
            return protection.too_many_requests(request)
        partnership = self.get_partnership()
        form = SubscribeForm(request.POST)
        if form.is_valid():
            subscription_request(
                partnership=partnership, email=form.cleaned_data["email"]
            )
            return redirect(
                "engagement:subscribe_sent", partnership_slug=partnership.slug
            )
        return self.render_page(partnership, form)

    def render_page(self, partnership, form):
        return self.render_to_response(
            self.get_context_data(
                partnership=partnership,
                form=form,
                error_links=form.error_links(),
                breadcrumbs=self.partnership_breadcrumbs(
                    partnership, "Get emails about consultations"
                ),
            )
        )


class SubscriptionSentView(PartnershipPageMixin, TemplateView):
    """Check your email: the same page whether or not the address was new."""

    template_name = "engagement/subscription_sent.html"

    def get_context_data(self, **kwargs):
        partnership = self.get_partnership()
        return super().get_context_data(
            partnership=partnership,
            breadcrumbs=self.partnership_breadcrumbs(partnership, "Check your email"),
            **kwargs,
        )


class SubscriptionConfirmView(TemplateView):
    """The link in the confirmation email: confirming twice does no harm."""

    template_name = "engagement/subscription_confirmed.html"

    def get(self, request, *args, **kwargs):
        subscription = subscription_confirm(token=kwargs["token"])
        if subscription is None:
            return render(
                request,
                "engagement/subscription_link_invalid.html",
                {"breadcrumbs": [_home(), ("Link not recognised", None)]},
                status=404,
            )
        partnership = subscription.partnership
        return self.render_to_response(
            self.get_context_data(
                partnership=partnership,
                breadcrumbs=[
                    _home(),
                    (partnership.name, partnership.get_absolute_url()),
                    ("Subscription confirmed", None),
                ],
            )
        )


# The secret token in the address is the only credential: a one-click
# unsubscribe (RFC 8058) is a POST from the mail program, with no CSRF token.
@method_decorator(csrf_exempt, name="dispatch")
class SubscriptionCancelView(TemplateView):
    """GET asks "unsubscribe?"; POST (a button or a mail program) deletes."""

    template_name = "engagement/subscription_cancel.html"

    def get_context_data(self, **kwargs):
        subscription = (
            Subscription.objects.select_related("partnership")
            .filter(token=kwargs["token"])
            .first()
        )
        return super().get_context_data(
            subscription=subscription,
            breadcrumbs=[_home(), ("Unsubscribe", None)],
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        subscription_cancel(token=kwargs["token"])
        return render(
            request,
            "engagement/subscription_cancelled.html",
            {"breadcrumbs": [_home(), ("Unsubscribed", None)]},
        )
