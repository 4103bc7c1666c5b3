"""Officers' calendar addresses and the iCalendar feed behind them."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from partnerships.models import OfficerRole
from plans.deadlines.services import case_open, deadline_complete, duty_configure
from plans.models import CalendarToken

pytestmark = pytest.mark.django_db
D = datetime.date
NOW = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def world(two_partnerships):
    """A has a strategic assessment, a quarterly duty and a case; B its own."""
    users = two_partnerships["users"]
    a = two_partnerships["a"]["partnership"]
    duty_configure(
        partnership=a,
        kind="data_sharing",
        cadence="quarterly",
        start_quarter=D(2026, 4, 1),
        owners=[users["officer_a"]],
        today=D(2026, 11, 21),
    )
    cases = duty_configure(
        partnership=a, kind="domestic_homicide_review", cadence="per_case"
    )
    case_open(duty=cases, reference="DHR 2026/01", notified_on=D(2026, 10, 1))
    duty_configure(
        partnership=two_partnerships["b"]["partnership"],
        kind="scrutiny",
        cadence="annual",
        due_month=2,
        due_day=28,
        owners=[users["officer_b"]],
    )
    return two_partnerships


def calendar_url(world, key="a"):
    return reverse("manage:calendar", args=[world[key]["partnership"].slug])


def create_token(client, world, user, key="a") -> CalendarToken:
    """Create an address through the page, as the user would."""
    client.force_login(user)
    response = client.post(calendar_url(world, key), {"action": "create"})
    assert response.status_code == 302
    client.logout()
    return CalendarToken.objects.get(user=user, revoked_at__isnull=True)


def feed_url(token: CalendarToken) -> str:
    return reverse("portal:calendar_feed", args=[token.token])


def events(response) -> dict:
    """UID -> event of the parsed feed."""
    calendar = Calendar.from_ical(response.content)
    return {str(event.uid): event for event in calendar.events}


def test_feed_has_one_all_day_event_per_deadline_of_its_partnership(client, world):
    """Every open deadline of A, as a dated event with its title; none of B's."""
    a = world["a"]["partnership"]
    with time_machine.travel(NOW, tick=False):
        token = create_token(client, world, world["users"]["officer_a"])
        response = client.get(feed_url(token))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    cache_control = response["Cache-Control"]
    assert "private" in cache_control
    assert "no-store" in cache_control
    assert "X-PUBLISHED-TTL:PT12H" in response.text  # refresh twice a day
    found = events(response)
    expected = {
        deadline.pk: deadline
        for deadline in a.deadlines.select_related("duty").filter(
            completed_on__isnull=True
        )
    }
    assert len(expected) == 4  # assessment, quarter, case decision and completion
    assert len(found) == len(expected)
    for pk, deadline in expected.items():
        event = next(e for uid, e in found.items() if uid.startswith(f"deadline-{pk}@"))
        assert event.start == deadline.due_date
        assert not isinstance(event.start, datetime.datetime)  # all day
        assert event.end == deadline.due_date + datetime.timedelta(days=1)
        assert str(event["SUMMARY"]) == deadline.title
        assert "Status: " in str(event["DESCRIPTION"])
        assert f"/manage/deadlines/#deadline-{pk}" in str(event["DESCRIPTION"])
    b_ids = set(world["b"]["partnership"].deadlines.values_list("pk", flat=True))
    assert not {uid for uid in found if int(uid.split("@")[0][9:]) in b_ids}
    assert world["b"]["partnership"].name not in response.text


def test_event_status_and_uid_stay_with_the_deadline(client, world):
    """The overdue quarter says so; done, it keeps its UID and says done."""
    officer = world["users"]["officer_a"]
    quarter = world["a"]["partnership"].deadlines.get(duty__kind="data_sharing")
    with time_machine.travel(NOW, tick=False):
        token = create_token(client, world, officer)
        before = events(client.get(feed_url(token)))
        deadline_complete(
            deadline=quarter, actor=officer, evidence_url="https://example.org/q1"
        )
        after = events(client.get(feed_url(token)))
    uid = next(u for u in before if u.startswith(f"deadline-{quarter.pk}@"))
    assert "Status: Overdue" in str(before[uid]["DESCRIPTION"])
    assert "Status: Done" in str(after[uid]["DESCRIPTION"])
    assert "Evidence: https://example.org/q1" in str(after[uid]["DESCRIPTION"])
    assert len(after) == len(before) + 1  # the next quarter opened
    assert set(before) < set(after)


