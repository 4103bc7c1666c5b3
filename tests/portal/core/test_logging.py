"""Structured logs: the events operators need, and nothing personal or secret."""

import json
import logging
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import path, reverse
from django.utils import timezone

from opendata.models import Subscriber
from portal import urls as site_urls
from portal.core.logging import JsonFormatter, pseudonym
from portal.site.views import server_error
from priorities.crime.services import crime_file_import
from tests.partnerships.factories import PartnershipFactory
from tests.portal.core.test_security_headers import header_problems

pytestmark = pytest.mark.django_db

EMAIL = "officer@example.org"
PASSWORD = "a long and unusual passphrase"
WRONG_PASSWORD = "not the right passphrase"
CLIENT_IP = "198.51.100.23"
HEADER = (
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,"
    "LSOA code,LSOA name,Crime type,Last outcome category,Context"
)


def broken_view(request):
    raise RuntimeError("the view fell over")


# A URL configuration for the 500 test: the site's own, plus a view that fails.
urlpatterns = [path("broken/", broken_view), *site_urls.urlpatterns]
handler404 = site_urls.handler404
handler500 = site_urls.handler500


def formatted(caplog) -> list[dict]:
    """Each captured record as the production formatter writes it."""
    formatter = JsonFormatter("%(levelname)s %(name)s %(message)s")
    return [json.loads(formatter.format(record)) for record in caplog.records]


def assert_not_in_log(caplog, *secrets):
    lines = [json.dumps(line) for line in formatted(caplog)]
    for secret in secrets:
        leaked = [line for line in lines if secret in line]
        assert leaked == [], f"{secret!r} is in the log"


def events(caplog, name) -> list[logging.LogRecord]:
    return [r for r in caplog.records if getattr(r, "event", None) == name]


@pytest.fixture
def officer(db):
    return get_user_model().objects.create_user(
        username=EMAIL, email=EMAIL, password=PASSWORD
    )


def sign_in(client, username=EMAIL, password=PASSWORD):
    return client.post(
        reverse("account:sign_in"), {"username": username, "password": password}
    )


# Sign-ins


def test_failed_sign_in_is_logged_with_pseudonyms_and_no_password(officer, caplog):
    """A failed sign-in names the account and the address by pseudonyms only:
    no password, no email address, no IP address anywhere in the log."""
    caplog.set_level(logging.INFO)
    sign_in(Client(REMOTE_ADDR=CLIENT_IP), password=WRONG_PASSWORD)
    (record,) = events(caplog, "sign_in_failed")
    assert record.name == "portal.security"
    assert record.user_pseudonym == pseudonym(EMAIL)
    assert record.client_pseudonym == pseudonym(CLIENT_IP)
    assert_not_in_log(caplog, WRONG_PASSWORD, EMAIL, CLIENT_IP)


def test_the_same_account_has_the_same_pseudonym_whatever_the_case(officer, caplog):
    """Attempts on one account can be followed through the log: the pseudonym
    ignores case and spaces, as signing in does."""
    caplog.set_level(logging.INFO)
    client = Client()
    sign_in(client, username=EMAIL.upper(), password=WRONG_PASSWORD)
    sign_in(client, username=f" {EMAIL} ", password=WRONG_PASSWORD)
    sign_in(client, username="someone.else@example.org", password=WRONG_PASSWORD)
    names = [r.user_pseudonym for r in events(caplog, "sign_in_failed")]
    assert names[0] == names[1] == pseudonym(EMAIL) != names[2]
    assert len(names[0]) == 16


def test_sign_in_sign_out_and_lockout_are_logged(officer, caplog):
    """Each event is one record with the account id where the account is known."""
    caplog.set_level(logging.INFO)
    client = Client(REMOTE_ADDR=CLIENT_IP)
    sign_in(client)
    client.post(reverse("account:sign_out"))
    with time_machine.travel(timezone.now(), tick=False):
        for _ in range(5):
            sign_in(client, password=WRONG_PASSWORD)
    security = [r for r in caplog.records if r.name == "portal.security"]
    names = [r.event for r in security]
    assert names[:2] == ["sign_in", "sign_out"]
    assert security[0].user_id == security[1].user_id == officer.pk
    assert names.count("sign_in_failed") == 5
    (locked,) = events(caplog, "sign_in_locked_out")
    assert locked.levelno == logging.WARNING
    assert locked.user_pseudonym == pseudonym(EMAIL)
    assert_not_in_log(caplog, PASSWORD, WRONG_PASSWORD, EMAIL, CLIENT_IP)


def test_a_password_typed_as_the_username_is_not_logged(db, caplog):
    """A password typed into the email box by mistake never reaches the log."""
    caplog.set_level(logging.INFO)
    sign_in(Client(), username=PASSWORD, password="")
    sign_in(Client(), username=PASSWORD, password=WRONG_PASSWORD)
    assert events(caplog, "sign_in_failed")
    assert_not_in_log(caplog, PASSWORD, WRONG_PASSWORD)


