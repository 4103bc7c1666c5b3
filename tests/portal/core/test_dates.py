"""Dates and times as people write them, and as the HTML standard reads them."""

import datetime
import re

import pytest
import time_machine
from django.template import Context, Template
from django.urls import reverse

from portal.core.dates import clock, machine_readable
from tests.engagement.factories import ConsultationFactory

UTC = datetime.UTC
# HTML: a valid date string, or a valid global date and time string, whose
# fraction of a second has at most three digits.
VALID_DATETIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$"
)


@pytest.mark.parametrize(
    ("hour", "minute", "written"),
    [
        (1, 31, "1:31am"),
        (13, 5, "1:05pm"),
        (9, 0, "9am"),
        (0, 0, "midnight"),
        (12, 0, "midday"),
        (12, 30, "12:30pm"),
        (0, 15, "12:15am"),
        (23, 59, "11:59pm"),
    ],
)
def test_times_read_as_people_write_them(hour, minute, written):
    assert clock(datetime.time(hour, minute)) == written


def test_machine_readable_values_carry_no_microseconds():
    moment = datetime.datetime(2026, 12, 7, 1, 31, 5, 123456, tzinfo=UTC)
    assert machine_readable(moment) == "2026-12-07T01:31:05+00:00"
    assert machine_readable(datetime.date(2026, 12, 7)) == "2026-12-07"
    assert VALID_DATETIME.match(machine_readable(moment))


def test_filters_use_the_site_time_zone():
    """Summer time: 00:31 UTC is 1:31am in London."""
    moment = datetime.datetime(2026, 7, 1, 0, 31, 0, 999999, tzinfo=UTC)
    html = Template("{% load portal_tags %}{{ m|when }}|{{ m|machine }}").render(
        Context({"m": moment})
    )
    assert html == "1 July 2026, 1:31am|2026-07-01T01:31:00+01:00"


@pytest.mark.django_db
def test_a_consultation_page_has_valid_time_elements(client):
    """Every <time datetime> on the page is valid HTML, and no "a.m." anywhere."""
    with time_machine.travel(
        datetime.datetime(2026, 12, 7, 13, 31, 7, 654321, tzinfo=UTC)
    ):
        consultation = ConsultationFactory()
        page = client.get(
            reverse(
                "engagement:detail",
                args=[consultation.partnership.slug, consultation.slug],
            )
        ).text
    values = re.findall(r'<time datetime="([^"]*)"', page)
    assert values
    assert all(VALID_DATETIME.match(v) for v in values), values
    assert "a.m." not in page
    assert "p.m." not in page
    assert re.search(r"Closes <time[^>]*>6 January 2027, 1:31pm</time>", page)
