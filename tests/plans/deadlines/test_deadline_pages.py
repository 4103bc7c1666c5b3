"""Officers' deadline pages: the dashboard, the list, marking done; and the
residents' table of statutory documents."""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.deadlines.services import case_open, duty_configure
from plans.models import Deadline, Plan
from tests.plans.factories import PlanFactory

pytestmark = pytest.mark.django_db
D = datetime.date
# 1 December 2026: the data for April to June 2026 (due 30 September) is overdue.
NOW = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)
OVERDUE_TITLE = "Prescribed data sharing between partners April to June 2026"
NEXT_TITLE = "Prescribed data sharing between partners July to September 2026"


def quarterly_duty(partnership, owner):
    return duty_configure(
        partnership=partnership,
        kind="data_sharing",
        cadence="quarterly",
        start_quarter=D(2026, 4, 1),
        owners=[owner],
        today=D(2026, 11, 21),
    )


@pytest.fixture
def world(two_partnerships):
    """A and B each have an overdue quarterly data sharing deadline."""
    users = two_partnerships["users"]
    for key in ("a", "b"):
        duty = quarterly_duty(
            two_partnerships[key]["partnership"], users[f"officer_{key}"]
        )
        two_partnerships[key]["overdue"] = duty.deadlines.get()
    return two_partnerships


def section(text: str, heading: str) -> str:
    """The part of the page from an h2 to the next h2."""
    match = re.search(rf"<h2[^>]*>{heading}</h2>(.*?)(<h2|$)", text, re.S)
    assert match, heading
    return match.group(1)


def sign_in(client, user):
    """Sign in inside the frozen time, so the session is not already stale."""
    client.force_login(user)


def test_deadlines_page_shows_an_overdue_deadline_under_overdue(client, world):
    """An officer of A sees A's overdue deadline under Overdue, nothing of B's."""
    a, b = world["a"], world["b"]
    with time_machine.travel(NOW, tick=False):
        sign_in(client, world["users"]["officer_a"])
        response = client.get(reverse("manage:deadlines"))
    assert response.status_code == 200
    text = response.text
    overdue = section(text, "Overdue")
    assert OVERDUE_TITLE in overdue
    assert f'id="deadline-{a["overdue"].pk}"' in overdue
    assert "30 September 2026" in overdue
    assert "Officer A" in overdue  # the owner
    assert "govuk-tag--red" in overdue
    assert a["partnership"].name in overdue
    assert f'id="deadline-{b["overdue"].pk}"' not in text
    assert f'id="deadline-{b["deadline"].pk}"' not in text
    assert b["partnership"].name not in text


def test_dashboard_lists_your_overdue_deadlines(client, world):
    """The dashboard's "Your deadlines" shows A's overdue deadline, not B's."""
    with time_machine.travel(NOW, tick=False):
        sign_in(client, world["users"]["officer_a"])
        text = client.get(reverse("manage:dashboard")).text
    deadlines = section(text, "Your deadlines")
    assert "1 overdue" in deadlines
    assert OVERDUE_TITLE in deadlines
    assert f'id="deadline-{world["a"]["overdue"].pk}"' in deadlines
    assert f'id="deadline-{world["b"]["overdue"].pk}"' not in text
    assert world["b"]["partnership"].name not in text


def test_site_admin_sees_every_partnerships_deadlines(client, world):
    """A site administrator without roles sees A's and B's deadlines."""
    with time_machine.travel(NOW, tick=False):
        sign_in(client, world["users"]["admin"])
        overdue = section(client.get(reverse("manage:deadlines")).text, "Overdue")
    for key in ("a", "b"):
        assert f'id="deadline-{world[key]["overdue"].pk}"' in overdue


def test_marking_done_with_evidence_shows_the_next_cycle(client, world):
    """Done with a link: success message, listed as recently done with the link,
    and next quarter's deadline is due."""
    deadline = world["a"]["overdue"]
    url = reverse("manage:deadline_complete", args=[deadline.pk])
    with time_machine.travel(NOW, tick=False):
        sign_in(client, world["users"]["officer_a"])
        form = client.get(url)
        assert form.status_code == 200
        assert "Link to the evidence" in form.text
        response = client.post(
            url, {"evidence_url": "https://example.org/data-return-q1.pdf"}
        )
        assert response.status_code == 302
        assert response["Location"] == reverse("manage:deadlines")
        page = client.get(response["Location"]).text
    deadline.refresh_from_db()
    assert deadline.completed_on == D(2026, 12, 1)
    assert deadline.completed_by == world["users"]["officer_a"]
    assert deadline.evidence_url == "https://example.org/data-return-q1.pdf"
    assert f"{OVERDUE_TITLE} is marked as done." in page
    assert "due on 31 December 2026" in page
    assert OVERDUE_TITLE not in section(page, "Overdue")
    due = section(page, "Due in the next 30 days")
    assert NEXT_TITLE in due
    assert "31 December 2026" in due
    done = section(page, "Recently done")
    assert OVERDUE_TITLE in done
    assert 'href="https://example.org/data-return-q1.pdf"' in done


