"""Responses on the real database: checked against the consultation's own
questions, stored once per key, online while open and keyed in after closing."""

import pytest
from django.core.exceptions import ValidationError

from engagement import services
from engagement.equality import equality_answers_flush
from engagement.models import Answer, EqualityAnswer, Response
from tests.engagement.conftest import answers_for, submit

pytestmark = pytest.mark.django_db


def counts():
    return (
        Response.objects.count(),
        Answer.objects.count(),
        EqualityAnswer.objects.count(),
    )


def test_a_valid_response_is_stored_with_every_answer(consultation):
    """One response; the multiple-choice answer is two rows."""
    response, created = submit(consultation, equality={"age_band": "25_34"})
    assert created
    assert response.reference.startswith("R-")
    assert response.answers.count() == 8
    equality_answers_flush(minimum=1)  # the batch job (test_equality_privacy.py)
    assert EqualityAnswer.objects.get().age_band == "25_34"


def test_the_same_key_stores_one_response(consultation):
    """A double click returns the response already stored."""
    first, created = submit(consultation)
    again, created_again = submit(consultation)
    assert (created, created_again) == (True, False)
    assert first.pk == again.pk
    assert Response.objects.count() == 1


def test_equality_answers_are_not_linked_to_responses(consultation):
    """Nothing ties an equality answer to who gave it."""
    submit(consultation, equality={"sex": "female"})
    fields = {f.name for f in EqualityAnswer._meta.get_fields()}
    assert "response" not in fields


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("missing required", "Choose an answer for"),
        ("choice of another question", "Choose one of the options given"),
        ("two choices for one", "Choose only one option"),
        ("over-long text", "characters or fewer"),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_stored(consultation, case, message):
    """Each bad answer gets a clear message, keyed to its question; nothing stored."""
    questions = {q.kind: q for q in consultation.questions.prefetch_related("choices")}
    scale, single = questions["agree_scale"], questions["single_choice"]
    long_text = questions["long_text"]
    data = answers_for(consultation)
    if case == "missing required":
        data.pop(services.field_name(scale))
        field = services.field_name(scale)
    elif case == "choice of another question":
        data[services.field_name(scale)] = str(single.choices.first().pk)
        field = services.field_name(scale)
    elif case == "two choices for one":
        data[services.field_name(single)] = [
            str(c.pk) for c in single.choices.all()[:2]
        ]
        field = services.field_name(single)
    else:
        data[services.field_name(long_text)] = "x" * 5001
        field = services.field_name(long_text)
    before = counts()
    with pytest.raises(ValidationError) as refused:
        submit(consultation, data=data)
    assert message in " ".join(refused.value.message_dict[field])
    assert counts() == before


def test_extra_fields_are_ignored(consultation):
    """Fields that are not questions of this consultation are not stored."""
    data = answers_for(consultation, q999999="sneaky", is_admin="1")
    response, _ = submit(consultation, data=data)
    assert response.answers.count() == 8


def test_html_in_answers_is_stored_as_text(consultation):
    """Script is kept verbatim as text (it is escaped wherever it is shown)."""
    short = consultation.questions.get(kind="short_text")
    script = '<script>alert("x")</script><b>bold</b>'
    response, _ = submit(
        consultation,
        data=answers_for(consultation, **{services.field_name(short): script}),
    )
    assert response.answers.get(question=short).text == script


def test_closed_and_draft_consultations_take_no_online_responses(consultation):
    """Closed: a clear message and nothing stored."""
    services.consultation_close_now(consultation=consultation, actor=None)
    consultation.refresh_from_db()
    with pytest.raises(ValidationError, match="closed"):
        submit(consultation)
    assert Response.objects.count() == 0


def test_paper_responses_can_be_keyed_in_after_closing(consultation, django_user_model):
    """Paper forms posted before the deadline still count, with their channel."""
    officer = django_user_model.objects.create_user("officer@test.example")
    services.consultation_close_now(consultation=consultation, actor=None)
    consultation.refresh_from_db()
    response, _ = submit(consultation, channel="paper", keyed_in_by=officer)
    assert (response.channel, response.keyed_in_by) == ("paper", officer)
