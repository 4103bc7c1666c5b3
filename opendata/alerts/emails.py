"""The alert emails: plain text, each with a one-click unsubscribe.

Every email to a subscriber carries ``List-Unsubscribe`` (the subscription's
secret unsubscribe address) and ``List-Unsubscribe-Post:
List-Unsubscribe=One-Click`` (RFC 8058), so a mail program can unsubscribe
with one POST, and links in the body to manage or stop the emails.
"""

import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from opendata.alerts import selectors, weeks
from opendata.models import Delivery, Event, Subscriber

SUBJECTS = {
    Event.Kind.CONSULTATION_OPENED: "Have your say: {title}",
    Event.Kind.CONSULTATION_RESULTS: "Results published: {title}",
    Event.Kind.PLAN_PUBLISHED: "Published: {title}",
    Event.Kind.PRIORITY_PUBLISHED: "Priority published: {title}",
    Event.Kind.CRIME_FIGURES: "{title} for {place}",
    Event.Kind.MEETING_SCHEDULED: "Meeting: {title}",
}


def absolute(path: str) -> str:
    return f"{settings.PORTAL_BASE_URL.rstrip('/')}{path}"


def links(subscriber: Subscriber) -> dict:
    return {
        "manage_url": absolute(reverse("alerts:manage", args=[subscriber.token])),
        "unsubscribe_url": absolute(
            reverse("alerts:unsubscribe", args=[subscriber.token])
        ),
    }


def event_url(event: Event, subscriber: Subscriber) -> str:
    """Where to read more: a ward's follower reads new crime figures on the
    ward's page (a current ward of a hosted borough has one)."""
    if event.kind == Event.Kind.CRIME_FIGURES and subscriber.ward_id:
        ward_page = subscriber.ward.get_absolute_url()
        if ward_page:
            return absolute(ward_page)
    return absolute(event.path)


def place(subscriber: Subscriber) -> str:
    return subscriber.ward.name if subscriber.ward_id else subscriber.partnership.name


def _message(subscriber: Subscriber, subject: str, body: str, connection=None):
    unsubscribe = links(subscriber)["unsubscribe_url"]
    return EmailMessage(
        subject,
        body,
        to=[subscriber.email],
        connection=connection,
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )


def confirmation(subscriber: Subscriber) -> EmailMessage:
    """Double opt-in: nothing else is sent until the link in this is opened."""
    confirm = absolute(reverse("alerts:confirm", args=[subscriber.token]))
    body = render_to_string(
        "opendata/email/confirm.txt",
        {
            "subscriber": subscriber,
            "place": place(subscriber),
            "confirm_url": confirm,
            "days": settings.ALERTS_CONFIRM_WITHIN_DAYS,
            **links(subscriber),
        },
    )
    return _message(
        subscriber, f"Confirm your email address: {place(subscriber)}", body
    )


def manage_link(subscriber: Subscriber) -> EmailMessage:
    """Someone asked to subscribe an address that already is: where to manage it."""
    body = render_to_string(
        "opendata/email/already_subscribed.txt",
        {"subscriber": subscriber, "place": place(subscriber), **links(subscriber)},
    )
    return _message(
        subscriber, f"You already get emails about {place(subscriber)}", body
    )


class CrimeSummaries:
    """Crime summaries read once per area and month, for a batch of emails."""

    def __init__(self):
        self.read = {}

    def for_subscriber(self, subscriber: Subscriber, event: Event) -> dict:
        month = datetime.date.fromisoformat(f"{event.key}-01")
        areas = [subscriber.partnership.area]
        if subscriber.ward_id:
            areas.insert(0, subscriber.ward)
        for area in areas:
            key = (area.pk, month)
            if key not in self.read:
                self.read[key] = selectors.crime_summary(area=area, month=month)
            if self.read[key]["rows"]:
                return self.read[key]
        return self.read[(areas[-1].pk, month)]


def event_message(
    delivery: Delivery, *, summaries: CrimeSummaries, connection=None
) -> EmailMessage:
    event, subscriber = delivery.event, delivery.subscriber
    context = {
        "event": event,
        "subscriber": subscriber,
        "place": place(subscriber),
        "url": event_url(event, subscriber),
        **links(subscriber),
    }
    if event.kind == Event.Kind.CRIME_FIGURES:
        context["crime"] = summaries.for_subscriber(subscriber, event)
    subject = SUBJECTS[event.kind].format(title=event.title, place=place(subscriber))
    body = render_to_string("opendata/email/event.txt", context)
    return _message(subscriber, subject, body, connection)


def digest_message(
    digest, deliveries: list[Delivery], *, summaries: CrimeSummaries, connection=None
) -> EmailMessage:
    subscriber = digest.subscriber
    items = []
    for delivery in deliveries:
        event = delivery.event
        item = {"event": event, "url": event_url(event, subscriber)}
        if event.kind == Event.Kind.CRIME_FIGURES:
            item["crime"] = summaries.for_subscriber(subscriber, event)
        items.append(item)
    last_day = digest.week_start + datetime.timedelta(days=6)
    body = render_to_string(
        "opendata/email/digest.txt",
        {
            "subscriber": subscriber,
            "place": place(subscriber),
            "items": items,
            "week_start": digest.week_start,
            "week_end": last_day,
            "time_zone": weeks.zone().key,
            **links(subscriber),
        },
    )
    subject = (
        f"{place(subscriber)}: this week's news, "
        f"{digest.week_start:%-d %B} to {last_day:%-d %B %Y}"
    )
    return _message(subscriber, subject, body, connection)
