"""A consultation of three pages with conditional questions, built by the
services, shared by the branching tests::

    page 1  victim   yes/no, required: "Have you been a victim of crime this year?"
    page 2  reported one choice, required, only if victim is "Yes"
            why_not  long text, required, only if reported is "Not reported"
                     (on the same page as the question it depends on)
    page 3  other    short text, optional
"""

from types import SimpleNamespace

from engagement import services
from engagement.services import field_name
from tests.engagement.factories import open_now
from tests.partnerships.factories import PartnershipFactory


def build_branching(*, partnership=None, equality=False, open_it=True):
    partnership = partnership or PartnershipFactory()
    consultation = services.consultation_create(
        partnership=partnership,
        actor=None,
        data={
            "title": "Crime you have seen",
            "summary": "Tell us about crime near you.",
            "has_equality_section": equality,
        },
    )

    def add(**data):
        return services.question_add(consultation=consultation, actor=None, data=data)

    victim = add(
        kind="yes_no",
        text="Have you been a victim of crime this year?",
        required=True,
    )
    reported = add(
        kind="single_choice",
        text="Who did you report it to?",
        required=True,
        choices=["The police", "The council", "Not reported"],
        starts_page=True,
        shown_if_choice=victim.choices.get(text="Yes"),
    )
    why_not = add(
        kind="long_text",
        text="Why did you not report it?",
        required=True,
        shown_if_choice=reported.choices.get(text="Not reported"),
    )
    other = add(kind="short_text", text="Anything else?", starts_page=True)
    if open_it:
        open_now(consultation)
    return SimpleNamespace(
        consultation=consultation,
        victim=victim,
        reported=reported,
        why_not=why_not,
        other=other,
    )


def pick(question, text) -> str:
    return str(question.choices.get(text=text).pk)


def name(question) -> str:
    return field_name(question)
