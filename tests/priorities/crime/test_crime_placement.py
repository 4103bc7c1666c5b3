"""Police.uk rows in current wards: 2011 and 2021 LSOA codes, and re-placing."""

import datetime

import pytest
from django.db.models import Sum

from partnerships.models import Area
from priorities.crime.services import crime_path_import, crime_records_replace
from priorities.models import CrimeRecord, MonthlyCrimeCount
from tests.conftest import KINGSTON
from tests.priorities.crime.test_crime_import import BURGLARY_2023, BURGLARY_2024

pytestmark = pytest.mark.django_db

JAN_2023 = datetime.date(2023, 1, 1)


def kingston_ward_total(month) -> int:
    wards = Area.objects.current().filter(parent__code=KINGSTON, kind="ward")
    return (
        MonthlyCrimeCount.objects.filter(
            area_code__in=wards.values("code"), month=month
        ).aggregate(n=Sum("count"))["n"]
        or 0
    )


def test_2011_codes_reach_current_wards(geography):
    """January 2023 uses 2011 LSOA codes; every Kingston row lands in a 2022 ward."""
    crime_path_import(path=BURGLARY_2023)
    rows = CrimeRecord.objects.filter(lad_code=KINGSTON, month=JAN_2023)
    assert rows.count() == 63
    current = set(
        Area.objects.current()
        .filter(parent__code=KINGSTON, kind="ward")
        .values_list("code", flat=True)
    )
    assert set(rows.values_list("ward_code", flat=True)) <= current
    assert kingston_ward_total(JAN_2023) == 63


def test_2021_codes_reach_current_wards(geography):
    crime_path_import(path=BURGLARY_2024)
    assert kingston_ward_total(datetime.date(2024, 1, 1)) == 47


def test_rows_imported_before_the_new_wards_are_moved_once(lookups, geography):
    """Rows placed in 2019 wards move to current wards; a second run moves none."""
    from partnerships.models import Lsoa

    # Import as if only the older lookup were known (2019 wards).
    saved = list(Lsoa.objects.all())
    Lsoa.objects.all().delete()
    crime_path_import(path=BURGLARY_2023)
    old = CrimeRecord.objects.filter(lad_code=KINGSTON).values_list(
        "ward_code", flat=True
    )
    assert {code[:6] for code in old if code} == {"E05000"}  # 2019 ward codes
    Lsoa.objects.bulk_create(saved)
    moved = crime_records_replace()
    assert moved > 0
    assert kingston_ward_total(JAN_2023) == 63
    counts = list(MonthlyCrimeCount.objects.order_by("pk").values())
    assert crime_records_replace() == 0
    assert list(MonthlyCrimeCount.objects.order_by("pk").values()) == counts
