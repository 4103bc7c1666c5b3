"""Consultation emails through a real Celery worker: each goes once."""

import pytest
from celery.contrib.testing.worker import start_worker

from engagement import services
from engagement.models import SubscriberNotice
from engagement.tasks import send_receipt, send_subscriber_notice
from portal.celery import app as celery_app
from tests.engagement.conftest import answers_for, build_open_consultation
from tests.partnerships.factories import PartnershipFactory
from tests.workers import WAIT_SECONDS, wait_until


@pytest.fixture
def worker(transactional_db):
    celery_app.control.purge()
    with start_worker(celery_app, pool="solo", perform_ping_check=False) as running:
        yield running


def test_receipt_is_emailed_once_even_if_the_task_runs_again(worker, mailoutbox):
    """Queued on commit; a redelivered task sends nothing more."""
    consultation = build_open_consultation()
    response, _ = services.response_submit(
        consultation=consultation,
        data=answers_for(consultation),
        idempotency_key="k",
        email="resident@example.org",
    )
    wait_until(lambda: len(mailoutbox) == 1, "the receipt")
    assert response.reference in mailoutbox[0].subject
    assert (
        send_receipt.delay(response.pk).get(timeout=WAIT_SECONDS) == "nothing to send"
    )
    assert len(mailoutbox) == 1


def test_subscribers_hear_once_when_a_consultation_opens(worker, mailoutbox):
    """Two confirmed subscribers, one unconfirmed: two emails, once each."""
    partnership = PartnershipFactory()
    subscriptions = [
        services.subscription_request(partnership=partnership, email=email)
        for email in ("one@example.org", "two@example.org", "pending@example.org")
    ]
    wait_until(lambda: len(mailoutbox) == 3, "the three confirmation requests")
    for subscription in subscriptions[:2]:
        services.subscription_confirm(token=subscription.token)
    mailoutbox.clear()
    consultation = build_open_consultation(partnership=partnership)
    services.consultations_open_and_close()
    wait_until(lambda: len(mailoutbox) == 2, "the two notices")
    for notice in SubscriberNotice.objects.all():
        result = send_subscriber_notice.delay(notice.pk).get(timeout=WAIT_SECONDS)
        assert result == "nothing to send"
    assert sorted(m.to[0] for m in mailoutbox) == ["one@example.org", "two@example.org"]
    assert consultation.title in mailoutbox[0].subject
    assert "List-Unsubscribe" in mailoutbox[0].extra_headers
