"""Smaller hardening: security.txt, the 400 page, runserver's access lines,
the unsubscribe page, sign-in record retention and the staff idle timeout."""

import datetime
import logging

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from portal.core.logging import JsonFormatter, TextFormatter
from portal.core.security import security_records_prune
from tests.opendata.factories import SubscriberFactory
from tests.utils import sign_in

pytestmark = pytest.mark.django_db


def test_security_txt_says_where_to_report(client, settings):
    """RFC 9116: a contact, an expiry within a year, plain text."""
    settings.PORTAL_BASE_URL = "https://portal.example.org"
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    fields = dict(line.split(": ", 1) for line in response.text.splitlines())
    assert fields["Contact"] == settings.PORTAL_SECURITY_CONTACT
    expires = datetime.datetime.fromisoformat(fields["Expires"])
    assert timezone.now() < expires < timezone.now() + datetime.timedelta(days=365)
    assert fields["Canonical"] == "https://portal.example.org/.well-known/security.txt"


def test_a_bad_request_gets_the_site_layout(client):
    """Too many form fields (Django's 400) shows the portal's own 400 page."""
    response = client.post(
        reverse("account:sign_in"), {f"f{n}": "x" for n in range(1100)}
    )
    assert response.status_code == 400
    assert 'class="govuk-generic-header"' in response.text
    assert "could not understand that request" in response.text


def test_runserver_access_lines_hide_tokens():
    """django.server lines go through the redacting formatter."""
    logger = logging.getLogger("django.server")
    record = logger.makeRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        (
            "GET /account/password-reset/MQ/cb3x-0123456789abcdef/ HTTP/1.1",
            200,
            10,
        ),
        None,
    )
    # Only the portal's own handlers: not propagated to Django's defaults
    # (pytest adds a capturing handler of its own, which is left out).
    assert not logger.propagate
    handlers = [
        h
        for h in logger.handlers
        if isinstance(h.formatter, JsonFormatter | TextFormatter)
    ]
    assert handlers
    for handler in handlers:
        line = handler.format(record)
        assert "cb3x-0123456789abcdef" not in line
        assert "[redacted]" in line
    calendar = logger.makeRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        ("GET /calendar/Zq9secret-token.ics HTTP/1.1", 200, 10),
        None,
    )
    for handler in handlers:
        assert "Zq9secret-token" not in handler.format(calendar)


@pytest.mark.parametrize("name", ["alerts:unsubscribe", "alerts_legacy:unsubscribe"])
def test_the_unsubscribe_page_does_not_show_the_address(client, name):
    """Whoever holds the link learns nothing about whose it is, at the address
    in today's emails and at the one older consultation emails carry."""
    subscriber = SubscriberFactory(email="private.person@example.org")
    page = client.get(reverse(name, args=[subscriber.token]))
    assert page.status_code == 200
    assert "private.person" not in page.text
    assert subscriber.partnership.name in page.text


def test_sign_in_records_are_kept_only_for_the_retention_period(settings):
    """The nightly job deletes axes records older than AXES_RETENTION_DAYS."""
    settings.AXES_RETENTION_DAYS = 30
    now = timezone.now()
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        for age in (31, 29):
            row = model.objects.create(
                username="someone@example.org",
                ip_address="192.0.2.1",
                user_agent=f"Browser {age}",
                path_info="/account/sign-in/",
                **({"failures_since_start": 1} if model is AccessAttempt else {}),
            )
            model.objects.filter(pk=row.pk).update(
                attempt_time=now - datetime.timedelta(days=age)
            )
    assert security_records_prune(now=now) == {
        "AccessAttempt": 1,
        "AccessFailureLog": 1,
        "AccessLog": 1,
    }
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        assert model.objects.count() == 1
    job = PeriodicTask.objects.get(task="portal.tasks.security_records_prune")
    assert job.enabled
    assert job.crontab is not None


def test_staff_sessions_end_after_30_idle_minutes(client, two_partnerships):
    """Active officers stay signed in; 30 idle minutes sign them out."""
    editor = two_partnerships["users"]["editor_a"]
    dashboard = reverse("manage:dashboard")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        sign_in(client, editor)
        assert client.get(dashboard).status_code == 200
        clock.shift(datetime.timedelta(minutes=25))
        assert client.get(dashboard).status_code == 200  # active: renewed
        clock.shift(datetime.timedelta(minutes=25))
        assert client.get(dashboard).status_code == 200
        clock.shift(datetime.timedelta(minutes=31))
        response = client.get(dashboard)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account:sign_in"))
