"""Personal data on the real database: removed after the retention period, or
for one respondent on request."""

import datetime

import pytest
import time_machine
from django.core.management import call_command

from engagement import selectors, services
from engagement.models import Answer, Response
from tests.engagement.conftest import submit

pytestmark = pytest.mark.django_db


def test_retention_removes_personal_data_and_keeps_counts(consultation):
    """After the period: no email, no flagged text; counts and other answers stay."""
    long_text = consultation.questions.get(kind="long_text")
    for n in range(3):
        submit(consultation, key=f"k{n}", email=f"person{n}@example.org")
    before = selectors.consultation_results(consultation=consultation)
    services.consultation_close_now(consultation=consultation, actor=None)
    consultation.refresh_from_db()
    # Not yet: 11 months after closing.
    with time_machine.travel(consultation.closes_at + datetime.timedelta(days=330)):
        assert services.responses_anonymise_due() == 0
    with time_machine.travel(consultation.closes_at + datetime.timedelta(days=370)):
        assert services.responses_anonymise_due() == 3
    assert not Response.objects.exclude(email="").exists()
    assert set(
        Answer.objects.filter(question=long_text).values_list("text", flat=True)
    ) == {"[removed]"}
    assert (
        Answer.objects.filter(question__kind="short_text")
        .exclude(text="[removed]")
        .count()
        == 3
    )
    after = selectors.consultation_results(consultation=consultation)
    assert [
        [(o["count"], o["percent"]) for o in item["options"]] for item in after
    ] == [[(o["count"], o["percent"]) for o in item["options"]] for item in before]


def test_erasure_command_removes_one_respondent(consultation, capsys):
    """manage.py erase_respondent --email removes that person's data only."""
    submit(consultation, key="a", email="erase.me@example.org")
    submit(consultation, key="b", email="keep.me@example.org")
    call_command("erase_respondent", "--email", "ERASE.ME@example.org")
    assert set(Response.objects.values_list("email", flat=True)) == {
        "",
        "keep.me@example.org",
    }
    assert "1 response" in capsys.readouterr().out
