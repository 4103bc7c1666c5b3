"""The API's resources: what each shows, its filters, pages and CSV files."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from engagement.models import Consultation
from opendata.models import Subscriber
from partnerships.models import Area, Board, BoardObjective, Partnership, Principle
from plans.models import Plan
from priorities.models import (
    Action,
    Evidence,
    Indicator,
    MonthlyCrimeCount,
    Objective,
    Priority,
)
from tests.plans.factories import PlanFactory
from tests.priorities.factories import PriorityFactory

pytestmark = pytest.mark.django_db


def rows(client, name, **params):
    response = client.get(reverse(f"api:{name}-list"), params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def csv_of(client, name, **params):
    response = client.get(reverse(f"api:{name}-list"), {**params, "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.streaming
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def test_the_root_lists_every_resource_and_the_schema(client, world):
    """The API's front door links to each list, the schema and the reference."""
    body = client.get(reverse("api:root")).json()
    assert set(body["resources"]) >= {"partnerships", "plans", "crime_counts"}
    for url in body["resources"].values():
        assert client.get(url).status_code == 200
    assert body["schema"].endswith("/api/v1/schema/")


def test_a_partnership_has_its_area_principles_and_boards(client, world):
    """The partnership's detail, by slug, with a link to its page."""
    body = client.get(
        reverse("api:partnership-detail", args=[world.partnership.slug])
    ).json()
    assert body["name"] == "Safer Testborough Partnership"
    assert body["area"] == {
        "code": "E09000901",
        "name": "Testborough",
        "kind": "local_authority",
    }
    assert len(body["principles"]) == 1
    assert body["boards"][0]["name"]
    assert body["web_url"] == "http://testserver/partnerships/safer-testborough/"


def test_a_hidden_partnership_is_not_found(client, world):
    """Unpublished partnerships answer 404, in the API as on the pages."""
    url = reverse("api:partnership-detail", args=[world.hidden.slug])
    response = client.get(url)
    assert response.status_code == 404
    assert response.json() == {"detail": "No Partnership matches the given query."}


def test_plans_show_live_values_never_the_pending_draft(client, world):
    """A published plan with a draft in progress shows what residents see."""
    titles = [p["title"] for p in rows(client, "plan")]
    assert titles == ["Testborough Plan 2024-2029", "Testborough Plan 2019-2023"]
    body = client.get(reverse("api:plan-detail", args=[world.plan.pk])).json()
    assert body["title"] == "Testborough Plan 2024-2029"
    assert [s["title"] for s in body["sections"]] == ["Our approach"]
    assert body["sections"][0]["body_markdown"] == "=SUM(A1)"
    assert (
        client.get(reverse("api:plan-detail", args=[world.draft_plan.pk])).status_code
        == 404
    )


def test_plans_filter_by_partnership_kind_status_and_year(client, world):
    """Filters narrow the list; a partnership that is not public matches nothing."""
    assert len(rows(client, "plan", partnership="safer-testborough")) == 2
    assert rows(client, "plan", partnership=world.hidden.slug) == []
    assert [p["status"] for p in rows(client, "plan", status="superseded")] == [
        "superseded"
    ]
    assert [p["start_year"] for p in rows(client, "plan", year=2021)] == [2019]
    assert rows(client, "plan", kind="annual_report") == []


@pytest.mark.parametrize(
    ("name", "params", "field"),
    [
        ("plan", {"year": "1066"}, "year"),
        ("plan", {"year": "soon"}, "year"),
        ("plan", {"kind": "novel"}, "kind"),
        ("crime-count", {"month": "2024-13"}, "month"),
        ("crime-count", {"month_from": "January"}, "month_from"),
        ("crime-count", {"ward": "Northward"}, "ward"),
        ("priority", {"plan": "-1"}, "plan"),
        ("deadline", {"due_from": "2027-02-30"}, "due_from"),
        ("action", {"partnership": "safer testborough"}, "partnership"),
        ("deadline", {"duty": "domestic_homicide_review"}, "duty"),
    ],
)
def test_a_filter_value_that_does_not_fit_is_a_400_naming_it(
    client, world, name, params, field
):
    """Bad input gets a clear message, never a server error."""
    response = client.get(reverse(f"api:{name}-list"), params)
    assert response.status_code == 400
    assert field in response.json()


