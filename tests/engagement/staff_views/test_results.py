"""Publishing the outcome: we asked, you said, we did."""

import datetime

import pytest
from django.urls import reverse

from engagement import services
from engagement.models import Consultation
from tests.engagement.staff_views.conftest import START, open_now

pytestmark = pytest.mark.django_db


def test_outcome_items_need_a_link_and_blank_ones_are_ignored(client, world):
    """A "we did" without a priority or action is refused on its own field."""
    consultation = world["consultation"]
    services.consultation_schedule(
        consultation=consultation,
        actor=None,
        opens_at=START - datetime.timedelta(days=2),
        closes_at=START - datetime.timedelta(days=1),
    )
    services.consultations_open_and_close()
    client.force_login(world["users"]["manager_a"])
    url = reverse("manage:outcome_publish", args=[consultation.pk])
    data = {
        "we_asked": "Asked",
        "you_said": "Said",
        "we_did_2": "Lighting",
        "confirm": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Choose the priority or action thing 2 delivers" in response.text
    response = client.post(
        url, {"we_asked": "Asked", "you_said": "Said", "confirm": "on"}
    )
    assert "Add at least one thing you did" in response.text
    action = world["action"]
    response = client.post(url, data | {"link_2": f"action-{action.pk}"})
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.PUBLISHED
    assert [a.action for a in consultation.outcome.actions.all()] == [action]


def test_outcome_cannot_link_another_partnerships_priority(client, world):
    """Priorities of other partnerships are not offered and are refused."""
    consultation = world["consultation"]
    open_now(consultation)
    services.consultation_close_now(consultation=consultation, actor=None)
    other = world["b"]["priority"]
    client.force_login(world["users"]["manager_a"])
    url = reverse("manage:outcome_publish", args=[consultation.pk])
    assert f"priority-{other.pk}" not in client.get(url).text
    response = client.post(
        url,
        {
            "we_asked": "Asked",
            "you_said": "Said",
            "we_did_1": "Did",
            "link_1": f"priority-{other.pk}",
            "confirm": "on",
        },
    )
    assert response.status_code == 200
    assert "Choose a priority or action of this partnership" in response.text
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.CLOSED


def test_publishing_an_outcome_needs_a_confirmation(client, world):
    """Without the confirmation box ticked: an error, and nothing published."""
    consultation = world["consultation"]
    open_now(consultation)
    services.consultation_close_now(consultation=consultation, actor=None)
    client.force_login(world["users"]["manager_a"])
    url = reverse("manage:outcome_publish", args=[consultation.pk])
    data = {
        "we_asked": "Asked",
        "you_said": "Said",
        "we_did_1": "Did",
        "link_1": f"action-{world['action'].pk}",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Confirm that you have checked the outcome" in response.text
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.CLOSED
    assert client.post(url, data | {"confirm": "on"}).status_code == 302
