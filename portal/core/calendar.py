"""iCalendar (RFC 5545) feeds and single events, written with ``icalendar``.

Apps build their feeds from these pieces: officers' deadline feeds
(``plans.deadlines.calendar``) and residents' meeting calendars
(``meetings``). Each event keeps the same UID for the same object, so a
calendar app updates the event rather than adding another. Timed events are
written in UTC, which every calendar app reads without a time zone
definition; all-day events as dates.
"""

import datetime

from django.http import HttpResponse
from icalendar import Calendar, Event, vDuration

# Calendar apps are asked to fetch a feed again this often.
REFRESH_INTERVAL = datetime.timedelta(hours=12)
PRODID = "-//Community safety partnership portal//{}//EN"


def calendar_new(*, name: str, description: str, uid: str, product: str) -> Calendar:
    """An empty calendar with a name, a stable UID and a refresh hint."""
    calendar = Calendar.new(
        name=name,
        description=description,
        prodid=PRODID.format(product),
        calscale="GREGORIAN",
        uid=uid,
    )
    calendar.add("REFRESH-INTERVAL", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH_INTERVAL))  # Outlook
    return calendar


def _utc(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC)
    return value


def calendar_event(
    *,
    uid: str,
    start: datetime.date | datetime.datetime,
    end: datetime.date | datetime.datetime,
    summary: str,
    description: str = "",
    url: str = "",
    location: str = "",
    busy: bool = True,
    cancelled: bool = False,
) -> Event:
    """One event: all day when ``start`` and ``end`` are dates, else timed."""
    event = Event.new(
        uid=uid,
        start=_utc(start),
        end=_utc(end),
        summary=summary,
        description=description or None,
        url=url or None,
        location=location or None,
        transparency="OPAQUE" if busy else "TRANSPARENT",
        status="CANCELLED" if cancelled else None,
    )
    return event


def calendar_response(calendar: Calendar, *, filename: str) -> HttpResponse:
    """The calendar as a download a calendar app opens."""
    response = HttpResponse(
        calendar.to_ical(), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
