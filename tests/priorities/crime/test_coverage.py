"""Every crime figure says what it covers, where it comes from and how fresh it is.

The total is called "All crimes" only when every police.uk type is loaded for
every month shown; a stale data set says so; a year-on-year figure needs both
of its months.
"""

import datetime

import pytest
from django.urls import reverse

from priorities.crime.coverage import POLICE_UK_TYPES, coverage
from priorities.models import MonthlyCrimeCount
from tests.partnerships.factories import PartnershipFactory

D = datetime.date


def months(first: datetime.date, count: int) -> list[datetime.date]:
    out = []
    year, month = first.year, first.month
    for _ in range(count):
        out.append(D(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def test_one_type_is_named_never_called_all_crimes(settings):
    settings.CRIME_DATA_STALE_MONTHS = 3
    shown = months(D(2023, 1, 1), 13)
    found = coverage(
        types_by_month={m: {"Burglary"} for m in shown},
        months_shown=shown,
        source="s",
        today=D(2024, 3, 10),
    )
    assert found["total_label"] == "Burglary only"
    assert not found["complete"]
    assert "Only Burglary is loaded" in found["types_note"]
    assert (found["first"], found["latest"], found["months"]) == (
        D(2023, 1, 1),
        D(2024, 1, 1),
        13,
    )
    assert not found["stale"]  # two months old


def test_all_crimes_only_when_every_type_is_in_every_month():
    shown = months(D(2024, 1, 1), 3)
    every = {m: set(POLICE_UK_TYPES) for m in shown}
    assert coverage(types_by_month=every, months_shown=shown, source="s")["complete"]
    one_short = {**every, shown[1]: set(POLICE_UK_TYPES) - {"Drugs"}}
    found = coverage(types_by_month=one_short, months_shown=shown, source="s")
    assert (
        found["total_label"]
        == f"Total of the {len(POLICE_UK_TYPES)} crime types loaded"
    )
    two = {m: {"Burglary", "Robbery"} for m in shown}
    found = coverage(types_by_month=two, months_shown=shown, source="s")
    assert found["total_label"] == "Total of the 2 crime types loaded"
    assert "Only Burglary and robbery are loaded" in found["types_note"]


def test_a_complete_series_is_all_crimes_and_gaps_are_named():
    shown = months(D(2024, 1, 1), 4)
    held = {shown[0]: {"BURGLARY"}, shown[1]: {"ROBBERY"}, shown[3]: {"BURGLARY"}}
    found = coverage(
        types_by_month=held, months_shown=shown, source="s", complete_series=True
    )
    assert found["total_label"] == "All crimes"
    assert found["missing"] == [shown[2]]
    assert found["months"] == 3


@pytest.mark.parametrize(
    ("today", "stale_after", "stale"),
    [
        (D(2024, 4, 30), 3, False),  # three months old: still fresh
        (D(2024, 5, 1), 3, True),  # four months old
        (D(2024, 5, 1), 6, False),  # the age is configurable
        (D(2026, 12, 7), 3, True),
    ],
)
def test_stale_after_the_configured_age(settings, today, stale_after, stale):
    settings.CRIME_DATA_STALE_MONTHS = stale_after
    found = coverage(
        types_by_month={D(2024, 1, 1): {"Burglary"}},
        months_shown=[D(2024, 1, 1)],
        source="s",
        today=today,
    )
    assert found["stale"] is stale


@pytest.fixture
def borough(db):
    partnership = PartnershipFactory(area__code="E09000099", area__name="Testborough")
    return partnership


def load(area_code, counts):
    MonthlyCrimeCount.objects.bulk_create(
        MonthlyCrimeCount(area_code=area_code, month=m, crime_type=t, count=n)
        for (m, t), n in counts.items()
    )


def test_the_statistics_page_says_burglary_only_and_that_it_is_old(client, borough):
    """Burglary alone, last loaded January 2024: no "All crimes", a warning."""
    load(
        "E09000099",
        {(m, "Burglary"): 10 + i for i, m in enumerate(months(D(2023, 1, 1), 13))},
    )
    response = client.get(reverse("crime:statistics", args=[borough.slug]))
    page = response.text
    assert "All crimes" not in page
    assert "Burglary only" in page
    assert "These figures are out of date" in page
    assert "January 2023 to January 2024 (13 months)" in page
    assert "Open Government Licence v3.0" in page
    # both months are held, so the comparison is shown: 22 against 10
    assert response.context["stats"]["comparable"]
    assert "+120.0%" in page
    csv = client.get(reverse("crime:csv_by_month", args=[borough.slug])).text
    assert "Covers: Burglary only, 2023-01 to 2024-01" in csv


def test_no_year_on_year_figure_when_a_month_is_missing(client, borough):
    """January 2023 was never loaded: no change, no percentage, no result."""
    load(
        "E09000099",
        {(m, "Burglary"): 10 for m in months(D(2023, 2, 1), 12)},
    )
    response = client.get(reverse("crime:statistics", args=[borough.slug]))
    assert response.context["stats"]["year_on_year"] == []
    assert "No comparison is shown: no figures are held for January 2023" in (
        response.text
    )
    year = client.get(reverse("crime:csv_year_on_year", args=[borough.slug])).text
    assert "Burglary," not in year


def test_every_type_loaded_is_all_crimes(client, borough, settings):
    """All 14 types in every month shown: the total is "All crimes"."""
    load(
        "E09000099",
        {(m, t): 1 for m in months(D(2023, 1, 1), 13) for t in POLICE_UK_TYPES},
    )
    page = client.get(reverse("crime:statistics", args=[borough.slug])).text
    assert ">All crimes</th>" in page
    assert "Every crime type is counted." in page


# --- Targets: judged only for their own months -----------------------------------

JAN23, JAN24, FEB24 = D(2023, 1, 1), D(2024, 1, 1), D(2024, 2, 1)


@pytest.mark.parametrize(
    ("direction", "target", "percent", "months", "expected"),
    [
        # the target's own months: achieved or missed, in its direction
        ("reduce", -4.5, -25.4, (JAN23, JAN24), ("achieved", "")),
        ("reduce", -4.5, -4.5, (JAN23, JAN24), ("achieved", "")),
        ("reduce", -4.5, -1.0, (JAN23, JAN24), ("missed", "")),
        ("reduce", -4.5, 10.0, (JAN23, JAN24), ("missed", "")),
        ("increase", 5.0, 7.5, (JAN23, JAN24), ("achieved", "")),
        ("increase", 5.0, 2.0, (JAN23, JAN24), ("missed", "")),
        # no offences in the earlier month: nothing to measure against
        ("reduce", -4.5, None, (JAN23, JAN24), ("", "Not measurable")),
        ("increase", 5.0, None, (JAN23, JAN24), ("", "Not measurable")),
        # other months: never judged, the note names the target's months
        ("reduce", -4.5, -25.4, (D(2023, 2, 1), FEB24), ("", "Target for January")),
        ("increase", 5.0, 7.5, (D(2023, 2, 1), FEB24), ("", "Target for January")),
    ],
)
def test_a_target_is_judged_only_for_its_own_months(
    direction, target, percent, months, expected
):
    from decimal import Decimal

    from priorities.crime.selectors import target_result
    from priorities.models import Indicator

    indicator = Indicator(
        direction=direction,
        target_percent=Decimal(str(target)),
        baseline_month=JAN23,
        measured_month=JAN24,
    )
    result, note = target_result(
        indicator,
        percent=None if percent is None else Decimal(str(percent)),
        year_before=months[0],
        latest=months[1],
    )
    assert result == expected[0]
    assert note.startswith(expected[1])


def test_a_target_without_months_is_never_judged():
    from decimal import Decimal

    from priorities.crime.selectors import target_result
    from priorities.models import Indicator

    indicator = Indicator(direction="reduce", target_percent=Decimal("-4.5"))
    assert target_result(
        indicator, percent=Decimal("-30"), year_before=JAN23, latest=JAN24
    ) == ("", "Target without its months")
