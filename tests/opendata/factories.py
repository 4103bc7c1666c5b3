import secrets

import factory
from django.utils import timezone

from opendata.models import Event, Subscriber
from tests.partnerships.factories import PartnershipFactory


class SubscriberFactory(factory.django.DjangoModelFactory):
    """A confirmed subscriber to every topic, straight away; ``confirmed_at=None``
    for one awaiting its link, ``frequency="weekly"`` for digests."""

    class Meta:
        model = Subscriber

    partnership = factory.SubFactory(PartnershipFactory)
    email = factory.Sequence(lambda n: f"subscriber{n}@example.org")
    token = factory.LazyFunction(lambda: secrets.token_urlsafe(32))
    consultations = True
    results = True
    publications = True
    meetings = False
    crime_summary = True
    frequency = Subscriber.Frequency.IMMEDIATE
    confirmed_at = factory.LazyFunction(timezone.now)


class EventFactory(factory.django.DjangoModelFactory):
    """A crime figures event (always public once its partnership is)."""

    class Meta:
        model = Event

    kind = Event.Kind.CRIME_FIGURES
    partnership = factory.SubFactory(PartnershipFactory)
    object_id = factory.SelfAttribute("partnership.pk")
    key = factory.Sequence(lambda n: f"20{10 + n // 12:02d}-{n % 12 + 1:02d}")
    title = factory.LazyAttribute(lambda o: f"Crime figures for {o.key}")
    path = "/"
    occurred_at = factory.LazyFunction(timezone.now)
