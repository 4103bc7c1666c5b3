import datetime

import pytest

from partnerships.models import OfficerRole
from plans.deadlines.services import duty_configure
from tests.partnerships.factories import PartnershipFactory


@pytest.fixture
def partnership(db):
    return PartnershipFactory(name="Safer Testborough Partnership")


@pytest.fixture
def owner(partnership, django_user_model):
    user = django_user_model.objects.create_user(
        "owner@test.example", email="owner@test.example", password="x"
    )
    OfficerRole.objects.create(user=user, partnership=partnership, role="officer")
    return user


@pytest.fixture
def annual_duty(partnership, owner):
    """A strategic assessment due every 31 January, first due 31 January 2027."""
    return duty_configure(
        partnership=partnership,
        kind="strategic_assessment",
        cadence="annual",
        due_month=1,
        due_day=31,
        owners=[owner],
        today=datetime.date(2026, 11, 21),
    )