@pytest.mark.parametrize(
    ("link", "message"),
    [
        ("", "Enter a link to the evidence, like https://"),
        ("not a link", "Enter the link to the evidence in the correct format"),
        ("javascript:alert(1)", "Enter the link to the evidence in the correct format"),
    ],
)
def test_marking_done_without_a_good_link_changes_nothing(client, world, link, message):
    """A missing or broken link gets a GOV.UK error; nothing is saved."""
    deadline = world["a"]["overdue"]
    with time_machine.travel(NOW, tick=False):
        sign_in(client, world["users"]["officer_a"])
        response = client.post(
            reverse("manage:deadline_complete", args=[deadline.pk]),
            {"evidence_url": link},
        )
    assert response.status_code == 200
    assert "<title>Error: " in response.text
    assert "govuk-error-summary" in response.text
    assert message in response.text
    deadline.refresh_from_db()
    assert deadline.completed_on is None
    assert Deadline.objects.filter(duty=deadline.duty).count() == 1


def test_consultation_manager_may_see_but_not_complete(client, world):
    """A consultation manager of A sees the deadline without "Mark as done";
    the form answers 403 and a POST changes nothing."""
    deadline = world["a"]["overdue"]
    url = reverse("manage:deadline_complete", args=[deadline.pk])
    with time_machine.travel(NOW, tick=False):
        sign_in(client, world["users"]["manager_a"])
        page = client.get(reverse("manage:deadlines")).text
        assert OVERDUE_TITLE in section(page, "Overdue")
        assert url not in page
        assert client.get(url).status_code == 403
        response = client.post(url, {"evidence_url": "https://example.org/x"})
    assert response.status_code == 403
    deadline.refresh_from_db()
    assert deadline.completed_on is None


def test_officer_of_another_partnership_gets_not_found(client, world):
    """An officer of B gets 404 for A's deadline, however asked."""
    deadline = world["a"]["overdue"]
    url = reverse("manage:deadline_complete", args=[deadline.pk])
    with time_machine.travel(NOW, tick=False):
        sign_in(client, world["users"]["officer_b"])
        assert client.get(url).status_code == 404
        response = client.post(url, {"evidence_url": "https://example.org/x"})
    assert response.status_code == 404
    deadline.refresh_from_db()
    assert deadline.completed_on is None


def test_editor_may_complete(client, world):
    """An editor of A marks A's deadline done."""
    deadline = world["a"]["overdue"]
    with time_machine.travel(NOW, tick=False):
        sign_in(client, world["users"]["editor_a"])
        client.post(
            reverse("manage:deadline_complete", args=[deadline.pk]),
            {"evidence_url": "https://example.org/x"},
        )
    deadline.refresh_from_db()
    assert deadline.completed_by == world["users"]["editor_a"]


def test_a_done_deadline_is_not_completed_again(client, world):
    """Coming back to a done deadline says so and changes nothing."""
    deadline = world["a"]["overdue"]
    url = reverse("manage:deadline_complete", args=[deadline.pk])
    with time_machine.travel(NOW, tick=False):
        sign_in(client, world["users"]["officer_a"])
        client.post(url, {"evidence_url": "https://example.org/first"})
        response = client.post(url, {"evidence_url": "https://example.org/second"})
        page = client.get(response["Location"]).text
    assert "was already marked as done on 1 December 2026" in page
    deadline.refresh_from_db()
    assert deadline.evidence_url == "https://example.org/first"
    assert Deadline.objects.filter(duty=deadline.duty).count() == 2


def test_done_deadlines_leave_the_list_after_90_days(client, world):
    """Recently done means the last 90 days."""
    deadline = world["a"]["overdue"]
    with time_machine.travel(NOW, tick=False):
        sign_in(client, world["users"]["officer_a"])
        client.post(
            reverse("manage:deadline_complete", args=[deadline.pk]),
            {"evidence_url": "https://example.org/x"},
        )
    for day, shown in ((D(2027, 3, 1), True), (D(2027, 3, 2), False)):
        with time_machine.travel(day, tick=False):
            sign_in(client, world["users"]["officer_a"])
            done = section(
                client.get(reverse("manage:deadlines")).text, "Recently done"
            )
        assert (OVERDUE_TITLE in done) is shown, day


def deadlines_page_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("manage:deadlines")).status_code == 200
    return len(captured)


