"""Residents' alert pages: subscribe, confirm, manage, unsubscribe.

No sign-in anywhere: the secret token in each emailed link is the only
credential, so these pages are never cached and the token never leaves in a
``Referer`` (the site's referrer policy sends only the origin). Unsubscribing
is one POST to the address in the ``List-Unsubscribe`` header (RFC 8058), with
no CSRF token, from a mail program or the button on the page.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import RedirectView, TemplateView

from engagement import protection
from opendata.alerts import selectors, services
from opendata.alerts.forms import ManageForm, SubscribeForm
from partnerships.selectors import partnership_list_public


def _home():
    return ("Home", reverse("portal:home"))


def _partnership_crumbs(partnership, title):
    return [_home(), (partnership.name, partnership.get_absolute_url()), (title, None)]


def link_not_recognised(request):
    return render(
        request,
        "opendata/alerts/link_invalid.html",
        {
            "breadcrumbs": [_home(), ("Link not recognised", None)],
            "days": settings.ALERTS_CONFIRM_WITHIN_DAYS,
        },
        status=404,
    )


class PartnershipMixin:
    def get_partnership(self):
        return get_object_or_404(
            partnership_list_public(), slug=self.kwargs["partnership_slug"]
        )


class SubscribeView(PartnershipMixin, TemplateView):
    """Choose a place, the topics and how often; then confirm by email."""

    template_name = "opendata/alerts/subscribe.html"

    def form(self, partnership, data=None, initial=None):
        return SubscribeForm(
            data,
            initial=initial,
            partnership=partnership,
            wards=selectors.ward_choices(partnership=partnership),
        )

    def get(self, request, *args, **kwargs):
        partnership = self.get_partnership()
        # A link may suggest topics (?topics=consultations); anything else is
        # ignored, and the resident can change them.
        offered = set(selectors.OFFERED_TOPICS)
        topics = [t for t in request.GET.getlist("topics") if t in offered]
        return self.render_page(
            partnership, self.form(partnership, initial={"topics": topics})
        )

    def post(self, request, *args, **kwargs):
        if protection.rate_limited(request, scope="alerts"):
            return protection.too_many_requests(request)
        partnership = self.get_partnership()
        form = self.form(partnership, request.POST)
        if form.is_valid():
            try:
                services.subscriber_request(
                    partnership=partnership,
                    ward=form.chosen_ward(),
                    email=form.cleaned_data["email"],
                    topics=form.cleaned_data["topics"],
                    frequency=form.cleaned_data["frequency"],
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                return redirect("alerts:sent", partnership_slug=partnership.slug)
        return self.render_page(partnership, form)

    def render_page(self, partnership, form):
        return self.render_to_response(
            self.get_context_data(
                partnership=partnership,
                form=form,
                error_links=form.error_links(),
                breadcrumbs=_partnership_crumbs(partnership, "Get emails"),
            )
        )


class SubscribeSentView(PartnershipMixin, TemplateView):
    """Check your email: the same page whether or not the address was new."""

    template_name = "opendata/alerts/sent.html"

    def get_context_data(self, **kwargs):
        partnership = self.get_partnership()
        return super().get_context_data(
            partnership=partnership,
            breadcrumbs=_partnership_crumbs(partnership, "Check your email"),
            **kwargs,
        )


@method_decorator(never_cache, name="dispatch")
class ConfirmView(TemplateView):
    """The link in the confirmation email; opening it twice does no harm."""

    template_name = "opendata/alerts/confirmed.html"

    def get(self, request, *args, **kwargs):
        subscriber = services.subscriber_confirm(token=kwargs["token"])
        if subscriber is None:
            return link_not_recognised(request)
        return self.render_to_response(
            self.get_context_data(
                subscriber=subscriber,
                partnership=subscriber.partnership,
                breadcrumbs=_partnership_crumbs(
                    subscriber.partnership, "Subscription confirmed"
                ),
            )
        )


@method_decorator(never_cache, name="dispatch")
class ManageView(TemplateView):
    """What a subscriber hears about and how often, from the link in any email."""

    template_name = "opendata/alerts/manage.html"

    def get_subscriber(self):
        return selectors.subscriber_for_token(token=self.kwargs["token"])

    def get(self, request, *args, **kwargs):
        subscriber = self.get_subscriber()
        if subscriber is None:
            return link_not_recognised(request)
        saved = request.GET.get("saved") == "1"
        return self.render_page(subscriber, ManageForm(subscriber=subscriber), saved)

    def post(self, request, *args, **kwargs):
        subscriber = self.get_subscriber()
        if subscriber is None:
            return link_not_recognised(request)
        form = ManageForm(request.POST)
        if form.is_valid():
            try:
                services.subscriber_update(
                    subscriber=subscriber,
                    topics=form.cleaned_data["topics"],
                    frequency=form.cleaned_data["frequency"],
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                return redirect(
                    reverse("alerts:manage", args=[subscriber.token]) + "?saved=1"
                )
        return self.render_page(subscriber, form, saved=False)

    def render_page(self, subscriber, form, saved):
        return self.render_to_response(
            self.get_context_data(
                subscriber=subscriber,
                partnership=subscriber.partnership,
                place=subscriber.ward or subscriber.partnership,
                form=form,
                saved=saved,
                keep_days=settings.ALERTS_UNSUBSCRIBED_KEEP_DAYS,
                error_links=form.error_links(),
                breadcrumbs=[_home(), ("Manage your emails", None)],
            )
        )


# The secret token in the address is the only credential: a one-click
# unsubscribe (RFC 8058) is a POST from the mail program, with no CSRF token.
@method_decorator([csrf_exempt, never_cache], name="dispatch")
class UnsubscribeView(TemplateView):
    """GET asks "unsubscribe?"; POST (a button or a mail program) stops every email."""

    template_name = "opendata/alerts/unsubscribe.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            subscriber=selectors.subscriber_for_token(token=kwargs["token"]),
            breadcrumbs=[_home(), ("Unsubscribe", None)],
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        subscriber = services.subscriber_unsubscribe(token=kwargs["token"])
        return render(
            request,
            "opendata/alerts/unsubscribed.html",
            {
                "partnership": subscriber.partnership if subscriber else None,
                "breadcrumbs": [_home(), ("Unsubscribed", None)],
            },
        )


class LegacySubscribeRedirect(RedirectView):
    """The old "email me about consultations" address: the alerts form, with
    new consultations already chosen."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        url = reverse("alerts:subscribe", args=[kwargs["partnership_slug"]])
        return f"{url}?topics=consultations"
