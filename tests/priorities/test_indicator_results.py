"""An indicator's result follows the stated rule (Indicator.RESULT_RULE), only
for the period its target applies to, and its provenance is shown (#12 item 2)."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from priorities.models import Indicator
from tests.priorities.factories import IndicatorFactory

NOW = datetime.datetime(2026, 12, 7, 12, tzinfo=datetime.UTC)
PAST, CURRENT, FUTURE = (
    datetime.date(2024, 1, 1),
    datetime.date(2026, 12, 1),
    datetime.date(2027, 3, 1),
)


@pytest.mark.parametrize(
    ("direction", "target", "change", "measured", "expected"),
    [
        # the period is over: achieved or missed, in the target's direction
        ("reduce", "-4.5", "-25.4", PAST, "achieved"),
        ("reduce", "-4.5", "-4.5", PAST, "achieved"),
        ("reduce", "-4.5", "3.0", PAST, "missed"),
        ("increase", "5.0", "5.0", PAST, "achieved"),
        ("increase", "5.0", "-1.0", PAST, "missed"),
        # a period given only as text ("2009/10") is in the past
        ("reduce", "-4.5", "-10.0", None, "achieved"),
        ("increase", "5.0", "1.0", None, "missed"),
        # the period is still running: on track or off track, never a result
        ("reduce", "-4.5", "-6.0", CURRENT, "on_track"),
        ("reduce", "-4.5", "2.0", CURRENT, "off_track"),
        ("increase", "5.0", "9.0", FUTURE, "on_track"),
        ("increase", "5.0", "0.0", FUTURE, "off_track"),
        # no change measured: not yet measurable while running, no result after
        ("reduce", "-4.5", None, CURRENT, "not_measurable"),
        ("increase", "5.0", None, FUTURE, "not_measurable"),
        ("reduce", "-4.5", None, PAST, ""),
        ("increase", "5.0", None, None, ""),
    ],
)
@time_machine.travel(NOW)
def test_the_result_follows_the_rule(direction, target, change, measured, expected):
    indicator = Indicator(
        direction=direction,
        target_percent=Decimal(target),
        change_percent=None if change is None else Decimal(change),
        measured_month=measured,
    )
    assert indicator.result == expected


def test_without_a_target_the_published_result_stands():
    """The 2009/10 summary published results, not targets."""
    indicator = Indicator(change_percent=Decimal("5.9"), reported_result="missed")
    assert indicator.result == "missed"
    assert Indicator(change_percent=Decimal("5.9")).result == ""


@pytest.mark.django_db
def test_residents_see_where_a_target_comes_from(client, settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 0
    indicator = IndicatorFactory(
        name="Residential burglary",
        target_percent=Decimal("-4.5"),
        period="January 2024",
        baseline_period="January 2023",
        set_by="the Metropolitan Police Authority",
        set_on=datetime.date(2010, 4, 1),
        is_assumption=True,
        provenance_note="An older target carried over for the demonstration",
    )
    page = client.get(indicator.priority.get_absolute_url()).text
    assert "Assumed target" in page
    assert (
        "Set by the Metropolitan Police Authority on "
        '<time datetime="2010-04-01">1 April 2010</time>, for January 2024 against '
        "January 2023." in page
    )
    assert "An older target carried over for the demonstration." in page
    assert "How a result is decided" in page
    assert Indicator.RESULT_RULE in page


@pytest.mark.django_db
def test_an_example_action_is_labelled_as_one(client, settings):
    from tests.priorities.factories import ActionFactory

    settings.PORTAL_PAGE_CACHE_SECONDS = 0
    action = ActionFactory(title="Security visits", is_example=True, is_published=True)
    page = client.get(action.priority.get_absolute_url()).text
    assert "Example</strong> Security visits" in page
    assert "not an action the partnership has published" in page
