import pytest

from partnerships.models import Area, Contact
from tests.partnerships.factories import (
    AreaFactory,
    BoardFactory,
    MembershipFactory,
    PartnershipFactory,
    WardFactory,
)
from tests.utils import assert_refused

pytestmark = pytest.mark.django_db


def test_ons_codes_are_unique():
    """Two areas cannot share an ONS code."""
    AreaFactory(code="E09000021")
    assert_refused(lambda: AreaFactory(code="E09000021"))


def test_ons_code_must_look_like_a_gss_code():
    """An ONS code is a letter and eight digits."""
    assert_refused(lambda: AreaFactory(code="KINGSTON1"))


def test_places_without_codes_may_coexist():
    """Many places have no ONS code; blank codes do not clash."""
    borough = AreaFactory()
    Area.objects.create(name="West End", kind=Area.Kind.PLACE, parent=borough)
    Area.objects.create(name="Town centre", kind=Area.Kind.PLACE, parent=borough)
    assert Area.objects.filter(code="").count() == 2


def test_ward_names_are_unique_within_a_borough_only():
    """The same ward name may exist in two boroughs, not twice in one."""
    first, second = AreaFactory(), AreaFactory()
    WardFactory(name="Church Street", parent=first)
    WardFactory(name="Church Street", parent=second)
    assert_refused(lambda: WardFactory(name="Church Street", parent=first))


def test_top_level_area_names_are_unique():
    """Two local authorities cannot have the same name."""
    AreaFactory(name="Westminster")
    assert_refused(lambda: AreaFactory(name="Westminster"))


def test_partnership_slugs_are_unique():
    """Partnership addresses cannot clash."""
    PartnershipFactory(slug="safer-kingston")
    assert_refused(lambda: PartnershipFactory(slug="safer-kingston"))


def test_an_organisation_joins_a_partnership_once():
    """One membership per organisation and partnership."""
    membership = MembershipFactory()
    assert_refused(
        lambda: MembershipFactory(
            partnership=membership.partnership, organisation=membership.organisation
        )
    )


def test_board_slugs_are_unique_per_partnership():
    """Two partnerships may both have a 'victim' group; one may not have two."""
    board = BoardFactory(slug="victim")
    BoardFactory(slug="victim")
    assert_refused(lambda: BoardFactory(slug="victim", partnership=board.partnership))


def test_a_contact_needs_a_way_to_reach_it():
    """A contact with no phone, email or web address is refused."""
    partnership = PartnershipFactory()
    assert_refused(lambda: Contact.objects.create(partnership=partnership, name="Team"))
