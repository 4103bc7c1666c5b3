"""Drafts, publishing, ordering and no lost updates, on the real database."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from portal.core.drafting import EditConflict
from priorities import services
from priorities.models import Action, Priority
from tests.partnerships.factories import (
    BoardFactory,
    OrganisationFactory,
    WardFactory,
)
from tests.priorities.factories import ActionFactory, ObjectiveFactory, PriorityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(django_user_model):
    return django_user_model.objects.create_user("officer@test.example", password="x")


@pytest.fixture
def priority():
    priority = PriorityFactory(title="Antisocial behaviour", summary="Old summary")
    ObjectiveFactory(priority=priority, text="First objective", order=1)
    return priority


def draft_data(priority, **changes):
    data = {
        "title": priority.title,
        "summary": priority.summary,
        "description": priority.description,
        "delivery_group": None,
        "locations": [],
        "objectives": ["First objective"],
    }
    return {**data, **changes}


def test_a_draft_does_not_reach_residents(priority, officer):
    """Saving a draft leaves the published fields as they were."""
    services.priority_save_draft(
        priority=priority,
        actor=officer,
        data=draft_data(priority, summary="New summary"),
        version=priority.version,
    )
    priority.refresh_from_db()
    assert priority.summary == "Old summary"
    assert priority.draft["summary"] == "New summary"
    assert priority.draft_saved_by == officer


def test_publishing_applies_the_draft_objectives_and_places(priority, officer):
    """Publish copies the draft, replaces objectives and places, clears the draft."""
    ward = WardFactory(parent=priority.plan.partnership.area)
    group = BoardFactory(partnership=priority.plan.partnership)
    services.priority_save_draft(
        priority=priority,
        actor=officer,
        data=draft_data(
            priority,
            summary="New summary",
            delivery_group=group,
            locations=[ward],
            objectives=["Changed objective", "Second objective"],
        ),
        version=priority.version,
    )
    services.priority_publish(priority=priority, actor=officer)
    priority.refresh_from_db()
    assert priority.summary == "New summary"
    assert priority.delivery_group == group
    assert list(priority.locations.all()) == [ward]
    assert [o.text for o in priority.objectives.all()] == [
        "Changed objective",
        "Second objective",
    ]
    assert priority.draft is None


def test_publishing_twice_changes_nothing(priority, officer):
    """The second publish writes no row."""
    services.priority_save_draft(
        priority=priority,
        actor=officer,
        data=draft_data(priority, title="New"),
        version=priority.version,
    )
    services.priority_publish(priority=priority, actor=officer)
    before = Priority.objects.values().get(pk=priority.pk)
    history = priority.history.count()
    services.priority_publish(priority=priority, actor=officer)
    assert Priority.objects.values().get(pk=priority.pk) == before
    assert priority.history.count() == history


def test_publishing_publishes_pending_actions(priority, officer):
    """New actions and action drafts go live with the priority."""
    new = services.action_create(
        priority=priority,
        actor=officer,
        data={
            "title": "Patrols",
            "status": "on_track",
            "due_date": None,
            "lead_organisation": None,
        },
    )
    changed = ActionFactory(priority=priority, status="on_track")
    services.action_save_draft(
        action=changed,
        actor=officer,
        data={
            "title": changed.title,
            "status": "at_risk",
            "due_date": None,
            "lead_organisation": None,
        },
        version=changed.version,
    )
    assert not Action.objects.get(pk=new.pk).is_published
    services.priority_publish(priority=priority, actor=officer)
    assert Action.objects.get(pk=new.pk).is_published
    assert Action.objects.get(pk=changed.pk).status == "at_risk"


def test_two_saves_from_one_version_one_is_refused(priority, officer):
    """The second save from the same starting version raises EditConflict."""
    start = priority.version
    services.priority_save_draft(
        priority=priority,
        actor=officer,
        data=draft_data(priority, title="Mine"),
        version=start,
    )
    with pytest.raises(EditConflict) as refused:
        services.priority_save_draft(
            priority=priority,
            actor=officer,
            data=draft_data(priority, title="Theirs"),
            version=start,
        )
    assert refused.value.current.draft["title"] == "Mine"
    priority.refresh_from_db()
    assert priority.draft["title"] == "Mine"


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_one_wins(officer):
    """Two threads saving from the same version: exactly one succeeds."""
    priority = PriorityFactory()
    start = priority.version
    barrier = threading.Barrier(2)
    outcomes = []

    def save(title):
        try:
            barrier.wait(timeout=10)
            services.priority_save_draft(
                priority=priority,
                actor=officer,
                data=draft_data(priority, title=title),
                version=start,
            )
            outcomes.append("saved")
        except EditConflict:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(t,)) for t in ("One", "Two")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["refused", "saved"]
    priority.refresh_from_db()
    assert priority.version == start + 1


def test_groups_and_places_must_belong_to_the_partnership(priority, officer):
    """Another partnership's group, ward or lead organisation is refused."""
    with pytest.raises(ValidationError) as refused:
        services.priority_save_draft(
            priority=priority,
            actor=officer,
            data=draft_data(
                priority, delivery_group=BoardFactory(), locations=[WardFactory()]
            ),
            version=priority.version,
        )
    assert set(refused.value.message_dict) == {"delivery_group", "locations"}
    with pytest.raises(ValidationError):
        services.action_create(
            priority=priority,
            actor=officer,
            data={
                "title": "X",
                "status": "done",
                "due_date": None,
                "lead_organisation": OrganisationFactory(),
            },
        )


