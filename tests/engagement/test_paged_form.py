"""A consultation split into pages, as a resident answers it: one page at a
time, answers kept in the session (not in the page), conditions worked out on
the server, every guard still on the last step, and one response stored."""

import pytest
import time_machine
from django.utils import timezone

from engagement.models import Answer, Response
from engagement.selectors import consultation_results, responses_csv
from tests.engagement.branching import build_branching, name, pick

pytestmark = pytest.mark.django_db


@pytest.fixture
def b():
    return build_branching(equality=True)


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def url(b, step=None):
    base = b.consultation.get_absolute_url()
    return base if step is None else f"{base}?page={step}"


def check_tokens(client, b) -> dict:
    response = client.get(url(b, "check"))
    assert response.status_code == 200
    form = response.context["form"]
    return {
        "idempotency_key": form.initial["idempotency_key"],
        "started": form.initial["started"],
    }


def answer_pages(client, b, victim="Yes", reported="Not reported", why="Scared"):
    """Page 1, then page 2 if it is shown, then page 3: each redirects on."""
    response = client.post(url(b, 1), {name(b.victim): pick(b.victim, victim)})
    assert response.status_code == 302
    if victim == "Yes":
        assert response.url == url(b, 2)
        response = client.post(
            url(b, 2),
            {name(b.reported): pick(b.reported, reported), name(b.why_not): why},
        )
        assert response.status_code == 302
    assert response.url == url(b, 3)
    response = client.post(url(b, 3), {name(b.other): "Thanks"})
    assert response.url == url(b, "check")


def send(client, clock, b, **extra):
    tokens = check_tokens(client, b)
    clock.shift(30)
    return client.post(url(b, "check"), {**tokens, **extra})


def stored_texts(response) -> set[str]:
    return {
        a.choice.text if a.choice else a.text
        for a in Answer.objects.filter(response=response).select_related("choice")
    }


def test_first_page_shows_only_its_questions_and_sets_no_cookie(client, b):
    """Page 1 is the consultation page with page 1's question and Continue;
    reading it sets no session cookie."""
    response = client.get(url(b))
    text = response.text
    assert "Have you been a victim of crime this year?" in text
    assert "Who did you report it to?" not in text
    assert "Page 1 of 3" in text
    assert ">Continue</button>" in text
    assert "Send your response" not in text
    assert "sessionid" not in response.cookies


def test_resident_walks_the_pages_and_sends_once(client, clock, b):
    """Yes -> page 2 (with the same-page condition hinted) -> page 3 -> check
    -> sent; a second click finds the same response."""
    client.post(url(b, 1), {name(b.victim): pick(b.victim, "Yes")})
    page2 = client.get(url(b, 2))
    assert "Page 2 of 3" in page2.text
    assert "Only if you answered “Not reported” to “Who did you report it to?”" in (
        page2.text
    )
    assert 'class="govuk-back-link"' in page2.text
    assert f'href="{url(b, 1)}"' in page2.text
    answer_pages(client, b)
    check = client.get(url(b, "check")).text
    assert "Check your answers before sending them" in check
    for text in ("Not reported", "Scared", "Thanks", 'href="?page=2&amp;change=1"'):
        assert text in check
    assert "Equality monitoring (optional)" in check
    tokens = check_tokens(client, b)
    clock.shift(30)
    response = client.post(url(b, "check"), tokens)
    assert response.status_code == 302
    stored = Response.objects.get()
    assert stored.reference in response.url
    assert stored_texts(stored) == {"Yes", "Not reported", "Scared", "Thanks"}
    again = client.post(url(b, "check"), tokens)
    assert again.status_code == 302
    assert again.url == response.url
    assert Response.objects.count() == 1


