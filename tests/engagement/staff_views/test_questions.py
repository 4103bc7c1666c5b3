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


def test_manager_reorders_questions(client, world):
    """Up and down move a question one place; the form and the results follow."""
    consultation = world["consultation"]
    client.force_login(world["users"]["manager_a"])
    add = reverse("manage:question_add", args=[consultation.pk])
    for text in ("Second question", "Third question"):
        client.post(add, {"kind": "short_text", "text": text})
    first, second, third = consultation.questions.order_by("order", "id")
    page = client.get(reverse("manage:consultation", args=[consultation.pk])).text
    assert "move question 1 down" in page
    assert "move question 1 up" not in page
    move = reverse("manage:question_move", args=[third.pk])
    assert client.post(move, {"direction": "up"}).status_code == 302
    assert client.post(move, {"direction": "up"}).status_code == 302
    assert list(consultation.questions.order_by("order", "id")) == [
        third,
        first,
        second,
    ]
    # a nonsense direction changes nothing and says why
    response = client.post(move, {"direction": "sideways"}, follow=True)
    assert "Choose whether to move the question up or down" in response.text
    assert consultation.questions.order_by("order", "id").first() == third


def test_questions_cannot_be_reordered_once_results_are_published(client, world):
    import datetime

    from django.utils import timezone

    from engagement.models import Consultation

    consultation = world["consultation"]
    now = timezone.now()
    Consultation.objects.filter(pk=consultation.pk).update(
        status=Consultation.Status.PUBLISHED,
        opens_at=now - datetime.timedelta(days=10),
        closes_at=now - datetime.timedelta(days=5),
    )
    client.force_login(world["users"]["manager_a"])
    question = world["question"]
    response = client.post(
        reverse("manage:question_move", args=[question.pk]),
        {"direction": "down"},
        follow=True,
    )
    assert "the questions cannot be reordered" in response.text


def test_another_partnerships_manager_cannot_reorder(client, world):
    client.force_login(world["users"]["officer_b"])
    response = client.post(
        reverse("manage:question_move", args=[world["question"].pk]),
        {"direction": "down"},
    )
    assert response.status_code == 404


def test_manager_splits_the_form_into_pages_with_a_condition(client, world):
    """The question form offers page breaks and "Only ask this question if"
    with the options of earlier choice questions only; the question list shows
    both; a move that breaks the condition is refused with a message."""
    consultation = world["consultation"]
    client.force_login(world["users"]["manager_a"])
    add = reverse("manage:question_add", args=[consultation.pk])
    client.post(
        add,
        {"kind": "yes_no", "text": "Have you been a victim of crime?", "save": ""},
    )
    victim = consultation.questions.get(text="Have you been a victim of crime?")
    yes = victim.choices.get(text="Yes")
    form = client.get(add).text
    assert "Start a new page with this question" in form
    assert "Only ask this question if" in form
    assert "Have you been a victim of crime? — Yes" in form
    response = client.post(
        add,
        {
            "kind": "long_text",
            "text": "What happened?",
            "starts_page": "on",
            "shown_if_choice": str(yes.pk),
            "save": "",
        },
    )
    assert response.status_code == 302
    follow_up = consultation.questions.get(text="What happened?")
    assert follow_up.starts_page
    assert follow_up.shown_if_choice == yes

    # The first question's form offers no later question's options, and a
    # forged one is refused on the field, with the GOV.UK error summary.
    edit = reverse("manage:question_edit", args=[victim.pk])
    assert "— Yes" not in client.get(edit).text
    response = client.post(
        edit,
        {
            "kind": "yes_no",
            "text": victim.text,
            "shown_if_choice": str(yes.pk),
            "save": "",
        },
    )
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "Choose an answer to an earlier question" in response.text
    victim.refresh_from_db()
    assert victim.shown_if_choice is None

    page = client.get(reverse("manage:consultation", args=[consultation.pk])).text
    assert "Starts a new page of the form" in page
    preview = reverse("manage:consultation_preview", args=[consultation.pk])
    preview = client.get(preview).text
    assert "Page 2 of 2" in preview
    assert "Only if you answered “Yes” to “Have you been a victim of crime?”" in (
        preview
    )
    assert "Only asked if the answer to &ldquo;Have you been a victim" in page

    move = reverse("manage:question_move", args=[follow_up.pk])
    order = [q.pk for q in consultation.questions.order_by("order", "id")]
    response = client.post(move, {"direction": "up"}, follow=True)
    assert "must come after it" in response.text
    assert [q.pk for q in consultation.questions.order_by("order", "id")] == order

    delete = reverse("manage:question_delete", args=[victim.pk])
    response = client.post(delete, follow=True)
    assert "Change that question&#x27;s condition before deleting" in response.text
    assert consultation.questions.filter(pk=victim.pk).exists()
