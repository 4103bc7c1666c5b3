"""The staff pages' world: partnerships A and B, A with two wards, and the
helpers the page tests share."""

import datetime
import re
import zoneinfo

import pytest

from engagement.models import Question
from tests.engagement.factories import open_now  # noqa: F401 - used by the tests here
from tests.partnerships.factories import WardFactory

LONDON = zoneinfo.ZoneInfo("Europe/London")
START = datetime.datetime(2026, 6, 1, 10, 0, tzinfo=LONDON)
TITLE = "How safe do you feel in Kingston town centre?"
SUBSTANCE_REFUSED = (
    "People have already responded, so questions can no longer be added, "
    "removed or changed in substance."
)


@pytest.fixture
def world(two_partnerships):
    a = two_partnerships["a"]
    for name in ("Norbiton", "Canbury"):
        WardFactory(name=name, parent=a["partnership"].area)
    return a | {"users": two_partnerships["users"], "b": two_partnerships["b"]}


def details(**changes) -> dict:
    data = {
        "title": TITLE,
        "summary": "Tell us where and when you feel safe in the town centre.",
        "background": "We want to **hear from you**.",
        "has_equality_section": "yes",
        "retention_months": "12",
        "save": "",
    }
    return {**data, **changes}


QUESTIONS = [
    ("short_text", "What is the first part of your postcode?", True, ""),
    ("long_text", "What would make you feel safer?", False, ""),
    ("single_choice", "When do you visit?", True, "Day\nEvening\nNight"),
    ("multiple_choice", "Where do you feel unsafe?", False, "Market\nRiverside\n"),
    ("agree_scale", "I feel safe in the town centre after dark", False, ""),
    ("yes_no", "Have you reported a crime this year?", False, ""),
    ("ward", "Which ward do you live in?", False, ""),
]


def key_from(page: str) -> str:
    return re.search(r'name="idempotency_key" value="([^"]+)"', page)[1]


def choice_id(question: Question, text: str) -> str:
    return str(question.choices.get(text=text).pk)
