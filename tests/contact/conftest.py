from types import SimpleNamespace

import pytest
import time_machine

from contact.models import ContactInbox
from partnerships.models import OfficerRole
from tests.partnerships.factories import PartnershipFactory

NOW = "2026-12-01 09:00:00+00:00"


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def inboxes(db, django_user_model):
    """Partnerships A (with an inbox address) and B, an officer of each."""
    world = {}
    for key in ("a", "b"):
        partnership = PartnershipFactory(name=f"Safer {key.upper()} Partnership")
        officer = django_user_model.objects.create_user(
            f"officer_{key}@test.example",
            email=f"officer_{key}@test.example",
            password="correct-horse-battery",
            first_name=f"Officer {key.upper()}",
        )
        OfficerRole.objects.create(
            user=officer, partnership=partnership, role="officer"
        )
        world[key] = SimpleNamespace(partnership=partnership, officer=officer)
    ContactInbox.objects.create(
        partnership=world["a"].partnership, email="community.safety@a.example"
    )
    return SimpleNamespace(**world)


def message_data(**overrides) -> dict:
    return {
        "name": "Sam Resident",
        "email": "sam@example.org",
        "topic": "meeting",
        "body": "Will there be a hearing loop at the annual meeting?",
        **overrides,
    }
