"""Downloading every response as CSV: streamed in flat memory, one row per
response and one column per question, spreadsheet formulas neutralised."""

import csv
import io
import tracemalloc

import pytest
from django.urls import reverse

from engagement import services
from engagement.models import Answer, Response
from tests.engagement.factories import open_now
from tests.partnerships.factories import PartnershipFactory

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


def build_consultation(*, first_question="What would make you feel safer?"):
    """An open consultation with a text, a one-choice and a several-choice
    question, built through the services."""
    consultation = services.consultation_create(
        partnership=PartnershipFactory(),
        actor=None,
        data={
            "title": "How safe do you feel in Kingston town centre?",
            "summary": "Tell us.",
        },
    )
    for kind, text, choices in [
        ("long_text", first_question, []),
        ("single_choice", "When do you visit?", ["Day", "Evening", "Night"]),
        ("multiple_choice", "Where do you feel unsafe?", ["Market", "Riverside"]),
    ]:
        services.question_add(
            consultation=consultation,
            actor=None,
            data={"kind": kind, "text": text, "choices": choices},
        )
    open_now(consultation)
    return consultation


def add_responses(consultation, *, start: int, count: int, texts=None) -> None:
    """Responses and their answers written straight in, in bulk (not through
    the service, which would take minutes for 20,000)."""
    text_q, single_q, multiple_q = consultation.questions.order_by("order")
    single = list(single_q.choices.all())
    multiple = list(multiple_q.choices.all())
    channels = [c for c, _ in Response.Channel.choices]
    responses = Response.objects.bulk_create(
        (
            Response(
                consultation=consultation,
                reference=f"R-{consultation.pk}-{n:07d}",
                idempotency_key=f"bulk-{n}",
                channel=channels[n % len(channels)],
            )
            for n in range(start, start + count)
        ),
        batch_size=5000,
    )
    answers = []
    for n, response in enumerate(responses, start):
        text = texts[n - start] if texts else f"More lighting near the bus station {n}"
        answers += [
            Answer(response=response, question=text_q, text=text),
            Answer(response=response, question=single_q, choice=single[n % 3]),
            Answer(response=response, question=multiple_q, choice=multiple[0]),
            Answer(response=response, question=multiple_q, choice=multiple[1]),
        ]
    Answer.objects.bulk_create(answers, batch_size=5000)


def export(client, consultation) -> tuple[int, int]:
    """Rows in the downloaded CSV, and the peak Python memory used while
    producing and reading it."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        response = client.get(
            reverse("manage:consultation_export", args=[consultation.pk])
        )
        assert response.streaming
        rows = 0
        for chunk in response.streaming_content:
            rows += chunk.count(b"\r\n")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return rows, peak


def download(client, consultation) -> list[list[str]]:
    response = client.get(reverse("manage:consultation_export", args=[consultation.pk]))
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(content)))


@pytest.fixture
def admin_client(client, django_user_model):
    admin = django_user_model.objects.create_user(
        username="admin@test.example",
        email="admin@test.example",
        password="correct-horse-battery",
        is_superuser=True,
    )
    client.force_login(admin)
    return client


def test_export_of_20000_responses_streams_in_flat_memory(admin_client):
    """Every response is a row; peak memory at 20,000 responses stays close to
    the peak at 2,000, and under 30 MB."""
    consultation = build_consultation()
    add_responses(consultation, start=0, count=2_000)
    export(admin_client, consultation)  # warm up: imports and first-request work
    rows, small_peak = export(admin_client, consultation)
    assert rows == 2_001  # with the header

    add_responses(consultation, start=2_000, count=18_000)
    rows, large_peak = export(admin_client, consultation)
    assert rows == 20_001
    assert large_peak < 30 * MB, f"{large_peak / MB:.1f} MB"
    # Ten times the responses, about the same memory. (Joining the rows into
    # one string instead of streaming them fails this: about 5.5 MB.)
    assert large_peak < 1.5 * small_peak + 1 * MB, (
        f"{small_peak / MB:.1f} MB for 2,000, {large_peak / MB:.1f} MB for 20,000"
    )


def test_export_is_an_attachment_with_questions_in_order(admin_client):
    """The file downloads as CSV; its header names the questions in order and
    each response's answers sit under them."""
    consultation = build_consultation()
    add_responses(consultation, start=0, count=3)
    response = admin_client.get(
        reverse("manage:consultation_export", args=[consultation.pk])
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert ".csv" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    header, *rows = download(admin_client, consultation)
    assert header == [
        "Reference",
        "Submitted",
        "Channel",
        "What would make you feel safer?",
        "When do you visit?",
        "Where do you feel unsafe?",
    ]
    assert len(rows) == 3
    assert rows[1][3:] == [
        "More lighting near the bus station 1",
        "Evening",
        "Market; Riverside",
    ]


@pytest.mark.parametrize(
    "dangerous",
    ['=HYPERLINK("https://evil.example","Click")', "+1", "-2", "@SUM(A1:A9)"],
)
def test_formulas_are_neutralised(admin_client, dangerous):
    """A cell a spreadsheet would run as a formula starts with an apostrophe."""
    consultation = build_consultation(first_question="=1+1 is a formula too")
    add_responses(consultation, start=0, count=1, texts=[dangerous])
    header, row = download(admin_client, consultation)
    assert header[3] == "'=1+1 is a formula too"
    assert row[3] == "'" + dangerous
