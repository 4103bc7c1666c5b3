"""Consultation managers build, schedule, close and publish consultations through
the staff pages; the list, the consultation page, creating, editing and the
preview."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from engagement import services
from engagement.models import Consultation, Question, Response
from partnerships.models import Area
from tests.engagement.staff_views.conftest import (
    LONDON,
    QUESTIONS,
    START,
    SUBSTANCE_REFUSED,
    TITLE,
    choice_id,
    details,
    key_from,
    open_now,
)

pytestmark = pytest.mark.django_db


def test_manager_builds_runs_and_publishes_a_consultation(client, world, time_machine):
    """The whole lifecycle through the pages: draft, scheduled, open, closed,
    results published."""
    time_machine.move_to(START, tick=False)
    partnership, priority = world["partnership"], world["priority"]
    manager, officer = world["users"]["manager_a"], world["users"]["officer_a"]
    client.force_login(manager)

    # Create.
    list_url = reverse("manage:consultation_list", args=[partnership.slug])
    assert "Create a consultation" in client.get(list_url).text
    add_url = reverse("manage:consultation_add", args=[partnership.slug])
    response = client.post(add_url, details(priorities=[priority.pk]))
    assert response.status_code == 302
    consultation = Consultation.objects.get(title=TITLE)
    assert response["Location"] == reverse(
        "manage:consultation", args=[consultation.pk]
    )
    assert consultation.partnership == partnership
    assert consultation.status == Consultation.Status.DRAFT
    assert consultation.has_equality_section is True
    assert consultation.created_by == manager
    assert list(consultation.priorities.all()) == [priority]

    # One question of each kind.
    for kind, text, required, options in QUESTIONS:
        response = client.post(
            reverse("manage:question_add", args=[consultation.pk]),
            {"kind": kind, "text": text, "choices": options, "hint": "", "save": ""}
            | ({"required": "on"} if required else {}),
        )
        assert response.status_code == 302, response.text
    questions = {q.kind: q for q in consultation.questions.all()}
    assert [q.text for q in consultation.questions.order_by("order")] == [
        text for _, text, _, _ in QUESTIONS
    ]
    ward_names = [c.text for c in questions["ward"].choices.all()]
    assert ward_names == sorted(
        Area.objects.filter(parent=partnership.area, kind="ward").values_list(
            "name", flat=True
        )
    )
    assert {"Norbiton", "Canbury"} <= set(ward_names)
    assert not set(ward_names) & set(
        Area.objects.filter(parent=world["b"]["partnership"].area).values_list(
            "name", flat=True
        )
    )
    assert [c.text for c in questions["agree_scale"].choices.all()] == list(
        Question.AGREE_SCALE_CHOICES
    )
    assert [c.text for c in questions["multiple_choice"].choices.all()] == [
        "Market",
        "Riverside",
    ]

    # Preview.
    preview = client.get(reverse("manage:consultation_preview", args=[consultation.pk]))
    assert preview.status_code == 200
    assert "This is a preview" in preview.text
    assert preview.text.count("<h1") == 1
    assert "<strong>hear from you</strong>" in preview.text
    for _, text, _, _ in QUESTIONS:
        assert text in preview.text
    assert "Norbiton" in preview.text
    assert "Equality monitoring" in preview.text
    assert '<fieldset class="govuk-fieldset" disabled>' in preview.text

    # Schedule: opens tomorrow at 09:00, closes at the end of the month.
    schedule_url = reverse("manage:consultation_schedule", args=[consultation.pk])
    response = client.post(
        schedule_url,
        {
            "opens_on_0": "2",
            "opens_on_1": "6",
            "opens_on_2": "2026",
            "opens_time": "09:00",
            "closes_on_0": "30",
            "closes_on_1": "6",
            "closes_on_2": "2026",
            "closes_time": "23:59",
        },
    )
    assert response.status_code == 302, response.text
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.SCHEDULED
    assert consultation.opens_at == datetime.datetime(2026, 6, 2, 9, 0, tzinfo=LONDON)
    assert consultation.closes_at == datetime.datetime(
        2026, 6, 30, 23, 59, tzinfo=LONDON
    )
    # Not open yet: nothing can be keyed in.
    client.force_login(officer)
    key_in_url = reverse("manage:response_add", args=[consultation.pk])
    assert "once the consultation has opened" in client.get(key_in_url).text

    # The next morning the beat job opens it.
    time_machine.move_to(START + datetime.timedelta(days=1), tick=False)
    services.consultations_open_and_close()
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.OPEN
    # A day later the officer signs in again (sessions end after 30 idle minutes).
    client.force_login(officer)

    # An officer keys in two responses: a paper form and one from an event.
    answers = {
        f"q{questions['short_text'].pk}": "KT1",
        f"q{questions['long_text'].pk}": "<script>alert(1)</script> Better lighting",
        f"q{questions['single_choice'].pk}": choice_id(
            questions["single_choice"], "Evening"
        ),
        f"q{questions['multiple_choice'].pk}": [
            choice_id(questions["multiple_choice"], "Market"),
            choice_id(questions["multiple_choice"], "Riverside"),
        ],
        f"q{questions['agree_scale'].pk}": choice_id(
            questions["agree_scale"], "Disagree"
        ),
        f"q{questions['ward'].pk}": choice_id(questions["ward"], "Norbiton"),
        "equality_age_band": "25_34",
    }
    page = client.get(key_in_url).text
    assert "Paper form" in page
    assert 'value="online"' not in page  # online responses come from residents
    key = key_from(page)
    response = client.post(
        key_in_url, answers | {"channel": "paper", "idempotency_key": key, "save": ""}
    )
    assert response.status_code == 302, response.text
    paper = Response.objects.get(consultation=consultation)
    assert paper.channel == Response.Channel.PAPER
    assert paper.keyed_in_by == officer
    assert paper.reference in client.get(response["Location"]).text
    # The same form sent again (a double click) stores nothing more.
    client.post(
        key_in_url, answers | {"channel": "paper", "idempotency_key": key, "save": ""}
    )
    assert consultation.responses.count() == 1
    second = answers | {
        f"q{questions['single_choice'].pk}": choice_id(
            questions["single_choice"], "Night"
        ),
        f"q{questions['long_text'].pk}": "",
    }
    second_key = key_from(client.get(key_in_url).text)
    assert second_key != key
    response = client.post(
        key_in_url, second | {"channel": "event", "idempotency_key": second_key}
    )
    assert response.status_code == 302
    assert consultation.responses.count() == 2

    # A required answer left out: the service's message, nothing stored.
    third = second | {f"q{questions['short_text'].pk}": ""}
    response = client.post(
        key_in_url,
        third
        | {
            "channel": "phone",
            "idempotency_key": key_from(client.get(key_in_url).text),
        },
    )
    assert response.status_code == 200
    assert "Enter an answer for: What is the first part of your postcode?" in (
        response.text
    )
    assert consultation.responses.count() == 2

    # Changing a question's kind is now refused, with the service's message.
    client.force_login(manager)
    single = questions["single_choice"]
    edit_url = reverse("manage:question_edit", args=[single.pk])
    assert "Day\nEvening\nNight" in client.get(edit_url).text
    response = client.post(
        edit_url,
        {
            "kind": "multiple_choice",
            "text": single.text,
            "choices": "Day\nEvening\nNight",
        }
        | {"required": "on"},
    )
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert SUBSTANCE_REFUSED in response.text
    single.refresh_from_db()
    assert single.kind == Question.Kind.SINGLE_CHOICE
    # Rewording is still allowed.
    response = client.post(
        edit_url,
        {
            "kind": "single_choice",
            "text": "When do you usually visit?",
            "choices": "Day\nEvening\nNight",
            "required": "on",
        },
    )
    assert response.status_code == 302
    single.refresh_from_db()
    assert single.text == "When do you usually visit?"
    # Questions can no longer be added.
    response = client.post(
        reverse("manage:question_add", args=[consultation.pk]),
        {"kind": "short_text", "text": "One more?"},
    )
    assert SUBSTANCE_REFUSED in response.text
    assert consultation.questions.count() == 7

    # Close now.
    close_url = reverse("manage:consultation_close", args=[consultation.pk])
    assert "Are you sure you want to close this consultation now?" in (
        client.get(close_url).text
    )
    assert client.post(close_url).status_code == 302
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.CLOSED

    # Results: counts, percentages and the free text, escaped.
    client.force_login(officer)
    results = client.get(reverse("manage:consultation_results", args=[consultation.pk]))
    assert results.status_code == 200
    text = results.text
    assert "2 responses in total" in text
    assert re.search(r">Evening</th>\s*<td[^>]*>1</td>\s*<td[^>]*>50%</td>", text)
    assert re.search(r">Night</th>\s*<td[^>]*>1</td>\s*<td[^>]*>50%</td>", text)
    assert re.search(r">Day</th>\s*<td[^>]*>0</td>\s*<td[^>]*>0%</td>", text)
    assert re.search(r">Market</th>\s*<td[^>]*>2</td>\s*<td[^>]*>100%</td>", text)
    assert re.search(r">Paper form</th>\s*<td[^>]*>1</td>", text)
    assert re.search(r">At an event</th>\s*<td[^>]*>1</td>", text)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Better lighting" in text
    assert "<script>alert(1)" not in text
    assert "fewer than 10" in text  # two people in one age band: suppressed
    # An empty group is not told apart from a small one: never a 0 there.
    equality = text[text.index('id="equality-heading"') :]
    assert not re.search(r"govuk-table__cell--numeric\">0</td>", equality)
    assert reverse("manage:consultation_export", args=[consultation.pk]) in text

    # Publish "we asked, you said, we did".
    client.force_login(manager)
    outcome_url = reverse("manage:outcome_publish", args=[consultation.pk])
    page = client.get(outcome_url).text
    assert page.count('name="we_did_') >= 3
    assert priority.title in page
    response = client.post(
        outcome_url,
        {
            "we_asked": "How safe you feel in the town centre.",
            "confirm": "on",
            "you_said": "Evenings feel least safe, around the market.",
            "we_did_1": "Brighter lighting in the market square.",
            "link_1": f"priority-{priority.pk}",
            "we_did_2": "",
            "link_2": "",
        },
    )
    assert response.status_code == 302, response.text
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.PUBLISHED
    [action] = consultation.outcome.actions.all()
    assert action.priority == priority
    assert action.we_did == "Brighter lighting in the market square."
    detail = client.get(reverse("manage:consultation", args=[consultation.pk])).text
    assert "Results published" in detail


def test_create_form_shows_errors_and_previews_without_saving(client, world):
    """An empty form gets GOV.UK errors; Preview renders the Markdown; neither
    saves anything."""
    client.force_login(world["users"]["manager_a"])
    url = reverse("manage:consultation_add", args=[world["partnership"].slug])
    response = client.post(url, {"save": ""})
    assert response.status_code == 200
    assert response.text.count("<title>Error:") == 1
    assert "Enter a title for the consultation" in response.text
    assert "Choose whether to include the equality monitoring questions" in (
        response.text
    )
    data = details()
    data.pop("save")
    response = client.post(url, data | {"preview": ""})
    assert '<div class="app-preview"' in response.text
    assert "<strong>hear from you</strong>" in response.text
    assert not Consultation.objects.filter(title=TITLE).exists()


def test_question_text_is_escaped_in_forms(client, world):
    """Question text and hints are shown as text, not HTML, in the preview."""
    consultation = world["consultation"]
    services.question_add(
        consultation=consultation,
        actor=None,
        data={"kind": "short_text", "text": "<b>Bold?</b>", "hint": "<i>hint</i>"},
    )
    client.force_login(world["users"]["manager_a"])
    page = client.get(reverse("manage:consultation_preview", args=[consultation.pk]))
    assert "&lt;b&gt;Bold?&lt;/b&gt;" in page.text
    assert "&lt;i&gt;hint&lt;/i&gt;" in page.text
    assert "<b>Bold?</b>" not in page.text


def test_officer_reads_results_and_keys_in_but_cannot_build(client, world):
    """An officer of A: results and keying in yes, creating or changing no (403);
    an officer of B gets 404 for all of it."""
    consultation = world["consultation"]
    open_now(consultation)
    officer = world["users"]["officer_a"]
    client.force_login(officer)
    results = reverse("manage:consultation_results", args=[consultation.pk])
    key_in = reverse("manage:response_add", args=[consultation.pk])
    add = reverse("manage:consultation_add", args=[world["partnership"].slug])
    assert client.get(results).status_code == 200
    assert 'name="channel"' in client.get(key_in).text
    assert client.get(add).status_code == 403
    assert client.post(add, details()).status_code == 403
    question_add = reverse("manage:question_add", args=[consultation.pk])
    assert client.post(question_add, {"kind": "yes_no", "text": "X?"}).status_code == (
        403
    )
    close = reverse("manage:consultation_close", args=[consultation.pk])
    assert client.post(close).status_code == 403
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.OPEN
    assert consultation.questions.count() == 1
    assert not Consultation.objects.filter(title=TITLE).exists()
    page = client.get(reverse("manage:consultation", args=[consultation.pk])).text
    assert "Key in a response" in page
    assert "Schedule" not in page

    client.force_login(world["users"]["officer_b"])
    for url in (results, key_in, add, question_add, close):
        assert client.get(url).status_code == 404
    export = reverse("manage:consultation_export", args=[consultation.pk])
    assert client.get(export).status_code == 404


def test_list_shows_tags_and_counts_in_constant_queries(client, world):
    """Each consultation with its status tag and number of responses; the page
    takes as many queries for six consultations as for one."""
    client.force_login(world["users"]["officer_a"])
    url = reverse("manage:consultation_list", args=[world["partnership"].slug])
    with CaptureQueriesContext(connection) as one:
        page = client.get(url).text
    assert "govuk-tag--grey" in page
    consultation = world["consultation"]
    open_now(consultation)
    for n in range(3):
        services.response_submit(
            consultation=consultation,
            data={
                f"q{world['question'].pk}": str(world["question"].choices.first().pk)
            },
            idempotency_key=f"key-{n}",
        )
    for n in range(5):
        services.consultation_create(
            partnership=world["partnership"],
            actor=None,
            data={"title": f"Another {n}", "summary": "More."},
        )
    with CaptureQueriesContext(connection) as six:
        page = client.get(url).text
    assert len(six) == len(one)
    assert re.search(
        r"Consultation A</a></td>.*?govuk-tag--green\">Open</strong>\s*</td>\s*"
        r"<td[^>]*>3</td>",
        page,
        re.S,
    )
    assert page.count("govuk-tag--grey") == 5


def test_actions_the_state_does_not_allow_explain_why(client, world):
    """A draft cannot be closed, keyed into or have its outcome published; once
    people respond, questions cannot be deleted. Nothing changes."""
    consultation, question = world["consultation"], world["question"]
    client.force_login(world["users"]["manager_a"])
    for name, reason in [
        ("consultation_close", "Only a scheduled or open consultation can be closed"),
        ("response_add", "once the consultation has opened"),
        ("outcome_publish", "once the consultation has closed"),
    ]:
        url = reverse(f"manage:{name}", args=[consultation.pk])
        for response in (client.get(url), client.post(url, {})):
            assert response.status_code == 200
            assert reason in response.text
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.DRAFT

    open_now(consultation)
    services.response_submit(
        consultation=consultation,
        data={f"q{question.pk}": str(question.choices.first().pk)},
        idempotency_key="one",
    )
    delete_url = reverse("manage:question_delete", args=[question.pk])
    response = client.post(delete_url)
    assert "questions can no longer be removed" in response.text
    assert consultation.questions.count() == 1
    page = client.get(reverse("manage:consultation", args=[consultation.pk])).text
    assert "Add a question" not in page
    assert delete_url not in page
