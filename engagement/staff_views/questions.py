"""A consultation's questions: add, change and delete them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View

from engagement import services
from engagement.lifecycle import Action
from engagement.selectors import question_conditions_for_staff, question_for_staff
from engagement.staff_forms import QuestionForm
from engagement.staff_views.common import (
    PERMISSIONS,
    VIEW,
    ConsultationObjectMixin,
    LifecycleMixin,
    QuestionObjectMixin,
    consultation_crumbs,
    consultation_url,
)
from portal.core.staff import StaffMixin
from portal.core.staff_views import ConfirmView, ServiceFormView


class QuestionCreateView(LifecycleMixin, ConsultationObjectMixin, ServiceFormView):
    form_class = QuestionForm
    action = Action.ADD_QUESTION

    def form_kwargs(self):
        return {
            "earlier_questions": question_conditions_for_staff(consultation=self.object)
        }

    def save(self, form):
        return services.question_add(
            consultation=self.object, actor=self.request.user, data=form.service_data()
        )

    def success_url(self, saved):
        return consultation_url(self.object, "#questions")

    def success_message(self, saved):
        return "The question has been added."

    def page(self):
        return {
            "title": "Add a question",
            "caption": self.object.title,
            "breadcrumbs": consultation_crumbs(self.object, ("Add a question", None)),
        }


class QuestionEditView(LifecycleMixin, QuestionObjectMixin, ServiceFormView):
    """Rewording is always allowed; the service refuses changes of substance
    (kind, options, required) once people have responded."""

    form_class = QuestionForm
    action = Action.REWORD_QUESTION

    def initial(self):
        return QuestionForm.initial_for(self.question)

    def form_kwargs(self):
        return {
            "earlier_questions": question_conditions_for_staff(
                consultation=self.object, before=self.question
            )
        }

    def save(self, form):
        return services.question_update(
            question=self.question, actor=self.request.user, data=form.service_data()
        )

    def success_url(self, saved):
        return consultation_url(self.object, "#questions")

    def success_message(self, saved):
        return "The question has been changed."

    def page(self):
        return {
            "title": "Change a question",
            "caption": self.object.title,
            "breadcrumbs": consultation_crumbs(
                self.object, ("Change a question", None)
            ),
        }


class QuestionDeleteView(LifecycleMixin, QuestionObjectMixin, ConfirmView):
    action = Action.DELETE_QUESTION

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
            "breadcrumbs": consultation_crumbs(
                self.object, ("Delete a question", None)
            ),
        }

    def success_url(self):
        return consultation_url(self.object, "#questions")

    def success_message(self):
        return "The question has been deleted."


class QuestionMoveView(StaffMixin, View):
    """POST only: move a question up or down in the form."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        question = question_for_staff(pk=kwargs["pk"])
        consultation = question.consultation
        self.require(
            PERMISSIONS[Action.MOVE_QUESTION], consultation, view_permission=VIEW
        )
        try:
            services.question_move(
                question=question,
                actor=request.user,
                direction=request.POST.get("direction", ""),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "The question has been moved.")
        return redirect(consultation_url(consultation, "#questions"))
