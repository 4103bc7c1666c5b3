import pytest

from engagement import services
from engagement.models import Consultation
from tests.engagement.factories import open_now
from tests.partnerships.factories import PartnershipFactory, WardFactory


def build_open_consultation(*, partnership=None, equality=False) -> Consultation:
    """An open consultation with one question of every kind, built by the services."""
    partnership = partnership or PartnershipFactory()
    WardFactory(name="Norbiton", parent=partnership.area)
    WardFactory(name="Canbury", parent=partnership.area)
    consultation = services.consultation_create(
        partnership=partnership,
        actor=None,
        data={
            "title": "How safe do you feel in the town centre?",
            "summary": "Tell us where and when you feel safe.",
            "has_equality_section": equality,
        },
    )
    for kind, required, choices in [
        ("agree_scale", True, []),
        ("single_choice", True, ["Day", "Evening", "Night"]),
        ("multiple_choice", False, ["Bus station", "Market", "Riverside"]),
        ("yes_no", False, []),
        ("ward", False, []),
        ("short_text", False, []),
        ("long_text", False, []),
    ]:
        services.question_add(
            consultation=consultation,
            actor=None,
            data={
                "kind": kind,
                "text": f"Question about {kind.replace('_', ' ')}",
                "required": required,
                "personal": kind == "long_text",
                "choices": choices,
            },
        )
    open_now(consultation)
    return consultation


def answers_for(consultation, **overrides) -> dict:
    """A valid set of answers, by field name."""
    data = {}
    for question in consultation.questions.prefetch_related("choices"):
        name = services.field_name(question)
        options = list(question.choices.all())
        if question.kind == "multiple_choice":
            data[name] = [str(options[0].pk), str(options[2].pk)]
        elif options:
            data[name] = str(options[0].pk)
        else:
            data[name] = f"An answer to {question.text}"
    data.update(overrides)
    return data


def submit(consultation, key="key-1", **kwargs):
    """A response through the service, with valid answers unless ``data`` is given."""
    kwargs.setdefault("data", answers_for(consultation))
    return services.response_submit(
        consultation=consultation, idempotency_key=key, **kwargs
    )


@pytest.fixture
def consultation(db):
    return build_open_consultation(equality=True)
