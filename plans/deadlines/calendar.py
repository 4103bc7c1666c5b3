"""Officers' deadlines as a calendar feed (iCalendar, RFC 5545).

Each officer may have one secret feed address per partnership. The address is
the only credential a calendar app can send, so it is long and random, shown
only to its owner and revocable; the feed answers only while its owner still
has a role in the partnership.

The writes for addresses live here beside the feed they open, so everything
about the calendar is in one place.
"""

import datetime
import secrets

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from partnerships.models import Partnership
from plans.deadlines.selectors import calendar_token_active
from plans.models import CalendarToken, Deadline
from portal.core.calendar import calendar_event, calendar_new


@transaction.atomic
def calendar_token_create(*, user, partnership: Partnership) -> CalendarToken:
    """Give the user a feed address for the partnership, or the one they have.

    Locking the user's row makes two clicks at once give one address.
    """
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    existing = calendar_token_active(user=user, partnership=partnership)
    if existing is not None:
        return existing
    return CalendarToken.objects.create(
        user=user, partnership=partnership, token=secrets.token_urlsafe(32)
    )


@transaction.atomic
def calendar_token_revoke(*, user, partnership: Partnership) -> int:
    """Stop the user's feed addresses for the partnership; return how many."""
    return CalendarToken.objects.filter(
        user=user, partnership=partnership, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())


def _description(deadline: Deadline, *, link: str) -> str:
    lines = [f"Status: {Deadline.Status(deadline.status).label}"]
    if deadline.status == Deadline.Status.DONE:
        done = deadline.completed_on
        lines.append(f"Done on {done.day} {done:%B %Y}")
        if deadline.evidence_link:
            lines.append(f"Evidence: {deadline.evidence_link}")
    owners = ", ".join(
        owner.get_full_name() or owner.email for owner in deadline.owners.all()
    )
    lines.append(f"Owners: {owners or 'none yet'}")
    lines.append(f"Partnership: {deadline.partnership.name}")
    lines.append(f"See it in the portal: {link}")
    return "\n".join(lines)


def calendar_build(
    *,
    partnership: Partnership,
    deadlines: list[Deadline],
    link_for,
    uid_domain: str,
) -> bytes:
    """The feed: one all-day event per deadline.

    ``deadlines`` come from ``deadline_list_for_calendar`` (with ``status``
    attached); ``link_for(deadline)`` gives the absolute address of its page.
    Each event's UID stays the same for the deadline, so calendar apps update
    the event rather than add another.
    """
    calendar = calendar_new(
        name=f"Deadlines: {partnership.name}",
        description=f"Statutory deadlines of {partnership.name}",
        uid=f"deadlines-{partnership.pk}@{uid_domain}",
        product="Deadlines",
    )
    for deadline in deadlines:
        link = link_for(deadline)
        calendar.add_component(
            calendar_event(
                uid=f"deadline-{deadline.pk}@{uid_domain}",
                start=deadline.due_date,
                end=deadline.due_date + datetime.timedelta(days=1),
                summary=deadline.title,
                description=_description(deadline, link=link),
                url=link,
                busy=False,
            )
        )
    return calendar.to_ical()
