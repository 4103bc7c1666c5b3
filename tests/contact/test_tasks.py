"""Contact emails through a real Celery worker: each goes once."""

import pytest
from celery.contrib.testing.worker import start_worker

from contact import services
from contact.models import ContactReply
from contact.tasks import notify_inbox, send_reply
from portal.celery import app as celery_app
from tests.contact.conftest import message_data
from tests.workers import WAIT_SECONDS, wait_until


@pytest.fixture
def worker(transactional_db):
    celery_app.control.purge()
    with start_worker(celery_app, pool="solo", perform_ping_check=False) as running:
        yield running


def test_the_notice_and_the_reply_go_once(worker, inboxes, mailoutbox):
    """A message announces itself; a reply is sent; tasks run again send
    nothing more."""
    message, _ = services.message_submit(
        partnership=inboxes.a.partnership, data=message_data(), idempotency_key="k"
    )
    wait_until(lambda: len(mailoutbox) == 1, "the inbox notice")
    reply = services.reply_send(
        message=message, actor=inboxes.a.officer, body="We will bring a loop."
    )
    wait_until(lambda: len(mailoutbox) == 2, "the reply")
    assert notify_inbox.delay(message.pk).get(timeout=WAIT_SECONDS) == "nothing to send"
    assert send_reply.delay(reply.pk).get(timeout=WAIT_SECONDS) == "sent"
    assert len(mailoutbox) == 2
    assert ContactReply.objects.get().status == "sent"


def test_a_reply_that_keeps_failing_is_marked_not_sent(
    worker, inboxes, mailoutbox, settings
):
    """Transient mail errors are retried, then recorded for officers to see."""
    settings.EMAIL_BACKEND = "tests.fakes.FailingEmailBackend"
    message, _ = services.message_submit(
        partnership=inboxes.a.partnership, data=message_data(), idempotency_key="k"
    )
    reply = services.reply_send(message=message, actor=inboxes.a.officer, body="Hi")
    wait_until(
        lambda: ContactReply.objects.get(pk=reply.pk).status == "failed",
        "the reply to be marked not sent",
    )
    failed = ContactReply.objects.get(pk=reply.pk)
    assert "SMTPServerDisconnected" in failed.last_error
