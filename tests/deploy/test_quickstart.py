"""make run's scripts/serve.py: the web server with a Celery worker and beat
beside it on the quickstart's SQLite and folder broker, so the scheduled jobs
run as in production; Ctrl-C (SIGTERM) stops all of them."""

import json
import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from tests.workers import free_port, wait_until

ROOT = Path(settings.BASE_DIR)
# Starting three Python processes on a busy two-core machine takes a while.
START_SECONDS = 240


def quickstart_environment(tmp_path: Path) -> dict:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TEST_", "REDIS_", "CELERY_", "DATABASE_", "DJANGO_"))
    }
    return {
        **environment,
        "DJANGO_SETTINGS_MODULE": "portal.settings.local",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "PORTAL_BROKER_DIR": str(tmp_path / "broker"),
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "DJANGO_LOG_LEVEL": "WARNING",
    }


def full_health(port: int):
    try:
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/healthz?full", timeout=10
        ) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())
    except OSError:
        return None, None


def processes_with(marker: str) -> list[int]:
    """Live processes whose environment holds ``marker``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker.encode() in (entry / "environ").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_make_run_serves_with_a_worker_and_beat_and_stops_them(tmp_path):
    environment = quickstart_environment(tmp_path)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env=environment,
        check=True,
    )
    port = free_port()
    serve = subprocess.Popen(  # noqa: S603 - fixed arguments
        [sys.executable, "scripts/serve.py", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    marker = f"PORTAL_BROKER_DIR={tmp_path / 'broker'}"
    try:
        wait_until(
            lambda: (
                full_health(port)
                == (
                    200,
                    {
                        "database": "ok",
                        "cache": "not configured",
                        "broker": "ok",
                        "beat": "ok",
                        "worker": "ok",
                    },
                )
            ),
            "the quickstart's web server, worker and beat",
            seconds=START_SECONDS,
        )
        assert len(processes_with(marker)) >= 3  # serve.py, the worker, the server
    finally:
        serve.send_signal(signal.SIGTERM)
        serve.wait(timeout=60)
    assert serve.returncode == 0
    wait_until(lambda: not processes_with(marker), "every process to stop", 30)
    assert full_health(port) == (None, None)
