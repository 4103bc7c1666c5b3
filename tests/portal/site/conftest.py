import pytest

from partnerships.models import Area
from partnerships.services import place_wards_set
from priorities.crime.met import met_ward_path_import
from tests.conftest import KENSINGTON, KINGSTON, WESTMINSTER
from tests.partnerships.factories import PartnershipFactory
from tests.plans.factories import PlanFactory


@pytest.fixture
def areas(geography, postcodes, three_boroughs):
    """Kingston and Westminster hosted (published partnerships with a plan),
    Kensington and Chelsea not; current wards, people, boundaries, postcodes
    and the Met's series for Kingston's and Westminster's wards."""
    boroughs = {a.code: a for a in Area.objects.filter(code__in=[KINGSTON, WESTMINSTER,
                                                              KENSINGTON])}  # fmt: skip
    kingston = PartnershipFactory(
        name="Safer Kingston Partnership",
        slug="safer-kingston",
        area=boroughs[KINGSTON],
    )
    westminster = PartnershipFactory(
        name="Safer Westminster", slug="safer-westminster", area=boroughs[WESTMINSTER]
    )
    PartnershipFactory(area=boroughs[KENSINGTON], is_published=False)
    plans = {
        "kingston": PlanFactory(partnership=kingston, title="Safer Kingston Plan"),
        "westminster": PlanFactory(partnership=westminster),
    }
    town_centre = Area.objects.create(
        name="Kingston town centre", kind=Area.Kind.PLACE, parent=boroughs[KINGSTON]
    )
    place_wards_set(
        place=town_centre,
        wards=[Area.objects.current().get(code="E05013938")],  # Kingston Town
    )
    met_ward_path_import(path=three_boroughs["met"], boroughs=[KINGSTON, WESTMINSTER])
    return {
        "kingston": kingston,
        "westminster": westminster,
        "plans": plans,
        "town_centre": town_centre,
        "ward": Area.objects.current().get(code="E05013938"),
    }
