"""Residents' consultation pages: find one, answer it (one page, or several:
``engagement.response_pages``), read the results, and subscribe to hear when a
partnership opens the next one.

Only open, closed and published consultations of published partnerships are
public (``consultation_list_public``); drafts and scheduled ones answer 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import TemplateView

from engagement import lifecycle, protection
from engagement.forms import ResponseForm, ResponsePageForm, SubscribeForm
from engagement.lifecycle import Action
from engagement.models import Consultation, OutcomeAction, Subscription
from engagement.response_pages import CHECK, ResponsePages
from engagement.selectors import (
    consultation_detail_public,
    consultation_list_public,
    consultation_priorities_public,
    consultation_results,
    outcome_public,
)
from engagement.services import (
    response_submit,
    subscription_cancel,
    subscription_confirm,
    subscription_request,
)
from partnerships.selectors import partnership_list_public
from portal.core.dates import latest


def _home():
    return ("Home", reverse("portal:home"))


def _consultations():
    return ("Consultations", reverse("engagement:list"))


def _public_consultation(kwargs, queryset=None) -> Consultation:
    queryset = queryset if queryset is not None else consultation_list_public()
    return get_object_or_404(
        queryset.filter(partnership__slug=kwargs["partnership_slug"]),
        slug=kwargs["slug"],
    )


class ConsultationListView(TemplateView):
    """Every public consultation: open ones, then published results, then closed."""

    template_name = "engagement/consultation_list.html"

    def get_context_data(self, **kwargs):
        consultations = list(consultation_list_public())
        now = timezone.now()
        open_now = [
            c for c in consultations if lifecycle.may(c, Action.RESPOND, now=now)
        ]
        published = [c for c in consultations if lifecycle.results_are_public(c)]
        closed = [c for c in consultations if c not in open_now + published]
        return super().get_context_data(
            open_consultations=open_now,
            closed_consultations=closed,
            published_consultations=published,
            breadcrumbs=[_home(), ("Consultations", None)],
            last_updated=latest(*(c.updated_at for c in consultations)),
            **kwargs,
        )


ANSWERS_EXPIRED = (
    "Your earlier answers were not kept, because the form was left for too "
    "long. Answer the questions again, starting here."
)


# Never cached: each showing of the form must carry its own idempotency key, or
# two residents behind one cache would share a key and one response.
@method_decorator(never_cache, name="dispatch")
class ConsultationDetailView(TemplateView):
    """The consultation, with its form while it is open: one page, or several
    (``?page=n``, then ``?page=check`` to send) when the manager split it."""

    template_name = "engagement/consultation_detail.html"

    def get_consultation(self) -> Consultation:
        return get_object_or_404(
            consultation_detail_public(
                partnership_slug=self.kwargs["partnership_slug"]
            ),
            slug=self.kwargs["slug"],
        )

    def step_url(self, consultation, step, *, change=False) -> str:
        """A step's address; ``change``: reached from "Check your answers"."""
        url = f"{consultation.get_absolute_url()}?page={step}"
        return url + "&change=1" if change and step != CHECK else url

    def changing(self) -> bool:
        return self.request.GET.get("change") == "1"

    def get(self, request, *args, **kwargs):
        consultation = self.get_consultation()
        if not lifecycle.may(consultation, Action.RESPOND):
            return self.render_page(consultation, None)
        pages = ResponsePages(session=request.session, consultation=consultation)
        if not pages.several:
            form = ResponseForm(consultation=consultation)
            return self.render_page(consultation, form)
        step = pages.parse(request.GET.get("page"))
        if step is None:
            # Not a page (any more: the manager may have removed a break).
            return redirect(self.step_url(consultation, 1))
        if pages.sent_reference:
            pages.forget()  # sent: coming back starts a new response
        if step != 1 and not pages.started:
            return redirect(self.step_url(consultation, 1))
        if step == CHECK:
            form = ResponseForm(
                consultation=consultation,
                questions=[],
                saved=pages.answers,
                initial={
                    "idempotency_key": pages.state["key"],
                    "started": pages.state["started"],
                },
            )
            return self.render_step(consultation, pages, step, form)
        shown = pages.shown(step)
        if not shown:
            return redirect(
                self.step_url(
                    consultation, pages.next_step(step), change=self.changing()
                )
            )
        form = ResponsePageForm(
            consultation=consultation,
            questions=shown,
            saved=pages.answers,
            initial=pages.answers,
        )
        return self.render_step(consultation, pages, step, form)

    def post(self, request, *args, **kwargs):
        # Pages before the last are counted apart from sending, with the
        # same limit, so a long form does not use up a resident's sends.
        scope = "response_page" if request.GET.get("page", "").isdigit() else "response"
        if protection.rate_limited(request, scope=scope):
            return protection.too_many_requests(request)
        consultation = self.get_consultation()
        if not lifecycle.may(consultation, Action.RESPOND):
            return self.render_page(consultation, None, not_sent=True)
        pages = ResponsePages(session=request.session, consultation=consultation)
        if not pages.several:
            form = ResponseForm(request.POST, consultation=consultation)
            return self.send(consultation, form, pages) or self.render_page(
                consultation, form
            )
        step = pages.parse(request.GET.get("page"))
        if step is None:
            # Not a page (any more: the manager may have removed a break).
            return redirect(self.step_url(consultation, 1))
        if step == CHECK:
            return self.post_check(request, consultation, pages)
        if not pages.started or pages.sent_reference:
            if step != 1:
                messages.warning(request, ANSWERS_EXPIRED)
                return redirect(self.step_url(consultation, 1))
            pages.start()
        form = ResponsePageForm(
            request.POST,
            consultation=consultation,
            questions=pages.shown(step),
            saved=pages.answers,
        )
        if form.is_valid():
            before = set(pages.numbers())
            pages.keep_page(step, form.page_answers())
            if not self.changing():
                return redirect(self.step_url(consultation, pages.next_step(step)))
            # A change from "Check your answers" goes back there, unless it
            # brought in a page of questions not asked before.
            revealed = [n for n in pages.numbers() if n > step and n not in before]
            return redirect(
                self.step_url(consultation, revealed[0], change=True)
                if revealed
                else self.step_url(consultation, CHECK)
            )
        return self.render_step(consultation, pages, step, form)

    def post_check(self, request, consultation, pages):
        """The last step: send the answers kept in the session, once."""
        if (
            pages.sent_reference
            and request.POST.get("idempotency_key") == (pages.state["key"])
        ):
            # A second click on "Send": the response is already stored.
            return redirect(
                "engagement:done",
                partnership_slug=consultation.partnership.slug,
                slug=consultation.slug,
                reference=pages.sent_reference,
            )
        if not pages.started:
            messages.warning(request, ANSWERS_EXPIRED)
            return redirect(self.step_url(consultation, 1))
        form = ResponseForm(
            request.POST, consultation=consultation, questions=[], saved=pages.answers
        )
        return self.send(consultation, form, pages) or self.render_step(
            consultation, pages, CHECK, form
        )

    def send(self, consultation, form, pages):
        """Store the response and go to its reference, or None to show errors."""
        if not form.is_valid():
            return None
        try:
            response, _ = response_submit(
                consultation=consultation,
                data=form.answers(),
                idempotency_key=form.cleaned_data["idempotency_key"],
                email=form.cleaned_data["email"],
                equality=form.equality(),
            )
        except ValidationError as error:
            form.add_service_error(error)
            return None
        if pages.several:
            pages.sent(response.reference)
        return redirect(
            "engagement:done",
            partnership_slug=consultation.partnership.slug,
            slug=consultation.slug,
            reference=response.reference,
        )

    def render_step(self, consultation, pages, step, form):
        """A page of a form of several pages: page 1 is the consultation page."""
        if step == CHECK:
            self.template_name = "engagement/consultation_check.html"
        elif step != 1:
            self.template_name = "engagement/consultation_page.html"
        previous = CHECK if self.changing() else pages.previous_step(step)
        return self.render_page(
            consultation,
            form,
            step=step,
            # Numbered as the manager made them, skipped pages included, so a
            # page keeps its number whatever the earlier answers.
            page_number=step,
            page_count=len(pages.pages),
            back_url=self.step_url(consultation, previous) if previous else None,
            summary=pages.summary() if step == CHECK else None,
            form_action=self.step_url(consultation, step, change=self.changing()),
        )

    def render_page(self, consultation, form, not_sent=False, **extra):
        if form is not None and extra.get("form_action"):
            form.helper.form_action = extra["form_action"]
        return self.render_to_response(
            self.get_context_data(
                consultation=consultation,
                partnership=consultation.partnership,
                form=form,
                error_links=form.error_links() if form is not None else [],
                not_sent=not_sent,
                results_url=reverse(
                    "engagement:results",
                    args=[consultation.partnership.slug, consultation.slug],
                )
                if lifecycle.results_are_public(consultation)
                else None,
                priorities=[
                    p
                    for p in consultation_priorities_public(consultation=consultation)
                    if p.plan.is_public
                ],
                breadcrumbs=[_home(), _consultations(), (consultation.title, None)],
                last_updated=consultation.updated_at,
                **extra,
            )
        )


