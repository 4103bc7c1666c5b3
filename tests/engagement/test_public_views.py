"""Residents' consultation pages: finding, answering and results, with every
kind of bad input storing nothing."""

import datetime
import re
from types import SimpleNamespace

import pytest
import time_machine
from django.core import signing
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from redis import Redis

from engagement import protection
from engagement.equality import equality_answers_flush
from engagement.models import (
    Answer,
    Consultation,
    EqualityAnswer,
    Question,
    Response,
)
from engagement.services import field_name
from engagement.tasks import send_receipt
from tests.engagement.factories import (
    AnswerFactory,
    ConsultationFactory,
    OutcomeActionFactory,
    OutcomeFactory,
    QuestionFactory,
    ResponseFactory,
)
from tests.partnerships.factories import PartnershipFactory, WardFactory
from tests.plans.factories import PlanFactory
from tests.priorities.factories import ActionFactory, PriorityFactory

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script><b>bold</b>'


@pytest.fixture
def survey():
    """An open consultation with equality questions and one question of each kind
    that matters: a required scale, a required single choice, a multiple
    choice, a ward, a short text and a long text."""
    partnership = PartnershipFactory(
        name="Safer Testborough Partnership", slug="safer-testborough"
    )
    WardFactory(parent=partnership.area, name="Norbiton")
    WardFactory(parent=partnership.area, name="Canbury")
    consultation = ConsultationFactory(
        partnership=partnership,
        title="Feeling safe in the town centre",
        slug="feeling-safe",
        has_equality_section=True,
    )
    kinds = Question.Kind
    questions = SimpleNamespace(
        scale=QuestionFactory(
            consultation=consultation,
            kind=kinds.AGREE_SCALE,
            required=True,
            text="I feel safe in the town centre after dark",
        ),
        when=QuestionFactory(
            consultation=consultation,
            kind=kinds.SINGLE_CHOICE,
            required=True,
            text="When do you visit the town centre?",
            choices=["Day", "Evening", "Night"],
        ),
        where=QuestionFactory(
            consultation=consultation,
            kind=kinds.MULTIPLE_CHOICE,
            text="Where do you feel unsafe?",
            hint="Think of the last month.",
            choices=["Bus station", "Market", "Riverside"],
        ),
        ward=QuestionFactory(
            consultation=consultation, kind=kinds.WARD, text="Where do you live?"
        ),
        name=QuestionFactory(
            consultation=consultation,
            kind=kinds.SHORT_TEXT,
            text="Which street do you mean?",
        ),
        comment=QuestionFactory(
            consultation=consultation,
            kind=kinds.LONG_TEXT,
            text="What would make you feel safer?",
        ),
    )
    return SimpleNamespace(consultation=consultation, q=questions)


def choice_id(question, text) -> str:
    return str(question.choices.get(text=text).pk)


def good_answers(survey) -> dict:
    q = survey.q
    return {
        field_name(q.scale): choice_id(q.scale, "Agree"),
        field_name(q.when): choice_id(q.when, "Evening"),
        field_name(q.where): [
            choice_id(q.where, "Bus station"),
            choice_id(q.where, "Riverside"),
        ],
        field_name(q.ward): choice_id(q.ward, "Norbiton"),
        field_name(q.comment): "Better lighting by the river",
    }


def counts():
    return (
        Response.objects.count(),
        Answer.objects.count(),
        EqualityAnswer.objects.count(),
    )


def form_tokens(client, consultation) -> dict:
    """Open the form as a resident would, and keep its hidden fields."""
    response = client.get(consultation.get_absolute_url())
    assert response.status_code == 200
    form = response.context["form"]
    return {
        "idempotency_key": form.initial["idempotency_key"],
        "started": form.initial["started"],
    }


@pytest.fixture
def clock():
    """Time stands still until a test moves it on."""
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def respond(client, clock, consultation, data, *, tokens=None, after_seconds=30):
    """Open the form, spend ``after_seconds`` on it, then send ``data``."""
    tokens = tokens or form_tokens(client, consultation)
    clock.shift(after_seconds)
    return client.post(consultation.get_absolute_url(), {**tokens, **data})


def assert_refused(response, message):
    """Shown again with the error summary and the message; nothing stored."""
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert message in response.text
    assert "<title>Error:" in response.text


# --- Finding consultations -----------------------------------------------------


