"""What a partnership is made of, written through its services."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from partnerships import services
from partnerships.models import Area, Membership, OfficerRole, Partnership
from tests.partnerships.factories import (
    AreaFactory,
    OrganisationFactory,
    PartnershipFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(django_user_model):
    return django_user_model.objects.create_user(
        "admin@test.example", password="x", is_superuser=True, is_staff=True
    )


@pytest.fixture
def reindexed(monkeypatch):
    """The partnerships whose search re-index was asked for."""
    asked = []
    monkeypatch.setattr(
        "partnerships.services.structure.search_partnership_changed",
        lambda *, partnership_id: asked.append(partnership_id),
    )
    return asked


def partnership_data(area, **changes):
    return {
        "name": "Safer Testborough Partnership",
        "area": area,
        "summary": "Keeping Testborough safe.",
    } | changes


def test_areas_are_checked_before_they_are_saved():
    """A ward with a code that is not an ONS code is refused; a place needs no code."""
    borough = services.area_create(
        name="Testborough", kind=Area.Kind.LOCAL_AUTHORITY, code="E09000099"
    )
    with pytest.raises(ValidationError):
        services.area_create(
            name="Ward", kind=Area.Kind.WARD, code="W-1", parent=borough
        )
    place = services.area_create(
        name="Town centre", kind=Area.Kind.PLACE, parent=borough
    )
    assert place.parent == borough
    assert place.code == ""


def test_an_organisation_gets_a_slug_from_its_name(admin):
    """Without a slug, one is made from the name, and kept free of clashes."""
    first = services.organisation_create(
        actor=admin, data={"name": "Testborough Council", "kind": "local_authority"}
    )
    second = services.organisation_create(
        actor=admin, data={"name": "Testborough Council", "kind": "local_authority"}
    )
    assert (first.slug, second.slug) == ("testborough-council", "testborough-council-2")


def test_a_new_partnership_is_hidden_until_published(admin, reindexed):
    """Created unpublished, with a slug from its name; nothing to index yet."""
    partnership = services.partnership_create(
        actor=admin, data=partnership_data(AreaFactory())
    )
    assert partnership.slug == "safer-testborough-partnership"
    assert not partnership.is_published
    assert not Partnership.objects.public().exists()
    assert reindexed == []


def test_a_partnership_takes_only_its_own_fields(admin):
    """Whether it is published is not set by creating or updating it."""
    with pytest.raises(ValueError, match="is_published"):
        services.partnership_create(
            actor=admin, data=partnership_data(AreaFactory(), is_published=True)
        )


def test_publishing_shows_it_and_reindexes_it_once(admin, reindexed):
    """Publishing twice changes nothing the second time; unpublishing hides it."""
    partnership = PartnershipFactory(is_published=False)
    services.partnership_publish(partnership=partnership, actor=admin)
    before = Partnership.objects.values().get(pk=partnership.pk)
    services.partnership_publish(partnership=partnership, actor=admin)
    assert Partnership.objects.values().get(pk=partnership.pk) == before
    assert before["is_published"] is True
    assert reindexed == [partnership.pk]
    services.partnership_unpublish(partnership=partnership, actor=admin)
    services.partnership_unpublish(partnership=partnership, actor=admin)
    partnership.refresh_from_db()
    assert not partnership.is_published
    assert reindexed == [partnership.pk, partnership.pk]


def test_updating_with_the_same_values_writes_nothing(admin, reindexed):
    """Only fields that differ are saved, so a repeat leaves updated_at alone."""
    partnership = PartnershipFactory(vision="Old vision")
    services.partnership_update(
        partnership=partnership, actor=admin, data={"vision": "New vision"}
    )
    before = Partnership.objects.values().get(pk=partnership.pk)
    services.partnership_update(
        partnership=partnership,
        actor=admin,
        data={"vision": "New vision", "name": partnership.name},
    )
    assert Partnership.objects.values().get(pk=partnership.pk) == before
    assert before["vision"] == "New vision"
    assert reindexed == [partnership.pk]


def test_members_principles_and_boards_are_listed_in_the_order_added(admin, reindexed):
    """Each goes last; a published partnership is re-indexed, a hidden one not."""
    hidden = PartnershipFactory(is_published=False)
    for role in ("co_operating_body", "responsible_authority"):
        services.membership_add(
            partnership=hidden,
            actor=admin,
            organisation=OrganisationFactory(),
            role=role,
        )
    assert list(hidden.memberships.order_by("order").values_list("order", "role")) == [
        (1, "co_operating_body"),
        (2, "responsible_authority"),
    ]
    assert reindexed == []
    published = PartnershipFactory()
    services.principle_add(partnership=published, actor=admin, text="First")
    services.principle_add(partnership=published, actor=admin, text="Second")
    board = services.board_create(
        partnership=published,
        actor=admin,
        data={
            "name": "Victim",
            "kind": "delivery_group",
            "aim": "Support victims.",
            "objectives": ["Find repeat victims.", "Support them."],
        },
    )
    assert list(published.principles.values_list("text", "order")) == [
        ("First", 1),
        ("Second", 2),
    ]
    assert board.slug == "victim"
    assert list(board.objectives.values_list("text", "order")) == [
        ("Find repeat victims.", 1),
        ("Support them.", 2),
    ]
    assert reindexed == [published.pk] * 3


def test_a_member_is_counted_once():
    """The same organisation cannot be added twice to one partnership."""
    partnership, organisation = PartnershipFactory(), OrganisationFactory()
    services.membership_add(
        partnership=partnership,
        actor=None,
        organisation=organisation,
        role=Membership.Role.RESPONSIBLE_AUTHORITY,
    )
    with pytest.raises(ValidationError):
        services.membership_add(
            partnership=partnership,
            actor=None,
            organisation=organisation,
            role=Membership.Role.CO_OPERATING_BODY,
        )


def test_a_contact_needs_a_way_to_reach_it(admin):
    """A contact with no email, phone or address is refused; linked boards list."""
    partnership = PartnershipFactory()
    with pytest.raises(ValidationError):
        services.contact_add(
            partnership=partnership, actor=admin, data={"name": "Police"}
        )
    contact = services.contact_add(
        partnership=partnership,
        actor=admin,
        data={"name": "Police", "phone": "101"},
    )
    linked = services.linked_board_add(
        partnership=partnership, actor=admin, data={"name": "Safeguarding Board"}
    )
    assert (contact.order, linked.order) == (1, 1)


def test_granting_a_role_twice_gives_it_once(admin):
    """The second grant returns the same role; a made-up role is refused."""
    user = services.account_create(email="Officer@Test.Example", password="x")
    partnership = PartnershipFactory()
    first = services.officer_role_grant(
        user=user, partnership=partnership, role="editor", actor=admin
    )
    second = services.officer_role_grant(
        user=user, partnership=partnership, role="editor", actor=admin
    )
    assert first == second
    assert OfficerRole.objects.count() == 1
    with pytest.raises(ValidationError):
        services.officer_role_grant(
            user=user, partnership=partnership, role="mayor", actor=admin
        )


def test_an_account_signs_in_with_its_email_address():
    """Usernames are the lower-case address; a taken or bad address is refused."""
    user = services.account_create(
        email=" Sam@Test.Example ",
        password="correct-horse-battery",
        first_name="Sam",
        site_admin=True,
    )
    assert (user.username, user.email) == ("sam@test.example", "sam@test.example")
    assert user.check_password("correct-horse-battery")
    assert user.is_superuser
    assert user.is_staff
    with pytest.raises(ValidationError):
        services.account_create(email="sam@test.example", password="x")
    with pytest.raises(ValidationError):
        services.account_create(email="not an address", password="x")
    unusable = services.account_create(email="new@test.example", password=None)
    assert not unusable.has_usable_password()
    assert get_user_model().objects.count() == 2
