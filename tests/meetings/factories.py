import datetime

import factory
from django.utils import timezone

from meetings.models import Attendance, Meeting
from tests.partnerships.factories import PartnershipFactory


class MeetingFactory(factory.django.DjangoModelFactory):
    """A published annual public meeting a month from now."""

    class Meta:
        model = Meeting

    partnership = factory.SubFactory(PartnershipFactory)
    kind = Meeting.Kind.ANNUAL_PUBLIC
    title = factory.Sequence(lambda n: f"Annual public meeting {n}")
    slug = factory.Sequence(lambda n: f"annual-public-meeting-{n}")
    starts_at = factory.LazyFunction(
        lambda: timezone.now().replace(microsecond=0) + datetime.timedelta(days=30)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    place = "Guildhall, High Street, Kingston upon Thames KT1 1EU"
    accessibility = "Step-free access and a hearing loop."
    status = Meeting.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    representative = "Jo Bloggs, Chief Executive"
    is_senior = True
