"""Staff pages for consultations: managers build and run them, officers key in
paper and event responses and read the results.

Permissions (engagement/rules.py), always checked on the consultation's
partnership: reading a consultation needs any role in the partnership;
building, scheduling, closing and publishing need "engagement.manage_consultation";
results and the CSV need "engagement.view_results"; keying in needs
"engagement.key_in_response". Officers of other partnerships get 404.
"""

import secrets
from itertools import chain

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Case, Count, IntegerField, Value, When
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import dateformat, timezone

from engagement import services
from engagement.audit import record_responses_exported, record_responses_viewed
from engagement.exports.services import export_in_background, response_export_request
from engagement.models import Consultation, Outcome, Question, Response
from engagement.selectors import (
    consultation_free_text,
    consultation_results,
    equality_summary,
    responses_csv,
)
from engagement.staff_forms import (
    AnswersForm,
    ConsultationForm,
    OutcomeForm,
    QuestionForm,
    ScheduleForm,
)
from partnerships.models import Partnership
from portal.core.markdown import render_markdown
from portal.core.staff_forms import add_service_errors
from portal.core.staff_views import ConfirmView, StaffPageView

Status = Consultation.Status
MANAGE = "engagement.manage_consultation"
VIEW = "partnerships.view_staff"


# --- Reads for these pages ------------------------------------------------------
# (Candidates for engagement/selectors.py, which this change leaves alone.)

STATUS_RANK = Case(
    *[When(status=value, then=Value(n)) for n, value in enumerate(Status.values)],
    output_field=IntegerField(),
)


def consultation_list_for_staff(*, partnership: Partnership) -> list[Consultation]:
    """Every consultation of a partnership in lifecycle order, each with its
    number of responses: one query."""
    return list(
        Consultation.objects.filter(partnership=partnership)
        .annotate(response_count=Count("responses"), rank=STATUS_RANK)
        .order_by("rank", "-opens_at", "title")
    )


def consultation_for_staff(*, pk: int) -> Consultation:
    return get_object_or_404(
        Consultation.objects.select_related("partnership__area"), pk=pk
    )


def questions_for(consultation: Consultation) -> list[Question]:
    return list(
        consultation.questions.prefetch_related("choices").order_by("order", "id")
    )


def responses_by_channel(*, consultation: Consultation) -> list[dict]:
    counts = dict(
        Response.objects.filter(consultation=consultation)
        .values("channel")
        .annotate(n=Count("id"))
        .values_list("channel", "n")
    )
    return [
        {"label": label, "count": counts.get(value, 0)}
        for value, label in Response.Channel.choices
    ]


# --- Shared pieces -------------------------------------------------------------


def _crumbs(partnership: Partnership, *extra):
    return [
        ("Your partnerships", reverse("manage:dashboard")),
        (partnership.name, reverse("manage:partnership", args=[partnership.slug])),
        ("Consultations", reverse("manage:consultation_list", args=[partnership.slug])),
        *extra,
    ]


def _consultation_crumbs(consultation: Consultation, *extra):
    return _crumbs(
        consultation.partnership,
        (consultation.title, reverse("manage:consultation", args=[consultation.pk])),
        *extra,
    )


def _can_key_in_now(consultation: Consultation) -> bool:
    """Open or closed, or due to open already (before the beat job has run)."""
    if consultation.status in (Status.OPEN, Status.CLOSED):
        return True
    return consultation.is_accepting_responses()


class ConsultationObjectMixin:
    """The consultation named by the URL's pk; permissions are checked on it."""

    def get_object(self):
        return consultation_for_staff(pk=self.kwargs["pk"])


class QuestionObjectMixin:
    """A question by pk; permissions are checked on its consultation."""

    def get_object(self):
        self.question = get_object_or_404(
            Question.objects.select_related("consultation__partnership__area"),
            pk=self.kwargs["pk"],
        )
        return self.question.consultation


class PartnershipObjectMixin:
    def get_object(self):
        return get_object_or_404(Partnership, slug=self.kwargs["slug"])


class NotNowMixin:
    """Pages whose action the consultation's state does not allow at the moment
    answer with the reason instead of a form that cannot succeed."""

    not_now_template = "engagement/manage/consultation_not_now.html"

    def not_now(self) -> str | None:
        """Why the action cannot be done now, or None when it can."""
        return None

    def refuse_if_not_now(self, reason: str | None = None):
        reason = reason or self.not_now()
        if not reason:
            return None
        page = self.page()
        return TemplateResponse(
            self.request,
            self.not_now_template,
            self.get_context_data(
                title=page["title"],
                caption=page.get("caption"),
                breadcrumbs=page["breadcrumbs"],
                reason=reason,
                back_url=reverse("manage:consultation", args=[self.object.pk]),
                back_label=f"Back to {self.object.title}",
            ),
        )


