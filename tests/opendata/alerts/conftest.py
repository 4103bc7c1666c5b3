import datetime

import pytest

from priorities.models import MonthlyCrimeCount
from tests.opendata.factories import EventFactory
from tests.partnerships.factories import AreaFactory, PartnershipFactory, WardFactory


@pytest.fixture
def borough(db):
    """A published partnership of Testborough with two wards and January's
    crime figures for the borough and for North ward."""
    area = AreaFactory(name="Testborough", code="E09000901")
    partnership = PartnershipFactory(
        name="Safer Testborough Partnership", slug="safer-testborough", area=area
    )
    north = WardFactory(name="North", code="E05000901", parent=area)
    south = WardFactory(name="South", code="E05000902", parent=area)
    january = datetime.date(2024, 1, 1)
    MonthlyCrimeCount.objects.bulk_create(
        [
            MonthlyCrimeCount(
                area_code=area.code, month=january, crime_type="Burglary", count=47
            ),
            MonthlyCrimeCount(
                area_code=area.code,
                month=january.replace(year=2023),
                crime_type="Burglary",
                count=63,
            ),
            MonthlyCrimeCount(
                area_code=north.code, month=january, crime_type="Burglary", count=30
            ),
        ]
    )
    partnership.north, partnership.south = north, south
    return partnership


@pytest.fixture
def crime_event(borough):
    """January 2024's figures for Testborough: public once recorded."""
    return EventFactory(
        partnership=borough, key="2024-01", title="Crime figures for January 2024"
    )
