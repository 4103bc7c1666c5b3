"""Pages and conditions in the services: a condition names an earlier
question, moves and deletions never leave one dangling, and an answer to a
question that was not asked is never stored, whatever is sent."""

import pytest
from django.core.exceptions import ValidationError
from django.db.models import RestrictedError

from engagement import services
from engagement.models import Answer, Question
from tests.engagement.branching import build_branching, name, pick

pytestmark = pytest.mark.django_db


@pytest.fixture
def b():
    return build_branching()


@pytest.fixture
def draft():
    return build_branching(open_it=False)


def stored(response) -> dict:
    """{question text: [choice texts or the text]} of a stored response."""
    answers = {}
    for answer in Answer.objects.filter(response=response).select_related(
        "question", "choice"
    ):
        answers.setdefault(answer.question.text, []).append(
            answer.choice.text if answer.choice else answer.text
        )
    return answers


def test_pages_and_conditions_are_saved(b):
    """starts_page and the condition (question and option) are stored."""
    reported = Question.objects.get(pk=b.reported.pk)
    assert reported.starts_page
    assert reported.shown_if_question == b.victim
    assert reported.shown_if_choice.text == "Yes"
    why_not = Question.objects.get(pk=b.why_not.pk)
    assert not why_not.starts_page
    assert why_not.shown_if_question == b.reported


def test_a_condition_must_name_an_earlier_question(draft):
    """A later question, the question itself, another consultation's option
    or nonsense are refused with a message on the condition field."""
    other = build_branching(open_it=False)
    cases = [
        (draft.victim, pick(draft.reported, "The police"), "comes before it"),
        (draft.reported, pick(draft.reported, "The police"), "its own answer"),
        (draft.reported, pick(other.victim, "Yes"), "earlier question"),
        (draft.reported, "not-a-number", "earlier question"),
        (draft.reported, 999999999, "earlier question"),
    ]
    for question, choice, message in cases:
        with pytest.raises(ValidationError, match=message) as caught:
            services.question_update(
                question=question, actor=None, data={"shown_if_choice": choice}
            )
        assert "shown_if_choice" in caught.value.message_dict
    draft.victim.refresh_from_db()
    assert draft.victim.shown_if_question is None


def test_a_new_question_may_depend_on_any_existing_choice_question(draft):
    """A new question goes at the end, so every choice question is earlier;
    clearing the condition works too."""
    question = services.question_add(
        consultation=draft.consultation,
        actor=None,
        data={
            "kind": "short_text",
            "text": "Which police station?",
            "shown_if_choice": pick(draft.reported, "The police"),
        },
    )
    assert question.shown_if_question == draft.reported
    services.question_update(
        question=question, actor=None, data={"shown_if_choice": None}
    )
    question.refresh_from_db()
    assert question.shown_if_question is None
    assert question.shown_if_choice is None


def test_a_move_that_would_break_a_condition_is_refused(draft):
    """Moving a question above the one it depends on (or that one below it)
    is refused and changes nothing; other moves still work."""
    for question, direction in ((draft.reported, "up"), (draft.victim, "down")):
        with pytest.raises(ValidationError, match="must come after it"):
            services.question_move(question=question, actor=None, direction=direction)
    orders = list(draft.consultation.questions.order_by("order", "id"))
    assert orders == [draft.victim, draft.reported, draft.why_not, draft.other]
    services.question_move(question=draft.other, actor=None, direction="up")
    assert list(draft.consultation.questions.order_by("order", "id"))[2] == (
        draft.other
    )


def test_a_question_a_condition_names_cannot_be_deleted(draft):
    """Deleting it is refused with the dependent question named; once the
    condition is cleared it can go."""
    with pytest.raises(ValidationError, match="Who did you report it to"):
        services.question_delete(question=draft.victim, actor=None)
    assert Question.objects.filter(pk=draft.victim.pk).exists()
    services.question_update(
        question=draft.reported, actor=None, data={"shown_if_choice": None}
    )
    services.question_delete(question=draft.victim, actor=None)
    assert not Question.objects.filter(pk=draft.victim.pk).exists()


def test_options_a_condition_names_are_kept_when_options_change(draft):
    """New options: the condition follows its option by its words; dropping
    that option, or making the question a text question, is refused."""
    services.question_update(
        question=draft.reported,
        actor=None,
        data={"choices": ["The police", "Not reported", "Someone else"]},
    )
    why_not = Question.objects.get(pk=draft.why_not.pk)
    assert why_not.shown_if_choice.text == "Not reported"
    assert why_not.shown_if_choice.question_id == draft.reported.pk
    with pytest.raises(ValidationError, match="keep that option"):
        services.question_update(
            question=draft.reported,
            actor=None,
            data={"choices": ["The police", "The council"]},
        )
    with pytest.raises(ValidationError, match="must stay a choice question"):
        services.question_update(
            question=draft.reported, actor=None, data={"kind": "short_text"}
        )
    assert draft.reported.choices.count() == 3