def test_open_consultation_is_on_the_home_partnership_and_list_pages(client, survey):
    """Residents find an open consultation from three places."""
    consultation = survey.consultation
    for url in (
        reverse("portal:home"),
        consultation.partnership.get_absolute_url(),
        reverse("engagement:list"),
    ):
        text = client.get(url).text
        assert consultation.title in text, url
        assert consultation.get_absolute_url() in text, url
    partnership_page = client.get(consultation.partnership.get_absolute_url()).text
    assert "Have your say" in partnership_page
    assert (
        reverse("alerts:subscribe", args=[consultation.partnership.slug])
        + "?topics=consultations"
        in partnership_page
    )


def test_drafts_and_scheduled_consultations_stay_hidden(client, survey):
    """A draft or scheduled consultation is on no list and its address is 404."""
    partnership = survey.consultation.partnership
    draft = ConsultationFactory(partnership=partnership, draft=True, title="Secret A")
    scheduled = ConsultationFactory(
        partnership=partnership, scheduled=True, title="Secret B"
    )
    for url in (
        reverse("portal:home"),
        partnership.get_absolute_url(),
        reverse("engagement:list"),
    ):
        text = client.get(url).text
        assert "Secret A" not in text
        assert "Secret B" not in text
    for consultation in (draft, scheduled):
        assert client.get(consultation.get_absolute_url()).status_code == 404
        response = client.post(
            consultation.get_absolute_url(), good_answers(survey) | {"x": "1"}
        )
        assert response.status_code == 404
        assert "Page not found" in response.text
    assert counts() == (0, 0, 0)


def test_list_groups_open_closed_and_published_consultations(client, survey):
    """Open, closed and published consultations appear under their own heading."""
    partnership = survey.consultation.partnership
    ConsultationFactory(partnership=partnership, closed=True, title="Old survey")
    ConsultationFactory(partnership=partnership, published=True, title="Done survey")
    text = client.get(reverse("engagement:list")).text
    assert text.index("Open now") < text.index(survey.consultation.title)
    assert text.index("Results published") < text.index("Done survey")
    assert text.index("Closed") < text.index("Old survey")


def test_pages_with_consultations_make_a_fixed_number_of_queries(client, survey):
    """The home and partnership pages do not query once per consultation."""
    partnership = survey.consultation.partnership
    urls = [reverse("portal:home"), partnership.get_absolute_url()]

    def query_counts():
        found = []
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            found.append(len(captured))
        return found

    before = query_counts()
    ConsultationFactory.create_batch(10, partnership=partnership)
    assert query_counts() == before


# --- The form ------------------------------------------------------------------


def test_the_form_uses_the_govuk_component_for_each_question(client, survey):
    """Radios, checkboxes, a text input and a character-counted textarea."""
    q = survey.q
    response = client.get(survey.consultation.get_absolute_url())
    text = response.text
    assert response.status_code == 200
    assert re.search(rf'type="radio"\s+name="{field_name(q.scale)}"', text)
    assert re.search(rf'type="checkbox"\s+name="{field_name(q.where)}"', text)
    assert re.search(rf'type="radio"\s+name="{field_name(q.ward)}"', text)
    assert f'<textarea name="{field_name(q.comment)}"' in text
    assert 'data-module="govuk-character-count"' in text
    assert 'data-maxlength="5000"' in text
    assert "Where do you feel unsafe? (optional)" in text
    assert "Think of the last month." in text
    assert "I feel safe in the town centre after dark (optional)" not in text
    assert "Equality monitoring (optional)" in text
    assert "Send your response" in text
    # The honeypot is hidden from sight, from screen readers and from Tab.
    assert re.search(r'class="app-honeypot"\s+aria-hidden="true"', text)
    assert re.search(r'name="website"[^>]*tabindex="-1"', text) or re.search(
        r'tabindex="-1"[^>]*name="website"', text
    )
    assert "Last updated" in text