def test_no_skips_the_page_of_questions_not_asked(client, clock, b):
    """ "No" goes straight to page 3; page 2 redirects on; back from page 3
    goes to page 1."""
    answer_pages(client, b, victim="No")
    assert client.get(url(b, 2)).url == url(b, 3)
    page3 = client.get(url(b, 3)).text
    assert "Page 3 of 3" in page3
    assert f'href="{url(b, 1)}"' in page3
    assert send(client, clock, b).status_code == 302
    assert stored_texts(Response.objects.get()) == {"No", "Thanks"}


def test_answers_to_hidden_questions_kept_in_the_session_are_dropped(client, clock, b):
    """Answer page 2, go back and change to "No": the session still holds the
    page 2 answers, the check page does not show them, nothing stores them."""
    answer_pages(client, b)
    client.post(url(b, 1), {name(b.victim): pick(b.victim, "No")})
    check = client.get(url(b, "check")).text
    assert "Scared" not in check
    assert "Who did you report it to?" not in check
    send(client, clock, b)
    assert stored_texts(Response.objects.get()) == {"No", "Thanks"}


def test_forged_posts_store_no_hidden_answers(client, clock, b):
    """Answers for hidden or other pages' questions, sent with a page or with
    the last step, are ignored."""
    forged = {
        name(b.reported): pick(b.reported, "The police"),
        name(b.why_not): "Forged",
    }
    client.post(url(b, 1), {name(b.victim): pick(b.victim, "No"), **forged})
    client.post(url(b, 3), {name(b.other): "Thanks", **forged})
    assert send(client, clock, b, **forged).status_code == 302
    assert stored_texts(Response.objects.get()) == {"No", "Thanks"}
    assert not Answer.objects.filter(question__in=[b.reported, b.why_not]).exists()


def test_page_errors_use_the_error_summary(client, b):
    """A required question left blank on page 2 stays on page 2 with the error
    summary; the same-page conditional question is required once asked."""
    client.post(url(b, 1), {name(b.victim): pick(b.victim, "Yes")})
    response = client.post(url(b, 2), {})
    assert response.status_code == 200
    assert "<title>Error: Page 2 of 3" in response.text
    assert "There is a problem" in response.text
    assert "Choose an answer for: Who did you report it to?" in response.text
    assert "Why did you not report it?" not in str(response.context["error_links"])
    response = client.post(
        url(b, 2), {name(b.reported): pick(b.reported, "Not reported")}
    )
    assert "Enter an answer for: Why did you not report it?" in response.text
    response = client.post(url(b, 1), {})
    assert "Choose an answer for: Have you been a victim" in response.text
    assert not Response.objects.exists()


def test_later_pages_need_the_earlier_ones(client, b):
    """Without answers in the session, later pages and the last step go back
    to page 1 (a POST says why), as do pages that do not exist; nothing is
    stored."""
    assert client.get(url(b, 3)).url == url(b, 1)
    assert client.get(url(b, "check")).url == url(b, 1)
    response = client.post(url(b, 3), {name(b.other): "Hello"})
    assert response.url == url(b, 1)
    response = client.post(url(b, "check"), {}, follow=True)
    assert "Your earlier answers were not kept" in response.text
    assert client.get(url(b, "nonsense")).url == url(b, 1)
    assert client.get(url(b, 99)).url == url(b, 1)
    assert not Response.objects.exists()


def test_last_step_keeps_its_guards(client, clock, b):
    """Too fast, or the honeypot filled: refused with a message, nothing
    stored; sent properly afterwards, one response."""
    answer_pages(client, b, victim="No")
    tokens = check_tokens(client, b)
    response = client.post(url(b, "check"), tokens)  # no time has passed
    assert "Check your answers and send them again" in response.text
    clock.shift(30)
    response = client.post(url(b, "check"), {**tokens, "website": "spam"})
    assert "Check your answers and send them again" in response.text
    assert not Response.objects.exists()
    response = client.post(url(b, "check"), tokens)
    assert response.status_code == 302
    assert Response.objects.count() == 1


