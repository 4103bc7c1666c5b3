"""The priority admin writes through the priority services: it cannot skip
drafts, versions and the change history."""

import pytest
from django.urls import reverse

from priorities.models import Priority
from tests.partnerships.factories import BoardFactory
from tests.plans.factories import PlanFactory
from tests.priorities.factories import ObjectiveFactory, PriorityFactory

pytestmark = pytest.mark.django_db


def inlines(**initial):
    """Management forms of the evidence, objectives and indicators inlines."""
    data = {}
    for prefix in ("evidence", "objectives", "indicators"):
        count = initial.get(prefix, 0)
        data |= {
            f"{prefix}-TOTAL_FORMS": count,
            f"{prefix}-INITIAL_FORMS": count,
            f"{prefix}-MIN_NUM_FORMS": 0,
            f"{prefix}-MAX_NUM_FORMS": 1000,
        }
    return data


def history(priority):
    return [
        (record.history_user, record.history_change_reason)
        for record in priority.history.order_by("history_date", "history_id")
    ]


def test_publishing_in_the_change_form_changes_nothing(admin_client):
    """ "Is published", content and order posted to the change form are ignored:
    the priority stays unpublished, at its version, with no new history."""
    priority = PriorityFactory(is_published=False, title="Old title")
    objective = ObjectiveFactory(priority=priority, text="Old objective")
    before = Priority.objects.values().get(pk=priority.pk)
    response = admin_client.post(
        reverse("admin:priorities_priority_change", args=[priority.pk]),
        {
            "is_published": "on",
            "title": "New title",
            "order": 9,
            **inlines(objectives=1),
            "objectives-0-id": objective.pk,
            "objectives-0-priority": priority.pk,
            "objectives-0-text": "New objective",
        },
    )
    assert response.status_code == 302
    assert Priority.objects.values().get(pk=priority.pk) == before
    assert list(priority.objectives.values_list("text", flat=True)) == ["Old objective"]
    assert history(priority) == [(None, None)]  # the factory's row only


def test_the_change_form_points_to_the_staff_page(admin_client):
    """Nothing of the priority itself is a form field; the staff page is linked."""
    priority = PriorityFactory()
    page = admin_client.get(
        reverse("admin:priorities_priority_change", args=[priority.pk])
    )
    assert page.status_code == 200
    assert set(page.context["adminform"].form.fields) == set()
    assert reverse("manage:priority", args=[priority.pk]) in page.text


def test_the_publish_action_goes_through_the_service(
    admin_client, django_capture_on_commit_callbacks
):
    """Published, with a new version and the administrator in its history."""
    priority = PriorityFactory(is_published=False)
    with django_capture_on_commit_callbacks():
        response = admin_client.post(
            reverse("admin:priorities_priority_changelist"),
            {"action": "publish_selected", "_selected_action": [priority.pk]},
        )
    assert response.status_code == 302
    priority.refresh_from_db()
    assert priority.is_published
    assert priority.version == 2
    who, why = history(priority)[-1]
    assert (who.username, why) == ("admin", "Published")


def add_data(plan, **changes):
    return {
        "plan": plan.pk,
        "title": "Safer streets",
        "slug": "safer-streets",
        "summary": "Make the streets safer.",
        "description": "",
        "is_published": "on",
        **inlines(),
        **changes,
    }


def test_adding_a_priority_goes_through_the_service(admin_client):
    """Created unpublished, last in its plan, by the administrator."""
    plan = PlanFactory()
    PriorityFactory(plan=plan, order=1)
    response = admin_client.post(
        reverse("admin:priorities_priority_add"), add_data(plan)
    )
    assert response.status_code == 302
    priority = Priority.objects.get(slug="safer-streets")
    assert not priority.is_published
    assert priority.order == 2
    who, why = history(priority)[0]
    assert (who.username, why) == ("admin", "Created")


def test_adding_refuses_another_partnerships_group(admin_client):
    """The service's rule shows on the form, and nothing is created."""
    plan = PlanFactory()
    response = admin_client.post(
        reverse("admin:priorities_priority_add"),
        add_data(plan, delivery_group=BoardFactory().pk),
    )
    assert response.status_code == 200
    assert "Choose a board or group of this partnership" in response.text
    assert not Priority.objects.filter(slug="safer-streets").exists()