def test_a_good_response_is_stored_and_shows_its_reference(client, survey, clock):
    """One response with the right answers; the resident sees the reference."""
    q = survey.q
    response = respond(
        client,
        clock,
        survey.consultation,
        good_answers(survey) | {"email": "resident@example.org", "age_band": "25_34"},
    )
    stored = Response.objects.get()
    assert response.status_code == 302
    assert response.url == reverse(
        "engagement:done",
        args=[survey.consultation.partnership.slug, "feeling-safe", stored.reference],
    )
    assert stored.email == "resident@example.org"
    assert stored.channel == Response.Channel.ONLINE
    chosen = {
        (a.question_id, a.choice.text if a.choice else a.text)
        for a in stored.answers.select_related("choice")
    }
    assert chosen == {
        (q.scale.pk, "Agree"),
        (q.when.pk, "Evening"),
        (q.where.pk, "Bus station"),
        (q.where.pk, "Riverside"),
        (q.ward.pk, "Norbiton"),
        (q.comment.pk, "Better lighting by the river"),
    }
    equality_answers_flush(minimum=1)  # the batch job (test_equality_privacy.py)
    assert EqualityAnswer.objects.get().age_band == "25_34"
    page = client.get(response.url)
    assert "Response sent" in page.text
    assert stored.reference in page.text
    # The confirmation shows no answers and no email address.
    assert "Better lighting" not in page.text
    assert "resident@example.org" not in page.text


def test_the_same_key_sent_twice_stores_one_response(client, survey, clock):
    """A double click or a retried POST gets the same reference, stored once."""
    tokens = form_tokens(client, survey.consultation)
    first = respond(
        client, clock, survey.consultation, good_answers(survey), tokens=tokens
    )
    again = respond(
        client, clock, survey.consultation, good_answers(survey), tokens=tokens
    )
    assert first.status_code == again.status_code == 302
    assert first.url == again.url
    assert counts() == (1, 6, 0)


def test_each_page_load_gets_its_own_key(client, survey, clock):
    """Two visits to the form are two responses."""
    respond(client, clock, survey.consultation, good_answers(survey))
    respond(client, clock, survey.consultation, good_answers(survey))
    assert Response.objects.count() == 2


# --- Bad input stores nothing --------------------------------------------------


def test_a_missing_required_answer_is_refused(client, survey, clock):
    """The error names the question and links to its first radio button."""
    q = survey.q
    data = good_answers(survey)
    del data[field_name(q.when)]
    response = respond(client, clock, survey.consultation, data)
    assert_refused(response, "Choose an answer for: When do you visit the town centre?")
    assert f'href="#id_{field_name(q.when)}_1"' in response.text
    assert counts() == (0, 0, 0)


def test_an_empty_form_lists_every_required_question(client, survey, clock):
    """Both required questions are in the error summary."""
    response = respond(client, clock, survey.consultation, {})
    assert_refused(response, "Choose an answer for: I feel safe")
    assert "Choose an answer for: When do you visit" in response.text
    assert counts() == (0, 0, 0)


def test_a_choice_from_another_question_is_refused(client, survey, clock):
    """An option id that belongs to a different question is not accepted."""
    q = survey.q
    data = good_answers(survey) | {field_name(q.when): choice_id(q.where, "Market")}
    response = respond(client, clock, survey.consultation, data)
    assert_refused(
        response,
        "Choose one of the options given for: When do you visit the town centre?",
    )
    assert counts() == (0, 0, 0)


def test_a_choice_from_another_consultation_is_refused(client, survey, clock):
    """Nor is an option of another consultation's question."""
    other = QuestionFactory(kind=Question.Kind.YES_NO)
    data = good_answers(survey) | {
        field_name(survey.q.where): [str(other.choices.first().pk)]
    }
    response = respond(client, clock, survey.consultation, data)
    assert_refused(response, "Choose one of the options given for: Where do you")
    assert counts() == (0, 0, 0)


def test_two_options_for_a_single_choice_question_are_refused(client, survey, clock):
    """Radios take one answer, whatever is sent."""
    q = survey.q
    data = good_answers(survey) | {
        field_name(q.when): [choice_id(q.when, "Day"), choice_id(q.when, "Night")]
    }
    response = respond(client, clock, survey.consultation, data)
    assert_refused(response, "Choose only one option for: When do you visit")
    assert counts() == (0, 0, 0)


@pytest.mark.parametrize(
    ("question", "limit"), [("name", 200), ("comment", 5000)], ids=["short", "long"]
)
def test_over_long_text_is_refused(client, survey, question, limit, clock):
    """Text over the question's limit is refused with the limit in the message."""
    target = getattr(survey.q, question)
    data = good_answers(survey) | {field_name(target): "x" * (limit + 1)}
    response = respond(client, clock, survey.consultation, data)
    assert_refused(response, f"must be {limit:,} characters or fewer")
    assert counts() == (0, 0, 0)


