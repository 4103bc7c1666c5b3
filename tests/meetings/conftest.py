import datetime
from types import SimpleNamespace

import pytest
import time_machine
from django.utils import timezone

from meetings import services
from partnerships.models import Membership, OfficerRole, Organisation
from plans.deadlines.services import duty_configure
from tests.partnerships.factories import (
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    WardFactory,
)

# The walk-through's "today": the public-meeting deadline due 31 October 2027
# is open, 11 months away.
TODAY = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def clock():
    with time_machine.travel(TODAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def borough(db, clock, django_user_model):
    """A partnership with three responsible authorities and a co-operating
    body, a ward, an editor and an officer, and its public-meeting duty (due
    every 31 October)."""
    partnership = PartnershipFactory(name="Safer Testborough Partnership")
    authorities = [
        MembershipFactory(
            partnership=partnership,
            organisation=OrganisationFactory(name=name, kind=kind),
            order=order,
        ).organisation
        for order, (name, kind) in enumerate(
            [
                ("Testborough Council", Organisation.Kind.LOCAL_AUTHORITY),
                ("Metropolitan Police Service", Organisation.Kind.POLICE),
                ("London Fire Brigade", Organisation.Kind.FIRE_AND_RESCUE),
            ]
        )
    ]
    partner = MembershipFactory(
        partnership=partnership,
        organisation=OrganisationFactory(
            name="Testborough Voluntary Action", kind=Organisation.Kind.VOLUNTARY
        ),
        role=Membership.Role.CO_OPERATING_BODY,
    ).organisation
    users = {}
    for name, role in (("editor", "editor"), ("officer", "officer")):
        users[name] = django_user_model.objects.create_user(
            f"{name}@test.example",
            email=f"{name}@test.example",
            password="correct-horse-battery",
        )
        OfficerRole.objects.create(user=users[name], partnership=partnership, role=role)
    duty = duty_configure(
        partnership=partnership,
        kind="public_meeting",
        cadence="annual",
        due_month=10,
        due_day=31,
        owners=[users["officer"]],
    )
    return SimpleNamespace(
        partnership=partnership,
        authorities=authorities,
        partner=partner,
        ward=WardFactory(name="Canbury", parent=partnership.area),
        duty=duty,
        deadline=duty.deadlines.get(),
        **users,
    )


def meeting_data(**overrides) -> dict:
    """Valid data for meeting_create: an annual public meeting last month."""
    starts = timezone.localtime().replace(
        hour=18, minute=30, second=0, microsecond=0
    ) - datetime.timedelta(days=20)
    return {
        "title": "Annual public meeting",
        "kind": "annual_public",
        "ward": None,
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=2),
        "place": "Guildhall, High Street",
        "accessibility": "Step-free access and a hearing loop.",
        "online_url": "https://meet.example.org/annual",
        "summary": "The year's work, then **your questions**.",
        **overrides,
    }


def create_meeting(world, **overrides):
    return services.meeting_create(
        partnership=world.partnership,
        actor=world.editor,
        data=meeting_data(**overrides),
    )
