"""Residents' meeting pages: a partnership's meetings, one meeting with its
papers, minutes and attendance, its documents, and calendars to add one
meeting or subscribe to them all.

Only published meetings of published partnerships are public; minutes and
attendance only once their minutes are published. Anything else answers 404.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from meetings.models import Meeting
from meetings.selectors import (
    meeting_detail_public,
    meeting_document_public,
    meeting_documents,
    meeting_list_for_feed,
    meeting_list_public,
    reg12_status,
)
from partnerships.selectors import partnership_list_public
from portal.core.calendar import calendar_event, calendar_new, calendar_response
from portal.core.documents import document_response


def _partnership(slug: str):
    return get_object_or_404(partnership_list_public(), slug=slug)


def _feed_urls(request, partnership) -> dict:
    feed = request.build_absolute_uri(reverse("meetings:feed", args=[partnership.slug]))
    return {"feed_url": feed, "webcal_url": "webcal://" + feed.split("://", 1)[1]}


class MeetingListView(TemplateView):
    template_name = "meetings/meeting_list.html"

    def get_context_data(self, **kwargs):
        partnership = _partnership(kwargs["partnership_slug"])
        lists = meeting_list_public(partnership=partnership)
        return super().get_context_data(
            partnership=partnership,
            upcoming=lists.upcoming,
            past=lists.past,
            breadcrumbs=[
                ("Home", reverse("portal:home")),
                (partnership.name, partnership.get_absolute_url()),
                ("Meetings", None),
            ],
            **_feed_urls(self.request, partnership),
            **kwargs,
        )


class MeetingDetailView(TemplateView):
    template_name = "meetings/meeting_detail.html"

    def get_context_data(self, **kwargs):
        meeting = get_object_or_404(
            meeting_detail_public(partnership_slug=kwargs["partnership_slug"]),
            slug=kwargs["slug"],
        )
        partnership = meeting.partnership
        attendance = []
        if meeting.minutes_published:
            attendance = sorted(
                meeting.attendance.all(), key=lambda a: a.organisation.name
            )
        return super().get_context_data(
            meeting=meeting,
            partnership=partnership,
            documents=meeting_documents(meeting=meeting, public=True),
            attendance=attendance,
            reg12=reg12_status(meeting=meeting)
            if meeting.minutes_published and meeting.kind == Meeting.Kind.ANNUAL_PUBLIC
            else None,
            is_past=meeting.ends_at < timezone.now(),
            breadcrumbs=[
                ("Home", reverse("portal:home")),
                (partnership.name, partnership.get_absolute_url()),
                ("Meetings", reverse("meetings:list", args=[partnership.slug])),
                (meeting.title, None),
            ],
            last_updated=meeting.updated_at,
            **_feed_urls(self.request, partnership),
            **kwargs,
        )


def _event(request, meeting: Meeting):
    link = request.build_absolute_uri(meeting.get_absolute_url())
    lines = [meeting.get_kind_display()]
    if meeting.online_url:
        lines.append(f"Join online: {meeting.online_url}")
    if meeting.accessibility:
        lines.append(f"Accessibility: {meeting.accessibility}")
    if meeting.summary:
        lines += ["", meeting.summary]
    lines += ["", f"Agenda and papers: {link}"]
    return calendar_event(
        uid=f"meeting-{meeting.pk}@{request.get_host().split(':', 1)[0]}",
        start=meeting.starts_at,
        end=meeting.ends_at,
        summary=f"{meeting.title} ({meeting.partnership.name})",
        description="\n".join(lines),
        url=link,
        location=" ".join(meeting.place.split()) or meeting.online_url,
    )


@require_safe
def meeting_calendar(request, partnership_slug: str, slug: str):
    """One meeting as an iCalendar file: "add to my calendar"."""
    meeting = get_object_or_404(
        meeting_detail_public(partnership_slug=partnership_slug), slug=slug
    )
    calendar = calendar_new(
        name=meeting.title,
        description=f"A meeting of {meeting.partnership.name}",
        uid=f"meeting-{meeting.pk}-calendar",
        product="Meetings",
    )
    calendar.add_component(_event(request, meeting))
    return calendar_response(calendar, filename=f"{meeting.slug}.ics")


@require_safe
def meetings_feed(request, partnership_slug: str):
    """Every published meeting of a partnership, as a calendar to subscribe to."""
    partnership = _partnership(partnership_slug)
    calendar = calendar_new(
        name=f"Meetings: {partnership.name}",
        description=f"Public meetings of {partnership.name}",
        uid=f"meetings-{partnership.pk}",
        product="Meetings",
    )
    for meeting in meeting_list_for_feed(partnership=partnership):
        calendar.add_component(_event(request, meeting))
    return calendar_response(calendar, filename=f"meetings-{partnership.slug}.ics")


@require_safe
def meeting_document(request, partnership_slug: str, slug: str, pk: int):
    """A public agenda, paper or minutes, as a download."""
    document = meeting_document_public(
        partnership_slug=partnership_slug, meeting_slug=slug, pk=pk
    )
    if document is None:
        raise Http404
    return document_response(file=document.file, title=document.title)
