"""Running a consultation: schedule it, close it early, and key in responses
from paper, events and phone calls."""

import secrets

from django.urls import reverse
from django.utils import dateformat, timezone

from engagement import services
from engagement.lifecycle import Action
from engagement.selectors import question_list_for_staff
from engagement.staff_forms import ResponseKeyInForm, ScheduleForm
from engagement.staff_views.common import (
    ConsultationObjectMixin,
    LifecycleMixin,
    consultation_crumbs,
    consultation_url,
)
from portal.core.staff_views import ConfirmView, ServiceFormView


class ConsultationScheduleView(
    LifecycleMixin, ConsultationObjectMixin, ServiceFormView
):
    form_class = ScheduleForm
    action = Action.SCHEDULE

    def initial(self):
        return ScheduleForm.initial_for(self.object)

    def error_aliases(self, form):
        return {"closes_at": "closes_on", "opens_at": "opens_on"}

    def save(self, form):
        return services.consultation_schedule(
            consultation=self.object,
            actor=self.request.user,
            opens_at=form.cleaned_data["opens_at"],
            closes_at=form.cleaned_data["closes_at"],
        )

    def success_url(self, saved):
        return consultation_url(saved)

    def success_message(self, saved):
        opens, closes = (
            dateformat.format(timezone.localtime(value), "j F Y \\a\\t H:i")
            for value in (saved.opens_at, saved.closes_at)
        )
        return (
            f"The consultation is scheduled to open on {opens} and close on {closes}."
        )

    def page(self):
        return {
            "title": f"Schedule {self.object.title}",
            "caption": self.object.partnership.name,
            "intro": [
                "The consultation opens to residents and closes by itself at these "
                "times (UK time). You can change them until it closes."
            ],
            "breadcrumbs": consultation_crumbs(self.object, ("Schedule", None)),
        }


class ConsultationCloseView(LifecycleMixin, ConsultationObjectMixin, ConfirmView):
    action = Action.CLOSE

    def perform(self):
        services.consultation_close_now(
            consultation=self.object, actor=self.request.user
        )

    def page(self):
        return {
            "title": f"Close {self.object.title}",
            "caption": self.object.partnership.name,
            "question": "Are you sure you want to close this consultation now?",
            "explanation": (
                "Residents will not be able to respond online any more. Officers can "
                "still key in paper and event responses until the results are "
                "published."
            ),
            "button": "Close the consultation",
            "warning": True,
            "cancel_url": consultation_url(self.object),
            "breadcrumbs": consultation_crumbs(self.object, ("Close", None)),
        }

    def success_url(self):
        return consultation_url(self.object)

    def success_message(self):
        return "The consultation has been closed."


class ResponseCreateView(LifecycleMixin, ConsultationObjectMixin, ServiceFormView):
    """Key in a response from paper, an event or a phone call."""

    form_class = ResponseKeyInForm
    action = Action.KEY_IN

    def form_kwargs(self):
        if not hasattr(self, "_questions"):
            self._questions = question_list_for_staff(consultation=self.object)
        return {"consultation": self.object, "questions": self._questions}

    def initial(self):
        # A fresh key for every form shown: a double click or a resent form
        # stores the response once.
        return {"idempotency_key": secrets.token_urlsafe(32)}

    def error_aliases(self, form):
        return form.error_aliases()

    def save(self, form):
        response, created = services.response_submit(
            consultation=self.object,
            data=form.answers(),
            idempotency_key=form.cleaned_data["idempotency_key"],
            equality=form.equality(),
            channel=form.cleaned_data["channel"],
            keyed_in_by=self.request.user,
        )
        self._created = created
        return response

    def success_url(self, saved):
        return reverse("manage:response_add", args=[self.object.pk])

    def success_message(self, saved):
        if not self._created:
            return f"This response had already been saved as {saved.reference}."
        channel = saved.get_channel_display().lower()
        return (
            f"Response {saved.reference} has been saved ({channel}). You can key in "
            "the next one below."
        )

    def page(self):
        consultation = self.object
        return {
            "title": "Key in a response",
            "caption": consultation.title,
            "intro": [
                "Copy a response from a paper form, an event or a phone call. It is "
                "saved with how it was received and your name."
            ],
            "breadcrumbs": consultation_crumbs(
                consultation, ("Key in a response", None)
            ),
        }
