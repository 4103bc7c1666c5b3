"""A resident answers a consultation in real Chromium: find it, fix errors from
the error summary, send it, get a reference; axe-core clean on every page."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from engagement.models import Consultation, Question
from engagement.selectors import consultation_list_public
from partnerships.models import Partnership
from tests.browser.conftest import assert_accessible
from tests.browser.test_public_pages import check_page
from tests.engagement.factories import (
    AnswerFactory,
    ConsultationFactory,
    OutcomeActionFactory,
    OutcomeFactory,
    QuestionFactory,
    ResponseFactory,
)
from tests.priorities.factories import PriorityFactory

PARTNERSHIP = "safer-kensington-and-chelsea"


@pytest.fixture
def consultations(demo_site, settings):
    """An open and a published consultation of a demo partnership."""
    # The live server runs in this process, so the setting reaches it.
    settings.CONSULTATION_MIN_SECONDS = 0
    partnership = Partnership.objects.get(slug=PARTNERSHIP)
    survey = ConsultationFactory(
        partnership=partnership,
        title="Feeling safe at night",
        summary="Tell us where and when you feel safe after dark.",
        has_equality_section=True,
    )
    QuestionFactory(
        consultation=survey,
        kind=Question.Kind.AGREE_SCALE,
        required=True,
        text="I feel safe walking home after dark",
    )
    QuestionFactory(
        consultation=survey,
        kind=Question.Kind.SINGLE_CHOICE,
        required=True,
        text="How often are you out after dark?",
        choices=["Every day", "Every week", "Less often"],
    )
    QuestionFactory(
        consultation=survey,
        kind=Question.Kind.MULTIPLE_CHOICE,
        text="Where do you feel unsafe?",
        choices=["Bus stops", "Parks", "High street"],
    )
    QuestionFactory(consultation=survey, kind=Question.Kind.WARD, text="Your ward")
    QuestionFactory(
        consultation=survey,
        kind=Question.Kind.LONG_TEXT,
        text="What would make you feel safer?",
    )

    done = ConsultationFactory(
        partnership=partnership,
        title="Street lighting",
        published=True,
    )
    question = QuestionFactory(
        consultation=done, kind=Question.Kind.YES_NO, text="Is your street well lit?"
    )
    for answer in ("Yes", "No", "No"):
        AnswerFactory(
            response=ResponseFactory(consultation=done),
            question=question,
            choice=question.choices.get(text=answer),
        )
    outcome = OutcomeFactory(consultation=done, you_said="Many streets are too dark.")
    priority = PriorityFactory(
        plan=partnership.plans.filter(status="published").first(),
        title="Safer streets at night",
    )
    OutcomeActionFactory(
        outcome=outcome, we_did="We fixed 40 lights.", priority=priority
    )
    return {"survey": survey, "done": done}


def test_resident_answers_a_consultation(demo_site, consultations, page):
    """Home -> consultation -> errors -> answers -> reference, accessible throughout."""
    survey = consultations["survey"]
    page.goto(demo_site.url + "/")
    page.get_by_role("link", name="Feeling safe at night").click()
    expect(page.locator("h1")).to_have_text("Feeling safe at night")
    expect(page.get_by_text("Equality monitoring (optional)")).to_be_visible()
    assert_accessible(page)

    # Sending nothing: the error summary takes focus and links to the question.
    page.get_by_role("button", name="Send your response").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: Feeling safe at night"))
    assert_accessible(page)
    summary.get_by_role(
        "link", name="Choose an answer for: How often are you out after dark?"
    ).click()
    expect(page.get_by_label("Every day")).to_be_focused()
    assert not survey.responses.exists()

    # Answer and send; a double click still stores one response.
    page.get_by_label("Agree", exact=True).check()
    page.get_by_label("Every week").check()
    page.get_by_label("Bus stops").check()
    page.get_by_label("Parks").check()
    page.get_by_label("What would make you feel safer? (optional)").fill(
        "More lighting <script>alert(1)</script>"
    )
    page.get_by_label("25 to 34").check()
    page.get_by_role("button", name="Send your response").dblclick()
    expect(page.locator("h1")).to_have_text("Response sent")
    reference = survey.responses.get().reference
    expect(page.locator(".govuk-panel__body")).to_contain_text(reference)
    assert_accessible(page)
    assert survey.responses.get().answers.filter(text__contains="<script>").exists()

    # Back on the consultation page, then the list and the subscribe page.
    page.get_by_role("link", name="consultation page").click()
    expect(page).to_have_url(re.compile(re.escape(survey.get_absolute_url()) + "$"))
    page.get_by_role("link", name="Consultations", exact=True).first.click()
    expect(page.locator("h1")).to_have_text("Consultations")
    assert_accessible(page)
    page.get_by_role("link", name="Feeling safe at night").click()
    page.get_by_role("link", name=re.compile("Get an email when")).click()
    expect(page.locator("h1")).to_have_text(re.compile("^Get emails from"))
    expect(page.get_by_label("New consultations")).to_be_checked()
    assert_accessible(page)
    page.get_by_role("button", name="Subscribe").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    assert_accessible(page)
    page.get_by_label("Email address").fill("resident@example.org")
    page.get_by_label("Straight away").check()
    page.get_by_role("button", name="Subscribe").click()
    expect(page.locator("h1")).to_have_text("Check your email")
    assert_accessible(page)
    assert page.js_errors == []


def test_results_and_closed_pages_are_accessible(demo_site, consultations, page):
    """The results page (chart and table) and a closed consultation pass axe."""
    done = consultations["done"]
    page.goto(demo_site.url + done.get_absolute_url())
    expect(page.get_by_text("This consultation closed on")).to_be_visible()
    assert_accessible(page)
    page.get_by_role(
        "link", name="Read what people said and what the partnership did"
    ).click()
    expect(page.locator("h1")).to_have_text("Results: Street lighting")
    expect(
        page.get_by_role("link", name="Priority: Safer streets at night")
    ).to_be_visible()
    table = page.get_by_role("table", name="Answers to: Is your street well lit?")
    expect(table.get_by_role("row", name=re.compile(r"^No\s+2\s+67%"))).to_be_visible()
    assert_accessible(page)
    assert page.js_errors == []


def test_consultation_pages_reflow_at_320_pixels(demo_site, consultations, browser):
    """No horizontal scrolling on the form, its error state and the results."""
    survey, done = consultations["survey"], consultations["done"]
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    too_wide = {}
    paths = [
        reverse("engagement:list"),
        survey.get_absolute_url(),
        reverse("engagement:results", args=[PARTNERSHIP, done.slug]),
    ]
    for path in paths:
        page.goto(demo_site.url + path)
        if path == survey.get_absolute_url():
            page.get_by_role("button", name="Send your response").click()
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            too_wide[path] = width
    context.close()
    assert too_wide == {}


def test_every_demo_consultation_page_passes_the_checks(demo_site, page):
    """The demo's consultations: axe-core, one h1, the skip link first."""
    consultations = list(consultation_list_public())
    assert consultations
    paths = [reverse("engagement:list")]
    for consultation in consultations:
        paths.append(consultation.get_absolute_url())
        if consultation.status == Consultation.Status.PUBLISHED:
            paths.append(
                reverse(
                    "engagement:results",
                    args=[consultation.partnership.slug, consultation.slug],
                )
            )
        paths.append(
            reverse("engagement:subscribe", args=[consultation.partnership.slug])
        )
    failures = {}
    for path in dict.fromkeys(paths):
        problems = check_page(page, demo_site.url + path)
        if problems:
            failures[path] = problems
    assert failures == {}


