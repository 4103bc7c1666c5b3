"""Cookies: none for anonymous visitors' sessions; every cookie locked down."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.portal.site_urls import demo_world, example_urls

PASSWORD = "safer-streets-demo"
# Password and invitation links: Django's PasswordResetConfirmView moves the
# token from the address into the session, so that it cannot leak through the
# Referer header of the next page. Only someone with an emailed link gets one.
SESSION_BY_DESIGN = {
    "account/password-reset/<uidb64>/<token>/",
    "account/invitation/<uidb64>/<token>/",
}


@pytest.fixture
def demo(demo_database, db):
    return demo_world()


def test_anonymous_visitors_get_no_session_cookie_anywhere(demo):
    """No address on the site, public or staff, gives an anonymous visitor a
    session cookie (apart from the emailed password links, by design)."""
    urls, missing = example_urls(demo)
    assert [route.route for route in missing] == []
    given = []
    for route, url in urls.items():
        response = Client().get(url)
        if settings.SESSION_COOKIE_NAME in response.cookies:
            given.append(route)
    assert sorted(given) == sorted(SESSION_BY_DESIGN)


def test_public_forms_work_without_a_session(demo):
    """Asking for emails from a partnership, a public form with CSRF, sets no
    session."""
    client = Client(enforce_csrf_checks=True)
    url = reverse("alerts:subscribe", args=[demo.partnership.slug])
    page = client.get(url)
    assert settings.SESSION_COOKIE_NAME not in page.cookies
    token = page.context["csrf_token"]
    response = client.post(
        url,
        {
            "email": "new.resident@example.org",
            "topics": ["consultations"],
            "frequency": "immediate",
            "csrfmiddlewaretoken": str(token),
        },
    )
    assert response.status_code == 302
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert settings.SESSION_COOKIE_NAME not in client.cookies


def test_cookies_are_http_only_and_same_site(demo):
    """The CSRF, session and messages cookies are HttpOnly and SameSite=Lax."""
    cookies = signed_in_cookies(demo)
    for name in (settings.CSRF_COOKIE_NAME, settings.SESSION_COOKIE_NAME, "messages"):
        assert cookies[name]["httponly"] is True, name
        assert cookies[name]["samesite"] == "Lax", name


def test_cookies_are_secure_in_production(demo, settings, production_settings):
    """With the production settings every cookie is Secure (HTTPS only)."""
    assert production_settings.SESSION_COOKIE_SECURE is True
    assert production_settings.CSRF_COOKIE_SECURE is True
    assert production_settings.SESSION_COOKIE_HTTPONLY is True
    assert production_settings.CSRF_COOKIE_HTTPONLY is True
    for name in ("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"):
        setattr(settings, name, getattr(production_settings, name))
    cookies = signed_in_cookies(demo, secure=True)
    for name in (settings.CSRF_COOKIE_NAME, settings.SESSION_COOKIE_NAME, "messages"):
        assert cookies[name]["secure"] is True, name


def signed_in_cookies(demo, *, secure=False) -> dict:
    """Every cookie an officer is given: signing in, then an action with a message."""
    client = Client()
    cookies = {}
    page = client.get(reverse("account:sign_in"), secure=secure)
    cookies.update(page.cookies)
    response = client.post(
        reverse("account:sign_in"),
        {"username": demo.admin_user.email, "password": PASSWORD},
        secure=secure,
    )
    assert response.status_code == 302
    cookies.update(response.cookies)
    # The second factor, through its page: set up an app and give its code.
    page = client.get(reverse("account:two_factor"), secure=secure)
    device = TOTPDevice.objects.get(user=demo.admin_user, confirmed=False)
    response = client.post(
        reverse("account:two_factor"),
        {"code": f"{totp(device.bin_key):06d}"},
        secure=secure,
    )
    assert response.status_code == 200  # the recovery codes
    cookies.update(response.cookies)
    # Marking a deadline done says so on the next page, in a messages cookie.
    response = client.post(
        reverse("manage:deadline_complete", args=[demo.deadline.pk]),
        {"evidence_url": "https://example.org/strategic-assessment.pdf"},
        secure=secure,
    )
    assert response.status_code == 302
    cookies.update(response.cookies)
    return cookies
