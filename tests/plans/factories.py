import datetime

import factory

from plans.models import Plan, PlanAlignment, PlanSection
from tests.partnerships.factories import PartnershipFactory


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    partnership = factory.SubFactory(PartnershipFactory)
    kind = Plan.Kind.PARTNERSHIP_PLAN
    title = factory.Sequence(lambda n: f"Partnership Plan {n}")
    slug = factory.Sequence(lambda n: f"partnership-plan-{n}")
    start_year = 2024
    end_year = 2029
    status = Plan.Status.PUBLISHED
    summary = factory.Faker("paragraph")
    published_on = factory.LazyAttribute(
        lambda o: None if o.status == Plan.Status.DRAFT else datetime.date(2024, 4, 1)
    )


class PlanSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanSection

    plan = factory.SubFactory(PlanFactory)
    title = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.Sequence(lambda n: f"section-{n}")
    body = factory.Faker("paragraph")
    order = factory.Sequence(int)
    is_published = True


class PlanAlignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanAlignment

    plan = factory.SubFactory(PlanFactory)
    title = factory.Sequence(lambda n: f"Police and Crime Plan {n}")
    publisher = "MOPAC"