def test_password_reset_requests_log_no_email_address(officer, caplog, mailoutbox):
    """Asking for a password link is logged without the address asked for."""
    caplog.set_level(logging.INFO)
    Client().post(reverse("account:password_reset"), {"email": EMAIL})
    (record,) = events(caplog, "password_reset_requested")
    assert record.user_pseudonym == pseudonym(EMAIL)
    assert_not_in_log(caplog, EMAIL)


# Refused permissions


def test_refused_permissions_are_logged_without_personal_data(two_partnerships, caplog):
    """An officer refused a page is logged by account id, with the permission,
    the object and the address of the page, and nothing about the person."""
    world = two_partnerships
    officer_b = world["users"]["officer_b"]
    officer_a = world["users"]["officer_a"]
    plan_a = world["a"]["plan"]
    caplog.set_level(logging.INFO)
    client = Client(REMOTE_ADDR=CLIENT_IP)
    client.force_login(officer_b)
    other_partnership = client.get(reverse("manage:plan_publish", args=[plan_a.pk]))
    client.force_login(officer_a)
    not_an_editor = client.get(reverse("manage:plan_publish", args=[plan_a.pk]))
    assert (other_partnership.status_code, not_an_editor.status_code) == (404, 403)
    refused = events(caplog, "permission_refused")
    assert [(r.user_id, r.status) for r in refused] == [
        (officer_b.pk, 404),
        (officer_a.pk, 403),
    ]
    for record in refused:
        assert record.name == "portal.security"
        assert record.levelno == logging.WARNING
        assert record.permission == "plans.publish_plan"
        assert record.object == f"plans.plan:{plan_a.pk}"
        assert record.path == f"/manage/plans/{plan_a.pk}/publish/"
    assert_not_in_log(
        caplog, officer_a.email, officer_b.email, officer_a.first_name, CLIENT_IP
    )


# Rate limits


def test_a_rate_limit_hit_logs_a_pseudonym_of_the_address(db, settings, caplog):
    """Going over the limit is logged once per window, with a keyed hash of the
    client's address and never the address itself."""
    settings.CONSULTATION_RATE_LIMIT = 1
    partnership = PartnershipFactory()
    url = reverse("alerts:subscribe", args=[partnership.slug])
    client = Client(REMOTE_ADDR=CLIENT_IP)
    caplog.set_level(logging.INFO)
    statuses = [
        client.post(
            url,
            {
                "email": f"resident{n}@example.org",
                "topics": ["consultations"],
                "frequency": "weekly",
            },
        ).status_code
        for n in range(3)
    ]
    assert statuses == [302, 429, 429]
    assert Subscriber.objects.count() == 1
    (record,) = events(caplog, "rate_limited")
    assert record.levelno == logging.WARNING
    assert record.scope == "alerts"
    assert record.client_pseudonym == pseudonym(CLIENT_IP)
    assert record.path == url
    assert_not_in_log(caplog, CLIENT_IP, "resident0@example.org")


# Crime imports


def test_a_crime_import_logs_its_counts_and_not_the_uploader(officer, caplog):
    """A finished import logs its id, file name and counts; a refused one its
    reason; neither names the officer who uploaded it."""
    caplog.set_level(logging.INFO)
    raw = (
        f"{HEADER}\n"
        "abc1,2024-01,Metropolitan Police Service,Metropolitan Police Service,"
        "-0.30,51.41,On or near High Street,E01002933,Kingston upon Thames 001A,"
        "Burglary,Under investigation,\n"
        ",2024-01,Metropolitan Police Service,Metropolitan Police Service,"
        ",,No location,,,Anti-social behaviour,,\n"
        "abc3,January,Metropolitan Police Service,Metropolitan Police Service,"
        "-0.30,51.41,On or near High Street,E01002933,Kingston upon Thames 001A,"
        "Burglary,Under investigation,\n"
    ).encode()
    done = crime_file_import(raw=raw, file_name="2024-01-street.csv", actor=officer)
    refused = crime_file_import(raw=b"\x00\x01", file_name="photo.csv", actor=officer)
    (finished,) = events(caplog, "crime_import_finished")
    assert finished.import_id == done.pk
    assert finished.file_name == "2024-01-street.csv"
    assert (finished.rows_read, finished.rows_loaded, finished.rows_skipped) == (
        3,
        2,
        1,
    )
    assert finished.rows_without_location == 1
    assert finished.months == ["2024-01"]
    (failed,) = events(caplog, "crime_import_refused")
    assert failed.levelno == logging.WARNING
    assert failed.import_id == refused.pk
    assert "binary" in failed.reason
    assert_not_in_log(caplog, EMAIL)


# The 500 page