class ServiceFormView(NotNowMixin, StaffPageView):
    """Shows a form and hands valid data to one service; the service's
    ValidationError goes into the GOV.UK error summary."""

    template_name = "manage/form.html"
    form_class = None
    preview_field = None

    def form_kwargs(self) -> dict:
        return {}

    def initial(self) -> dict:
        return {}

    def error_aliases(self, form) -> dict:
        return {}

    def save(self, form):
        raise NotImplementedError

    def success_url(self, saved) -> str:
        raise NotImplementedError

    def success_message(self, saved) -> str:
        raise NotImplementedError

    def page(self) -> dict:
        raise NotImplementedError

    def render_form(self, form, **extra):
        return self.render_to_response(
            self.get_context_data(form=form, **self.page(), **extra)
        )

    def get(self, request, *args, **kwargs):
        if refused := self.refuse_if_not_now():
            return refused
        return self.render_form(
            self.form_class(initial=self.initial(), **self.form_kwargs())
        )

    def post(self, request, *args, **kwargs):
        if refused := self.refuse_if_not_now():
            return refused
        form = self.form_class(data=request.POST, **self.form_kwargs())
        if not form.is_valid():
            return self.render_form(form)
        if "preview" in request.POST and self.preview_field:
            preview = render_markdown(form.cleaned_data.get(self.preview_field, ""))
            return self.render_form(form, preview=preview)
        try:
            saved = self.save(form)
        except ValidationError as error:
            add_service_errors(form, error, self.error_aliases(form))
            return self.render_form(form)
        messages.success(request, self.success_message(saved))
        return redirect(self.success_url(saved))


class NotNowConfirmView(NotNowMixin, ConfirmView):
    """A confirmation page that refuses, with its reason, when the state or the
    service says no."""

    def get(self, request, *args, **kwargs):
        if refused := self.refuse_if_not_now():
            return refused
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if refused := self.refuse_if_not_now():
            return refused
        try:
            self.perform()
        except ValidationError as error:
            return self.refuse_if_not_now(" ".join(error.messages))
        messages.success(request, self.success_message())
        return redirect(self.success_url())


# --- Lists and the consultation page -------------------------------------------


class ConsultationListView(PartnershipObjectMixin, StaffPageView):
    """A partnership's consultations, whatever their state."""

    template_name = "engagement/manage/consultation_list.html"
    permission = VIEW

    def get_context_data(self, **kwargs):
        partnership = self.object
        return super().get_context_data(
            partnership=partnership,
            consultations=consultation_list_for_staff(partnership=partnership),
            can_create=self.request.user.has_perm(MANAGE, partnership),
            breadcrumbs=[*_crumbs(partnership)[:-1], ("Consultations", None)],
            **kwargs,
        )


class ConsultationManageView(ConsultationObjectMixin, StaffPageView):
    """One consultation as staff see it: settings, questions and what can be
    done next."""

    template_name = "engagement/manage/consultation_detail.html"
    permission = VIEW

    def get_context_data(self, **kwargs):
        consultation = self.object
        user = self.request.user
        manage = user.has_perm(MANAGE, consultation)
        response_count = consultation.responses.count()
        status = consultation.status
        return super().get_context_data(
            consultation=consultation,
            questions=questions_for(consultation),
            priorities=list(
                consultation.priorities.select_related("plan").order_by(
                    "plan__title", "order"
                )
            ),
            response_count=response_count,
            answered=response_count > 0,
            can={
                "manage": manage,
                "edit": manage and status != Status.PUBLISHED,
                "change_questions": manage and response_count == 0,
                "schedule": manage
                and status in (Status.DRAFT, Status.SCHEDULED, Status.OPEN),
                "close": manage and status in (Status.SCHEDULED, Status.OPEN),
                "publish": manage and status in (Status.CLOSED, Status.PUBLISHED),
                "key_in": user.has_perm("engagement.key_in_response", consultation)
                and _can_key_in_now(consultation),
                "results": user.has_perm("engagement.view_results", consultation)
                and status != Status.DRAFT,
            },
            breadcrumbs=_crumbs(consultation.partnership, (consultation.title, None)),
            **kwargs,
        )


# --- Building ------------------------------------------------------------------


