"""The password reset page answers alike for every address: the email is sent
by a worker, and asking is rate-limited per address asked for and per client."""

import pytest
from celery.contrib.testing.worker import start_worker
from django.contrib.auth import get_user_model
from django.core import mail

from portal.celery import app as celery_app
from portal.core.models import OutboxMessage
from portal.core.outbox import nudge_wait
from tests.utils import run_queued_tasks
from tests.workers import wait_until

EMAIL = "officer@example.org"
URL = "/account/password-reset/"


@pytest.fixture
def officer(db):
    return get_user_model().objects.create_user(
        username=EMAIL, email=EMAIL, password="a long and unusual passphrase"
    )


def test_the_page_answers_alike_and_sends_nothing_itself(client, officer, settings):
    """Asking for a known and an unknown address gets the same answer, and the
    request itself sends no email (it only queues one for a worker), so neither
    a mail server's speed nor its failure shows which addresses have accounts."""
    settings.EMAIL_BACKEND = "tests.fakes.RefusingEmailBackend"
    settings.PASSWORD_RESET_RATE_LIMIT = 100
    answers = {}
    for n in range(5):
        for kind, email in (("known", EMAIL), ("unknown", f"nobody{n}@example.org")):
            response = client.post(URL, {"email": email})
            assert response.status_code == 302
            answers.setdefault(kind, set()).add(
                (response["Location"], response.content)
            )
    assert answers["known"] == answers["unknown"]
    assert (
        OutboxMessage.objects.filter(
            task_name="portal.tasks.send_password_reset"
        ).count()
        == 5
    )


def test_a_worker_sends_the_email(transactional_db, client, mailoutbox):
    """Once the request has committed, a real worker sends the link."""
    get_user_model().objects.create_user(username=EMAIL, email=EMAIL)
    celery_app.control.purge()
    with start_worker(celery_app, pool="solo", perform_ping_check=False):
        assert client.post(URL, {"email": EMAIL}).status_code == 302
        assert nudge_wait()
        wait_until(lambda: len(mailoutbox) == 1, "the reset email")
    assert mailoutbox[0].to == [EMAIL]
    assert "http://testserver/account/password-reset/" in mailoutbox[0].body


def test_an_address_asked_for_too_often_gets_nothing_more(client, officer, settings):
    """Per address asked for (so per account): after the limit, the page is
    the same and no more emails are queued."""
    settings.PASSWORD_RESET_RATE_LIMIT = 3
    pages = [client.post(URL, {"email": EMAIL}, follow=True) for _ in range(5)]
    assert len({page.content for page in pages}) == 1
    assert run_queued_tasks() == 3
    assert len(mail.outbox) == 3


def test_one_client_asking_too_often_is_refused(client, db, settings):
    """Per client address: past the limit, 429 in the site layout."""
    settings.PASSWORD_RESET_CLIENT_RATE_LIMIT = 4
    codes = [
        client.post(URL, {"email": f"someone{n}@example.org"}).status_code
        for n in range(6)
    ]
    assert codes == [302, 302, 302, 302, 429, 429]
    refused = client.post(URL, {"email": "someone@example.org"})
    assert "too many requests" in refused.text
    assert refused["Retry-After"]
