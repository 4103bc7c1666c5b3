"""Officers' inbox of contact messages: read them, reply by email, and mark
them new, answered or closed. Any role in the partnership may; an officer of
another partnership gets 404 for every message."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import View

from contact import services
from contact.forms import ReplyForm, StatusForm
from contact.models import ContactMessage
from contact.selectors import (
    inbox_address,
    message_counts,
    message_for_staff,
    message_list_for_inbox,
)
from partnerships.models import Partnership
from portal.core.staff import StaffMixin
from portal.core.staff_forms import add_service_errors
from portal.core.staff_views import StaffPageView

VIEW = "contact.view_message"
ANSWER = "contact.answer_message"
PER_PAGE = 25


def _crumbs(partnership, *extra):
    return [
        ("Your partnerships", reverse("manage:dashboard")),
        (partnership.name, reverse("manage:partnership", args=[partnership.slug])),
        ("Messages", reverse("manage:contact_inbox", args=[partnership.slug])),
        *extra,
    ]


class MessageObjectMixin:
    view_permission = VIEW

    def get_object(self):
        message = message_for_staff(pk=self.kwargs["pk"])
        if message is None:
            raise Http404
        return message


class InboxView(StaffPageView):
    template_name = "contact/manage/inbox.html"
    permission = VIEW

    def get_object(self):
        return get_object_or_404(Partnership, slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        partnership = self.object
        status = self.request.GET.get("status", "")
        if status not in ContactMessage.Status.values:
            status = ""
        page = Paginator(
            message_list_for_inbox(partnership=partnership, status=status or None),
            PER_PAGE,
        ).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            partnership=partnership,
            page=page,
            status=status,
            statuses=ContactMessage.Status.choices,
            counts=message_counts(partnership=partnership),
            inbox=inbox_address(partnership=partnership),
            breadcrumbs=[*_crumbs(partnership)[:-1], ("Messages", None)],
            **kwargs,
        )


class MessageView(MessageObjectMixin, StaffPageView):
    template_name = "contact/manage/message.html"
    permission = VIEW

    def get_context_data(self, **kwargs):
        message = self.object
        return super().get_context_data(
            message=message,
            partnership=message.partnership,
            status_form=StatusForm(initial={"status": message.status}),
            can_answer=self.request.user.has_perm(ANSWER, message),
            breadcrumbs=_crumbs(message.partnership, (message.reference, None)),
            **kwargs,
        )


class MessageReplyView(MessageObjectMixin, StaffPageView):
    template_name = "contact/manage/reply.html"
    permission = ANSWER

    def render_form(self, form):
        message = self.object
        return self.render_to_response(
            self.get_context_data(
                form=form,
                message=message,
                breadcrumbs=_crumbs(
                    message.partnership,
                    (
                        message.reference,
                        reverse("manage:contact_message", args=[message.pk]),
                    ),
                    ("Reply", None),
                ),
            )
        )

    def get(self, request, *args, **kwargs):
        return self.render_form(ReplyForm())

    def post(self, request, *args, **kwargs):
        form = ReplyForm(request.POST)
        if not form.is_valid():
            return self.render_form(form)
        try:
            services.reply_send(
                message=self.object, actor=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render_form(form)
        messages.success(
            request,
            f"Your reply to {self.object.reference} is being sent. The message is "
            "marked as answered.",
        )
        return redirect("manage:contact_message", pk=self.object.pk)


class MessageStatusView(StaffMixin, View):
    """POST only: mark a message new, answered or closed."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        message = message_for_staff(pk=kwargs["pk"])
        if message is None:
            raise Http404
        self.require(ANSWER, message, view_permission=VIEW)
        form = StatusForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Select a status")
            return redirect("manage:contact_message", pk=message.pk)
        updated = services.message_set_status(
            message=message, actor=request.user, status=form.cleaned_data["status"]
        )
        messages.success(
            request,
            f"{updated.reference} is marked as {updated.get_status_display().lower()}.",
        )
        return redirect("manage:contact_message", pk=message.pk)