def test_unpublishing_hides_and_keeps_content(priority, officer):
    """An unpublished priority keeps its content and can be published again."""
    services.priority_unpublish(priority=priority, actor=officer)
    priority.refresh_from_db()
    assert not priority.is_published
    services.priority_publish(priority=priority, actor=officer)
    priority.refresh_from_db()
    assert priority.is_published
    assert priority.title == "Antisocial behaviour"


def test_moving_priorities(priority, officer):
    """Up and down swap neighbours; the ends stay put."""
    second = PriorityFactory(plan=priority.plan, title="Second")
    services.priority_move(priority=second, actor=officer, direction="up")
    titles = list(
        Priority.objects.filter(plan=priority.plan)
        .order_by("order")
        .values_list("title", flat=True)
    )
    assert titles == ["Second", "Antisocial behaviour"]
    services.priority_move(priority=second, actor=officer, direction="up")
    with pytest.raises(ValidationError):
        services.priority_move(priority=second, actor=officer, direction="sideways")


def test_history_records_who_changed_what(priority, officer):
    """Each draft and publish is in the history with the officer and the changes."""
    from priorities.selectors import priority_history

    services.priority_save_draft(
        priority=priority,
        actor=officer,
        data=draft_data(priority, summary="New summary"),
        version=priority.version,
    )
    services.priority_publish(priority=priority, actor=officer)
    staff = priority_history(priority=priority, include_drafts=True)
    assert staff[0]["what"] == "Published"
    assert staff[0]["who"] == "officer@test.example"
    assert {"label": "Summary", "old": "Old summary", "new": "New summary"} in staff[0][
        "changes"
    ]
    assert any(e["what"] == "Draft saved" for e in staff)
    public = priority_history(priority=priority, include_drafts=False)
    assert [e["what"] for e in public] == ["First published"]


def test_a_priority_keeps_the_slug_it_is_given(officer):
    """A priority known by an address elsewhere keeps it; others get one made."""
    plan = PriorityFactory().plan
    given = services.priority_create(
        plan=plan,
        actor=officer,
        data={"title": "Targets 2009/10", "summary": "S", "slug": "targets-2009-10"},
    )
    made = services.priority_create(
        plan=plan, actor=officer, data={"title": "Targets 2009/10", "summary": "S"}
    )
    assert (given.slug, made.slug) == ("targets-2009-10", "targets-200910")


def test_evidence_is_one_per_kind_and_replaced(officer, priority):
    """Setting a kind again replaces its detail; the same detail writes nothing."""
    first = services.evidence_set(
        priority=priority, actor=officer, kind="residents", detail="Surveys."
    )
    again = services.evidence_set(
        priority=priority, actor=officer, kind="residents", detail="Surveys."
    )
    assert again.pk == first.pk
    services.evidence_set(
        priority=priority, actor=officer, kind="residents", detail="Meetings."
    )
    assert list(priority.evidence.values_list("kind", "detail")) == [
        ("residents", "Meetings.")
    ]


def test_indicators_are_listed_in_the_order_added_and_checked(
    officer, priority, django_capture_on_commit_callbacks
):
    """Each goes last, the published priority's plan is re-indexed, and a
    reduction with a rising target is refused."""
    with django_capture_on_commit_callbacks() as callbacks:
        first = services.indicator_add(
            priority=priority, actor=officer, data={"name": "Burglary"}
        )
        second = services.indicator_add(
            priority=priority,
            actor=officer,
            data={"name": "Robbery", "direction": "reduce", "target_percent": -4},
        )
    assert (first.order, second.order) == (1, 2)
    assert len(callbacks) == 2
    with pytest.raises(ValidationError):
        services.indicator_add(
            priority=priority,
            actor=officer,
            data={"name": "Knife crime", "direction": "reduce", "target_percent": 3},
        )
