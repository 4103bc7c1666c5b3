"""The consultation page's blank form, rendered once per process for each
version of the consultation (``{% response_form %}``,
``engagement.forms.blank_response_form_html``): the page is the one
crispy-forms would give, byte for byte, apart from each showing's own CSRF
token, idempotency key and signed start time."""

import datetime
import re

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from engagement import forms as engagement_forms
from engagement import services
from engagement.models import Question, Response
from engagement.services import field_name
from engagement.templatetags import engagement_tags
from tests.engagement.factories import ConsultationFactory, QuestionFactory
from tests.partnerships.factories import PartnershipFactory, WardFactory

pytestmark = pytest.mark.django_db

PER_SHOWING = re.compile(
    r'(name="(?:csrfmiddlewaretoken|idempotency_key|started)" value=")[^"]*"'
)
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


@pytest.fixture(autouse=True)
def no_forms_kept():
    engagement_forms._blank_forms.clear()
    yield
    engagement_forms._blank_forms.clear()


@pytest.fixture
def consultation():
    """Open, with the equality section and a question of each kind, one of
    them conditional on an earlier answer on the same page."""
    partnership = PartnershipFactory()
    WardFactory(parent=partnership.area, name="Norbiton")
    consultation = ConsultationFactory(
        partnership=partnership, has_equality_section=True
    )
    kinds = Question.Kind
    when = QuestionFactory(
        consultation=consultation,
        kind=kinds.SINGLE_CHOICE,
        required=True,
        text='When do you visit "the centre" & why?',
        choices=["Day", "Night"],
    )
    QuestionFactory(
        consultation=consultation,
        kind=kinds.LONG_TEXT,
        text="What happened at night?",
        shown_if_question=when,
        shown_if_choice=when.choices.get(text="Night"),
    )
    for kind in (kinds.AGREE_SCALE, kinds.MULTIPLE_CHOICE, kinds.YES_NO, kinds.WARD):
        QuestionFactory(consultation=consultation, kind=kind, text=f"About {kind}")
    QuestionFactory(consultation=consultation, kind=kinds.SHORT_TEXT, text="Street")
    return consultation


def page(client, consultation) -> str:
    response = client.get(consultation.get_absolute_url())
    assert response.status_code == 200
    return response.text


def without_showing(html: str) -> str:
    """The page with its per-showing values blanked out."""
    blanked, found = PER_SHOWING.subn(r'\1"', html)
    assert found == 3
    return blanked


def test_the_page_is_the_one_crispy_renders_but_for_its_own_tokens(
    consultation, monkeypatch
):
    """Rendered afresh, then kept: both pages equal crispy's, tokens aside."""
    client = Client()
    first, kept = page(client, consultation), page(client, consultation)
    monkeypatch.setattr(engagement_tags, "is_blank_response_form", lambda form: False)
    crispy = page(client, consultation)
    assert without_showing(first) == without_showing(crispy)
    assert without_showing(kept) == without_showing(crispy)
    assert "When do you visit &quot;the centre&quot; &amp; why?" in kept


def test_each_showing_has_its_own_tokens_and_they_are_accepted(consultation):
    """Two showings, two keys and start times; each form's values send a response."""
    client = Client(enforce_csrf_checks=True)
    shown = [dict(HIDDEN.findall(page(client, consultation))) for _ in range(2)]
    assert shown[0]["idempotency_key"] != shown[1]["idempotency_key"]
    assert shown[0]["started"] != shown[1]["started"]
    when = consultation.questions.get(kind=Question.Kind.SINGLE_CHOICE)
    answers = {field_name(when): str(when.choices.first().pk)}
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=30)):
        sent = [
            client.post(consultation.get_absolute_url(), {**f, **answers})
            for f in shown
        ]
    assert [r.status_code for r in sent] == [302, 302]
    stored = set(Response.objects.values_list("idempotency_key", flat=True))
    assert stored == {f["idempotency_key"] for f in shown}


def test_a_reworded_question_is_shown_at_once(consultation, client):
    """Rewording a question of an open consultation changes the next page."""
    street = consultation.questions.get(kind=Question.Kind.SHORT_TEXT)
    assert "Street (optional)" in page(client, consultation)
    services.question_update(
        question=street, actor=None, data={"text": "Which road?", "hint": "Its name"}
    )
    html = page(client, consultation)
    assert "Which road? (optional)" in html
    assert "Its name" in html
    assert "Street (optional)" not in html


def test_a_form_with_errors_is_rendered_in_full(consultation, client):
    """A refused response comes back with its errors and what was typed."""
    tokens = dict(HIDDEN.findall(page(client, consultation)))
    street = consultation.questions.get(text="Street")
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=30)):
        response = client.post(
            consultation.get_absolute_url(),
            {**tokens, "email": "not an address", field_name(street): "Mill Lane"},
        )
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "Enter an email address in the correct format" in response.text
    assert 'value="Mill Lane"' in response.text
    assert 'value="not an address"' in response.text
    assert 'class="govuk-error-message"' in response.text
