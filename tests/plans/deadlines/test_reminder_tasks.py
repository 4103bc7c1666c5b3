"""Reminders through a real Celery worker on the real Redis broker: each is sent
exactly once, however the daily job runs, and whatever crashes."""

import datetime
import threading
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.db import connection

from partnerships.models import OfficerRole
from plans.deadlines import services
from plans.models import Reminder
from portal.celery import app as celery_app
from tests.partnerships.factories import PartnershipFactory
from tests.workers import WAIT_SECONDS, crash_once_worker, wait_until

D = datetime.date
TODAY = D(2027, 1, 24)  # 7 days before 31 January: the "before:7" reminder


def settled():
    return not Reminder.objects.filter(status=Reminder.Status.QUEUED).exists()


@pytest.fixture
def deadlines(transactional_db, django_user_model):
    """Three partnerships with a strategic assessment due 31 January 2027, each
    owned by two officers: six reminders are due on 24 January."""
    owners = []
    for n in range(3):
        partnership = PartnershipFactory()
        people = []
        for m in range(2):
            user = django_user_model.objects.create_user(
                f"owner{n}{m}@test.example", email=f"owner{n}{m}@test.example"
            )
            OfficerRole.objects.create(user=user, partnership=partnership)
            people.append(user)
        services.duty_configure(
            partnership=partnership,
            kind="strategic_assessment",
            cadence="annual",
            due_month=1,
            due_day=31,
            owners=people,
            today=D(2026, 11, 21),
        )
        owners += people
    return owners


@pytest.fixture
def worker(transactional_db):
    celery_app.control.purge()
    with start_worker(celery_app, pool="solo", perform_ping_check=False) as running:
        yield running


def test_daily_job_run_twice_sends_each_reminder_once(deadlines, worker, mailoutbox):
    """Two runs the same day, and one the next day: six emails, one per owner."""
    assert len(services.reminders_queue(today=TODAY)) == 6
    assert services.reminders_queue(today=TODAY) == []
    assert services.reminders_queue(today=TODAY + datetime.timedelta(days=1)) == []
    wait_until(settled, "the reminders to be sent")
    assert sorted(m.to[0] for m in mailoutbox) == sorted(o.email for o in deadlines)
    assert Reminder.objects.filter(status="sent").count() == 6


def test_daily_job_run_twice_at_once_sends_each_reminder_once(
    deadlines, worker, mailoutbox
):
    """Two overlapping runs (the advisory lock and the unique rows): six emails."""
    barrier = threading.Barrier(2)
    queued = []

    def run():
        try:
            barrier.wait(timeout=10)
            queued.append(len(services.reminders_queue(today=TODAY)))
        finally:
            connection.close()

    runs = [threading.Thread(target=run) for _ in range(2)]
    for thread in runs:
        thread.start()
    for thread in runs:
        thread.join(timeout=30)
    assert sorted(queued) == [0, 6]
    wait_until(settled, "the reminders to be sent")
    assert len(mailoutbox) == 6
    assert Reminder.objects.count() == 6


def test_a_redelivered_task_does_not_send_again(deadlines, worker, mailoutbox):
    """The same reminder task delivered three times sends one email."""
    from plans.deadlines.tasks import send_reminder

    services.reminders_queue(today=TODAY)
    wait_until(settled, "the reminders to be sent")
    reminder = Reminder.objects.first()
    results = [
        send_reminder.delay(reminder.pk).get(timeout=WAIT_SECONDS) for _ in range(3)
    ]
    assert results == ["sent", "sent", "sent"]
    assert len(mailoutbox) == 6


def test_a_failing_mail_server_is_retried_then_recorded(deadlines, worker, settings):
    """Every try fails: retried, then marked failed with the error for admins."""
    settings.EMAIL_BACKEND = "tests.fakes.FailingEmailBackend"
    services.reminders_queue(today=TODAY)
    wait_until(settled, "the retries to run out")
    failed = Reminder.objects.filter(status="failed")
    assert failed.count() == 6
    assert all(r.attempts == settings.REMINDER_MAX_RETRIES + 1 for r in failed)
    assert "Connection unexpectedly closed" in failed.first().last_error
    assert len(mail.outbox) == 0


def test_a_deadline_done_after_queueing_is_not_reminded(deadlines, mailoutbox):
    """Completed between queueing and sending: the reminder is skipped."""
    services.reminders_queue(today=TODAY)
    for reminder in Reminder.objects.select_related("deadline"):
        services.deadline_complete(
            deadline=reminder.deadline,
            actor=deadlines[0],
            evidence_url="https://example.org/done",
        )
    celery_app.control.purge()
    for reminder in Reminder.objects.all():
        assert services.reminder_send(reminder_id=reminder.pk) == "skipped"
    assert mailoutbox == []


def test_a_worker_killed_mid_send_still_sends_exactly_once(
    transactional_db, deadlines, tmp_path
):
    """A worker process dies while sending; the task is redelivered to a fresh
    process and the email goes exactly once."""
    Reminder.objects.all().delete()
    owner = deadlines[0]
    # Leave only one owner's deadline open, for one email.
    for other in deadlines[1:]:
        other.deadlines.clear()
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    with crash_once_worker(mail_dir):
        queued = services.reminders_queue(today=TODAY)
        assert [q.user for q in queued] == [owner]
        wait_until(settled, "the redelivered reminder to be sent")
    assert Path(str(mail_dir) + ".crashed").exists(), "the first send should have died"
    assert len(list(mail_dir.iterdir())) == 1
    assert Reminder.objects.get().status == "sent"
