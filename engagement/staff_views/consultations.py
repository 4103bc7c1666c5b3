"""A partnership's consultations, one consultation's page, and building it:
create, edit and preview."""

from django.urls import reverse

from engagement import lifecycle, services
from engagement.lifecycle import Action
from engagement.selectors import (
    consultation_list_for_staff,
    priority_list_for_consultation,
    question_list_for_staff,
)
from engagement.staff_forms import ConsultationForm, ResponsePreviewForm
from engagement.staff_views.common import (
    MANAGE,
    VIEW,
    ConsultationObjectMixin,
    LifecycleMixin,
    PartnershipObjectMixin,
    actions_for,
    consultation_crumbs,
    crumbs,
)
from portal.core.staff_views import ServiceFormView, StaffPageView


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
            breadcrumbs=[*crumbs(partnership)[:-1], ("Consultations", None)],
            **kwargs,
        )


class ConsultationManageView(ConsultationObjectMixin, StaffPageView):
    """One consultation as staff see it: settings, questions and what can be
    done next (``can``: the lifecycle's offer, for this user)."""

    template_name = "engagement/manage/consultation_detail.html"
    permission = VIEW

    def get_context_data(self, **kwargs):
        consultation = self.object
        questions = question_list_for_staff(consultation=consultation)
        response_count = consultation.responses.count()
        state = lifecycle.State(
            consultation, answered=response_count > 0, has_questions=bool(questions)
        )
        return super().get_context_data(
            consultation=consultation,
            questions=questions,
            priorities=priority_list_for_consultation(consultation=consultation),
            response_count=response_count,
            can=actions_for(self.request.user, consultation, state),
            questions_note=lifecycle.questions_note(state),
            public_url=consultation.get_absolute_url()
            if lifecycle.residents_can_see(consultation)
            else None,
            breadcrumbs=crumbs(consultation.partnership, (consultation.title, None)),
            **kwargs,
        )


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
            "breadcrumbs": crumbs(self.object, ("Create a consultation", None)),
        }


class ConsultationEditView(LifecycleMixin, ConsultationObjectMixin, ServiceFormView):
    form_class = ConsultationForm
    action = Action.EDIT
    preview_field = "background"

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
            "breadcrumbs": consultation_crumbs(self.object, ("Edit", None)),
        }


class ConsultationPreviewView(LifecycleMixin, ConsultationObjectMixin, StaffPageView):
    """The consultation as residents will see it, with its questions shown as a
    form that cannot be sent: the same fields residents get."""

    template_name = "engagement/manage/consultation_preview.html"
    action = Action.PREVIEW

    def get_context_data(self, **kwargs):
        consultation = self.object
        form = ResponsePreviewForm(
            consultation=consultation,
            questions=question_list_for_staff(consultation=consultation),
        )
        return super().get_context_data(
            consultation=consultation,
            form=form,
            priorities=priority_list_for_consultation(consultation=consultation),
            breadcrumbs=consultation_crumbs(consultation, ("Preview", None)),
            **kwargs,
        )
