import pytest
from django.conf import settings

from partnerships.lookups import lsoa_lookups_load

LOOKUPS = settings.BASE_DIR.parent / "shared" / "data" / "police-uk" / "lookups"


@pytest.fixture
def lookups(db):
    """The ONS lookups from ../shared, loaded into the test database."""
    for name in ("LSOA11_WD19_LAD19_LONDON.csv", "LSOA21_MSOA21_LAD22_LONDON.csv"):
        lsoa_lookups_load(path=LOOKUPS / name)
