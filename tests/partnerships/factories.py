import factory

from partnerships.models import (
    Area,
    Board,
    BoardObjective,
    Contact,
    Membership,
    Organisation,
    Partnership,
    Principle,
)


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    name = factory.Sequence(lambda n: f"Borough {n}")
    kind = Area.Kind.LOCAL_AUTHORITY
    code = factory.Sequence(lambda n: f"E09{n:06d}")


class WardFactory(AreaFactory):
    name = factory.Sequence(lambda n: f"Ward {n}")
    kind = Area.Kind.WARD
    code = factory.Sequence(lambda n: f"E05{n:06d}")
    parent = factory.SubFactory(AreaFactory)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = Organisation.Kind.LOCAL_AUTHORITY


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    name = factory.Sequence(lambda n: f"Safer Borough {n} Partnership")
    slug = factory.Sequence(lambda n: f"safer-borough-{n}")
    area = factory.SubFactory(AreaFactory)
    summary = factory.Faker("sentence", nb_words=12)
    description = factory.Faker("paragraph")
    vision = factory.Faker("sentence", nb_words=16)
    is_published = True


class PrincipleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Principle

    partnership = factory.SubFactory(PartnershipFactory)
    text = factory.Faker("sentence")
    order = factory.Sequence(int)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    partnership = factory.SubFactory(PartnershipFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.RESPONSIBLE_AUTHORITY


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Board

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Group {n}")
    slug = factory.Sequence(lambda n: f"group-{n}")
    kind = Board.Kind.DELIVERY_GROUP
    aim = factory.Faker("sentence")


class BoardObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoardObjective

    board = factory.SubFactory(BoardFactory)
    text = factory.Faker("sentence")


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Community safety team {n}")
    phone = "020 7946 0000"
