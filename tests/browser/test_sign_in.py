"""Officers sign in, reset a password and accept an invitation in Chromium."""

import re

from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from playwright.sync_api import expect

from partnerships.models import OfficerRole, Partnership
from portal.celery import app as celery_app
from tests.browser.conftest import assert_accessible, complete_two_factor
from tests.workers import wait_until

EMAIL = "officer@example.org"
ADMIN_EMAIL = "admin@example.org"
PASSWORD = "a long and unusual passphrase"
INVITATION_LINK = re.compile(r"https?://\S+/account/invitation/[^/\s]+/[^/\s]+/")


def sign_in(page, base_url, email, password):
    page.goto(base_url + "/account/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_sign_in_errors_then_success(demo_site, page):
    """Empty form: a focused, linked error summary; then sign in properly."""
    officer = get_user_model().objects.create_user(
        username=EMAIL, email=EMAIL, password=PASSWORD
    )
    # Only people with a role may use the staff pages they land on.
    OfficerRole.objects.create(
        user=officer, partnership=Partnership.objects.first(), role="officer"
    )

    page.goto(demo_site.url + "/account/sign-in/")
    expect(page.locator("h1")).to_have_text("Sign in")
    assert_accessible(page)

    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    assert_accessible(page)
    summary.get_by_role("link", name="Enter your email address").click()
    expect(page.get_by_label("Email address")).to_be_focused()

    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_role("button", name="Sign in").click()
    complete_two_factor(page)  # none needed: this account has no role yet
    expect(page).to_have_url(demo_site.url + settings.LOGIN_REDIRECT_URL)
    assert page.js_errors == []


def test_password_reset_pages_are_accessible(demo_site, page):
    """The request page, its error state and "check your email" pass axe."""
    get_user_model().objects.create_user(username=EMAIL, email=EMAIL, password=PASSWORD)

    page.goto(demo_site.url + "/account/sign-in/")
    page.get_by_role("link", name="Forgotten your password?").click()
    expect(page.locator("h1")).to_have_text("Reset your password")
    assert_accessible(page)

    page.get_by_label("Email address").fill("not an address")
    page.get_by_role("button", name="Send link").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    assert_accessible(page)

    page.get_by_label("Email address").fill(EMAIL)
    with start_worker(celery_app, pool="solo", perform_ping_check=False):
        page.get_by_role("button", name="Send link").click()
        expect(page.locator("h1")).to_have_text("Check your email")
        assert_accessible(page)
        # The email is sent by a worker, not while the page waits.
        wait_until(lambda: len(mail.outbox) == 1, "the reset email")
    assert len(mail.outbox) == 1
    assert page.js_errors == []


def test_admin_invites_an_officer_who_sets_a_password(demo_site, page):
    """Invite page (normal and error state) and the set-password page pass axe."""
    get_user_model().objects.create_superuser(
        username=ADMIN_EMAIL, email=ADMIN_EMAIL, password=PASSWORD
    )
    sign_in(page, demo_site.url, ADMIN_EMAIL, PASSWORD)
    # First sign-in: set up two-factor sign-in (its pages pass axe too).
    complete_two_factor(page, check_accessible=True)
    expect(page).to_have_url(demo_site.url + settings.LOGIN_REDIRECT_URL)

    page.goto(demo_site.url + "/account/invite/")
    expect(page.locator("h1")).to_have_text("Invite an officer")
    assert_accessible(page)

    page.get_by_label("Email address").fill("not an address")
    page.get_by_role("button", name="Send invitation").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    assert_accessible(page)
    summary.get_by_role("link", name="Select a role").click()
    expect(page.get_by_role("radio", name="Officer")).to_be_focused()

    page.get_by_label("Email address").fill("New.Officer@example.org")
    page.get_by_label("Partnership").select_option(
        label="Safer Kensington and Chelsea Partnership"
    )
    page.get_by_role("radio", name="Editor").check()
    page.get_by_role("button", name="Send invitation").click()
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text("Invitation sent to new.officer@example.org")
    assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()
    expect(page.locator("h1")).to_have_text("You have signed out")

    assert len(mail.outbox) == 1
    link = INVITATION_LINK.search(mail.outbox[0].body).group(0)
    page.goto(link)
    expect(page.locator("h1")).to_have_text("Set your password")
    assert "/set-password/" in page.url  # the token has left the address bar
    assert_accessible(page)

    page.get_by_role("button", name="Set password").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    assert_accessible(page)

    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Set password").click()
    expect(page.locator("h1")).to_have_text("Your password is set")
    assert_accessible(page)

    page.get_by_role("link", name="Sign in", exact=True).last.click()
    page.get_by_label("Email address").fill("new.officer@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    complete_two_factor(page)
    expect(page).to_have_url(demo_site.url + settings.LOGIN_REDIRECT_URL)
    assert page.js_errors == []
