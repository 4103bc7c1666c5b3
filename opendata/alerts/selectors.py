"""Reads for email alerts: is an event still public, who follows what, the
figures a crime summary shows."""

import datetime

from django.db.models import QuerySet

from engagement.models import Consultation
from opendata.models import Event, Subscriber, Topic
from partnerships.models import Area, Partnership
from plans.models import Plan
from priorities.models import MonthlyCrimeCount, Priority

# Topics residents can choose today. Meetings join when the meetings app
# exists and announces ``portal.core.events.MEETING_SCHEDULED``.
OFFERED_TOPICS = (
    Topic.CONSULTATIONS,
    Topic.RESULTS,
    Topic.PUBLICATIONS,
    Topic.CRIME_SUMMARY,
)


def event_is_public(event: Event) -> bool:
    """Whether what the event announces is still public (checked again before
    fan-out and before each send, so an unpublished plan is never announced)."""
    if not Partnership.objects.public().filter(pk=event.partnership_id).exists():
        return False
    kind = event.kind
    if kind == Event.Kind.PLAN_PUBLISHED:
        return Plan.objects.public().filter(pk=event.object_id).exists()
    if kind == Event.Kind.PRIORITY_PUBLISHED:
        return Priority.objects.filter(
            pk=event.object_id, is_published=True, plan__in=Plan.objects.public()
        ).exists()
    if kind == Event.Kind.CONSULTATION_OPENED:
        return Consultation.objects.filter(
            pk=event.object_id, status__in=Consultation.PUBLIC_STATUSES
        ).exists()
    if kind == Event.Kind.CONSULTATION_RESULTS:
        return Consultation.objects.filter(
            pk=event.object_id, status=Consultation.Status.PUBLISHED
        ).exists()
    # Crime figures, once imported, stay public; meetings say for themselves.
    return True


def subscriber_for_token(*, token: str) -> Subscriber | None:
    """The live subscription a secret link belongs to (not once unsubscribed)."""
    return (
        Subscriber.objects.select_related("partnership", "ward")
        .filter(token=token, unsubscribed_at__isnull=True, anonymised_at__isnull=True)
        .first()
    )


def ward_choices(*, partnership: Partnership) -> QuerySet[Area]:
    return Area.objects.filter(
        parent_id=partnership.area_id, kind=Area.Kind.WARD
    ).order_by("name")


def _month_before(month: datetime.date, years: int = 1) -> datetime.date:
    return month.replace(year=month.year - years)


def crime_summary(*, area: Area, month: datetime.date) -> dict:
    """Crimes by type in ``area`` in ``month`` and a year before, for an email."""
    counts = {
        (m, crime_type): n
        for m, crime_type, n in MonthlyCrimeCount.objects.filter(
            area_code=area.code, month__in=[month, _month_before(month)]
        ).values_list("month", "crime_type", "count")
    }
    types = sorted({t for m, t in counts if m == month})
    rows = [
        {
            "crime_type": t,
            "count": counts[(month, t)],
            "year_before": counts.get((_month_before(month), t)),
        }
        for t in types
    ]
    return {
        "area": area,
        "month": month,
        "rows": rows,
        "total": sum(r["count"] for r in rows),
    }
