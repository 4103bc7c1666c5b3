import factory

from priorities.models import Action, Evidence, Indicator, Objective, Priority
from tests.plans.factories import PlanFactory


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Priority

    plan = factory.SubFactory(PlanFactory)
    title = factory.Sequence(lambda n: f"Priority {n}")
    slug = factory.Sequence(lambda n: f"priority-{n}")
    summary = factory.Faker("sentence", nb_words=14)
    description = factory.Faker("paragraph")
    order = factory.Sequence(int)
    is_published = True


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    priority = factory.SubFactory(PriorityFactory)
    kind = Evidence.Kind.RESIDENTS
    detail = factory.Faker("sentence")


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    priority = factory.SubFactory(PriorityFactory)
    text = factory.Faker("sentence")


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    priority = factory.SubFactory(PriorityFactory)
    name = factory.Sequence(lambda n: f"Measure {n}")
    baseline_period = "2008/09"
    period = "2009/10"


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    priority = factory.SubFactory(PriorityFactory)
    title = factory.Sequence(lambda n: f"Action {n}")
    status = Action.Status.ON_TRACK
    is_published = True
