"""Every public page makes the same number of queries with 5 priorities as with
500 (issue #17): nothing is fetched once per priority, action, indicator,
objective, piece of evidence, consultation or meeting."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meetings.models import Meeting
from priorities.models import Action, Evidence, Indicator, Objective, Priority
from tests.engagement.factories import ConsultationFactory
from tests.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db

KINGSTON_TOWN = "/areas/kingston-upon-thames/kingston-town/"


def grow(plan, ward, start, count):
    """``count`` more published priorities in ``plan``, each placed in
    ``ward`` with an objective, two actions, an indicator and evidence, all
    written in bulk."""
    priorities = Priority.objects.bulk_create(
        Priority(plan=plan, title=f"Priority {n}", slug=f"priority-{n}",
                 summary="What the partnership will do.", description="**Why.**",
                 order=n, is_published=True)
        for n in range(start, start + count)
    )  # fmt: skip
    Priority.locations.through.objects.bulk_create(
        Priority.locations.through(priority=p, area=ward) for p in priorities
    )
    Objective.objects.bulk_create(
        Objective(priority=p, text="An objective", order=0) for p in priorities
    )
    Action.objects.bulk_create(
        Action(priority=p, title=f"Action {a} of {p.title}", ward=ward,
               status=Action.Status.ON_TRACK, order=a, is_published=True)
        for p in priorities
        for a in range(2)
    )  # fmt: skip
    Indicator.objects.bulk_create(
        Indicator(priority=p, name="Burglary", crime_type="Burglary",
                  period="2025-06", baseline_month=datetime.date(2024, 6, 1),
                  measured_month=datetime.date(2025, 6, 1), target_percent=-5)
        for p in priorities
    )  # fmt: skip
    Evidence.objects.bulk_create(
        Evidence(priority=p, kind=Evidence.Kind.RESIDENTS, detail="Residents said so.")
        for p in priorities
    )
    return priorities


def test_public_pages_make_as_many_queries_for_500_priorities_as_for_5(
    client, areas, settings
):
    settings.PORTAL_PAGE_CACHE_SECONDS = 0  # count rendering, not cache hits
    kingston, plan, ward = areas["kingston"], areas["plans"]["kingston"], areas["ward"]
    first = grow(plan, ward, 0, 5)[0]
    pages = [
        "/",
        kingston.get_absolute_url(),
        plan.get_absolute_url(),
        first.get_absolute_url(),
        f"/partnerships/{kingston.slug}/crime/",
        "/consultations/",
        f"/partnerships/{kingston.slug}/meetings/",
        KINGSTON_TOWN,
        "/areas/kingston-upon-thames/",
        "/search/?q=priority",
        "/api/v1/priorities/?page_size=50",
        f"/feeds/{kingston.slug}/publications.atom",
    ]

    def counts():
        found = {}
        for page in pages:
            with CaptureQueriesContext(connection) as captured:
                response = client.get(page)
            assert response.status_code == 200, page
            found[page] = len(captured)
        return found

    def more_of_everything(n):
        for _ in range(n):
            consultation = ConsultationFactory(partnership=kingston)
            consultation.priorities.add(first)
        now = timezone.now()
        for k in range(n):
            starts = now + datetime.timedelta(days=k + 1)
            MeetingFactory(partnership=kingston, ward=ward if k % 2 else None,
                           starts_at=starts,
                           ends_at=starts + datetime.timedelta(hours=2))  # fmt: skip

    more_of_everything(2)
    small = counts()
    grow(plan, ward, 5, 495)
    more_of_everything(20)
    assert Priority.objects.filter(plan=plan).count() == 500
    assert Meeting.objects.filter(partnership=kingston).count() == 22
    assert counts() == small