def test_a_condition_cannot_change_after_responses(b):
    """Who was asked is part of a question's substance; a page break is not."""
    services.response_submit(
        consultation=b.consultation,
        idempotency_key="k1",
        data={name(b.victim): pick(b.victim, "No")},
    )
    with pytest.raises(ValidationError, match="already responded"):
        services.question_update(
            question=b.other,
            actor=None,
            data={"shown_if_choice": pick(b.victim, "No")},
        )
    services.question_update(question=b.other, actor=None, data={"starts_page": False})
    b.other.refresh_from_db()
    assert not b.other.starts_page


def test_hidden_answers_are_never_stored(b):
    """Answering "No" hides the next questions: their answers, sent anyway,
    are dropped and their being required does not matter."""
    response, created = services.response_submit(
        consultation=b.consultation,
        idempotency_key="k1",
        data={
            name(b.victim): pick(b.victim, "No"),
            name(b.reported): pick(b.reported, "Not reported"),
            name(b.why_not): "Forged text",
            name(b.other): "Thanks",
        },
    )
    assert created
    assert stored(response) == {
        "Have you been a victim of crime this year?": ["No"],
        "Anything else?": ["Thanks"],
    }


def test_a_chain_of_conditions_is_followed(b):
    """why_not depends on reported, which depends on victim: "Yes" then "The
    police" keeps reported and drops why_not; "Not reported" keeps both."""
    response, _ = services.response_submit(
        consultation=b.consultation,
        idempotency_key="k1",
        data={
            name(b.victim): pick(b.victim, "Yes"),
            name(b.reported): pick(b.reported, "The police"),
            name(b.why_not): "Forged text",
        },
    )
    assert stored(response) == {
        "Have you been a victim of crime this year?": ["Yes"],
        "Who did you report it to?": ["The police"],
    }
    response, _ = services.response_submit(
        consultation=b.consultation,
        idempotency_key="k2",
        data={
            name(b.victim): pick(b.victim, "Yes"),
            name(b.reported): pick(b.reported, "Not reported"),
            name(b.why_not): "I did not think it would help",
        },
    )
    assert stored(response)["Why did you not report it?"] == [
        "I did not think it would help"
    ]


def test_shown_required_questions_are_required(b):
    """A required question that is asked must be answered; nothing is stored."""
    with pytest.raises(ValidationError) as caught:
        services.response_submit(
            consultation=b.consultation,
            idempotency_key="k1",
            data={
                name(b.victim): pick(b.victim, "Yes"),
                name(b.reported): pick(b.reported, "Not reported"),
            },
        )
    assert set(caught.value.message_dict) == {name(b.why_not)}
    assert not b.consultation.responses.exists()


def test_an_invalid_answer_hides_what_depends_on_it(b):
    """A forged option for the question a condition names is refused, and no
    error is given for the questions that depend on it."""
    with pytest.raises(ValidationError) as caught:
        services.response_submit(
            consultation=b.consultation,
            idempotency_key="k1",
            data={name(b.victim): pick(b.reported, "The police")},
        )
    assert set(caught.value.message_dict) == {name(b.victim)}


def test_submitting_twice_stores_once(b):
    """The idempotency key still holds with conditions."""
    data = {name(b.victim): pick(b.victim, "No")}
    first, created = services.response_submit(
        consultation=b.consultation, idempotency_key="k1", data=data
    )
    again, created_again = services.response_submit(
        consultation=b.consultation, idempotency_key="k1", data=data
    )
    assert created
    assert not created_again
    assert first == again
    assert b.consultation.responses.count() == 1


def test_deleting_a_consultation_takes_its_conditions_with_it(b):
    """The database refuses to delete a question a condition names on its own,
    but deleting the whole consultation (or its partnership) still works."""
    with pytest.raises(RestrictedError):
        Question.objects.filter(pk=b.victim.pk).delete()
    services.response_submit(
        consultation=b.consultation,
        idempotency_key="k1",
        data={
            name(b.victim): pick(b.victim, "Yes"),
            name(b.reported): pick(b.reported, "The police"),
        },
    )
    b.consultation.partnership.delete()
    assert not Question.objects.filter(consultation=b.consultation).exists()
