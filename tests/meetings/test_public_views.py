"""Residents' meeting pages and calendars."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from tests.meetings.factories import AttendanceFactory, MeetingFactory
from tests.partnerships.factories import PartnershipFactory
from tests.utils import page_text

pytestmark = pytest.mark.django_db


def days(n):
    return timezone.now().replace(microsecond=0) + datetime.timedelta(days=n)


def meeting(partnership, offset, **fields):
    return MeetingFactory(
        partnership=partnership,
        starts_at=days(offset),
        ends_at=days(offset) + datetime.timedelta(hours=2),
        **fields,
    )


def test_the_list_shows_upcoming_then_past_and_never_drafts(client, borough):
    """Soonest upcoming first, latest past first; drafts and other
    partnerships' meetings are not listed."""
    p = borough.partnership
    meeting(p, 40, title="Later meeting")
    meeting(p, 10, title="Sooner meeting", kind="safer_neighbourhood_board")
    meeting(p, -10, title="Last month's meeting")
    meeting(p, -90, title="Older meeting")
    meeting(p, 5, title="Draft meeting", status="draft")
    meeting(PartnershipFactory(), 5, title="Elsewhere")
    text = page_text(client.get(reverse("meetings:list", args=[p.slug])))
    order = [
        "Sooner meeting",
        "Later meeting",
        "Past meetings",
        "Last month's meeting",
        "Older meeting",
    ]
    positions = [text.index(title) for title in order]
    assert positions == sorted(positions)
    assert "Draft meeting" not in text
    assert "Elsewhere" not in text


def test_the_partnership_page_shows_meetings_and_the_contact_form(client, borough):
    """Upcoming and recent meetings, and a way to write to the partnership."""
    p = borough.partnership
    meeting(p, 10, title="Safer Neighbourhood Board")
    text = page_text(client.get(p.get_absolute_url()))
    assert "Safer Neighbourhood Board" in text
    assert "Write to Safer Testborough Partnership" in text
    assert "It is not for reporting crime" in text


def test_drafts_and_unpublished_partnerships_answer_404(client, borough):
    """Only published meetings of published partnerships are public."""
    draft = meeting(borough.partnership, 5, status="draft")
    hidden = meeting(PartnershipFactory(is_published=False), 5)
    for item in (draft, hidden):
        assert client.get(item.get_absolute_url()).status_code == 404
        assert (
            client.get(
                reverse("meetings:ics", args=[item.partnership.slug, item.slug])
            ).status_code
            == 404
        )
    assert (
        client.get(reverse("meetings:list", args=[hidden.partnership.slug])).status_code
        == 404
    )
    # A meeting under another partnership's address is not found.
    other = PartnershipFactory()
    public = meeting(borough.partnership, 5)
    assert (
        client.get(
            reverse("meetings:detail", args=[other.slug, public.slug])
        ).status_code
        == 404
    )


def test_minutes_and_attendance_show_only_once_published(client, borough):
    """Before: "will be published"; after: who attended and regulation 12."""
    held = meeting(borough.partnership, -3)
    for organisation in borough.authorities[:2]:
        AttendanceFactory(
            meeting=held, organisation=organisation, representative="Deputy head"
        )
    text = page_text(client.get(held.get_absolute_url()))
    assert "The minutes will be published here" in text
    assert "Deputy head" not in text
    held.minutes_published_at = timezone.now()
    held.save()
    text = page_text(client.get(held.get_absolute_url()))
    assert "Deputy head" in text
    assert "Not represented: London Fire Brigade" in text


def test_one_meeting_as_a_calendar_event(client, borough):
    """A timed event in UTC with the title, place, joining link and page."""
    item = meeting(
        borough.partnership,
        12,
        title="Ward panel",
        online_url="https://meet.example.org/panel",
    )
    response = client.get(
        reverse("meetings:ics", args=[borough.partnership.slug, item.slug])
    )
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    (event,) = Calendar.from_ical(response.content).events
    assert event.start == item.starts_at
    assert event.end == item.ends_at
    assert str(event["SUMMARY"]) == "Ward panel (Safer Testborough Partnership)"
    assert "Guildhall" in str(event["LOCATION"])
    assert "https://meet.example.org/panel" in str(event["DESCRIPTION"])
    assert str(event["URL"]).endswith(item.get_absolute_url())
    assert str(event["UID"]).startswith(f"meeting-{item.pk}@")


def test_the_feed_has_every_published_meeting_of_the_last_year_and_to_come(
    client, borough
):
    """Subscribe once: published meetings only, each with a stable UID."""
    p = borough.partnership
    shown = [meeting(p, 30), meeting(p, -30)]
    meeting(p, -400)  # more than a year ago
    meeting(p, 20, status="draft")
    response = client.get(reverse("meetings:feed", args=[p.slug]))
    uids = sorted(
        str(e["UID"]).split("@")[0] for e in Calendar.from_ical(response.content).events
    )
    assert uids == sorted(f"meeting-{m.pk}" for m in shown)
