"""Adding, changing and deleting a consultation's questions."""

import pytest
from django.urls import reverse

from tests.engagement.staff_views.conftest import details

pytestmark = pytest.mark.django_db


def test_choice_questions_need_options(client, world):
    """A one-choice question without two options is refused by the service,
    on the options field."""
    consultation = world["consultation"]
    client.force_login(world["users"]["manager_a"])
    response = client.post(
        reverse("manage:question_add", args=[consultation.pk]),
        {"kind": "single_choice", "text": "Pick one", "choices": "Only one"},
    )
    assert response.status_code == 200
    assert "Enter at least 2 options, one on each line" in response.text
    assert consultation.questions.count() == 1


def test_manager_edits_details_and_deletes_a_question(client, world):
    """The edit form starts from the saved values; a question can be deleted
    after confirming, until someone responds."""
    consultation, question = world["consultation"], world["question"]
    client.force_login(world["users"]["manager_a"])
    edit_url = reverse("manage:consultation_edit", args=[consultation.pk])
    page = client.get(edit_url).text
    assert 'value="Consultation A"' in page
    response = client.post(
        edit_url,
        details(title="Feeling safe at night", priorities=[world["priority"].pk]),
    )
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.title == "Feeling safe at night"
    assert list(consultation.priorities.all()) == [world["priority"]]

    delete_url = reverse("manage:question_delete", args=[question.pk])
    assert "Are you sure you want to delete this question?" in (
        client.get(delete_url).text
    )
    assert client.post(delete_url).status_code == 302
    assert not consultation.questions.exists()
