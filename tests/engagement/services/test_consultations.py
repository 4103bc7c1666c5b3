"""Running a consultation on the real database: scheduling, and opening and
closing on time."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from engagement import services
from engagement.models import Consultation, SubscriberNotice
from tests.engagement.conftest import build_open_consultation

pytestmark = pytest.mark.django_db


def test_opening_and_closing_on_time_notifies_subscribers_once(db):
    """Scheduled -> open at its time (subscribers told once) -> closed at its time."""
    from tests.partnerships.factories import PartnershipFactory

    partnership = PartnershipFactory()
    confirmed = services.subscription_request(partnership=partnership, email="A@x.org")
    services.subscription_confirm(token=confirmed.token)
    services.subscription_request(partnership=partnership, email="pending@x.org")
    consultation = build_open_consultation(partnership=partnership)
    # build_open_consultation ran the job, which opened it; again changes nothing.
    assert services.consultations_open_and_close()["notices"] == 0
    assert SubscriberNotice.objects.count() == 1
    assert SubscriberNotice.objects.get().subscription.email == "a@x.org"
    with time_machine.travel(consultation.closes_at + datetime.timedelta(minutes=1)):
        assert services.consultations_open_and_close()["closed"] == 1
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.CLOSED


def test_schedule_needs_questions_and_closing_after_opening(db):
    """A clear message for each."""
    from tests.partnerships.factories import PartnershipFactory

    consultation = services.consultation_create(
        partnership=PartnershipFactory(),
        actor=None,
        data={"title": "T", "summary": "S"},
    )
    now = timezone.now()
    with pytest.raises(ValidationError, match="at least one question"):
        services.consultation_schedule(
            consultation=consultation, actor=None, opens_at=now, closes_at=now
        )