def test_done_deadlines_leave_the_feed_after_90_days(client, world):
    """A deadline done on 1 December 2026 is in the feed until 1 March 2027."""
    officer = world["users"]["officer_a"]
    quarter = world["a"]["partnership"].deadlines.get(duty__kind="data_sharing")
    with time_machine.travel(NOW, tick=False):
        token = create_token(client, world, officer)
        deadline_complete(deadline=quarter, actor=officer, evidence_url="https://e.org")
    for day, shown in ((D(2027, 3, 1), True), (D(2027, 3, 2), False)):
        with time_machine.travel(day, tick=False):
            found = events(client.get(feed_url(token)))
        assert any(u.startswith(f"deadline-{quarter.pk}@") for u in found) is shown


def test_unknown_token_is_not_found(client, world):
    """A made-up address answers 404."""
    create_token(client, world, world["users"]["officer_a"])
    url = reverse("portal:calendar_feed", args=["x" * 43])
    assert client.get(url).status_code == 404


def test_creating_and_revoking_through_the_page(client, world):
    """GET shows and never creates; create gives one address; revoke stops it
    and a new one works."""
    officer = world["users"]["officer_a"]
    client.force_login(officer)
    page = client.get(calendar_url(world))
    assert page.status_code == 200
    assert "Create a calendar address" in page.text
    assert not CalendarToken.objects.exists()

    client.post(calendar_url(world), {"action": "create"})
    client.post(calendar_url(world), {"action": "create"})  # a double click
    first = CalendarToken.objects.get()
    assert len(first.token) >= 43
    page = client.get(calendar_url(world)).text
    assert feed_url(first) in page
    assert "Revoke this address" in page
    assert client.get(feed_url(first)).status_code == 200

    response = client.post(calendar_url(world), {"action": "revoke"})
    assert response.status_code == 302
    page = client.get(response["Location"]).text
    assert "has been revoked" in page
    assert feed_url(first) not in page
    assert "Create a calendar address" in page
    first.refresh_from_db()
    assert first.revoked_at is not None
    client.logout()
    assert client.get(feed_url(first)).status_code == 404

    second = create_token(client, world, officer)
    assert second.token != first.token
    assert client.get(feed_url(second)).status_code == 200
    assert client.get(feed_url(first)).status_code == 404


def test_a_user_removed_from_the_partnership_loses_the_feed(client, world):
    """Without a role in A any more, the address answers 404."""
    officer = world["users"]["officer_a"]
    token = create_token(client, world, officer)
    assert client.get(feed_url(token)).status_code == 200
    OfficerRole.objects.filter(user=officer).delete()
    assert client.get(feed_url(token)).status_code == 404


def test_a_deactivated_user_loses_the_feed(client, world):
    """A deactivated account's address answers 404."""
    officer = world["users"]["officer_a"]
    token = create_token(client, world, officer)
    officer.is_active = False
    officer.save()
    assert client.get(feed_url(token)).status_code == 404


def test_site_admin_keeps_a_feed_without_a_role(client, world):
    """A site administrator may subscribe to any partnership."""
    token = create_token(client, world, world["users"]["admin"])
    assert client.get(feed_url(token)).status_code == 200


def test_each_officer_sees_only_their_own_address(client, world):
    """An editor of A does not see the officer's address, and gets their own."""
    mine = create_token(client, world, world["users"]["officer_a"])
    client.force_login(world["users"]["editor_a"])
    page = client.get(calendar_url(world)).text
    assert mine.token not in page
    assert "Create a calendar address" in page


def test_officer_of_b_cannot_make_an_address_for_a(client, world):
    """The calendar page of A answers 404 to an officer of B, who gets no token."""
    client.force_login(world["users"]["officer_b"])
    assert client.get(calendar_url(world)).status_code == 404
    assert client.post(calendar_url(world), {"action": "create"}).status_code == 404
    assert not CalendarToken.objects.exists()


def test_the_address_must_be_asked_for_by_post(client, world):
    """Anything but create or revoke is refused and changes nothing."""
    client.force_login(world["users"]["officer_a"])
    assert client.post(calendar_url(world), {"action": "other"}).status_code == 400
    assert not CalendarToken.objects.exists()
