"""What a set of crime figures covers, where it comes from and how fresh it is.

Residents are told, beside every crime figure, which crime types it counts,
which months, from which source under which licence, and whether the newest
month is older than ``CRIME_DATA_STALE_MONTHS``. The total of a table is
labelled "All crimes" only when it really is: every one of police.uk's 14 crime
types present in every month shown (or the Met's series, which counts every
recorded crime). Pure functions: the selectors pass in what they read.
"""

import datetime

from django.conf import settings
from django.utils import timezone

# police.uk's crime types (https://data.police.uk/docs/method/crime-categories/),
# as they appear in the street-level files' "Crime type" column.
POLICE_UK_TYPES = (
    "Anti-social behaviour",
    "Bicycle theft",
    "Burglary",
    "Criminal damage and arson",
    "Drugs",
    "Other crime",
    "Other theft",
    "Possession of weapons",
    "Public order",
    "Robbery",
    "Shoplifting",
    "Theft from the person",
    "Vehicle crime",
    "Violence and sexual offences",
)
POLICE_UK_LICENCE = "Open Government Licence v3.0"
LICENCE_URL = (
    "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
)


def months_between(earlier: datetime.date, later: datetime.date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def month_range(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(datetime.date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def total_label(types: list[str], *, complete: bool) -> str:
    """What the total of these types may be called."""
    if complete:
        return "All crimes"
    if len(types) == 1:
        return f"{types[0]} only"
    return f"Total of the {len(types)} crime types loaded"


def coverage(
    *,
    types_by_month: dict[datetime.date, set[str]],
    months_shown: list[datetime.date],
    source: str,
    complete_series: bool = False,
    today: datetime.date | None = None,
) -> dict:
    """Describe the figures shown over ``months_shown``.

    ``types_by_month``: for each month held, the crime types it holds.
    ``complete_series``: the source counts every recorded crime by definition
    (the Met's ward series), so any month it holds is complete.
    """
    today = today or timezone.localdate()
    held = [m for m in months_shown if m in types_by_month]
    types = sorted(set().union(*(types_by_month[m] for m in held))) if held else []
    complete = bool(held) and (
        complete_series or all(set(POLICE_UK_TYPES) <= types_by_month[m] for m in held)
    )
    first, latest = (held[0], held[-1]) if held else (None, None)
    missing = (
        [m for m in month_range(first, latest) if m not in types_by_month]
        if held
        else []
    )
    age = months_between(latest, today) if latest else None
    stale_after = settings.CRIME_DATA_STALE_MONTHS
    return {
        "types": types,
        "complete": complete,
        "total_label": total_label(types, complete=complete),
        "types_note": (
            "Every crime type is counted."
            if complete
            else f"Only {_listed(types)} {'is' if len(types) == 1 else 'are'} "
            "loaded, so the totals leave out every other type of crime."
        ),
        "first": first,
        "latest": latest,
        "months": len(held),
        "missing": missing,
        "age_months": age,
        "stale": age is not None and age > stale_after,
        "stale_after": stale_after,
        "source": source,
        "licence": POLICE_UK_LICENCE,
        "licence_url": LICENCE_URL,
    }


def _listed(types: list[str]) -> str:
    names = [t if i == 0 else t.lower() for i, t in enumerate(types)]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
