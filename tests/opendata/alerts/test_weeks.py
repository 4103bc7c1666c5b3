"""Weekly digests group by the UK's week, across time zones and clock changes.

A week is Monday 00:00 to Monday 00:00 on UK clocks: 167 hours when the clocks
go forward (29 March 2026), 169 when they go back (25 October 2026).
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from opendata.alerts import services, weeks
from opendata.models import Delivery, Digest
from tests.opendata.factories import EventFactory, SubscriberFactory

pytestmark = pytest.mark.django_db
UTC = datetime.UTC
D = datetime.date


def at(text: str, zone: str = "UTC") -> datetime.datetime:
    return datetime.datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone))


@pytest.fixture
def weekly(borough):
    return SubscriberFactory(partnership=borough, frequency="weekly")


def publish(partnership, when: datetime.datetime, title: str):
    """An event that happened at ``when``, fanned out to the subscribers."""
    event = EventFactory(partnership=partnership, title=title, occurred_at=when)
    services.event_fan_out(event_id=event.pk)
    return event


def digest_titles(week_start: datetime.date) -> list[str]:
    digest = Digest.objects.filter(week_start=week_start).first()
    if digest is None:
        return []
    return sorted(digest.deliveries.values_list("event__title", flat=True))


def run_monday_job(local_morning: str):
    """The beat job as it runs on a Monday at 07:00 UK time."""
    with time_machine.travel(at(local_morning, "Europe/London"), tick=False):
        return services.digests_prepare()


def hours(monday: datetime.date) -> float:
    begins, ends = weeks.week_begins_at(monday), weeks.week_ends_at(monday)
    return (ends.astimezone(UTC) - begins.astimezone(UTC)).total_seconds() / 3600


def test_weeks_are_167_and_169_hours_when_the_clocks_change():
    """Local midnight to local midnight, never 7 x 24 hours."""
    assert hours(D(2026, 3, 23)) == 167
    assert hours(D(2026, 10, 19)) == 169
    assert hours(D(2026, 11, 23)) == 168
    assert weeks.week_start(at("2026-03-29T23:30")) == D(2026, 3, 30)  # 00:30 BST
    assert weeks.week_start(at("2026-10-25T23:30")) == D(2026, 10, 19)  # 23:30 GMT


def test_clocks_going_forward(borough, weekly):
    """23:30 on Sunday 29 March (BST) is last week; 00:30 on Monday (BST),
    still Sunday in UTC, is this week's and waits for next Monday."""
    publish(borough, at("2026-03-29T22:30"), "Sunday night")
    publish(borough, at("2026-03-29T23:30"), "Monday, just after midnight")
    assert run_monday_job("2026-03-30T07:00") == 1
    assert digest_titles(D(2026, 3, 23)) == ["Sunday night"]
    assert run_monday_job("2026-04-06T07:00") == 1
    assert digest_titles(D(2026, 3, 30)) == ["Monday, just after midnight"]


def test_clocks_going_back(borough, weekly):
    """The week of 19 October has an extra hour: 23:30 GMT on Sunday 25th is
    still in it; 00:30 on Monday 26th is not."""
    publish(borough, at("2026-10-19T00:30", "Europe/London"), "First thing Monday")
    publish(borough, at("2026-10-25T23:30"), "Last thing Sunday")
    publish(borough, at("2026-10-26T00:30"), "Next Monday")
    assert run_monday_job("2026-10-26T07:00") == 1
    assert digest_titles(D(2026, 10, 19)) == ["First thing Monday", "Last thing Sunday"]
    assert Delivery.objects.get(event__title="Next Monday").digest is None


def test_times_written_in_other_zones_fall_in_the_uk_week(borough, weekly, settings):
    """7:30pm Sunday in New York is Monday in London; 8am Monday in Tokyo is
    still Sunday in London. The server's own time zone does not matter."""
    settings.TIME_ZONE = "Pacific/Auckland"
    publish(borough, at("2026-11-29T19:30", "America/New_York"), "New York evening")
    publish(borough, at("2026-11-30T08:00", "Asia/Tokyo"), "Tokyo morning")
    assert run_monday_job("2026-11-30T07:00") == 1
    assert digest_titles(D(2026, 11, 23)) == ["Tokyo morning"]


def test_a_late_or_repeated_job_makes_each_digest_once(borough, weekly, mailoutbox):
    """Running on Tuesday, twice, still makes last week's digest once; a
    delivery from an earlier week that missed its digest goes in this one."""
    publish(borough, at("2026-11-10T10:00"), "Two weeks ago")
    publish(borough, at("2026-11-25T10:00"), "Last week")
    assert run_monday_job("2026-12-01T09:00") == 1
    assert run_monday_job("2026-12-01T09:05") == 1
    assert Digest.objects.count() == 1
    assert digest_titles(D(2026, 11, 23)) == ["Last week", "Two weeks ago"]
    services.digests_send(digest_ids=list(Digest.objects.values_list("pk", flat=True)))
    assert len(mailoutbox) == 1
    assert "Monday 23 November to Sunday 29 November 2026" in mailoutbox[0].body