class ConsultationCreateView(PartnershipObjectMixin, ServiceFormView):
    form_class = ConsultationForm
    permission = MANAGE
    preview_field = "background"

    def form_kwargs(self):
        return {"partnership": self.object}

    def initial(self):
        return {"has_equality_section": "no", "retention_months": 12}

    def save(self, form):
        return services.consultation_create(
            partnership=self.object,
            actor=self.request.user,
            data=form.service_data(),
        )

    def success_url(self, saved):
        return reverse("manage:consultation", args=[saved.pk])

    def success_message(self, saved):
        return "The consultation has been created as a draft. Now add its questions."

    def page(self):
        return {
            "title": "Create a consultation",
            "caption": self.object.name,
            "breadcrumbs": _crumbs(self.object, ("Create a consultation", None)),
        }


class ConsultationEditView(ConsultationObjectMixin, ServiceFormView):
    form_class = ConsultationForm
    permission = MANAGE
    preview_field = "background"

    def not_now(self):
        if self.object.status == Status.PUBLISHED:
            return (
                "The results have been published, so the consultation cannot be "
                "changed."
            )
        return None

    def form_kwargs(self):
        return {"partnership": self.object.partnership}

    def initial(self):
        return ConsultationForm.initial_for(self.object)

    def save(self, form):
        return services.consultation_update(
            consultation=self.object, actor=self.request.user, data=form.service_data()
        )

    def success_url(self, saved):
        return reverse("manage:consultation", args=[saved.pk])

    def success_message(self, saved):
        return "Your changes have been saved."

    def page(self):
        return {
            "title": f"Edit {self.object.title}",
            "caption": self.object.partnership.name,
            "breadcrumbs": _consultation_crumbs(self.object, ("Edit", None)),
        }


class QuestionCreateView(ConsultationObjectMixin, ServiceFormView):
    form_class = QuestionForm
    permission = MANAGE

    def initial(self):
        return {}

    def save(self, form):
        return services.question_add(
            consultation=self.object, actor=self.request.user, data=form.service_data()
        )

    def success_url(self, saved):
        return reverse("manage:consultation", args=[self.object.pk]) + "#questions"

    def success_message(self, saved):
        return "The question has been added."

    def page(self):
        return {
            "title": "Add a question",
            "caption": self.object.title,
            "breadcrumbs": _consultation_crumbs(self.object, ("Add a question", None)),
        }


class QuestionEditView(QuestionObjectMixin, ServiceFormView):
    """Rewording is always allowed; the service refuses changes of substance
    (kind, options, required) once people have responded."""

    form_class = QuestionForm
    permission = MANAGE

    def initial(self):
        return QuestionForm.initial_for(self.question)

    def save(self, form):
        return services.question_update(
            question=self.question, actor=self.request.user, data=form.service_data()
        )

    def success_url(self, saved):
        return reverse("manage:consultation", args=[self.object.pk]) + "#questions"

    def success_message(self, saved):
        return "The question has been changed."

    def page(self):
        return {
            "title": "Change a question",
            "caption": self.object.title,
            "breadcrumbs": _consultation_crumbs(
                self.object, ("Change a question", None)
            ),
        }


class QuestionDeleteView(QuestionObjectMixin, NotNowConfirmView):
    permission = MANAGE

    def not_now(self):
        if self.object.responses.exists():
            return (
                "People have already responded, so questions can no longer be removed."
            )
        return None

    def perform(self):
        services.question_delete(question=self.question, actor=self.request.user)

    def page(self):
        return {
            "title": "Delete a question",
            "caption": self.object.title,
            "question": "Are you sure you want to delete this question?",
            "explanation": f'The question "{self.question.text}" and its options '
            "will be removed.",
            "button": "Delete question",
            "warning": True,
            "cancel_url": reverse("manage:consultation", args=[self.object.pk]),
            "breadcrumbs": _consultation_crumbs(
                self.object, ("Delete a question", None)
            ),
        }

    def success_url(self):
        return reverse("manage:consultation", args=[self.object.pk]) + "#questions"

    def success_message(self):
        return "The question has been deleted."


class ConsultationPreviewView(ConsultationObjectMixin, StaffPageView):
    """The consultation as residents will see it, with its questions shown as a
    form that cannot be sent."""

    template_name = "engagement/manage/consultation_preview.html"
    permission = VIEW

    def get_context_data(self, **kwargs):
        consultation = self.object
        form = AnswersForm(
            consultation=consultation,
            questions=questions_for(consultation),
            keyed_in=False,
        )
        return super().get_context_data(
            consultation=consultation,
            form=form,
            priorities=list(
                consultation.priorities.select_related("plan").order_by(
                    "plan__title", "order"
                )
            ),
            breadcrumbs=_consultation_crumbs(consultation, ("Preview", None)),
            **kwargs,
        )


# --- Running -------------------------------------------------------------------