def test_deadlines_page_queries_do_not_grow_with_deadlines(
    client, world, django_user_model
):
    """The same number of queries for a handful and for 40 more deadlines."""
    from partnerships.models import OfficerRole

    a = world["a"]["partnership"]
    officer = world["users"]["officer_a"]
    with time_machine.travel(NOW, tick=False):
        sign_in(client, officer)
        small = deadlines_page_queries(client)
        duty = duty_configure(
            partnership=a, kind="domestic_homicide_review", cadence="per_case"
        )
        owners = [officer]
        for n in range(3):
            owner = django_user_model.objects.create_user(
                f"owner{n}@test.example", email=f"owner{n}@test.example"
            )
            OfficerRole.objects.create(user=owner, partnership=a, role="officer")
            owners.append(owner)
        for n in range(20):
            case_open(
                duty=duty,
                reference=f"DHR {n}",
                notified_on=D(2026, 6, 1),
                owners=owners,
            )
        large = deadlines_page_queries(client)
        dashboard = []
        for _ in range(2):
            with CaptureQueriesContext(connection) as captured:
                client.get(reverse("manage:dashboard"))
            dashboard.append(len(captured))
    assert small == large
    assert dashboard[0] == dashboard[1]


def test_residents_see_when_statutory_documents_were_published_and_are_due(
    client, world
):
    """The public page: the latest published document of each kind with its
    date, the next due date, and "Not published"/"Not set" where missing."""
    a = world["a"]["partnership"]
    assessment = PlanFactory(
        partnership=a,
        kind=Plan.Kind.STRATEGIC_ASSESSMENT,
        title="Strategic Assessment 2025",
        published_on=D(2025, 2, 3),
    )
    PlanFactory(
        partnership=a,
        kind=Plan.Kind.STRATEGIC_ASSESSMENT,
        title="Strategic Assessment 2023",
        status=Plan.Status.SUPERSEDED,
        published_on=D(2023, 2, 1),
    )
    PlanFactory(
        partnership=a,
        kind=Plan.Kind.SERIOUS_VIOLENCE_STRATEGY,
        title="Draft Serious Violence Strategy",
        status=Plan.Status.DRAFT,
    )
    text = client.get(a.get_absolute_url()).text
    table = section(text, "Statutory documents")
    rows = re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", table, re.S)
    by_label = {
        re.search(r"<th scope=\"row\"[^>]*>(.*?)</th>", row).group(1): row
        for row in rows[1:]
    }
    assert list(by_label) == [
        "Strategic assessment",
        "Partnership plan refresh",
        "Serious violence strategy review",
    ]
    sa = by_label["Strategic assessment"]
    assert f'href="{assessment.get_absolute_url()}"' in sa
    assert "3 February 2025" in sa
    assert "31 January" in sa  # the fixture's open deadline
    refresh = by_label["Partnership plan refresh"]
    assert "Plan A" in refresh  # the fixture's published partnership plan
    assert "1 April 2024" in refresh
    assert "Not set" in refresh
    violence = by_label["Serious violence strategy review"]
    assert "Not published on this site" in violence
    assert "Draft Serious Violence Strategy" not in text


def test_partnership_page_queries_do_not_grow_with_deadlines(client, world):
    """More duties and deadlines do not add queries to the public page."""
    a = world["a"]["partnership"]
    url = a.get_absolute_url()
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for kind in ("plan_refresh", "serious_violence_review"):
        duty_configure(
            partnership=a, kind=kind, cadence="annual", due_month=3, due_day=31
        )
    duty = duty_configure(
        partnership=a, kind="domestic_homicide_review", cadence="per_case"
    )
    for n in range(10):
        case_open(duty=duty, reference=f"DHR {n}", notified_on=D(2026, 6, 1))
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(before) == len(after)


def test_completing_a_case_decision_points_to_the_same_cases_next_stage(client, world):
    """Deciding on one review names its completion date, not another case's."""
    a = world["a"]["partnership"]
    officer = world["users"]["officer_a"]
    duty = duty_configure(
        partnership=a, kind="domestic_homicide_review", cadence="per_case"
    )
    case_open(duty=duty, reference="DHR 0", notified_on=D(2026, 9, 1))
    decision, _ = case_open(
        duty=duty, reference="DHR 1", notified_on=D(2026, 10, 1), owners=[officer]
    )
    with time_machine.travel(NOW, tick=False):
        sign_in(client, officer)
        response = client.post(
            reverse("manage:deadline_complete", args=[decision.pk]),
            {"evidence_url": "https://example.org/decision"},
            follow=True,
        )
    assert (
        "The next one, Domestic homicide review DHR 1: complete the review, "
        "is due on 1 April 2027." in response.text
    )