def test_priorities_filter_by_ward_and_carry_objectives(client, world):
    """A priority with a ward in focus is found by the ward's code."""
    (priority,) = rows(client, "priority", ward=world.north.code)
    assert priority["title"] == "Reduce burglary"
    assert priority["objectives"] == ["Visit every victim"]
    assert priority["places_in_focus"][0]["code"] == world.north.code
    assert rows(client, "priority", ward=world.south.code) == []


def test_actions_and_indicators_of_published_priorities_only(client, world):
    """Actions and indicators: published, of published priorities of public plans."""
    assert [a["title"] for a in rows(client, "action")] == ["Patrol the estates"]
    (indicator,) = rows(client, "indicator")
    assert indicator["target_percent"] == -4.5
    assert indicator["change_percent"] == -25.4
    assert indicator["result"] == "achieved"
    assert rows(client, "indicator", crime_type="Robbery") == []


def test_deadlines_leave_out_internal_duties_and_cases(client, world):
    """Only duties with a public outcome; never a domestic homicide review case."""
    (deadline,) = rows(client, "deadline")
    assert deadline["duty"] == "strategic_assessment"
    assert deadline["due_date"] == "2027-01-31"
    assert deadline["status"] in ("upcoming", "due", "overdue")


def test_consultations_and_their_public_priorities(client, world):
    """Open, closed and published only; linked priorities only if public."""
    found = {c["title"]: c for c in rows(client, "consultation")}
    assert set(found) == {"Lighting", "Parks", "Feeling safe"}
    assert found["Lighting"]["priorities"] == [world.priority.pk]
    assert found["Feeling safe"]["results_published"] is True
    assert [c["title"] for c in rows(client, "consultation", status="open")] == [
        "Lighting"
    ]


def test_results_only_once_published(client, world):
    """Results of a closed consultation are not there; published ones are."""
    closed = reverse("api:consultation-results", args=[world.closed.pk])
    assert client.get(closed).status_code == 404
    body = client.get(
        reverse("api:consultation-results", args=[world.published.pk])
    ).json()
    (choice, text) = body["questions"]
    assert choice["answered"] == 3
    assert choice["asked"] is None  # asked of everyone: no condition
    assert [(o["text"], o["count"]) for o in choice["options"]] == [
        ("Yes", 3),
        ("No", 0),
    ]
    assert text["options"] == []
    assert [w["priority"] for w in body["we_did"]] == [world.priority.pk, None]


def test_equality_totals_are_suppressed_under_ten(client, world):
    """12 women are shown; 3 men, and the empty groups, are not told apart."""
    body = client.get(
        reverse("api:consultation-results", args=[world.published.pk])
    ).json()
    sex = next(q for q in body["equality"] if q["label"] == "Sex")
    groups = {g["label"]: g for g in sex["groups"]}
    assert groups["Female"] == {"label": "Female", "count": 12, "suppressed": False}
    assert groups["Male"] == {"label": "Male", "count": None, "suppressed": True}
    assert groups["Prefer not to say"] == groups["Male"] | {
        "label": "Prefer not to say"
    }
    assert "3" not in str(groups["Male"])


def test_free_text_answers_are_never_in_the_api(client, world):
    """Results are totals: what one person wrote stays with the partnership."""
    body = client.get(
        reverse("api:consultation-results", args=[world.published.pk])
    ).content.decode()
    assert "my neighbour" not in body


