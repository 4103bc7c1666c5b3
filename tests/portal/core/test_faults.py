"""Fault tolerance against the real services: Redis stopped, a Celery worker
killed mid-task, PostgreSQL restarted under a running app.

Nothing here stops the machine's shared Redis or PostgreSQL, which other test
runs use: Redis is a private redis-server started (and killed) by the test,
and the PostgreSQL "restart" ends the connections to this run's own database.
"""

import contextlib
import http.cookiejar
import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import kombu.pools
import psycopg
import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from redis import Redis
from redis.exceptions import RedisError

from engagement import services as engagement_services
from engagement.models import Response
from opendata.models import Event
from partnerships.models import OfficerRole
from portal.celery import app as celery_app
from portal.core.models import OutboxMessage
from portal.site.models import SearchEntry
from priorities.services import priority_publish, priority_save_draft
from tests.engagement.conftest import answers_for, build_open_consultation
from tests.portal.conftest import build_site
from tests.utils import sign_in
from tests.workers import crash_once_worker, database_url, wait_until


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- Redis stopped -------------------------------------------------------------


class PrivateRedis:
    """A redis-server of the test's own, on a free port, with nothing on disk."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def answers(self) -> bool:
        try:
            return Redis(port=self.port, socket_connect_timeout=0.2).ping()
        except RedisError:
            return False

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [
                shutil.which("redis-server") or "/usr/bin/redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(self.answers, "the private Redis to start", seconds=10)

    def pause(self):
        """Hang it: connections are still accepted, nothing is answered."""
        self.process.send_signal(signal.SIGSTOP)

    def resume(self):
        self.process.send_signal(signal.SIGCONT)

    def stop(self):
        if self.process is not None:
            self.process.send_signal(signal.SIGCONT)
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None


def use_broker(url: str) -> None:
    """Point Celery's publishing and workers at ``url``. Pooled connections to
    the old broker are closed and forgotten (kombu keeps pools per broker, and
    the app keeps its own references to them)."""
    kombu.pools.reset()
    celery_app.conf.broker_url = url
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def private_redis(settings):
    """The cache and the Celery broker on a private Redis, for this test only."""
    server = PrivateRedis()
    server.start()
    settings.REDIS_URL = server.url  # what /healthz checks
    settings.CACHES = {
        "default": {**django_settings.CACHES["default"], "LOCATION": server.url}
    }
    original_broker = celery_app.conf.broker_url
    use_broker(server.url)
    try:
        yield server
    finally:
        use_broker(original_broker)
        server.stop()


def test_without_redis_pages_and_responses_work_and_no_email_is_lost(
    transactional_db, private_redis, client, settings, mailoutbox
):
    """Redis is killed: public pages come from the database, a resident's
    response is stored and its receipt kept in the outbox; once Redis is back,
    flush_outbox queues it and a worker sends exactly one email."""
    settings.CONSULTATION_MIN_SECONDS = 0
    site = build_site(priority_count=3)
    consultation = build_open_consultation(partnership=site["partnership"])
    pages = [
        reverse("portal:home"),
        site["partnership"].get_absolute_url(),
        site["plan"].get_absolute_url(),
        site["priorities"][0].get_absolute_url(),
        reverse("engagement:list"),
    ]
    for url in pages:
        client.get(url)
        assert client.get(url).headers["X-Cache"] == "hit"

    private_redis.stop()

    for url in pages:
        page = client.get(url)
        assert page.status_code == 200, url
        assert page.headers["X-Cache"] == "miss", url
    health = client.get(reverse("portal:healthz"))
    assert health.status_code == 503
    assert json.loads(health.content)["database"] == "ok"

    form = client.get(consultation.get_absolute_url())
    assert form.status_code == 200
    sent = client.post(
        consultation.get_absolute_url(),
        {
            "idempotency_key": form.context["form"].initial["idempotency_key"],
            "started": form.context["form"].initial["started"],
            "email": "resident@example.org",
            **answers_for(consultation),
        },
    )
    assert sent.status_code == 302
    response = Response.objects.get()
    assert response.email == "resident@example.org"
    assert client.get(sent["Location"]).status_code == 200
    [kept] = OutboxMessage.objects.all()
    assert (kept.task_name, kept.args, kept.sent_at) == (
        "engagement.tasks.send_receipt",
        [response.pk],
        None,
    )
    assert mailoutbox == []

    private_redis.start()
    report = io.StringIO()
    call_command("flush_outbox", stdout=report)
    assert "Queued 1 kept task(s); 0 still waiting." in report.getvalue()
    kept.refresh_from_db()
    assert kept.sent_at is not None
    with start_worker(celery_app, pool="solo", perform_ping_check=False):
        wait_until(
            lambda: Response.objects.filter(receipt_sent_at__isnull=False).exists(),
            "the receipt to be sent",
        )
        call_command("flush_outbox", stdout=io.StringIO())  # nothing more to send
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["resident@example.org"]
    assert response.reference in mailoutbox[0].subject
    assert client.get(pages[1]).status_code == 200


def test_without_redis_a_publish_still_succeeds_and_the_reindex_is_kept(
    transactional_db, private_redis, client
):
    """An officer's publish commits and answers as usual; the search re-index
    and the email alerts' fan-out it queues wait in the outbox, and the page
    shows the change."""
    site = build_site(priority_count=1)
    priority = site["priorities"][0]
    url = priority.get_absolute_url()
    client.get(url)
    private_redis.stop()
    priority_save_draft(
        priority=priority,
        actor=None,
        data={"title": "Changed while Redis was down"},
        version=priority.version,
    )
    priority_publish(priority=priority, actor=None)
    assert "Changed while Redis was down" in client.get(url).text
    event = Event.objects.get(kind="priority_published", object_id=priority.pk)
    assert list(OutboxMessage.objects.values_list("task_name", "args")) == [
        ("portal.tasks.search_index_rebuild_for_plan", [site["plan"].pk]),
        ("opendata.tasks.fan_out_event", [event.pk]),
    ]


# --- Redis hung (SIGSTOP) ----------------------------------------------------------


@contextlib.contextmanager
def gunicorn(**environment):
    """The app under gunicorn (a sync worker, as in production) on a free port."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(  # noqa: S603 - fixed arguments
        [
            sys.executable,
            "-m",
            "gunicorn",
            "portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        cwd=django_settings.BASE_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.test",
            "TEST_DATABASE_URL": database_url(),
            "TEST_REDIS_URL": django_settings.REDIS_URL,
            # The broker this test publishes to and runs workers on (the
            # settings would otherwise take TEST_REDIS_URL's next database).
            "TEST_BROKER_URL": celery_app.conf.broker_url,
            **environment,
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def up():
        try:
            return http_get(base, "/healthz")[0] in (200, 503)
        except OSError:
            return False

    try:
        wait_until(up, "gunicorn to answer", seconds=30)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def timed(call):
    """(seconds, result) of ``call()``."""
    started = time.monotonic()
    result = call()
    return time.monotonic() - started, result


def test_a_hung_redis_blocks_no_request_and_loses_no_task(
    transactional_db, private_redis, client, settings, mailoutbox
):
    """Redis is frozen with SIGSTOP (it accepts connections and never answers):
    a public page, a consultation response with an email address (through
    gunicorn) and an editor unpublishing a priority each answer within 2
    seconds; the receipt and the re-index are in the outbox with their changes,
    and once Redis wakes every task runs exactly once."""
    settings.CONSULTATION_MIN_SECONDS = 0
    site = build_site(priority_count=2)
    priority = site["priorities"][0]
    consultation = build_open_consultation(partnership=site["partnership"])
    editor = get_user_model().objects.create_user(
        "editor@test.example", "editor@test.example", "correct-horse-battery"
    )
    OfficerRole.objects.create(
        user=editor, partnership=site["partnership"], role="editor"
    )
    sign_in(client, editor)
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with gunicorn(
        TEST_REDIS_URL=private_redis.url, CONSULTATION_MIN_SECONDS="0"
    ) as base:
        page = site["partnership"].get_absolute_url()
        assert http_get(base, page)[0] == 200
        form = browser.open(base + consultation.get_absolute_url(), timeout=30)
        html = form.read().decode()

        def hidden(name):
            return re.search(rf'name="{name}" value="([^"]*)"', html).group(1)

        fields = {
            "csrfmiddlewaretoken": hidden("csrfmiddlewaretoken"),
            "idempotency_key": hidden("idempotency_key"),
            "started": hidden("started"),
            "email": "resident@example.org",
            **answers_for(consultation),
        }
        body = urllib.parse.urlencode(fields, doseq=True).encode()

        private_redis.pause()
        try:
            waits = {}
            waits["public page"], (status, _, _) = timed(lambda: http_get(base, page))
            assert status == 200
            waits["response"], answer = timed(
                lambda: browser.open(
                    urllib.request.Request(  # noqa: S310 - a local test server
                        base + consultation.get_absolute_url(),
                        data=body,
                        headers={"Referer": base + consultation.get_absolute_url()},
                    ),
                    timeout=30,
                )
            )
            assert answer.status == 200
            assert "/done/" in answer.url
            waits["unpublish"], unpublished = timed(
                lambda: client.post(
                    reverse("manage:priority_unpublish", args=[priority.pk])
                )
            )
            assert unpublished.status_code == 302
            waiting = OutboxMessage.objects.filter(sent_at__isnull=True)
            kept = {
                (name, tuple(args))
                for name, args in waiting.values_list("task_name", "args")
            }
        finally:
            private_redis.resume()
        print(f"hung Redis: request waits {waits}")
        assert all(seconds < 2 for seconds in waits.values()), waits
    response = Response.objects.get()
    assert response.email == "resident@example.org"
    # Each task was stored with its change, and nothing could publish it.
    assert {
        ("engagement.tasks.send_receipt", (response.pk,)),
        ("portal.tasks.search_index_rebuild_for_plan", (site["plan"].pk,)),
    } <= kept
    priority.refresh_from_db()
    assert not priority.is_published

    # Redis is back: the relay publishes what the nudges could not, and a
    # worker does each task once.
    call_command("flush_outbox", stdout=io.StringIO())
    assert not OutboxMessage.objects.filter(sent_at__isnull=True).exists()
    with start_worker(celery_app, pool="solo", perform_ping_check=False):
        wait_until(
            lambda: Response.objects.filter(receipt_sent_at__isnull=False).exists(),
            "the receipt to be sent",
        )
        wait_until(
            lambda: (
                not SearchEntry.objects.filter(
                    kind="priority", object_id=priority.pk
                ).exists()
            ),
            "the unpublished priority to leave the search index",
        )
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["resident@example.org"]


# --- A worker killed mid-task ------------------------------------------------


def test_a_worker_killed_while_sending_a_receipt_sends_it_exactly_once(
    transactional_db, tmp_path
):
    """The worker process dies inside the mail backend; the receipt task is
    redelivered to a fresh process and the resident gets one email."""
    consultation = build_open_consultation()
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    with crash_once_worker(mail_dir):
        response, created = engagement_services.response_submit(
            consultation=consultation,
            data=answers_for(consultation),
            idempotency_key="killed-worker",
            email="resident@example.org",
        )
        assert created
        wait_until(
            lambda: Response.objects.filter(receipt_sent_at__isnull=False).exists(),
            "the redelivered receipt to be sent",
        )
    assert Path(str(mail_dir) + ".crashed").exists(), "the first send should have died"
    [email] = list(mail_dir.iterdir())
    assert response.reference in email.read_text()
    assert not OutboxMessage.objects.exists()


# --- PostgreSQL restarted ------------------------------------------------------


def http_get(base: str, path: str):
    """(status, headers, body) of a GET, errors included."""
    try:
        with urllib.request.urlopen(base + path, timeout=30) as answer:  # noqa: S310
            return answer.status, answer.headers, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def test_the_app_carries_on_after_postgresql_restarts(transactional_db):
    """The running app's database connections are ended under it, as a
    PostgreSQL restart ends them; the next requests succeed, without restarting
    the app.

    When PostgreSQL restarts (or fails over), every server process is ended
    and each client connection is closed from the server's side; a client finds
    out only when it next uses the connection. Ending every backend of the
    test database with pg_terminate_backend, from a separate connection, is
    exactly that, without stopping the machine's PostgreSQL that other test
    runs share. (The seconds a real restart refuses new connections are not
    reproduced; requests then fail until the server is back, as they must.)

    The app runs as in production: gunicorn, a sync worker, connections kept
    between requests (CONN_MAX_AGE) and checked before reuse
    (CONN_HEALTH_CHECKS). Django's live_server would prove nothing here: it
    closes its connections after every request.
    """
    site = build_site(priority_count=2)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "TEST_DATABASE_URL": database_url(),
        "TEST_REDIS_URL": django_settings.REDIS_URL,
        "TEST_CONN_MAX_AGE": "600",
    }
    server = subprocess.Popen(  # noqa: S603 - fixed arguments
        [
            sys.executable,
            "-m",
            "gunicorn",
            "portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        cwd=django_settings.BASE_DIR,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    page = site["partnership"].get_absolute_url()

    def up():
        try:
            return http_get(base, "/healthz")[0] == 200
        except OSError:
            return False

    try:
        wait_until(up, "gunicorn to answer", seconds=30)
        assert http_get(base, page)[0] == 200
        with (
            psycopg.connect(
                **connection.get_connection_params(), autocommit=True
            ) as killer,
            killer.cursor() as cursor,
        ):
            cursor.execute("SELECT pg_backend_pid()")
            # The test's own connection is a backend too; the app's are
            # the others, still open after their requests ended.
            with connection.cursor() as own:
                own.execute("SELECT pg_backend_pid()")
                test_pid = own.fetchone()[0]
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = "
                "current_database() AND pid NOT IN (pg_backend_pid(), %s)",
                [test_pid],
            )
            assert cursor.fetchone()[0] >= 1, "the app should keep a connection"
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            assert len(cursor.fetchall()) >= 2
        connection.close()  # the test's own connection was ended too
        cache.clear()  # the next page must come from the database

        status, headers, body = http_get(base, page)
        assert status == 200
        assert headers["X-Cache"] == "miss"
        assert site["partnership"].name in body
        status, _, body = http_get(base, "/healthz")
        assert status == 200
        assert json.loads(body)["database"] == "ok"
    finally:
        server.terminate()
        server.wait(timeout=30)
