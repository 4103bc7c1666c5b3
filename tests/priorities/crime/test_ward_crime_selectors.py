"""A ward's crime beside its borough's: the borough is the sum of its current
wards' Met figures, never a former ward's or another borough's."""

import datetime

import pytest

from priorities.crime.selectors import crime_series_loaded, ward_crime
from priorities.models import MetWardCrimeCount
from tests.partnerships.factories import AreaFactory, WardFactory

pytestmark = pytest.mark.django_db

JUNE_2025 = datetime.date(2025, 6, 1)


def _met(ward, month, major, minor, count):
    return MetWardCrimeCount(
        ward_code=ward.code,
        month=month,
        major_category=major,
        minor_category=minor,
        count=count,
    )


@pytest.fixture
def borough():
    """Two current wards, a ward replaced in 2022 and a ward of another
    borough, each with Met figures for June 2025 (and one a year older)."""
    borough = AreaFactory(population=20_000)
    town = WardFactory(parent=borough, population=10_000)
    village = WardFactory(parent=borough, population=10_000)
    former = WardFactory(parent=borough, valid_to=datetime.date(2022, 5, 4))
    elsewhere = WardFactory()
    old = datetime.date(2024, 6, 1)  # outside the 12 months to June 2025
    MetWardCrimeCount.objects.bulk_create(
        [
            _met(town, JUNE_2025, "BURGLARY", "BURGLARY - RESIDENTIAL", 7),
            _met(town, JUNE_2025, "THEFT", "SHOPLIFTING", 20),
            _met(village, JUNE_2025, "BURGLARY", "BURGLARY - RESIDENTIAL", 3),
            _met(village, old, "BURGLARY", "BURGLARY - RESIDENTIAL", 100),
            _met(former, JUNE_2025, "BURGLARY", "BURGLARY - RESIDENTIAL", 1000),
            _met(elsewhere, JUNE_2025, "DRUGS", "POSSESSION OF DRUGS", 500),
        ]
    )
    return {"borough": borough, "town": town}


def test_the_borough_sums_its_current_wards_only(borough):
    """30 in the borough: not the former ward's 1,000 nor the other's 500."""
    crime = ward_crime(ward=borough["town"], borough=borough["borough"])
    assert crime["source_kind"] == "met"
    assert crime["total"]["ward_count"] == 27
    assert crime["total"]["borough_count"] == 30
    by_type = {row["name"]: row for row in crime["by_type"]}
    assert by_type["BURGLARY"]["ward_count"] == 7
    assert by_type["BURGLARY"]["borough_count"] == 10
    assert by_type["THEFT"]["borough_count"] == 20
    assert "DRUGS" not in by_type


def test_what_the_borough_can_count_is_its_current_wards_categories(borough):
    """The categories and months an indicator may use come from the same wards."""
    loaded = crime_series_loaded(area=borough["borough"])
    assert loaded["met"] == [
        ("BURGLARY", ["BURGLARY - RESIDENTIAL"]),
        ("THEFT", ["SHOPLIFTING"]),
    ]
    assert loaded["met_months"] == {JUNE_2025, datetime.date(2024, 6, 1)}