def test_crime_counts_filter_and_say_their_source(client, world):
    """By partnership (borough and wards), ward, month range and type, each
    with the area's name and when its month was imported."""
    found = rows(
        client, "crime-count", partnership="safer-testborough", month="2024-01"
    )
    assert {(r["area_code"], r["crime_type"]) for r in found} == {
        ("E09000901", "Burglary"),
        ("E09000901", "=cmd|' /C calc'!A0"),
        ("E05000901", "Burglary"),
        ("E05000902", "Burglary"),
    }
    (north,) = rows(client, "crime-count", ward="E05000901")
    assert north["area_name"] == "North"
    assert north["area_kind"] == "ward"
    assert north["source"]["licence"] == "Open Government Licence v3.0"
    assert north["source"]["imported_at"] is not None
    wards = rows(client, "crime-count", partnership="safer-testborough", level="ward")
    assert {r["area_code"] for r in wards} == {"E05000901", "E05000902"}
    before = rows(client, "crime-count", area="E09000901", month_to="2023-12")
    assert [(r["month"], r["count"]) for r in before] == [("2023-01", 63)]
    assert before[0]["source"]["imported_at"] is None
    assert rows(client, "crime-count", crime_type="Robbery") == []


def test_lists_are_paginated_up_to_500(client, world):
    """Pages of 50 by default; page_size up to 500; past the end is a 404."""
    PriorityFactory.create_batch(3, plan=world.plan)
    url = reverse("api:priority-list")
    body = client.get(url, {"page_size": 2}).json()
    assert body["count"] == 4
    assert len(body["results"]) == 2
    assert "page=2" in body["next"]
    assert len(client.get(url, {"page_size": 10_000}).json()["results"]) == 4
    assert client.get(url, {"page": 3, "page_size": 2}).status_code == 404
    assert client.get(url, {"page": "last-but-one"}).status_code == 404


def test_any_list_downloads_as_csv_with_formulas_neutralised(client, world):
    """Every row, flattened into columns, cells that a spreadsheet would run
    made plain text, numbers left as numbers."""
    (section,) = csv_of(client, "section")
    assert section["body_markdown"] == "'=SUM(A1)"
    (priority,) = csv_of(client, "priority")
    assert priority["summary"] == "'@fewer break-ins"
    assert priority["delivery_group_name"]
    assert priority["objectives"] == "Visit every victim"
    assert priority["places_in_focus"] == "North"
    (indicator,) = csv_of(client, "indicator")
    assert indicator["target_percent"] == "-4.5"
    counts = csv_of(client, "crime-count", area="E09000901", month="2024-01")
    assert {c["crime_type"] for c in counts} == {"Burglary", "'=cmd|' /C calc'!A0"}
    assert counts[0]["source_licence"] == "Open Government Licence v3.0"


def test_csv_is_every_row_not_one_page(client, world, settings):
    """The CSV ignores pages: 120 priorities come out as 120 rows."""
    PriorityFactory.create_batch(119, plan=world.plan)
    assert len(csv_of(client, "priority", page_size=5)) == 120


def test_a_detail_address_has_no_csv_format(client, world):
    """Only lists are CSV; asking a detail for it is a 404 in JSON."""
    response = client.get(
        reverse("api:plan-detail", args=[world.plan.pk]), {"format": "csv"}
    )
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_the_accept_header_does_not_change_the_answer(client, world):
    """Format comes from the address, so caches need no Vary: Accept."""
    url = reverse("api:plan-list")
    as_json = client.get(url, HTTP_ACCEPT="text/csv")
    assert as_json["Content-Type"] == "application/json"
    assert "Vary" not in as_json or "Accept" not in as_json["Vary"]
    assert client.get(url, HTTP_ACCEPT="text/html").status_code == 200


def test_the_api_changes_nothing(client, world):
    """Read-only: writes are refused and nothing is stored."""
    url = reverse("api:plan-list")
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)(url, {}, content_type="application/json")
        assert response.status_code == 405
    assert not Subscriber.objects.exists()


