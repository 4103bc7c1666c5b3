"""Questions on the real database: option lists, and no change of substance
once people have responded."""

import pytest
from django.core.exceptions import ValidationError

from engagement import services
from tests.engagement.conftest import submit

pytestmark = pytest.mark.django_db


def test_questions_cannot_change_in_substance_after_responses(consultation):
    """Rewording is fine; a new kind, new options or a new question are not."""
    submit(consultation)
    question = consultation.questions.get(kind="single_choice")
    services.question_update(question=question, actor=None, data={"text": "Reworded"})
    with pytest.raises(ValidationError, match="already responded"):
        services.question_update(question=question, actor=None, data={"kind": "yes_no"})
    with pytest.raises(ValidationError, match="already responded"):
        services.question_update(
            question=question, actor=None, data={"choices": ["Morning", "Night"]}
        )
    with pytest.raises(ValidationError, match="already responded"):
        services.question_add(
            consultation=consultation,
            actor=None,
            data={"kind": "yes_no", "text": "New"},
        )


def test_fixed_option_lists(consultation):
    """The scale has five points, yes/no two, ward the partnership's wards."""
    texts = {
        q.kind: [c.text for c in q.choices.all()]
        for q in consultation.questions.prefetch_related("choices")
    }
    assert len(texts["agree_scale"]) == 5
    assert texts["yes_no"] == ["Yes", "No"]
    assert texts["ward"] == ["Canbury", "Norbiton"]


def test_a_choice_question_needs_two_different_options(consultation):
    """One option, or the same one twice, is refused."""
    draft = services.consultation_create(
        partnership=consultation.partnership,
        actor=None,
        data={"title": "Another", "summary": "More"},
    )
    for choices in (["Only"], ["Same", "Same"]):
        with pytest.raises(ValidationError):
            services.question_add(
                consultation=draft,
                actor=None,
                data={"kind": "single_choice", "text": "Pick", "choices": choices},
            )