@method_decorator(never_cache, name="dispatch")
class ResponseConfirmationView(TemplateView):
    """The "Response sent" page with the reference; no answers, by design."""

    template_name = "engagement/response_confirmation.html"

    def get_context_data(self, **kwargs):
        consultation = _public_consultation(kwargs)
        response = get_object_or_404(
            consultation.responses.only("reference"), reference=kwargs["reference"]
        )
        kwargs["reference"] = response.reference
        return super().get_context_data(
            consultation=consultation,
            partnership=consultation.partnership,
            breadcrumbs=[
                _home(),
                _consultations(),
                (consultation.title, consultation.get_absolute_url()),
                ("Response sent", None),
            ],
            **kwargs,
        )


def _public_priority(priority) -> bool:
    return priority is not None and priority.is_published and priority.plan.is_public


def _we_did(outcome_action: OutcomeAction) -> dict:
    """A "we did" with links to its priority and action where residents can
    open them (a published action of a public priority is a row on its page)."""
    action = outcome_action.action
    if action is not None and not (
        action.is_published and _public_priority(action.priority)
    ):
        action = None
    priority = outcome_action.priority
    if not _public_priority(priority):
        priority = action.priority if action is not None else None
    return {"text": outcome_action.we_did, "priority": priority, "action": action}


class ConsultationResultsView(TemplateView):
    """We asked, you said, we did; and how many chose each option."""

    template_name = "engagement/consultation_results.html"

    def get_context_data(self, **kwargs):
        consultation = _public_consultation(
            kwargs,
            consultation_list_public().filter(status=Consultation.Status.PUBLISHED),
        )
        outcome = outcome_public(consultation=consultation)
        return super().get_context_data(
            consultation=consultation,
            partnership=consultation.partnership,
            outcome=outcome,
            we_did=[_we_did(a) for a in outcome.actions.all()] if outcome else [],
            results=consultation_results(consultation=consultation),
            breadcrumbs=[
                _home(),
                _consultations(),
                (consultation.title, consultation.get_absolute_url()),
                ("Results", None),
            ],
            last_updated=latest(
                consultation.updated_at, outcome.published_at if outcome else None
            ),
            **kwargs,
        )


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