def _priorities(plan, count):
    """``count`` published priorities, each with two objectives, evidence, an
    indicator, an action and a place in focus (bulk writes: quick)."""
    first = Priority.objects.count()
    priorities = Priority.objects.bulk_create(
        Priority(
            plan=plan,
            title=f"Bulk priority {n}",
            slug=f"bulk-priority-{n}",
            summary="A priority",
            order=n,
            is_published=True,
        )
        for n in range(first, first + count)
    )
    Objective.objects.bulk_create(
        Objective(priority=p, text=f"Objective {k}") for p in priorities for k in (1, 2)
    )
    Evidence.objects.bulk_create(Evidence(priority=p, kind="data") for p in priorities)
    Indicator.objects.bulk_create(
        Indicator(priority=p, name="Burglary", period="2024") for p in priorities
    )
    Action.objects.bulk_create(
        Action(priority=p, title="Act", is_published=True) for p in priorities
    )
    Priority.locations.through.objects.bulk_create(
        Priority.locations.through(priority=p, area=plan.partnership.area)
        for p in priorities
    )


def _partnerships(plan, count):
    first = Area.objects.count()
    areas = Area.objects.bulk_create(
        Area(name=f"Bulk borough {n}", kind="local_authority", code=f"E08{n:06d}")
        for n in range(first, first + count)
    )
    partnerships = Partnership.objects.bulk_create(
        Partnership(
            name=f"Bulk partnership {a.pk}",
            slug=f"bulk-{a.pk}",
            area=a,
            summary="A partnership",
            is_published=True,
        )
        for a in areas
    )
    Principle.objects.bulk_create(
        Principle(partnership=p, text="Work together") for p in partnerships
    )
    boards = Board.objects.bulk_create(
        Board(partnership=p, name="Board", slug="board", kind="strategic")
        for p in partnerships
    )
    BoardObjective.objects.bulk_create(
        BoardObjective(board=b, text="Aim") for b in boards
    )


def _consultations(plan, count):
    priority = PriorityFactory(plan=plan)
    first = Consultation.objects.count()
    now = timezone.now()
    consultations = Consultation.objects.bulk_create(
        Consultation(
            partnership=plan.partnership,
            title=f"Bulk consultation {n}",
            slug=f"bulk-consultation-{n}",
            summary="Have your say",
            status="open",
            opens_at=now - datetime.timedelta(days=1),
            closes_at=now + datetime.timedelta(days=1),
        )
        for n in range(first, first + count)
    )
    Consultation.priorities.through.objects.bulk_create(
        Consultation.priorities.through(consultation=c, priority=priority)
        for c in consultations
    )


def _plans(plan, count):
    first = Plan.objects.count()
    Plan.objects.bulk_create(
        Plan(
            partnership=plan.partnership,
            kind="annual_report",
            title=f"Annual report {n}",
            slug=f"annual-report-{first + n}",
            status="published",
            published_on=datetime.date(2024, 1, 1),
        )
        for n in range(count)
    )


def _crime_counts(plan, count):
    start = MonthlyCrimeCount.objects.count()
    MonthlyCrimeCount.objects.bulk_create(
        MonthlyCrimeCount(
            area_code=f"E05{n:06d}",
            month=datetime.date(2024, 1, 1),
            crime_type="Burglary",
            count=n,
        )
        for n in range(start, start + count)
    )


GROW = {
    "partnership": _partnerships,
    "plan": lambda plan, count: PlanFactory.create_batch(
        count, partnership=plan.partnership
    ),
    "priority": _priorities,
    "action": _priorities,
    "indicator": _priorities,
    "consultation": _consultations,
    "crime-count": _crime_counts,
}


@pytest.mark.parametrize("name", list(GROW))
def test_a_list_takes_as_many_queries_for_500_rows_as_for_5(
    client, no_cache, django_assert_num_queries, name
):
    """The number of queries for a page does not grow with its length."""
    plan = PlanFactory()
    GROW[name](plan, 5)
    url = reverse(f"api:{name}-list")
    with CaptureQueriesContext(connection) as five:
        assert len(client.get(url, {"page_size": 500}).json()["results"]) >= 5
    GROW[name](plan, 495)
    with django_assert_num_queries(len(five)):
        response = client.get(url, {"page_size": 500})
    assert len(response.json()["results"]) == 500
