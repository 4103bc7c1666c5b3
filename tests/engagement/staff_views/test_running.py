"""Scheduling a consultation."""

import pytest
from django.urls import reverse

from engagement.models import Consultation
from tests.engagement.staff_views.conftest import START

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"opens_on_0": "", "opens_on_1": "", "opens_on_2": ""},
            "Enter the date the consultation opens",
        ),
        ({"closes_time": "25:00"}, "using the 24-hour clock"),
        ({"closes_on_1": "5"}, "The closing date and time must be after the opening"),
        ({"opens_on_0": "31", "opens_on_1": "2"}, "must be a real date"),
    ],
)
def test_schedule_is_validated(client, world, time_machine, changes, message):
    """Both dates and times are needed, real, and closing comes after opening."""
    time_machine.move_to(START, tick=False)
    consultation = world["consultation"]
    client.force_login(world["users"]["manager_a"])
    data = {
        "opens_on_0": "2",
        "opens_on_1": "6",
        "opens_on_2": "2026",
        "opens_time": "09:00",
        "closes_on_0": "30",
        "closes_on_1": "6",
        "closes_on_2": "2026",
        "closes_time": "23:59",
    }
    response = client.post(
        reverse("manage:consultation_schedule", args=[consultation.pk]),
        data | changes,
    )
    assert response.status_code == 200
    assert message in response.text
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.DRAFT
