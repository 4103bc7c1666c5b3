"""Deadline date logic: quarters, year ends, leap days, reminder keys."""

import datetime

import pytest

from plans.deadlines import schedule

D = datetime.date


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2028, 1, 31), 1, D(2028, 2, 29)),  # leap year
        (D(2026, 11, 30), 2, D(2027, 1, 30)),  # across the year end
        (D(2026, 10, 1), 6, D(2027, 4, 1)),
        (D(2026, 3, 31), -1, D(2026, 2, 28)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_month_end(day, months, expected):
    """Adding months never makes an impossible date."""
    assert schedule.add_months(day, months) == expected


def test_29_february_falls_on_the_28th_in_other_years():
    """An annual duty due on 29 February is due on 28 February in 2027."""
    assert schedule.annual_due(2027, 2, 29) == D(2027, 2, 28)
    assert schedule.annual_due(2028, 2, 29) == D(2028, 2, 29)
    assert schedule.next_annual_due(2, 29, after=D(2028, 3, 1)) == D(2029, 2, 28)


def test_next_annual_due_on_or_after():
    """Due today counts as the next one; the day after moves to next year."""
    assert schedule.next_annual_due(1, 31, after=D(2027, 1, 31)) == D(2027, 1, 31)
    assert schedule.next_annual_due(1, 31, after=D(2027, 2, 1)) == D(2028, 1, 31)
    assert schedule.next_annual_due(12, 31, after=D(2026, 12, 31)) == D(2026, 12, 31)


@pytest.mark.parametrize(
    ("start", "due"),
    [
        (D(2026, 1, 1), D(2026, 6, 30)),
        (D(2026, 4, 1), D(2026, 9, 30)),
        (D(2026, 7, 1), D(2026, 12, 31)),
        (D(2026, 10, 1), D(2027, 3, 31)),  # across the year end
    ],
)
def test_a_quarter_is_due_by_the_end_of_the_next_quarter(start, due):
    """Quarterly data sharing: due by the end of the following quarter."""
    assert schedule.quarter_due(start) == due


def test_quarter_start_and_label():
    """Any day maps to its quarter's first day; the label names the months."""
    assert schedule.quarter_start(D(2026, 12, 31)) == D(2026, 10, 1)
    assert schedule.quarter_start(D(2027, 1, 1)) == D(2027, 1, 1)
    assert schedule.quarter_label(D(2026, 10, 1)) == "October to December 2026"


def test_financial_year_label():
    """April to March."""
    assert schedule.financial_year_label(D(2027, 3, 31)) == "2026/27"
    assert schedule.financial_year_label(D(2027, 4, 1)) == "2027/28"


OFFSETS = [90, 30, 7, 0]


def key(days_left, offsets=OFFSETS, every=7):
    due = D(2027, 1, 31)
    return schedule.reminder_key(
        due=due,
        today=due - datetime.timedelta(days=days_left),
        offsets=offsets,
        overdue_every=every,
    )


@pytest.mark.parametrize(
    ("days_left", "expected"),
    [
        (120, None),
        (91, None),
        (90, "before:90"),
        (45, "before:90"),
        (30, "before:30"),
        (8, "before:30"),
        (7, "before:7"),
        (1, "before:7"),
        (0, "before:0"),
        (-1, "before:0"),  # a missed due-day run still sends the due-day reminder
        (-6, "before:0"),
        (-7, "overdue:7"),
        (-13, "overdue:7"),
        (-14, "overdue:14"),
        (-365, "overdue:364"),
    ],
)
def test_reminder_keys(days_left, expected):
    """The reminder due on a day is the latest threshold reached, then weekly."""
    assert key(days_left) == expected


def test_a_deadline_created_late_gets_only_the_nearest_reminder():
    """Five days ahead: the 7-day reminder, not 90, 30 and 7 at once."""
    assert key(5) == "before:7"


def test_custom_offsets_and_interval():
    """A duty's own offsets and overdue interval are used."""
    assert key(14, offsets=[14, 1]) == "before:14"
    assert key(-3, offsets=[14], every=3) == "overdue:3"
    assert key(-1, offsets=[14], every=3) is None


def test_describe_due():
    """Plain English for the emails and the dry run."""
    assert schedule.describe_due(D(2027, 1, 31), D(2027, 1, 31)) == "due today"
    assert schedule.describe_due(D(2027, 1, 31), D(2027, 1, 30)) == "due in 1 day"
    assert schedule.describe_due(D(2027, 1, 31), D(2027, 2, 3)) == "3 days overdue"