def test_required_answers_missing_from_the_session_are_reported(client, clock, b):
    """If page 1 was never answered (a forged walk), the last step says so."""
    client.post(url(b, 3), {})  # no state: back to page 1
    client.post(url(b, 1), {})  # starts, but the required answer is missing
    response = send(client, clock, b)
    assert response.status_code == 200
    assert "Choose an answer for: Have you been a victim" in response.text
    assert not Response.objects.exists()


def test_export_and_results_show_who_was_asked(client, clock, b):
    """A question not asked has an empty cell; results say how many were asked."""
    answer_pages(client, b, victim="No")
    send(client, clock, b)
    client.cookies.clear()
    answer_pages(client, b, victim="Yes", reported="The police")
    send(client, clock, b)
    lines = list(responses_csv(consultation=b.consultation))
    assert lines[1].rstrip("\r\n").endswith(",No,,,Thanks")
    assert lines[2].rstrip("\r\n").endswith(",Yes,The police,,Thanks")
    results = {
        item["question"].pk: item
        for item in consultation_results(consultation=b.consultation)
    }
    assert results[b.reported.pk]["asked"] == 1
    assert results[b.reported.pk]["respondents"] == 2
    assert results[b.why_not.pk]["asked"] == 0
    assert results[b.victim.pk]["asked"] is None


def test_one_page_with_a_condition_drops_the_answer_not_asked(client, clock):
    """Without page breaks the form is one page, as before: the conditional
    question is shown with its hint, and its answer is dropped (and it is not
    required) when the condition is not met, whatever the POST says."""
    b = build_branching()
    for question in (b.reported, b.other):
        question.starts_page = False
        question.save(update_fields=["starts_page"])
    page = client.get(url(b))
    assert "Send your response" in page.text
    assert "Who did you report it to?" in page.text
    assert "Only if you answered “Yes” to “Have you been a victim" in page.text
    form = page.context["form"]
    tokens = {
        "idempotency_key": form.initial["idempotency_key"],
        "started": form.initial["started"],
    }
    clock.shift(30)
    response = client.post(
        url(b),
        {
            **tokens,
            name(b.victim): pick(b.victim, "No"),
            name(b.reported): pick(b.reported, "Not reported"),
            name(b.why_not): "Forged",
        },
    )
    assert response.status_code == 302
    assert stored_texts(Response.objects.get()) == {"No"}
    assert "sessionid" not in response.cookies


def test_a_change_from_check_your_answers_goes_back_there(client, clock, b):
    """Changing page 3 returns to the check page; changing "No" to "Yes" first
    asks the questions it brings in, then returns."""
    answer_pages(client, b, victim="No")
    page3 = client.get(url(b, 3) + "&change=1").text
    assert f'href="{url(b, "check")}"' in page3  # back goes to the check page
    response = client.post(url(b, 3) + "&change=1", {name(b.other): "Changed"})
    assert response.url == url(b, "check")
    response = client.post(
        url(b, 1) + "&change=1", {name(b.victim): pick(b.victim, "Yes")}
    )
    assert response.url == url(b, 2) + "&change=1"
    response = client.post(
        url(b, 2) + "&change=1",
        {name(b.reported): pick(b.reported, "The police")},
    )
    assert response.url == url(b, "check")
    send(client, clock, b)
    assert stored_texts(Response.objects.get()) == {"Yes", "The police", "Changed"}


def test_pages_and_sending_are_rate_limited_apart(client, clock, b, settings):
    """Continue and Send each have the limit: a resident's pages do not use up
    their sends, and too many of either gets the 429 page, storing nothing."""
    settings.CONSULTATION_RATE_LIMIT = 3
    answer_pages(client, b, victim="No")  # two pages: two of the three
    assert send(client, clock, b).status_code == 302  # the first send
    assert client.post(url(b, 1), {}).status_code == 200  # the third page post
    response = client.post(url(b, 1), {name(b.victim): pick(b.victim, "No")})
    assert response.status_code == 429
    assert Response.objects.count() == 1
    for _ in range(2):
        client.post(url(b, "check"), {})
    assert client.post(url(b, "check"), {}).status_code == 429