def test_text_at_the_limit_is_accepted(client, survey, clock):
    """Exactly 5,000 characters is allowed."""
    data = good_answers(survey) | {field_name(survey.q.comment): "x" * 5000}
    assert respond(client, clock, survey.consultation, data).status_code == 302
    assert Answer.objects.get(question=survey.q.comment).text == "x" * 5000


def test_extra_fields_are_ignored(client, survey, clock):
    """Unknown fields, and fields naming other questions, are not stored."""
    other = QuestionFactory(kind=Question.Kind.SHORT_TEXT)
    data = good_answers(survey) | {
        "reference": "R-HACK-HACK",
        "channel": "paper",
        "consultation": "999",
        f"q{other.pk}": "Sneaky answer",
        "q999999": "Nobody asked",
    }
    response = respond(client, clock, survey.consultation, data)
    assert response.status_code == 302
    stored = Response.objects.get()
    assert stored.reference != "R-HACK-HACK"
    assert stored.channel == Response.Channel.ONLINE
    assert not Answer.objects.filter(question=other).exists()
    assert set(stored.answers.values_list("question__consultation", flat=True)) == {
        survey.consultation.pk
    }


def test_html_in_answers_is_stored_as_text_and_shown_escaped(client, survey, clock):
    """Script and HTML are kept verbatim and never reach a page unescaped."""
    q = survey.q
    data = good_answers(survey) | {field_name(q.comment): SCRIPT}
    # Shown again after an error: escaped inside the textarea.
    refused = respond(
        client, clock, survey.consultation, data | {field_name(q.when): ""}
    )
    assert SCRIPT not in refused.text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in refused.text
    assert counts() == (0, 0, 0)

    response = respond(client, clock, survey.consultation, data)
    assert Answer.objects.get(question=q.comment).text == SCRIPT
    assert "<script>alert" not in client.get(response.url).text


def test_html_in_question_text_is_escaped(client, survey):
    """Officers' question text is shown as text in labels and legends."""
    QuestionFactory(
        consultation=survey.consultation,
        kind=Question.Kind.YES_NO,
        text="<i>Bold</i> question",
        hint="<script>hint()</script>",
    )
    text = client.get(survey.consultation.get_absolute_url()).text
    assert "<i>Bold</i>" not in text
    assert "&lt;i&gt;Bold&lt;/i&gt; question" in text
    assert "<script>hint()" not in text


def test_null_characters_are_refused_not_a_server_error(client, survey, clock):
    """PostgreSQL cannot store NUL; the resident gets a message instead."""
    data = good_answers(survey) | {field_name(survey.q.name): "a\x00b"}
    response = respond(client, clock, survey.consultation, data)
    assert_refused(response, "Null characters are not allowed")
    assert counts() == (0, 0, 0)


def test_an_invalid_email_address_is_refused(client, survey, clock):
    """A receipt address must look like one."""
    data = good_answers(survey) | {"email": "not an address"}
    response = respond(client, clock, survey.consultation, data)
    assert_refused(response, "Enter an email address in the correct format")
    assert counts() == (0, 0, 0)


def test_an_unknown_equality_value_is_refused(client, survey, clock):
    """Equality answers must be one of the listed options."""
    data = good_answers(survey) | {"ethnicity": "martian"}
    response = respond(client, clock, survey.consultation, data)
    assert_refused(response, "Choose one of the options given")
    assert counts() == (0, 0, 0)


def test_a_closed_consultation_takes_no_responses(client, survey, clock):
    """The page says when it closed, has no form, and a POST stores nothing."""
    consultation = survey.consultation
    tokens = form_tokens(client, consultation)
    Consultation.objects.filter(pk=consultation.pk).update(
        status=Consultation.Status.CLOSED,
        closes_at=timezone.now() - datetime.timedelta(hours=1),
    )
    page = client.get(consultation.get_absolute_url())
    assert "This consultation closed on" in page.text
    assert "Send your response" not in page.text
    assert page.context["form"] is None

    response = respond(client, clock, consultation, good_answers(survey), tokens=tokens)
    assert response.status_code == 200
    assert "Your response has not been sent" in response.text
    assert counts() == (0, 0, 0)


