"""Officers' pages for statutory deadlines, and the calendar feed.

The staff pages are under /manage/ (namespace "manage"); the feed is outside
it, at /calendar/<token>.ics, because calendar apps cannot sign in: the secret
address is its only credential.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from partnerships.models import Partnership
from partnerships.selectors import partnership_list_for_officer
from plans.deadlines import calendar
from plans.deadlines.forms import DeadlineCompleteForm
from plans.deadlines.selectors import (
    calendar_token_active,
    calendar_token_for_feed,
    deadline_for_staff,
    deadline_groups_for_user,
    deadline_list_for_calendar,
    deadline_next_after,
)
from plans.deadlines.services import deadline_complete
from portal.core.staff import StaffMixin
from portal.core.staff_forms import add_service_errors
from portal.core.staff_views import StaffPageView


def _long_date(day) -> str:
    return f"{day.day} {day:%B %Y}"


def _crumbs(*extra):
    return [
        ("Your partnerships", reverse("manage:dashboard")),
        ("Deadlines", reverse("manage:deadlines")),
        *extra,
    ]


class DeadlineListView(StaffMixin, TemplateView):
    """Every deadline of the user's partnerships, most pressing first."""

    template_name = "plans/manage/deadlines.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            groups=deadline_groups_for_user(user=user, today=timezone.localdate()),
            memberships=partnership_list_for_officer(user=user),
            breadcrumbs=[
                ("Your partnerships", reverse("manage:dashboard")),
                ("Deadlines", None),
            ],
            **kwargs,
        )


class DeadlineCompleteView(StaffPageView):
    """Mark a deadline done with a link to the evidence; the next cycle opens."""

    template_name = "plans/manage/deadlines_complete.html"
    permission = "plans.complete_deadline"
    view_permission = "plans.view_deadline"

    def get_object(self):
        deadline = deadline_for_staff(pk=self.kwargs["pk"], today=timezone.localdate())
        if deadline is None:
            raise Http404
        return deadline

    def render_form(self, form):
        deadline = self.object
        return self.render_to_response(
            self.get_context_data(
                form=form,
                deadline=deadline,
                title=f"Mark {deadline.title} as done",
                breadcrumbs=_crumbs(("Mark as done", None)),
            )
        )

    def already_done(self):
        done_on = self.object.completed_on
        messages.info(
            self.request,
            f"{self.object.title} was already marked as done on {_long_date(done_on)}.",
        )
        return redirect("manage:deadlines")

    def get(self, request, *args, **kwargs):
        if self.object.completed_on is not None:
            return self.already_done()
        return self.render_form(DeadlineCompleteForm())

    def post(self, request, *args, **kwargs):
        if self.object.completed_on is not None:
            return self.already_done()
        form = DeadlineCompleteForm(data=request.POST)
        if not form.is_valid():
            return self.render_form(form)
        try:
            done = deadline_complete(
                deadline=self.object,
                actor=request.user,
                evidence_url=form.cleaned_data["evidence_url"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render_form(form)
        message = f"{done.title} is marked as done."
        following = deadline_next_after(deadline=done)
        if following is not None:
            message += (
                f" The next one, {following.title}, is due on "
                f"{_long_date(following.due_date)}."
            )
        messages.success(request, message)
        return redirect("manage:deadlines")


class CalendarSubscriptionView(StaffPageView):
    """The user's secret calendar address for one partnership's deadlines.

    GET only shows it; creating and revoking are POSTs.
    """

    template_name = "plans/manage/deadlines_calendar.html"
    permission = "plans.subscribe_calendar"

    def get_object(self):
        return get_object_or_404(Partnership, slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        partnership = self.object
        token = calendar_token_active(user=self.request.user, partnership=partnership)
        feed_url = webcal_url = ""
        if token is not None:
            feed_url = self.request.build_absolute_uri(
                reverse("portal:calendar_feed", args=[token.token])
            )
            webcal_url = "webcal://" + feed_url.split("://", 1)[1]
        return super().get_context_data(
            partnership=partnership,
            token=token,
            feed_url=feed_url,
            webcal_url=webcal_url,
            breadcrumbs=_crumbs((f"Calendar for {partnership.name}", None)),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action == "create":
            calendar.calendar_token_create(user=request.user, partnership=self.object)
            messages.success(
                request,
                "Your calendar address has been created. Add it to your calendar app.",
            )
        elif action == "revoke":
            calendar.calendar_token_revoke(user=request.user, partnership=self.object)
            messages.success(
                request,
                "Your calendar address has been revoked. It no longer shows any "
                "deadlines.",
            )
        else:
            return HttpResponseBadRequest("Choose to create or revoke the address.")
        return redirect("manage:calendar", slug=self.object.slug)


@require_safe
def calendar_feed(request, token: str):
    """The partnership's deadlines as iCalendar, for the token's owner."""
    found = calendar_token_for_feed(token=token)
    if found is None:
        raise Http404
    partnership = found.partnership
    deadlines_url = request.build_absolute_uri(reverse("manage:deadlines"))
    body = calendar.calendar_build(
        partnership=partnership,
        deadlines=deadline_list_for_calendar(
            partnership=partnership, today=timezone.localdate()
        ),
        link_for=lambda deadline: f"{deadlines_url}#deadline-{deadline.pk}",
        uid_domain=request.get_host().split(":", 1)[0],
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = (
        f'inline; filename="deadlines-{partnership.slug}.ics"'
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    # The address is a secret: no cache may keep a copy (private, no-store).
    add_never_cache_headers(response)
    return response