class ConsultationScheduleView(ConsultationObjectMixin, ServiceFormView):
    form_class = ScheduleForm
    permission = MANAGE
    template_name = "engagement/manage/consultation_form.html"

    def not_now(self):
        if self.object.status in (Status.CLOSED, Status.PUBLISHED):
            return "A closed consultation cannot be scheduled again."
        if not self.object.questions.exists():
            return "Add at least one question before scheduling."
        return None

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
        return reverse("manage:consultation", args=[saved.pk])

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
            "breadcrumbs": _consultation_crumbs(self.object, ("Schedule", None)),
        }


class ConsultationCloseView(ConsultationObjectMixin, NotNowConfirmView):
    permission = MANAGE

    def not_now(self):
        if self.object.status not in (Status.SCHEDULED, Status.OPEN):
            return "Only a scheduled or open consultation can be closed."
        return None

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
            "cancel_url": reverse("manage:consultation", args=[self.object.pk]),
            "breadcrumbs": _consultation_crumbs(self.object, ("Close", None)),
        }

    def success_url(self):
        return reverse("manage:consultation", args=[self.object.pk])

    def success_message(self):
        return "The consultation has been closed."


class ResponseCreateView(ConsultationObjectMixin, ServiceFormView):
    """Key in a response from paper, an event or a phone call."""

    form_class = AnswersForm
    permission = "engagement.key_in_response"
    template_name = "engagement/manage/consultation_form.html"

    def not_now(self):
        consultation = self.object
        if consultation.status == Status.PUBLISHED:
            return (
                "The results have been published, so no more responses can be keyed in."
            )
        if not _can_key_in_now(consultation):
            return "Responses can be keyed in once the consultation has opened."
        return None

    def form_kwargs(self):
        if not hasattr(self, "_questions"):
            self._questions = questions_for(self.object)
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
            "breadcrumbs": _consultation_crumbs(
                consultation, ("Key in a response", None)
            ),
        }


# --- Results -------------------------------------------------------------------


class ConsultationResultsView(ConsultationObjectMixin, StaffPageView):
    template_name = "engagement/manage/consultation_results.html"
    permission = "engagement.view_results"

    def get_context_data(self, **kwargs):
        consultation = self.object
        results = consultation_results(consultation=consultation)
        for item in results:
            if not item["question"].is_choice:
                item["texts"] = consultation_free_text(question=item["question"])
        record_responses_viewed(consultation, actor=self.request.user)
        channels = responses_by_channel(consultation=consultation)
        return super().get_context_data(
            consultation=consultation,
            results=results,
            channels=channels,
            total=sum(row["count"] for row in channels),
            equality=equality_summary(consultation=consultation)
            if consultation.has_equality_section
            else None,
            can_publish=self.request.user.has_perm(MANAGE, consultation)
            and consultation.status in (Status.CLOSED, Status.PUBLISHED),
            breadcrumbs=_consultation_crumbs(consultation, ("Results", None)),
            **kwargs,
        )


class ConsultationExportView(ConsultationObjectMixin, StaffPageView):
    """Every response as CSV, streamed: memory stays flat however many there are."""

    permission = "engagement.view_results"

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


class OutcomePublishView(ConsultationObjectMixin, ServiceFormView):
    """We asked, you said, we did."""

    form_class = OutcomeForm
    permission = MANAGE
    template_name = "engagement/manage/consultation_form.html"

    def not_now(self):
        if self.object.status not in (Status.CLOSED, Status.PUBLISHED):
            return "You can publish the outcome once the consultation has closed."
        return None

    def form_kwargs(self):
        return {"partnership": self.object.partnership}

    def initial(self):
        outcome = (
            Outcome.objects.filter(consultation=self.object)
            .prefetch_related("actions")
            .first()
        )
        return OutcomeForm.initial_for(outcome)

    def save(self, form):
        return services.outcome_publish(
            consultation=self.object,
            actor=self.request.user,
            we_asked=form.cleaned_data["we_asked"],
            you_said=form.cleaned_data["you_said"],
            actions=form.cleaned_data["actions"],
        )

    def success_url(self, saved):
        return reverse("manage:consultation", args=[self.object.pk])

    def success_message(self, saved):
        return "The outcome has been published. Residents can see it now."

    def page(self):
        consultation = self.object
        intro = [
            "Tell residents what you asked, what they said and what the partnership "
            "did about it."
        ]
        if consultation.status == Status.PUBLISHED:
            intro.append("Publishing again replaces the outcome residents see now.")
        return {
            "title": "Publish the outcome",
            "caption": consultation.title,
            "intro": intro,
            "breadcrumbs": _consultation_crumbs(
                consultation, ("Publish the outcome", None)
            ),
        }