def test_a_closed_consultation_has_no_form(demo_site, consultations, page):
    """Once closed, the page says so and offers no form."""
    survey = consultations["survey"]
    Consultation.objects.filter(pk=survey.pk).update(
        status=Consultation.Status.CLOSED,
        closes_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    page.goto(demo_site.url + survey.get_absolute_url())
    expect(page.get_by_text("This consultation closed on")).to_be_visible()
    expect(page.get_by_role("button", name="Send your response")).to_have_count(0)
    assert_accessible(page)


def test_resident_answers_a_consultation_of_two_pages(demo_site, settings, page):
    """Page 1 -> error -> page 2 (a question asked because of page 1, another
    with a same-page condition) -> check your answers -> error -> sent; the
    hidden question's answer is not stored; axe-core clean on every page."""
    settings.CONSULTATION_MIN_SECONDS = 0
    partnership = Partnership.objects.get(slug=PARTNERSHIP)
    survey = ConsultationFactory(
        partnership=partnership,
        title="Getting home safely",
        summary="Tell us how you get home at night.",
        has_equality_section=True,
    )
    out = QuestionFactory(
        consultation=survey,
        kind=Question.Kind.YES_NO,
        required=True,
        text="Do you go out after dark?",
    )
    how = QuestionFactory(
        consultation=survey,
        kind=Question.Kind.MULTIPLE_CHOICE,
        text="How do you get home?",
        choices=["Bus", "Walking", "Taxi"],
        starts_page=True,
        shown_if_question=out,
        shown_if_choice=out.choices.get(text="Yes"),
    )
    QuestionFactory(
        consultation=survey,
        kind=Question.Kind.SHORT_TEXT,
        text="Which bus route?",
        shown_if_question=how,
        shown_if_choice=how.choices.get(text="Bus"),
    )
    page.goto(demo_site.url + survey.get_absolute_url())
    expect(page.locator("h1")).to_have_text("Getting home safely")
    expect(page.get_by_text("Page 1 of 2")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: Getting home safely"))
    assert_accessible(page)
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_text("Page 2 of 2")).to_be_visible()
    expect(page.locator("h1")).to_have_text("Getting home safely")
    expect(
        page.get_by_text("Only if you answered “Bus” to “How do you get home?”")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Walking").check()
    page.get_by_label("Which bus route? (optional)").fill("The 65")
    page.get_by_role("button", name="Continue").click()

    expect(page.locator("h1")).to_have_text("Check your answers before sending them")
    expect(page.get_by_text("The 65")).to_have_count(0)
    assert_accessible(page)
    page.get_by_label("Email address (optional)").fill("not an address")
    page.get_by_role("button", name="Send your response").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: Check your answers"))
    assert_accessible(page)
    page.get_by_label("Email address (optional)").fill("")
    page.get_by_role("link", name="Back", exact=True).click()
    expect(page.get_by_label("Walking")).to_be_checked()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Send your response").dblclick()
    expect(page.locator("h1")).to_have_text("Response sent")
    response = survey.responses.get()
    assert sorted(
        a.choice.text if a.choice else a.text for a in response.answers.all()
    ) == ["Walking", "Yes"]
    assert page.js_errors == []