def test_an_open_consultation_past_its_closing_time_takes_no_responses(client, survey):
    """Closing time counts even before the scheduled job marks it closed."""
    consultation = survey.consultation
    tokens = form_tokens(client, consultation)
    with time_machine.travel(consultation.closes_at + datetime.timedelta(minutes=1)):
        response = client.post(
            consultation.get_absolute_url(), {**tokens, **good_answers(survey)}
        )
    assert "Your response has not been sent" in response.text
    assert counts() == (0, 0, 0)


def test_responses_need_a_csrf_token(survey):
    """The form is protected against cross-site posting."""
    client = Client(enforce_csrf_checks=True)
    response = client.post(survey.consultation.get_absolute_url(), {})
    assert response.status_code == 403
    assert counts() == (0, 0, 0)


# --- Abuse protection ----------------------------------------------------------


def test_a_filled_honeypot_stores_nothing_and_a_person_can_send_again(
    client, survey, clock
):
    """A neutral error; the field is emptied, so resending works."""
    data = good_answers(survey) | {"website": "http://spam.example"}
    response = respond(client, clock, survey.consultation, data)
    assert_refused(response, "Check your answers and send them again")
    assert "spam.example" not in response.text
    assert counts() == (0, 0, 0)

    form = response.context["form"]
    tokens = {name: form.data[name] for name in ("idempotency_key", "started")}
    assert form.data["website"] == ""
    again = respond(
        client, clock, survey.consultation, good_answers(survey), tokens=tokens
    )
    assert again.status_code == 302
    assert Response.objects.count() == 1


def test_a_form_sent_too_fast_stores_nothing_and_gets_a_fresh_token(
    client, survey, settings, clock
):
    """Under the minimum time: not stored; the new token lets a person resend."""
    settings.CONSULTATION_MIN_SECONDS = 3
    tokens = form_tokens(client, survey.consultation)
    response = respond(
        client,
        clock,
        survey.consultation,
        good_answers(survey),
        tokens=tokens,
        after_seconds=1,
    )
    assert_refused(response, "Check your answers and send them again")
    assert counts() == (0, 0, 0)

    form = response.context["form"]
    assert form.data["idempotency_key"] == tokens["idempotency_key"]
    assert form.data["started"] != tokens["started"]
    fresh = {name: form.data[name] for name in ("idempotency_key", "started")}
    again = respond(
        client, clock, survey.consultation, good_answers(survey), tokens=fresh
    )
    assert again.status_code == 302
    assert Response.objects.count() == 1


@pytest.mark.parametrize(
    "started",
    ["", "forged", "forged:token:value"],
    ids=["missing", "garbage", "unsigned"],
)
def test_a_bad_signature_stores_nothing(client, survey, started, clock):
    """A start token we did not sign is refused."""
    tokens = form_tokens(client, survey.consultation) | {"started": started}
    response = respond(
        client, clock, survey.consultation, good_answers(survey), tokens=tokens
    )
    assert_refused(response, "Check your answers and send them again")
    assert counts() == (0, 0, 0)


def test_a_token_signed_with_another_key_is_refused(client, survey, clock):
    """A token signed for another purpose or secret does not pass."""
    tokens = form_tokens(client, survey.consultation)
    forged = signing.TimestampSigner(key="not-our-secret", salt="x").sign_object(
        {"key": tokens["idempotency_key"], "at": 0}
    )
    response = respond(
        client,
        clock,
        survey.consultation,
        good_answers(survey),
        tokens=tokens | {"started": forged},
    )
    assert_refused(response, "Check your answers and send them again")
    assert counts() == (0, 0, 0)


def test_a_token_for_another_form_is_refused(client, survey, clock):
    """The start token belongs to the key it was made with."""
    tokens = form_tokens(client, survey.consultation)
    other = form_tokens(client, survey.consultation)
    response = respond(
        client,
        clock,
        survey.consultation,
        good_answers(survey),
        tokens=tokens | {"started": other["started"]},
    )
    assert_refused(response, "Check your answers and send them again")
    assert counts() == (0, 0, 0)


def test_a_form_left_open_over_a_day_is_refused_then_accepted(client, survey, clock):
    """An expired token is not stored; the fresh one sent back is."""
    response = respond(
        client,
        clock,
        survey.consultation,
        good_answers(survey),
        after_seconds=60 * 60 * 24 + 1,
    )
    assert_refused(response, "Check your answers and send them again")
    assert counts() == (0, 0, 0)
    form = response.context["form"]
    fresh = {name: form.data[name] for name in ("idempotency_key", "started")}
    again = respond(
        client, clock, survey.consultation, good_answers(survey), tokens=fresh
    )
    assert again.status_code == 302


