"""Reads for email alerts: is an event still public, who follows what, the
figures a crime summary shows."""

import datetime

from django.db.models import QuerySet, Sum
from django.utils import timezone

from engagement.models import Consultation
from meetings.models import Meeting
from opendata.models import Event, Subscriber, Topic
from partnerships.models import Area, Partnership
from plans.models import Plan
from priorities.models import MetWardCrimeCount, MonthlyCrimeCount, Priority

# Topics residents can choose. Meetings are announced by the meetings app
# (``portal.core.events.MEETING_SCHEDULED``) when one still to come is published.
OFFERED_TOPICS = (
    Topic.CONSULTATIONS,
    Topic.RESULTS,
    Topic.PUBLICATIONS,
    Topic.MEETINGS,
    Topic.CRIME_SUMMARY,
)


# Where a crime summary's figures come from, as its email says.
POLICE_UK = "data.police.uk (Open Government Licence v3.0)"
MET = (
    "Metropolitan Police Service, ward-level crime, London Datastore (Open "
    "Government Licence v3.0); the Met's own categories"
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
    if kind == Event.Kind.MEETING_SCHEDULED:
        # Still public and still to come: a meeting unpublished or already
        # held is not announced.
        return (
            Meeting.objects.public()
            .filter(pk=event.object_id, starts_at__gt=timezone.now())
            .exists()
        )
    # Crime figures, once imported, stay public.
    return True


def subscriber_for_token(*, token: str) -> Subscriber | None:
    """The live subscription a secret link belongs to (not once unsubscribed)."""
    return (
        Subscriber.objects.select_related("partnership", "ward")
        .filter(token=token, unsubscribed_at__isnull=True, anonymised_at__isnull=True)
        .first()
    )


def ward_choices(*, partnership: Partnership) -> QuerySet[Area]:
    """The wards a resident may follow: the current wards of the borough."""
    return (
        Area.objects.current()
        .filter(parent_id=partnership.area_id, kind=Area.Kind.WARD)
        .order_by("name")
    )


def _month_before(month: datetime.date, years: int = 1) -> datetime.date:
    return month.replace(year=month.year - years)


def _police_uk_counts(codes, months) -> dict:
    return {
        (m, crime_type): n
        for m, crime_type, n in MonthlyCrimeCount.objects.filter(
            area_code__in=codes, month__in=months
        )
        .values_list("month", "crime_type")
        .annotate(n=Sum("count"))
        .values_list("month", "crime_type", "n")
    }


def _met_counts(codes, months) -> dict:
    """The Met's counts by major category (its own taxonomy)."""
    return {
        (m, major): n
        for m, major, n in MetWardCrimeCount.objects.filter(
            ward_code__in=codes, month__in=months
        )
        .values_list("month", "major_category")
        .annotate(n=Sum("count"))
        .values_list("month", "major_category", "n")
    }


def crime_summary(*, area: Area, month: datetime.date) -> dict:
    """Crimes by type in ``area`` in ``month`` and a year before, for an email.

    A ward reads the Met's ward-level series where it has that month (London),
    else police.uk's counts placed in the ward. A borough reads police.uk's
    counts, else (a month police.uk has not published yet) the Met's counts of
    its current wards, summed. The summary names its source.
    """
    months = [month, _month_before(month)]
    if area.kind == Area.Kind.WARD:
        met_codes = [area.code]
    else:
        met_codes = list(
            Area.objects.current()
            .filter(parent=area, kind=Area.Kind.WARD)
            .exclude(code="")
            .values_list("code", flat=True)
        )
    police_uk = (POLICE_UK, lambda: _police_uk_counts([area.code], months))
    met = (MET, lambda: _met_counts(met_codes, months))
    order = [met, police_uk] if area.kind == Area.Kind.WARD else [police_uk, met]
    counts, source = {}, POLICE_UK
    for name, read in order:
        found = read() if area.code else {}
        if any(m == month for m, _ in found):
            counts, source = found, name
            break
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
        "source": source,
    }
