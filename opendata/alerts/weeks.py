"""Digest weeks: Monday to Sunday on the UK's clocks, whatever the season.

A week starts at midnight on Monday in ``ALERTS_TIME_ZONE`` (Europe/London).
Weeks in which the clocks change are 167 or 169 hours long: they are worked
out on local dates, never by adding 7 x 24 hours to an instant, so an event at
00:30 on a Monday in summer (23:30 on Sunday in UTC) belongs to the new week.
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings


def zone() -> ZoneInfo:
    return ZoneInfo(settings.ALERTS_TIME_ZONE)


def week_start(moment: datetime.datetime) -> datetime.date:
    """The Monday of the local week that ``moment`` (an aware datetime) is in."""
    local = moment.astimezone(zone()).date()
    return local - datetime.timedelta(days=local.weekday())


def week_begins_at(monday: datetime.date) -> datetime.datetime:
    """The instant the week of ``monday`` begins: local midnight."""
    return datetime.datetime.combine(monday, datetime.time(0), tzinfo=zone())


def week_ends_at(monday: datetime.date) -> datetime.datetime:
    """The instant the week ends: local midnight on the next Monday."""
    return week_begins_at(monday + datetime.timedelta(days=7))


def previous_week(moment: datetime.datetime) -> datetime.date:
    """The Monday of the last whole week before ``moment``."""
    return week_start(moment) - datetime.timedelta(days=7)
