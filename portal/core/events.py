"""Publications residents may want to hear about: apps announce, alerts listen.

Apps sit below the open data package (``opendata``) and must not import it, so
a service that makes something public - a plan, a priority, a consultation
opening, its results, a month of crime figures - calls ``publication_announce``
inside its own transaction. The alerts app (``opendata.alerts.receivers``)
records each announcement as an ``Event`` row in that same transaction (an
outbox: the event exists exactly when the publication committed) and queues
the fan-out to subscribers once it commits.

Announcing the same publication twice is harmless: an event is identified by
its kind, the object's id and ``key`` (a version, a month), and is recorded
once. Announce only what residents can see at that moment; the alerts check
again before anything is sent.
"""

import datetime

from django.dispatch import Signal
from django.utils import timezone

# The kinds of publication; the alerts map each one to a topic residents choose.
CONSULTATION_OPENED = "consultation_opened"
CONSULTATION_RESULTS = "consultation_results"
PLAN_PUBLISHED = "plan_published"
PRIORITY_PUBLISHED = "priority_published"
CRIME_FIGURES = "crime_figures"
# For the meetings app when it arrives: a meeting residents may attend.
MEETING_SCHEDULED = "meeting_scheduled"

KINDS = (
    CONSULTATION_OPENED,
    CONSULTATION_RESULTS,
    PLAN_PUBLISHED,
    PRIORITY_PUBLISHED,
    CRIME_FIGURES,
    MEETING_SCHEDULED,
)

content_published = Signal()


def publication_announce(
    *,
    kind: str,
    partnership_id: int,
    object_id: int,
    title: str,
    path: str,
    key: str = "",
    summary: str = "",
    area_id: int | None = None,
    occurred_at: datetime.datetime | None = None,
) -> None:
    """Say that something of ``kind`` became public (call inside the transaction).

    ``path`` is the public page's address on this site; ``area_id`` narrows it
    to one ward (a ward panel meeting), or is None for the whole partnership.
    """
    if kind not in KINDS:
        raise ValueError(f"Unknown publication kind: {kind!r}")
    content_published.send(
        sender=None,
        kind=kind,
        partnership_id=partnership_id,
        object_id=object_id,
        key=str(key),
        title=title,
        summary=summary,
        path=path,
        area_id=area_id,
        occurred_at=occurred_at or timezone.now(),
    )
