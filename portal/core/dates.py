"""Small date helpers shared by the apps."""

import calendar
import datetime


def latest(*values):
    """The newest of the given dates or datetimes, ignoring missing ones."""
    present = [v for v in values if v is not None]
    return max(present) if present else None


def clock(value) -> str:
    """A time as people write it (GOV.UK style): "9am", "1:31pm", "midday",
    "midnight"; never "1:31 p.m." or "13:31"."""
    if value.hour == 0 and value.minute == 0:
        return "midnight"
    if value.hour == 12 and value.minute == 0:
        return "midday"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return (
        f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"
    )


def machine_readable(value) -> str:
    """A value for ``<time datetime>`` that the HTML standard accepts: a date as
    YYYY-MM-DD; a date and time to the second, with its offset (no microseconds,
    which the standard does not allow)."""
    if not hasattr(value, "hour"):
        return value.isoformat()
    return value.replace(microsecond=0).isoformat()


def add_months(day, months: int):
    """The same day ``months`` later (or earlier), or the month's last day if
    that month is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    if isinstance(day, datetime.datetime):
        return day.replace(year=year, month=month, day=min(day.day, last))
    return datetime.date(year, month, min(day.day, last))
