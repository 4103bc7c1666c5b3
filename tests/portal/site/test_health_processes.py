"""/healthz?full and the containers' health checks against a real Celery
worker and beat, each in a process of its own: it names a stopped worker and a
stale beat, while the web check (/healthz) stays about the web process."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from portal.celery import app as celery_app
from portal.core.models import Heartbeat
from tests.workers import beat_process, wait_until, worker_process

pytestmark = pytest.mark.django_db(transaction=True)
ALL_OK = {
    "database": "ok",
    "cache": "ok",
    "broker": "ok",
    "beat": "ok",
    "worker": "ok",
}
# Processes take a while to start on a busy machine (the work is not timed).
START_SECONDS = 180


def full_report(client):
    response = client.get(reverse("portal:healthz") + "?full")
    return response.status_code, json.loads(response.content)


def healthcheck(*args) -> int:
    """manage.py healthcheck's exit status (0 healthy, 1 not)."""
    try:
        call_command("healthcheck", *args, stdout=io.StringIO(), stderr=io.StringIO())
    except SystemExit as exit_:
        return exit_.code
    return 0


def test_full_report_names_a_stopped_worker_and_a_stale_beat(client, settings):
    celery_app.control.purge()
    with beat_process():
        with worker_process():
            wait_until(
                lambda: full_report(client) == (200, ALL_OK),
                "the worker and beat to report in",
                seconds=START_SECONDS,
            )
            assert healthcheck("worker", "--timeout", "5") == 0
            assert healthcheck("beat") == 0

        status, report = full_report(client)
        assert status == 503
        assert report == {**ALL_OK, "worker": "unavailable"}
        assert healthcheck("worker", "--timeout", "1") == 1
        # The web process's own check does not depend on the worker.
        basic = client.get(reverse("portal:healthz"))
        assert (basic.status_code, basic.json()) == (
            200,
            {"database": "ok", "redis": "ok"},
        )

    settings.PORTAL_BEAT_STALE_SECONDS = 1
    Heartbeat.objects.update(beat_at=timezone.now() - datetime.timedelta(seconds=5))
    status, report = full_report(client)
    assert status == 503
    assert report["beat"] == "stale"
    assert healthcheck("beat") == 1


def test_beat_never_seen_is_unavailable(client):
    status, report = full_report(client)
    assert status == 503
    assert report["beat"] == "unavailable"
    assert healthcheck("beat") == 1
