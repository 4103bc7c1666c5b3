"""Placing an action in a ward, through the action's draft and publication."""

import datetime

import pytest
from django.urls import reverse

from priorities.models import Action
from tests.partnerships.factories import WardFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(two_partnerships):
    return two_partnerships


def action_form(action, ward, version):
    return {
        "title": action.title,
        "lead_organisation": "",
        "due_date-day": "",
        "due_date-month": "",
        "due_date-year": "",
        "ward": str(ward.pk) if ward else "",
        "status": "on_track",
        "version": str(version),
    }


def test_an_officer_places_an_action_in_a_ward_and_residents_see_it_once_published(
    client, world
):
    action, ward = world["a"]["action"], world["a"]["ward"]
    client.force_login(world["users"]["officer_a"])
    url = reverse("manage:action_edit", args=[action.pk])
    assert str(ward) in client.get(url).text
    response = client.post(url, action_form(action, ward, action.version))
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.ward is None  # a draft until published
    assert action.draft["ward"] == ward.pk
    ward_page = client.get(reverse("manage:ward", args=[ward.pk])).text
    assert action.title in ward_page
    client.force_login(world["users"]["editor_a"])
    client.post(reverse("manage:priority_publish", args=[action.priority_id]))
    action.refresh_from_db()
    assert action.ward == ward


def test_another_partnerships_ward_or_a_former_ward_is_refused(client, world):
    action = world["a"]["action"]
    client.force_login(world["users"]["officer_a"])
    url = reverse("manage:action_edit", args=[action.pk])
    former = WardFactory(
        parent=world["a"]["partnership"].area, valid_to=datetime.date(2022, 5, 4)
    )
    for ward in (world["b"]["ward"], former):
        response = client.post(url, action_form(action, ward, action.version))
        assert response.status_code == 200
        assert "govuk-error-summary" in response.text
    assert Action.objects.get(pk=action.pk).draft is None
