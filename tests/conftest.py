"""Shared fixtures. App fixtures live in tests/<app>/conftest.py."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path_factory):
    """Uploaded documents go to a fresh folder per test, never the worktree."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty (real Redis) cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def two_partnerships(db):
    """Partnerships A and B with a plan, a section, a priority, an action, an
    indicator, a strategic assessment deadline, a draft consultation with one
    question, a published meeting held last week with its agenda, and a
    resident's message each, and a user for every role: officer of A, officer
    of B, editor of A, consultation manager of A and a site administrator."""
    from django.contrib.auth import get_user_model

    from engagement import services as engagement_services
    from partnerships.models import OfficerRole
    from plans.deadlines.services import duty_configure
    from tests.partnerships.factories import (
        BoardFactory,
        MembershipFactory,
        WardFactory,
    )
    from tests.plans.factories import PlanFactory, PlanSectionFactory
    from tests.priorities.factories import (
        ActionFactory,
        IndicatorFactory,
        ObjectiveFactory,
        PriorityFactory,
    )

    User = get_user_model()
    world = {}
    for key in ("a", "b"):
        plan = PlanFactory(title=f"Plan {key.upper()}")
        partnership = plan.partnership
        MembershipFactory(partnership=partnership)
        WardFactory(parent=partnership.area)
        board = BoardFactory(partnership=partnership)
        priority = PriorityFactory(plan=plan, delivery_group=board)
        ObjectiveFactory(priority=priority)
        world[key] = {
            "partnership": partnership,
            "plan": plan,
            "section": PlanSectionFactory(plan=plan),
            "priority": priority,
            "action": ActionFactory(priority=priority),
            "indicator": IndicatorFactory(priority=priority),
        }

    def user(name, partnership=None, role=None, **extra):
        account = User.objects.create_user(
            username=f"{name}@test.example",
            email=f"{name}@test.example",
            password="correct-horse-battery",
            first_name=name.replace("_", " ").title(),
            **extra,
        )
        if partnership is not None:
            OfficerRole.objects.create(user=account, partnership=partnership, role=role)
        return account

    from priorities.models import CrimeImport

    world["crime_import"] = CrimeImport.objects.create(
        file_name="2024-01-metropolitan-street.csv", sha256="0" * 64, status="done"
    )
    world["users"] = {
        "anonymous": None,
        "officer_a": user("officer_a", world["a"]["partnership"], "officer"),
        "officer_b": user("officer_b", world["b"]["partnership"], "officer"),
        "editor_a": user("editor_a", world["a"]["partnership"], "editor"),
        "manager_a": user(
            "manager_a", world["a"]["partnership"], "consultation_manager"
        ),
        "admin": user("admin", is_superuser=True, is_staff=True),
    }
    # A strategic assessment deadline each, owned by the partnership's officer.
    for key in ("a", "b"):
        duty = duty_configure(
            partnership=world[key]["partnership"],
            kind="strategic_assessment",
            cadence="annual",
            due_month=1,
            due_day=31,
            owners=[world["users"][f"officer_{key}"]],
        )
        world[key]["deadline"] = duty.deadlines.get()
    # A meeting each (published, a week ago) with an agenda, and a message
    # from a resident.
    import datetime

    from django.utils import timezone

    from contact.services import message_submit
    from meetings import services as meeting_services
    from tests.documents import pdf

    for key in ("a", "b"):
        partnership = world[key]["partnership"]
        starts = timezone.now().replace(microsecond=0) - datetime.timedelta(days=7)
        meeting = meeting_services.meeting_create(
            partnership=partnership,
            actor=None,
            data={
                "title": f"Annual public meeting {key.upper()}",
                "kind": "annual_public",
                "starts_at": starts,
                "ends_at": starts + datetime.timedelta(hours=2),
                "place": "Guildhall",
            },
        )
        world[key]["meeting"] = meeting_services.meeting_publish(
            meeting=meeting, actor=None
        )
        world[key]["document"] = meeting_services.meeting_document_add(
            meeting=meeting, actor=None, kind="agenda", title="Agenda", file=pdf()
        )
        world[key]["message"], _ = message_submit(
            partnership=partnership,
            data={
                "name": "Sam Resident",
                "email": "sam@example.org",
                "topic": "work",
                "body": "What are you doing about bikes on pavements?",
            },
            idempotency_key=f"key-{key}",
        )
    # A draft consultation each, with one question.
    for key in ("a", "b"):
        consultation = engagement_services.consultation_create(
            partnership=world[key]["partnership"],
            actor=None,
            data={
                "title": f"Consultation {key.upper()}",
                "summary": "How safe do you feel in the town centre?",
            },
        )
        world[key]["consultation"] = consultation
        world[key]["question"] = engagement_services.question_add(
            consultation=consultation,
            actor=None,
            data={
                "kind": "single_choice",
                "text": "How often do you visit the town centre?",
                "choices": ["Every day", "Every week", "Less often"],
            },
        )
    return world