def test_a_missing_idempotency_key_is_refused_and_replaced(client, survey, clock):
    """No key, no response; the page comes back with a key of its own."""
    tokens = form_tokens(client, survey.consultation) | {"idempotency_key": ""}
    response = respond(
        client, clock, survey.consultation, good_answers(survey), tokens=tokens
    )
    assert_refused(response, "Check your answers and send them again")
    assert re.fullmatch(
        r"[0-9a-f]{32}", response.context["form"].data["idempotency_key"]
    )
    assert counts() == (0, 0, 0)


def test_too_many_posts_from_one_address_get_the_429_page(
    client, survey, settings, clock
):
    """Over the limit: 429 in the site layout, with Retry-After; nothing stored."""
    settings.CONSULTATION_RATE_LIMIT = 2
    for _ in range(2):
        assert (
            client.post(survey.consultation.get_absolute_url(), {}).status_code == 200
        )
    response = respond(client, clock, survey.consultation, good_answers(survey))
    assert response.status_code == 429
    assert "Sorry, there have been too many requests" in response.text
    assert "govuk-generic-header" in response.text
    assert response["Retry-After"] == str(settings.CONSULTATION_RATE_WINDOW_SECONDS)
    assert counts() == (0, 0, 0)
    # Another address is not affected.
    other = respond(
        Client(REMOTE_ADDR="192.0.2.7"),
        clock,
        survey.consultation,
        good_answers(survey),
    )
    assert other.status_code == 302


def test_the_rate_limit_counter_expires_with_its_window(survey, settings):
    """The counter lives in Redis for one window, then the address starts again."""
    settings.CONSULTATION_RATE_LIMIT = 1
    request = SimpleNamespace(META={"REMOTE_ADDR": "198.51.100.1"})
    assert not protection.rate_limited(request, scope="test")
    assert protection.rate_limited(request, scope="test")
    redis = Redis.from_url(settings.CACHES["default"]["LOCATION"])
    ttl = redis.ttl(cache.make_key("engagement:rate:test:198.51.100.1"))
    assert 0 < ttl <= settings.CONSULTATION_RATE_WINDOW_SECONDS


# --- Confirmation and results --------------------------------------------------


def test_a_reference_shows_only_under_its_own_consultation(client, survey):
    """Another consultation's reference, or a made-up one, is 404."""
    other = ResponseFactory(consultation=ConsultationFactory())
    mine = ResponseFactory(consultation=survey.consultation)
    args = [survey.consultation.partnership.slug, survey.consultation.slug]
    assert (
        client.get(reverse("engagement:done", args=[*args, mine.reference])).status_code
        == 200
    )
    for reference in (other.reference, "R-NONE-NONE"):
        url = reverse("engagement:done", args=[*args, reference])
        assert client.get(url).status_code == 404


def test_the_confirmation_of_a_draft_consultation_is_404(client):
    """Nothing of a draft consultation is public, references included."""
    response = ResponseFactory(consultation=ConsultationFactory(draft=True))
    consultation = response.consultation
    url = reverse(
        "engagement:done",
        args=[consultation.partnership.slug, consultation.slug, response.reference],
    )
    assert client.get(url).status_code == 404


@pytest.fixture
def published(survey):
    """The survey, closed, answered and with its results published."""
    consultation = survey.consultation
    plan = PlanFactory(partnership=consultation.partnership)
    public = PriorityFactory(plan=plan, title="Safer river paths")
    hidden = PriorityFactory(plan=plan, title="Unpublished idea", is_published=False)
    for text in ("Agree", "Agree", "Disagree"):
        AnswerFactory(
            response=ResponseFactory(consultation=consultation),
            question=survey.q.scale,
            choice=survey.q.scale.choices.get(text=text),
        )
    AnswerFactory(
        response=ResponseFactory(consultation=consultation),
        question=survey.q.comment,
        text=SCRIPT,
    )
    outcome = OutcomeFactory(
        consultation=consultation,
        we_asked="How safe you feel after dark.",
        you_said="The river path is too dark.",
    )
    OutcomeActionFactory(outcome=outcome, we_did="New lights", priority=public)
    OutcomeActionFactory(outcome=outcome, we_did="A plan", priority=hidden)
    Consultation.objects.filter(pk=consultation.pk).update(
        status=Consultation.Status.PUBLISHED,
        opens_at=timezone.now() - datetime.timedelta(days=60),
        closes_at=timezone.now() - datetime.timedelta(days=30),
    )
    return SimpleNamespace(survey=survey, public=public, hidden=hidden)


