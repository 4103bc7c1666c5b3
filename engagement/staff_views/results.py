"""Results: the counts and free text, every response as CSV, and publishing
the outcome (we asked, you said, we did)."""

from itertools import chain

from django.http import StreamingHttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from engagement import lifecycle, services
from engagement.audit import record_responses_exported, record_responses_viewed
from engagement.exports.services import export_in_background, response_export_request
from engagement.lifecycle import Action
from engagement.selectors import (
    consultation_results_for_staff,
    equality_summary,
    outcome_for_staff,
    responses_by_channel,
    responses_csv,
)
from engagement.staff_forms import OutcomeForm
from engagement.staff_views.common import (
    ConsultationObjectMixin,
    LifecycleMixin,
    actions_for,
    consultation_crumbs,
    consultation_url,
)
from portal.core.staff_views import ServiceFormView, StaffPageView


class ConsultationResultsView(LifecycleMixin, ConsultationObjectMixin, StaffPageView):
    template_name = "engagement/manage/consultation_results.html"
    action = Action.RESULTS

    def get_context_data(self, **kwargs):
        consultation = self.object
        record_responses_viewed(consultation, actor=self.request.user)
        channels = responses_by_channel(consultation=consultation)
        return super().get_context_data(
            consultation=consultation,
            results=consultation_results_for_staff(consultation=consultation),
            channels=channels,
            total=sum(row["count"] for row in channels),
            equality=equality_summary(consultation=consultation)
            if consultation.has_equality_section
            else None,
            can=actions_for(self.request.user, consultation),
            breadcrumbs=consultation_crumbs(consultation, ("Results", None)),
            **kwargs,
        )


class ConsultationExportView(LifecycleMixin, ConsultationObjectMixin, StaffPageView):
    """Every response as CSV, streamed: memory stays flat however many there are."""

    action = Action.EXPORT

    def get(self, request, *args, **kwargs):
        consultation = self.object
        if export_in_background(consultation):
            # Too many to stream before the server's timeout: a worker builds
            # the file and the manager is told when it is ready.
            export = response_export_request(
                consultation=consultation, actor=request.user
            )
            return redirect("manage:consultation_export_detail", pk=export.pk)
        record_responses_exported(consultation, actor=request.user)
        # The byte order mark lets spreadsheet programs read the file as UTF-8.
        rows = chain(["\ufeff"], responses_csv(consultation=consultation))
        response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
        filename = f"{consultation.slug}-responses-{timezone.localdate():%Y-%m-%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class OutcomePublishView(LifecycleMixin, ConsultationObjectMixin, ServiceFormView):
    """We asked, you said, we did."""

    form_class = OutcomeForm
    action = Action.PUBLISH_OUTCOME

    def form_kwargs(self):
        return {"partnership": self.object.partnership}

    def initial(self):
        return OutcomeForm.initial_for(outcome_for_staff(consultation=self.object))

    def save(self, form):
        return services.outcome_publish(
            consultation=self.object,
            actor=self.request.user,
            we_asked=form.cleaned_data["we_asked"],
            you_said=form.cleaned_data["you_said"],
            actions=form.cleaned_data["actions"],
        )

    def success_url(self, saved):
        return consultation_url(self.object)

    def success_message(self, saved):
        return "The outcome has been published. Residents can see it now."

    def page(self):
        consultation = self.object
        intro = [
            "Tell residents what you asked, what they said and what the partnership "
            "did about it."
        ]
        if lifecycle.results_are_public(consultation):
            intro.append("Publishing again replaces the outcome residents see now.")
        return {
            "title": "Publish the outcome",
            "caption": consultation.title,
            "intro": intro,
            "breadcrumbs": consultation_crumbs(
                consultation, ("Publish the outcome", None)
            ),
        }
