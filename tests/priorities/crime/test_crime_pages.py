"""The public crime statistics page and its CSV downloads."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from priorities.crime.services import crime_path_import
from priorities.models import Indicator, MonthlyCrimeCount
from tests.partnerships.factories import PartnershipFactory
from tests.priorities.crime.test_crime_import import BURGLARY_2023, BURGLARY_2024
from tests.priorities.factories import IndicatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kingston(lookups):
    partnership = PartnershipFactory(
        name="Safer Kingston Partnership",
        slug="safer-kingston",
        area__code="E09000021",
        area__name="Kingston upon Thames",
    )
    IndicatorFactory(
        priority__plan__partnership=partnership,
        name="Residential burglary",
        crime_type="Burglary",
        target_percent=-4.5,
        baseline_month=datetime.date(2023, 1, 1),
        measured_month=datetime.date(2024, 1, 1),
    )
    crime_path_import(path=BURGLARY_2023)
    crime_path_import(path=BURGLARY_2024)
    return partnership


def test_year_on_year_table_in_the_kingston_style(client, kingston):
    """47 burglaries in January 2024: -16, -25.4%, target -4.5%, achieved."""
    page = client.get(reverse("crime:statistics", args=[kingston.slug])).text
    assert "January 2024" in page
    assert "-25.4%" in page
    assert "-4.5%" in page
    assert "Achieved" in page
    assert "Open Government Licence" in page


def test_numbers_and_provenance_print_as_they_always_have(client, kingston):
    """Counts over a thousand are not grouped, changes carry their sign, and a
    target says who set it and when (the page renders numbers unlocalised)."""
    Indicator.objects.update(set_by="Safer Kingston Board", set_on="2023-03-01")
    MonthlyCrimeCount.objects.bulk_create(
        MonthlyCrimeCount(area_code="E09000021", month=month, crime_type="Shoplifting",
                          count=count)
        for month, count in ((datetime.date(2023, 1, 1), 1000),
                             (datetime.date(2024, 1, 1), 1234))
    )  # fmt: skip
    page = client.get(reverse("crime:statistics", args=[kingston.slug])).text
    assert ">1234</td>" in page
    assert "1,234" not in page
    assert ">+234</td>" in page
    assert ">+23.4%</td>" in page
    assert ">-25.4%</td>" in page
    assert "Set by Safer Kingston Board on" in page
    assert '<time datetime="2023-03-01">1 March 2023</time>' in page


def test_csv_downloads(client, kingston):
    """Each table downloads as CSV with the attribution."""
    for name in ("csv_year_on_year", "csv_by_month", "csv_by_ward"):
        response = client.get(reverse(f"crime:{name}", args=[kingston.slug]))
        assert response["Content-Type"].startswith("text/csv")
        body = response.content.decode()
        assert "data.police.uk" in body
    year = client.get(reverse("crime:csv_year_on_year", args=[kingston.slug]))
    assert "Burglary,47,63,-16,-25.4,-4.5,achieved" in year.content.decode()


def test_ward_breakdown_adds_up(client, kingston):
    """Kingston's 16 wards plus the crimes placed in no ward make the 47."""
    response = client.get(reverse("crime:statistics", args=[kingston.slug]))
    stats = response.context["stats"]
    assert len(stats["wards"]) == 16
    assert sum(w["count"] for w in stats["wards"]) + stats["unplaced"] == 47
    assert stats["unplaced"] == 1
    assert "1 crime in January 2024 could not be placed in a ward" in response.text


def test_no_data_yet(client, db):
    """A partnership without imported data gets a plain message."""
    partnership = PartnershipFactory()
    page = client.get(reverse("crime:statistics", args=[partnership.slug])).text
    assert "No police.uk crime data has been imported" in page


def test_unknown_partnership_is_404(client, db):
    assert client.get("/partnerships/nowhere/crime/").status_code == 404


def test_query_count_does_not_grow_with_months_or_rows(client, kingston, settings):
    """Three more years of monthly counts make no more queries."""
    settings.PORTAL_PAGE_CACHE_SECONDS = 0  # count rendering, not cache hits
    url = reverse("crime:statistics", args=[kingston.slug])
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    MonthlyCrimeCount.objects.bulk_create(
        MonthlyCrimeCount(
            area_code="E09000021",
            month=datetime.date(2020 + n // 12, n % 12 + 1, 1),
            crime_type=kind,
            count=10 + n,
        )
        for n in range(36)
        for kind in ("Drugs", "Robbery", "Shoplifting")
    )
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after) == len(before)
