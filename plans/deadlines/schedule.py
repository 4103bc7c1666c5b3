"""Date arithmetic for statutory deadlines and reminders. No database here."""

import calendar
import datetime

QUARTER_MONTHS = (1, 4, 7, 10)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, or the month's last day if it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def annual_due(year: int, month: int, day: int) -> datetime.date:
    """The due date in ``year``: 29 February (or 31 April) becomes the month's end."""
    return datetime.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def next_annual_due(month: int, day: int, *, after: datetime.date) -> datetime.date:
    """The first due date on or after ``after``."""
    due = annual_due(after.year, month, day)
    return due if due >= after else annual_due(after.year + 1, month, day)


def quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, QUARTER_MONTHS[(day.month - 1) // 3], 1)


def quarter_due(start: datetime.date) -> datetime.date:
    """A quarter's data is due by the end of the following quarter."""
    return add_months(start, 6) - datetime.timedelta(days=1)


def quarter_label(start: datetime.date) -> str:
    end = add_months(start, 3) - datetime.timedelta(days=1)
    return f"{start:%B} to {end:%B %Y}"


def financial_year_label(due: datetime.date) -> str:
    """2026/27 for a date from April 2026 to March 2027."""
    first = due.year if due.month >= 4 else due.year - 1
    return f"{first}/{str(first + 1)[-2:]}"


def reminder_key(
    *,
    due: datetime.date,
    today: datetime.date,
    offsets: list[int],
    overdue_every: int,
) -> str | None:
    """Which reminder is due today for a deadline still open, if any.

    Before the due date it is the nearest offset already reached (a deadline
    created 5 days ahead gets the 7-day reminder, not 90, 30 and 7 at once).
    From the due date until the first overdue reminder it is the due-date one
    (so a missed day still sends it). Then every ``overdue_every`` days.
    Each key is sent at most once, so running this every day, twice a day,
    or after a gap, sends each reminder once.
    """
    days_left = (due - today).days
    if days_left >= 0:
        reached = [o for o in offsets if days_left <= o]
        return f"before:{min(reached)}" if reached else None
    overdue = -days_left
    if overdue < overdue_every:
        return "before:0" if 0 in offsets else None
    return f"overdue:{overdue // overdue_every * overdue_every}"


def describe_due(due: datetime.date, today: datetime.date) -> str:
    """How far off a due date is, in words: "due in 24 days", "3 days overdue"."""
    days = (due - today).days
    if days == 0:
        return "due today"
    count = abs(days)
    unit = "day" if count == 1 else "days"
    return f"due in {count} {unit}" if days > 0 else f"{count} {unit} overdue"
