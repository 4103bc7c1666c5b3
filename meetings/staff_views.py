"""Officers' pages for meetings: prepare and publish them, add papers and
minutes, record attendance, and see regulation 12 and the public-meeting
deadline."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.forms import AttendanceForm, DocumentForm, MeetingForm
from meetings.models import Meeting, MeetingDocument
from meetings.selectors import (
    attendance_rows,
    meeting_documents,
    meeting_for_staff,
    meeting_history,
    meeting_list_for_staff,
    meeting_working_copy,
    public_meeting_deadline,
    reg12_status,
    ward_choices_for_partnership,
)
from partnerships.models import Partnership
from portal.core.documents import document_response
from portal.core.staff_forms import add_service_errors
from portal.core.staff_views import ConfirmView, DraftFormView, StaffPageView

VIEW = "meetings.view_meeting"


def _crumbs(partnership: Partnership, *extra):
    return [
        ("Your partnerships", reverse("manage:dashboard")),
        (partnership.name, reverse("manage:partnership", args=[partnership.slug])),
        ("Meetings", reverse("manage:meeting_list", args=[partnership.slug])),
        *extra,
    ]


def _meeting_crumbs(meeting: Meeting, *extra):
    return _crumbs(
        meeting.partnership,
        (meeting.title, reverse("manage:meeting", args=[meeting.pk])),
        *extra,
    )


class PartnershipObjectMixin:
    def get_object(self):
        return get_object_or_404(
            Partnership.objects.select_related("area"), slug=self.kwargs["slug"]
        )


class MeetingObjectMixin:
    view_permission = VIEW

    def get_object(self):
        meeting = meeting_for_staff(pk=self.kwargs["pk"])
        if meeting is None:
            raise Http404
        return meeting


class DocumentObjectMixin:
    """Pages about one document check permissions on its meeting."""

    view_permission = VIEW

    def get_object(self):
        self.document = get_object_or_404(
            MeetingDocument.objects.select_related("meeting__partnership"),
            pk=self.kwargs["pk"],
        )
        return self.document.meeting


class MeetingListView(PartnershipObjectMixin, StaffPageView):
    template_name = "meetings/manage/meeting_list.html"
    permission = VIEW

    def get_context_data(self, **kwargs):
        partnership = self.object
        return super().get_context_data(
            partnership=partnership,
            meetings=meeting_list_for_staff(partnership=partnership),
            deadline=public_meeting_deadline(partnership=partnership),
            can_add=self.request.user.has_perm("meetings.add_meeting", partnership),
            now=timezone.now(),
            breadcrumbs=[*_crumbs(partnership)[:-1], ("Meetings", None)],
            **kwargs,
        )


class MeetingCreateView(PartnershipObjectMixin, DraftFormView):
    form_class = MeetingForm
    permission = "meetings.add_meeting"
    noun = "meeting"
    preview_field = "summary"

    def form_context(self):
        return {"wards": ward_choices_for_partnership(partnership=self.object)}

    def save(self, form):
        return services.meeting_create(
            partnership=self.object,
            actor=self.request.user,
            data=form.draft_values(),
        )

    def success_url(self, saved):
        return reverse("manage:meeting", args=[saved.pk])

    def success_message(self, saved):
        return (
            "The meeting has been added as a draft. Residents will see it when an "
            "editor publishes it."
        )

    def page(self):
        return {
            "title": "Add a meeting",
            "caption": self.object.name,
            "breadcrumbs": _crumbs(self.object, ("Add a meeting", None)),
        }


class MeetingManageView(MeetingObjectMixin, StaffPageView):
    """The meeting as officers work on it: details, documents, attendance,
    regulation 12 and the deadline."""

    template_name = "meetings/manage/meeting.html"
    permission = VIEW

    def get_context_data(self, **kwargs):
        meeting = self.object
        user = self.request.user
        can_publish = user.has_perm("meetings.publish_meeting", meeting)
        return super().get_context_data(
            meeting=meeting,
            working=meeting_working_copy(meeting=meeting),
            documents=meeting_documents(meeting=meeting, public=False),
            attendance=attendance_rows(meeting=meeting),
            reg12=reg12_status(meeting=meeting),
            deadline=meeting.deadline
            or public_meeting_deadline(partnership=meeting.partnership),
            held=meeting.starts_at <= timezone.now(),
            can_edit=user.has_perm("meetings.change_meeting", meeting),
            can_publish=can_publish,
            breadcrumbs=_crumbs(meeting.partnership, (meeting.title, None)),
            **kwargs,
        )


class MeetingEditView(MeetingObjectMixin, DraftFormView):
    form_class = MeetingForm
    permission = "meetings.change_meeting"
    noun = "meeting"
    preview_field = "summary"

    def form_context(self):
        return {
            "wards": ward_choices_for_partnership(partnership=self.object.partnership)
        }

    def initial(self):
        return self.initial_for(self.object)

    def initial_for(self, obj):
        return MeetingForm.initial_from(meeting_working_copy(meeting=obj))

    def save(self, form):
        return services.meeting_save_draft(
            meeting=self.object,
            actor=self.request.user,
            data=form.draft_values(),
            version=form.cleaned_data["version"],
        )

    def success_url(self, saved):
        return reverse("manage:meeting", args=[saved.pk])

    def page(self):
        meeting = self.object
        return {
            "title": f"Edit {meeting.title}",
            "caption": meeting.partnership.name,
            "breadcrumbs": _meeting_crumbs(meeting, ("Edit", None)),
        }


class MeetingPublishView(MeetingObjectMixin, ConfirmView):
    permission = "meetings.publish_meeting"

    def perform(self):
        services.meeting_publish(meeting=self.object, actor=self.request.user)

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("manage:meeting", pk=self.object.pk)

    def page(self):
        meeting = self.object
        return {
            "title": f"Publish {meeting.title}",
            "caption": meeting.partnership.name,
            "question": "Are you sure you want to publish this meeting?",
            "explanation": (
                "Residents will see the meeting, its date, place and joining link, "
                "its agenda and papers straight away, and can add it to their "
                "calendars. Minutes stay hidden until you publish them."
            ),
            "button": "Publish",
            "cancel_url": reverse("manage:meeting", args=[meeting.pk]),
            "breadcrumbs": _meeting_crumbs(meeting, ("Publish", None)),
        }

    def success_url(self):
        return reverse("manage:meeting", args=[self.object.pk])

    def success_message(self):
        return "The meeting has been published. Residents can see it now."


class MeetingUnpublishView(MeetingObjectMixin, ConfirmView):
    permission = "meetings.publish_meeting"

    def perform(self):
        services.meeting_unpublish(meeting=self.object, actor=self.request.user)

    def page(self):
        meeting = self.object
        return {
            "title": f"Unpublish {meeting.title}",
            "caption": meeting.partnership.name,
            "question": "Are you sure you want to unpublish this meeting?",
            "explanation": (
                "Residents will no longer see the meeting, its papers or its "
                "minutes. Nothing is deleted. A deadline it completed stays done."
            ),
            "button": "Unpublish",
            "warning": True,
            "cancel_url": reverse("manage:meeting", args=[meeting.pk]),
            "breadcrumbs": _meeting_crumbs(meeting, ("Unpublish", None)),
        }

    def success_url(self):
        return reverse("manage:meeting", args=[self.object.pk])

    def success_message(self):
        return "The meeting has been unpublished."


class MeetingHistoryView(MeetingObjectMixin, StaffPageView):
    template_name = "manage/history.html"
    permission = VIEW

    def get_context_data(self, **kwargs):
        meeting = self.object
        return super().get_context_data(
            title=f"History of {meeting.title}",
            caption=meeting.partnership.name,
            entries=meeting_history(meeting=meeting),
            breadcrumbs=_meeting_crumbs(meeting, ("History", None)),
            **kwargs,
        )


class MeetingDocumentAddView(MeetingObjectMixin, StaffPageView):
    template_name = "manage/form.html"
    permission = "meetings.change_meeting"

    def render_form(self, form):
        meeting = self.object
        return self.render_to_response(
            self.get_context_data(
                form=form,
                title="Add a document",
                caption=meeting.title,
                breadcrumbs=_meeting_crumbs(meeting, ("Add a document", None)),
            )
        )

    def get(self, request, *args, **kwargs):
        return self.render_form(DocumentForm())

    def post(self, request, *args, **kwargs):
        form = DocumentForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_form(form)
        data = form.cleaned_data
        try:
            document = services.meeting_document_add(
                meeting=self.object,
                actor=request.user,
                kind=data["kind"],
                title=data["title"],
                file=data["file"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render_form(form)
        messages.success(request, f"{document.title} has been added.")
        return redirect(reverse("manage:meeting", args=[self.object.pk]) + "#documents")


class MeetingDocumentDownloadView(DocumentObjectMixin, StaffPageView):
    """A document as officers see it, published or not."""

    permission = VIEW

    def get(self, request, *args, **kwargs):
        return document_response(file=self.document.file, title=self.document.title)


class MeetingDocumentRemoveView(DocumentObjectMixin, ConfirmView):
    permission = "meetings.change_meeting"

    def perform(self):
        services.meeting_document_remove(
            document=self.document, actor=self.request.user
        )

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(self.success_url())

    def page(self):
        meeting = self.object
        return {
            "title": f"Remove {self.document.title}",
            "caption": meeting.title,
            "question": f"Are you sure you want to remove {self.document.title}?",
            "explanation": (
                "Residents will no longer be able to download it, and the file is "
                "deleted. The change history keeps a record that it was there."
            ),
            "button": "Remove",
            "warning": True,
            "cancel_url": self.success_url(),
            "breadcrumbs": _meeting_crumbs(meeting, ("Remove a document", None)),
        }

    def success_url(self):
        return reverse("manage:meeting", args=[self.object.pk]) + "#documents"

    def success_message(self):
        return f"{self.document.title} has been removed."


class MeetingAttendanceView(MeetingObjectMixin, StaffPageView):
    template_name = "meetings/manage/attendance.html"
    permission = "meetings.change_meeting"

    def render_form(self, form):
        meeting = self.object
        return self.render_to_response(
            self.get_context_data(
                form=form,
                meeting=meeting,
                title="Record who attended",
                breadcrumbs=_meeting_crumbs(meeting, ("Attendance", None)),
            )
        )

    def get(self, request, *args, **kwargs):
        return self.render_form(
            AttendanceForm(rows=attendance_rows(meeting=self.object))
        )

    def post(self, request, *args, **kwargs):
        form = AttendanceForm(request.POST, rows=attendance_rows(meeting=self.object))
        if not form.is_valid():
            return self.render_form(form)
        try:
            meeting = services.meeting_attendance_record(
                meeting=self.object, actor=request.user, rows=form.attendance()
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render_form(form)
        message = "Attendance has been saved."
        if meeting.deadline_id and self.object.deadline_id is None:
            message += " The public-meeting deadline is now done."
        messages.success(request, message)
        return redirect(reverse("manage:meeting", args=[meeting.pk]) + "#attendance")


class MeetingMinutesPublishView(MeetingObjectMixin, ConfirmView):
    """Publish the minutes and attendance; for a qualifying annual public
    meeting this completes the public-meeting deadline."""

    template_name = "meetings/manage/minutes_publish.html"
    permission = "meetings.publish_meeting"

    def perform(self):
        before = self.object.deadline_id
        self.published = services.meeting_minutes_publish(
            meeting=self.object, actor=self.request.user
        )
        self.completed = before is None and self.published.deadline_id is not None

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("manage:meeting", pk=self.object.pk)

    def page(self):
        meeting = self.object
        return {
            "title": f"Publish the minutes of {meeting.title}",
            "caption": meeting.partnership.name,
            "question": "Are you sure you want to publish the minutes?",
            "meeting": meeting,
            "reg12": reg12_status(meeting=meeting),
            "deadline": meeting.deadline
            or public_meeting_deadline(partnership=meeting.partnership),
            "button": "Publish the minutes",
            "cancel_url": reverse("manage:meeting", args=[meeting.pk]),
            "breadcrumbs": _meeting_crumbs(meeting, ("Publish the minutes", None)),
        }

    def success_url(self):
        return reverse("manage:meeting", args=[self.object.pk])

    def success_message(self):
        message = "The minutes and attendance have been published."
        if self.completed:
            deadline = self.published.deadline
            message += (
                f" They complete the public-meeting deadline due "
                f"{deadline.due_date:%-d %B %Y}; the next one is open."
            )
        return message