@pytest.mark.urls(__name__)
def test_the_500_page_shows_a_reference_that_is_in_the_log(db, caplog):
    """The error page gives a reference; the log record with the traceback,
    the path and the same reference lets an operator find what went wrong."""
    caplog.set_level(logging.INFO)
    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    assert header_problems(response) == []
    page = response.content.decode()
    match = re.search(r"quote reference <strong>([0-9A-F]{12})</strong>", page)
    assert match, page
    reference = match.group(1)
    (record,) = [r for r in caplog.records if getattr(r, "reference", None)]
    assert record.reference == reference
    assert record.name == "django.request"
    assert record.event == "server_error"
    assert record.path == "/broken/"
    assert record.exc_info[0] is RuntimeError
    (line,) = [line for line in formatted(caplog) if line.get("reference")]
    assert line["reference"] == reference
    assert "the view fell over" in line["exc_info"]
    assert "request" not in line


@pytest.mark.urls(__name__)
def test_each_failure_gets_its_own_reference(db):
    """Two failures, two references."""
    client = Client(raise_request_exception=False)
    pages = [client.get("/broken/").content.decode() for _ in range(2)]
    references = {re.search(r"reference <strong>(\w+)<", p).group(1) for p in pages}
    assert len(references) == 2


def test_the_500_page_needs_no_database(rf, django_assert_num_queries):
    """The error page renders without a single query, so it works when the
    database is what failed."""
    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "quote reference" in response.content.decode()


# Secrets in addresses


def test_secret_addresses_are_blanked_out_in_the_log(db, caplog):
    """A 404 for a calendar feed or an email alert link is logged without the
    secret token in its address."""
    caplog.set_level(logging.INFO)
    feed_token = "Xy7_secret-calendar-token"
    unsubscribe_token = "Ab9_secret-unsubscribe-token"
    manage_token = "Cd1_secret-manage-token"
    confirm_token = "Ef2_secret-confirm-token"
    client = Client()
    assert client.get(f"/calendar/{feed_token}.ics").status_code == 404
    client.get(f"/consultations/unsubscribe/{unsubscribe_token}/")
    assert client.get(f"/alerts/manage/{manage_token}/").status_code == 404
    assert client.get(f"/alerts/confirm/{confirm_token}/").status_code == 404
    client.get("/account/password-reset/MQ/secret-reset-token/")
    lines = formatted(caplog)
    assert any(line.get("path") == "/calendar/[redacted].ics" for line in lines)
    assert any(line.get("path") == "/alerts/manage/[redacted]/" for line in lines)
    assert_not_in_log(
        caplog,
        feed_token,
        unsubscribe_token,
        manage_token,
        confirm_token,
        "secret-reset-token",
    )


def test_email_addresses_in_any_message_are_blanked_out(caplog):
    """An email address that a library puts in a message is not written."""
    caplog.set_level(logging.INFO)
    logging.getLogger("some.library").warning("Could not send to %s", EMAIL)
    (line,) = formatted(caplog)
    assert line["message"] == "Could not send to [email]"


def test_django_axes_log_lines_use_pseudonyms(officer, caplog):
    """django-axes's own lines about failed sign-ins name no one."""
    caplog.set_level(logging.INFO)
    sign_in(Client(REMOTE_ADDR=CLIENT_IP), password=WRONG_PASSWORD)
    axes = [r.getMessage() for r in caplog.records if r.name.startswith("axes")]
    assert any(pseudonym(EMAIL) in message for message in axes)
    assert not any(EMAIL in message or CLIENT_IP in message for message in axes)


def test_log_pseudonym_command_finds_an_address_in_the_log(capsys):
    """An operator can work out the pseudonym of an email address to search for."""
    call_command("log_pseudonym", EMAIL, CLIENT_IP)
    out = capsys.readouterr().out
    assert f"{pseudonym(EMAIL)}  {EMAIL}" in out
    assert f"{pseudonym(CLIENT_IP)}  {CLIENT_IP}" in out


@pytest.mark.parametrize(
    "typed", ["KT1 1AE", "kt1 1ae", "KT11AE", "SW1A+0AA", "W2%201AB"]
)
def test_postcodes_in_any_message_are_blanked_out(caplog, typed):
    """A postcode that reaches a message anyway (in an address) is not written."""
    caplog.set_level(logging.INFO)
    logging.getLogger("some.library").warning("Not found: /x/?area=%s", typed)
    (line,) = formatted(caplog)
    assert line["message"] == "Not found: /x/?area=[postcode]"


def test_ons_codes_and_references_are_not_mistaken_for_postcodes(caplog):
    caplog.set_level(logging.INFO)
    text = "ward E05013938 borough E09000021 reference 3F2A9C1B7D0E at 12:00"
    logging.getLogger("some.library").warning(text)
    (line,) = formatted(caplog)
    assert line["message"] == text
