"""Small date helpers shared by the apps."""

import calendar
import datetime


def latest(*values):
    """The newest of the given dates or datetimes, ignoring missing ones."""
    present = [v for v in values if v is not None]
    return max(present) if present else None


def add_months(day, months: int):
    """The same day ``months`` later (or earlier), or the month's last day if
    that month is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    if isinstance(day, datetime.datetime):
        return day.replace(year=year, month=month, day=min(day.day, last))
    return datetime.date(year, month, min(day.day, last))
