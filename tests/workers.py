"""Helpers for tests that talk to real Celery workers."""

import contextlib
import os
import socket
import subprocess
import sys
import time

from django.conf import settings
from django.db import connection

from portal.celery import app as celery_app

WAIT_SECONDS = 60


def wait_until(condition, what: str, seconds: float = WAIT_SECONDS) -> None:
    """Poll until a worker has done its part (bounded; the work is not timed)."""
    give_up = time.monotonic() + seconds
    while time.monotonic() < give_up:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def database_url() -> str:
    """The test database, for a worker started as a separate process."""
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@contextlib.contextmanager
def crash_once_worker(mail_dir):
    """A real prefork worker process whose first email send kills its child.

    The task is redelivered (acks_late, reject_on_worker_lost) to the
    respawned child, which writes the email as a file in ``mail_dir``; a
    ``<mail_dir>.crashed`` marker proves the crash happened.
    """
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "TEST_DATABASE_URL": database_url(),
        "TEST_REDIS_URL": settings.REDIS_URL,
        "TEST_EMAIL_BACKEND": "tests.fakes.CrashOnceFileBackend",
        "TEST_EMAIL_FILE_PATH": str(mail_dir),
    }
    celery_app.control.purge()
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool=prefork",
         "--concurrency=1", "--loglevel=WARNING", "--without-gossip",
         "--without-mingle", "--without-heartbeat"],
        cwd=settings.BASE_DIR,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        yield worker
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def worker_environment(**extra) -> dict:
    """The environment of a process started by a test: the test settings, the
    test database and Redis, plus ``extra``."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "TEST_DATABASE_URL": database_url(),
        "TEST_REDIS_URL": settings.REDIS_URL,
        **extra,
    }


@contextlib.contextmanager
def worker_process(*, queues=None, **extra):
    """A Celery worker in a process of its own, as production runs one.

    ``queues``: the queues it serves (default: all). ``extra``: environment
    variables, such as where uploads are kept. TEST_WORKER_OUTPUT=1 shows the
    worker's log, for debugging a test.
    """
    show = bool(os.environ.get("TEST_WORKER_OUTPUT"))
    command = [sys.executable, "-m", "celery", "-A", "portal", "worker",
               "--pool=solo", f"--loglevel={'INFO' if show else 'WARNING'}",
               "--without-gossip", "--without-mingle",
               "--without-heartbeat"]  # fmt: skip
    if queues:
        command += ["-Q", ",".join(queues)]
    worker = subprocess.Popen(  # noqa: S603 - fixed arguments
        command,
        cwd=settings.BASE_DIR,
        env=worker_environment(**extra),
        stdout=subprocess.DEVNULL,
        stderr=None if show else subprocess.DEVNULL,
    )
    try:
        yield worker
    finally:
        worker.terminate()
        worker.wait(timeout=30)


@contextlib.contextmanager
def beat_process(**extra):
    """Celery beat in a process of its own (the database scheduler, with its
    heartbeat), on the test database and broker."""
    show = bool(os.environ.get("TEST_WORKER_OUTPUT"))
    beat = subprocess.Popen(  # noqa: S603 - fixed arguments
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "portal",
            "beat",
            f"--loglevel={'INFO' if show else 'WARNING'}",
        ],
        cwd=settings.BASE_DIR,
        env=worker_environment(**extra),
        stdout=subprocess.DEVNULL,
        stderr=None if show else subprocess.DEVNULL,
    )
    try:
        yield beat
    finally:
        beat.terminate()
        beat.wait(timeout=30)