def test_results_show_we_asked_you_said_we_did_and_counts(client, published):
    """The results page: the outcome, links to public priorities, count tables."""
    consultation = published.survey.consultation
    url = reverse(
        "engagement:results",
        args=[consultation.partnership.slug, consultation.slug],
    )
    response = client.get(url)
    text = response.text
    assert response.status_code == 200
    for words in ("We asked", "You said", "We did", "The river path is too dark."):
        assert words in text
    assert published.public.get_absolute_url() in text
    assert "A plan" in text
    assert published.hidden.get_absolute_url() not in text
    assert "Unpublished idea" not in text
    scale = next(
        r
        for r in response.context["results"]
        if r["question"] == published.survey.q.scale
    )
    assert [(o["choice"].text, o["count"]) for o in scale["options"]][:4] == [
        ("Strongly agree", 0),
        ("Agree", 2),
        ("Neither agree nor disagree", 0),
        ("Disagree", 1),
    ]
    assert "app-bar__fill--67" in text
    assert '<th scope="row" class="govuk-table__header">Agree</th>' in text
    # Free text is never shown on the public page.
    assert "alert(" not in text
    # The consultation page links to the results.
    assert url in client.get(consultation.get_absolute_url()).text


def test_each_we_did_links_to_its_priority_and_action(client, published):
    """A "we did" tied to a published action links to that action's row on its
    priority's page; one tied to an unpublished action links to nothing."""
    consultation = published.survey.consultation
    outcome = consultation.outcome
    action = ActionFactory(priority=published.public, title="Lamp posts fitted")
    draft = ActionFactory(
        priority=published.public, title="Draft action", is_published=False
    )
    OutcomeActionFactory(outcome=outcome, we_did="Lamps", action=action)
    OutcomeActionFactory(outcome=outcome, we_did="Something", action=draft)
    response = client.get(
        reverse(
            "engagement:results",
            args=[consultation.partnership.slug, consultation.slug],
        )
    )
    text = response.text
    assert f'href="{published.public.get_absolute_url()}#action-{action.pk}"' in text
    assert "Action: Lamp posts fitted" in text
    assert "Draft action" not in text
    assert f"#action-{draft.pk}" not in text
    # And the priority's page links back to the results.
    page = client.get(published.public.get_absolute_url()).text
    assert f'id="action-{action.pk}"' in page
    assert "/results/" in page


def test_results_are_404_until_published(client, survey):
    """Open and closed consultations have no results page yet."""
    consultation = survey.consultation
    url = reverse(
        "engagement:results", args=[consultation.partnership.slug, consultation.slug]
    )
    assert client.get(url).status_code == 404
    Consultation.objects.filter(pk=consultation.pk).update(
        status=Consultation.Status.CLOSED
    )
    assert client.get(url).status_code == 404


# Subscriptions moved to email alerts: tests/opendata/alerts/ (the old
# addresses in tests/opendata/alerts/test_legacy_links.py).


def test_the_receipt_email_carries_the_reference(client, survey, mailoutbox, clock):
    """The receipt task emails the reference to the address given."""
    respond(
        client,
        clock,
        survey.consultation,
        good_answers(survey) | {"email": "resident@example.org"},
    )
    stored = Response.objects.get()
    assert send_receipt.run(stored.pk) == "sent"
    (email,) = mailoutbox
    assert email.to == ["resident@example.org"]
    assert stored.reference in email.subject


def test_the_form_page_is_never_cached(client, survey):
    """Each showing of the form has its own key, so no cache may keep it."""
    response = client.get(survey.consultation.get_absolute_url())
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_responses_are_taken_when_the_cache_is_down(client, survey, clock, settings):
    """Without Redis the rate limit steps aside rather than locking people out."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    response = respond(client, clock, survey.consultation, good_answers(survey))
    assert response.status_code == 302
    assert Response.objects.count() == 1
