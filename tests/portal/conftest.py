import importlib
import os
import sys

import pytest

from partnerships.models import Board, Membership
from portal.site.services import search_index_rebuild_all
from tests.partnerships.factories import (
    BoardFactory,
    BoardObjectiveFactory,
    ContactFactory,
    MembershipFactory,
    PartnershipFactory,
    PrincipleFactory,
    WardFactory,
)
from tests.plans.factories import PlanAlignmentFactory, PlanFactory, PlanSectionFactory
from tests.priorities.factories import (
    EvidenceFactory,
    IndicatorFactory,
    ObjectiveFactory,
    PriorityFactory,
)


def build_site(priority_count: int = 5) -> dict:
    """A published partnership with every kind of content its pages show."""
    partnership = PartnershipFactory(name="Safer Testborough Partnership")
    for role in Membership.Role:
        MembershipFactory.create_batch(2, partnership=partnership, role=role)
    PrincipleFactory.create_batch(2, partnership=partnership)
    board = BoardFactory(partnership=partnership, name="Victim")
    BoardObjectiveFactory.create_batch(3, board=board)
    BoardFactory(partnership=partnership, name="Board", kind=Board.Kind.STRATEGIC)
    ContactFactory(partnership=partnership)
    plan = PlanFactory(partnership=partnership, title="Testborough Plan 2024-2029")
    PlanSectionFactory.create_batch(3, plan=plan)
    PlanAlignmentFactory(plan=plan)
    PlanAlignmentFactory(plan=plan, aligned_plan=PlanFactory(), title="")
    PlanFactory(
        partnership=partnership,
        title="Old plan",
        start_year=2019,
        end_year=2023,
        status="superseded",
    )
    ward = WardFactory(parent=partnership.area)
    priorities = []
    for _ in range(priority_count):
        priority = PriorityFactory(plan=plan, delivery_group=board)
        priority.locations.add(ward)
        EvidenceFactory(priority=priority)
        ObjectiveFactory.create_batch(2, priority=priority)
        IndicatorFactory(priority=priority)
        priorities.append(priority)
    search_index_rebuild_all()
    return {"partnership": partnership, "plan": plan, "priorities": priorities}


@pytest.fixture
def site(db):
    return build_site()


@pytest.fixture
def production_settings(monkeypatch):
    """The ``portal.settings.production`` module, as a real deployment loads it
    (its own defaults: only the required variables are set)."""
    for name in list(os.environ):
        if name.startswith(("DJANGO_SECURE_", "DJANGO_DEBUG")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("DJANGO_SECRET_KEY", "production-settings-test-" + "k" * 40)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "portal.example.org")
    monkeypatch.setenv("PORTAL_BASE_URL", "https://portal.example.org")
    sys.modules.pop("portal.settings.production", None)
    yield importlib.import_module("portal.settings.production")
    sys.modules.pop("portal.settings.production", None)
