"""Many residents at once, on real PostgreSQL: every response stored, none twice."""

import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from engagement import services
from engagement.models import Answer, Response
from tests.engagement.conftest import answers_for, build_open_consultation

pytestmark = pytest.mark.django_db(transaction=True)


def _submit(consultation, data, key):
    try:
        response, created = services.response_submit(
            consultation=consultation, data=data, idempotency_key=key
        )
        return response.pk, created
    finally:
        connection.close()


def test_500_submissions_from_50_threads_are_all_stored_once():
    """500 different submissions from 50 threads: 500 responses, 4,000 answers."""
    consultation = build_open_consultation()
    data = answers_for(consultation)
    keys = [uuid.uuid4().hex for _ in range(500)]
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(lambda k: _submit(consultation, data, k), keys))
    elapsed = time.perf_counter() - started
    assert all(created for _, created in results)
    assert len({pk for pk, _ in results}) == 500
    assert Response.objects.filter(consultation=consultation).count() == 500
    assert Answer.objects.filter(response__consultation=consultation).count() == 500 * 8
    assert Response.objects.values("reference").distinct().count() == 500
    print(f"500 submissions from 50 threads in {elapsed:.2f} s")


def test_the_same_key_ten_times_at_once_stores_one_response():
    """A retried POST arriving ten times at the same moment: one response."""
    consultation = build_open_consultation()
    data = answers_for(consultation)
    with ThreadPoolExecutor(max_workers=10) as pool:
        results = list(
            pool.map(lambda _: _submit(consultation, data, "same-key"), range(10))
        )
    assert len({pk for pk, _ in results}) == 1
    assert sum(created for _, created in results) == 1
    assert Response.objects.filter(consultation=consultation).count() == 1
    assert Answer.objects.filter(response__consultation=consultation).count() == 8
