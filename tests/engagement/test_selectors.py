"""Reads for consultations: equality monitoring in aggregate only."""

import pytest

from engagement import selectors
from engagement.equality import equality_answers_flush
from tests.engagement.conftest import submit

pytestmark = pytest.mark.django_db


def test_equality_summary_suppresses_small_numbers(consultation):
    """Groups under 10 show no number."""
    for n in range(12):
        submit(
            consultation, key=f"e{n}", equality={"sex": "female" if n < 10 else "male"}
        )
    equality_answers_flush()  # the batch job: 12 held, at least 10 a batch
    summary = {
        row["label"]: row
        for row in selectors.equality_summary(consultation=consultation)
    }
    groups = {g["label"]: g["count"] for g in summary["Sex"]["groups"]}
    assert groups["Female"] == 10
    assert groups["Male"] is None
