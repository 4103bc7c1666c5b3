"""Signing in and out, resetting a password, and login throttling."""

import datetime
import re

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.utils import run_queued_tasks

EMAIL = "officer@example.org"
PASSWORD = "a long and unusual passphrase"
WRONG_PASSWORD = "not the right passphrase"
SIGN_IN = "/account/sign-in/"
RESET_LINK = re.compile(r"https?://\S+/account/password-reset/[^/\s]+/[^/\s]+/")


@pytest.fixture
def officer(db):
    return get_user_model().objects.create_user(
        username=EMAIL, email=EMAIL, password=PASSWORD
    )


def sign_in(client, username=EMAIL, password=PASSWORD, url=SIGN_IN):
    return client.post(url, {"username": username, "password": password})


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def text(response) -> str:
    return response.content.decode()


def reset_link_from(message) -> str:
    match = RESET_LINK.search(message.body)
    assert match, message.body
    return match.group(0)


# Signing in


def test_sign_in_page_is_the_gov_uk_pattern(client, db):
    """The page has one h1 "Sign in", labelled fields and the reset link."""
    response = client.get(reverse("account:sign_in"))
    page = text(response)
    assert response.status_code == 200
    assert page.count("<h1") == 1
    assert '<h1 class="govuk-heading-l">Sign in</h1>' in page
    assert "<title>Sign in" in page
    assert 'autocomplete="username"' in page
    assert 'autocomplete="current-password"' in page
    assert "Email address" in page
    assert (
        f'href="{reverse("account:password_reset")}">Forgotten your password?' in page
    )


def test_right_password_signs_in_and_goes_to_the_dashboard(client, officer):
    """An email address in any case, with spaces, and the password sign in."""
    response = sign_in(client, username=f"  {EMAIL.upper()} ")
    assert response.status_code == 302
    assert response.url == settings.LOGIN_REDIRECT_URL
    assert signed_in_user_id(client) == str(officer.pk)


def test_next_on_another_site_is_not_followed(client, officer):
    """next=https://evil.example/ goes to the dashboard instead."""
    response = sign_in(client, url=f"{SIGN_IN}?next=https://evil.example/")
    assert response.status_code == 302
    assert response.url == settings.LOGIN_REDIRECT_URL
    assert signed_in_user_id(client) == str(officer.pk)


def test_next_on_this_site_is_followed(client, officer):
    """next=/manage/x is where the officer lands."""
    response = sign_in(client, url=f"{SIGN_IN}?next=/manage/x")
    assert response.status_code == 302
    assert response.url == "/manage/x"


def test_wrong_password_shows_the_error_summary(client, officer):
    """One error, linked to the email field, and nobody signed in."""
    response = sign_in(client, password=WRONG_PASSWORD)
    page = text(response)
    assert response.status_code == 200
    assert "<title>Error: Sign in" in page
    assert "There is a problem" in page
    assert (
        '<li><a href="#id_username">Enter a correct email address and password</a>'
        in page
    )
    assert page.count("Enter a correct email address and password") == 1
    assert signed_in_user_id(client) is None


def test_unknown_email_gets_the_same_error_as_a_wrong_password(client, officer):
    """The error never tells whether an account exists."""
    page = text(sign_in(client, username="nobody@example.org"))
    assert "Enter a correct email address and password" in page


def test_empty_sign_in_lists_every_error(client, db):
    """Both missing answers are in the summary, each linked to its field."""
    page = text(sign_in(client, username="", password=""))
    assert '<a href="#id_username">Enter your email address</a>' in page
    assert '<a href="#id_password">Enter your password</a>' in page
    assert "govuk-input--error" in page


def test_signed_in_user_visiting_sign_in_is_redirected(client, officer):
    """Someone already signed in goes to the dashboard."""
    client.force_login(officer)
    response = client.get(SIGN_IN)
    assert response.status_code == 302
    assert response.url == settings.LOGIN_REDIRECT_URL


def test_inactive_user_cannot_sign_in(client, officer):
    """A switched-off account gets the same error as a wrong password."""
    officer.is_active = False
    officer.save()
    page = text(sign_in(client))
    assert "Enter a correct email address and password" in page
    assert signed_in_user_id(client) is None


def test_navigation_offers_sign_in_or_sign_out(client, officer):
    """Anonymous visitors see "Sign in"; signed-in officers a sign-out button."""
    home = reverse("portal:home")
    assert f'href="{SIGN_IN}">Sign in</a>' in text(client.get(home))
    client.force_login(officer)
    page = text(client.get(home))
    assert f'action="{reverse("account:sign_out")}"' in page
    assert ">Sign out</button>" in page


# Signing out


def test_sign_out_by_get_is_refused(client, officer):
    """A link or image cannot sign anyone out: GET answers 405."""
    client.force_login(officer)
    response = client.get(reverse("account:sign_out"))
    assert response.status_code == 405
    assert signed_in_user_id(client) == str(officer.pk)


def test_sign_out_by_post_signs_out(client, officer):
    """POST signs out and shows "You have signed out"."""
    client.force_login(officer)
    response = client.post(reverse("account:sign_out"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("account:signed_out")
    assert "You have signed out" in text(response)
    assert signed_in_user_id(client) is None


# Password reset


def test_password_reset_emails_a_known_address_only(client, officer):
    """Known address: one email. Unknown: none. The page is the same."""
    url = reverse("account:password_reset")
    known = client.post(url, {"email": EMAIL.upper()}, follow=True)
    run_queued_tasks()  # the email is sent by a worker, not in the request
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [EMAIL]
    assert "3 days" in mail.outbox[0].body
    assert settings.SITE_NAME in mail.outbox[0].subject

    unknown = client.post(url, {"email": "nobody@example.org"}, follow=True)
    assert run_queued_tasks() == 0
    assert len(mail.outbox) == 1
    assert known.redirect_chain == unknown.redirect_chain
    assert known.redirect_chain[-1][0] == reverse("account:password_reset_done")
    assert text(known) == text(unknown)
    assert "Check your email" in text(known)
    assert "nobody@example.org" not in text(unknown)


def test_password_reset_with_a_bad_address_shows_an_error(client, db):
    """An address in the wrong format gets a GOV.UK error and no email."""
    response = client.post(reverse("account:password_reset"), {"email": "not-an"})
    page = text(response)
    assert response.status_code == 200
    assert "<title>Error: Reset your password" in page
    assert (
        '<a href="#id_email">Enter an email address in the correct format, '
        "like name@example.com</a>" in page
    )
    assert mail.outbox == []


def test_reset_link_sets_a_password_that_signs_in(client, officer):
    """The emailed link sets a new password; the old one stops working."""
    client.post(reverse("account:password_reset"), {"email": EMAIL})
    run_queued_tasks()
    link = reset_link_from(mail.outbox[0])

    response = client.get(link)
    assert response.status_code == 302  # the token leaves the address bar
    form_url = response.url
    assert form_url.endswith("/set-password/")
    page = text(client.get(form_url))
    assert "Create a new password" in page
    assert (
        "Your password must be at least 12 characters. Do not use a common password."
        in page
    )

    new_password = "a different long passphrase"
    response = client.post(
        form_url, {"new_password1": new_password, "new_password2": new_password}
    )
    assert response.status_code == 302
    assert response.url == reverse("account:password_reset_complete")
    assert "Your password has been reset" in text(client.get(response.url))

    assert signed_in_user_id(client) is None
    assert sign_in(client, password=new_password).status_code == 302
    client.logout()
    assert "Enter a correct email address" in text(sign_in(client))


def test_used_reset_link_says_it_has_expired(client, officer):
    """A second use of the link shows a page saying so, with a way to ask again."""
    client.post(reverse("account:password_reset"), {"email": EMAIL})
    run_queued_tasks()
    link = reset_link_from(mail.outbox[0])
    form_url = client.get(link).url
    new_password = "a different long passphrase"
    client.post(
        form_url, {"new_password1": new_password, "new_password2": new_password}
    )

    page = text(client.get(link))
    assert "This link has expired or has already been used" in page
    assert f'href="{reverse("account:password_reset")}">Ask for a new link' in page


def test_expired_reset_link_says_it_has_expired(client, officer):
    """After 3 days the link no longer works."""
    client.post(reverse("account:password_reset"), {"email": EMAIL})
    run_queued_tasks()
    link = reset_link_from(mail.outbox[0])
    later = timezone.now() + datetime.timedelta(days=3, minutes=1)
    with time_machine.travel(later, tick=False):
        page = text(client.get(link))
    assert "This link has expired or has already been used" in page


def test_nonsense_reset_link_says_it_has_expired(client, db):
    """A made-up link shows the same page, not an error."""
    url = reverse("account:password_reset_confirm", args=["bm9ib2R5", "abc-123"])
    response = client.get(url)
    assert response.status_code == 200
    assert "This link has expired or has already been used" in text(response)


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("elevenchars", "Your password must be at least 12 characters"),
        ("password12345", "Your password is too easy to guess"),
    ],
)
def test_short_or_common_password_is_refused(client, officer, password, message):
    """Too short (11 characters) or in Django's common list: a clear error."""
    assert len("elevenchars") == 11
    url = reverse(
        "account:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(officer.pk)),
            "token": default_token_generator.make_token(officer),
        },
    )
    form_url = client.get(url).url
    response = client.post(
        form_url, {"new_password1": password, "new_password2": password}
    )
    page = text(response)
    assert response.status_code == 200
    assert "<title>Error: Create a new password" in page
    assert f'<a href="#id_new_password1">{message}' in page
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)


def test_passwords_that_do_not_match_are_refused(client, officer):
    """The confirmation must match, and the error links to it."""
    url = reverse(
        "account:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(officer.pk)),
            "token": default_token_generator.make_token(officer),
        },
    )
    form_url = client.get(url).url
    page = text(
        client.post(
            form_url,
            {
                "new_password1": "a different long passphrase",
                "new_password2": "another long passphrase",
            },
        )
    )
    assert '<a href="#id_new_password2">The passwords do not match</a>' in page


def test_invited_officer_without_a_password_can_ask_for_a_reset(client, db):
    """Someone invited who lost the email can still get a link to set one."""
    get_user_model().objects.create_user(username=EMAIL, email=EMAIL)
    client.post(reverse("account:password_reset"), {"email": EMAIL})
    run_queued_tasks()
    assert len(mail.outbox) == 1


# Caching


def test_every_account_page_is_never_stored(client, officer):
    """Every account page answers with Cache-Control: no-store."""
    admin = get_user_model().objects.create_superuser(
        username="admin@example.org", email="admin@example.org", password=PASSWORD
    )
    confirm = reverse(
        "account:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(officer.pk)),
            "token": default_token_generator.make_token(officer),
        },
    )
    anonymous_pages = [
        reverse("account:sign_in"),
        reverse("account:signed_out"),
        reverse("account:password_reset"),
        reverse("account:password_reset_done"),
        reverse("account:password_reset_complete"),
        reverse("account:invitation_complete"),
        confirm,
        reverse("account:password_reset_confirm", args=["bm9ib2R5", "abc-123"]),
        reverse("account:invitation_accept", args=["bm9ib2R5", "abc-123"]),
        reverse("account:invite"),  # redirects to sign in
    ]
    responses = [client.get(url) for url in anonymous_pages]
    responses.append(client.get(client.get(confirm).url))  # the set-password form
    responses.append(sign_in(client, password=WRONG_PASSWORD))
    responses.append(sign_in(client))
    responses.append(client.post(reverse("account:sign_out")))
    client.force_login(admin)
    responses.append(client.get(reverse("account:invite")))
    responses.append(client.get(reverse("account:sign_out")))  # 405
    for response in responses:
        assert "no-store" in response.get("Cache-Control", ""), response.request


# Throttling (django-axes)


def test_five_failures_lock_out_even_the_right_password(client, officer):
    """After 5 wrong passwords the 6th, right, attempt is refused for 15 minutes."""
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _ in range(5):
            sign_in(client, password=WRONG_PASSWORD)

        response = sign_in(client)
        assert response.status_code in (403, 429)
        page = text(response)
        assert "You need to wait before you sign in again" in page
        assert "You can try again in 15 minutes" in page
        assert signed_in_user_id(client) is None

        traveller.shift(datetime.timedelta(minutes=14, seconds=59))
        assert sign_in(client).status_code in (403, 429)
        assert signed_in_user_id(client) is None

        # The lockout runs from the last refused attempt.
        traveller.shift(datetime.timedelta(minutes=15, seconds=1))
        response = sign_in(client)
        assert response.status_code == 302
        assert signed_in_user_id(client) == str(officer.pk)


def test_lockout_is_per_username_and_address(client, officer):
    """Another username from the same address can still sign in."""
    other = get_user_model().objects.create_user(
        username="other@example.org", email="other@example.org", password=PASSWORD
    )
    with time_machine.travel(timezone.now(), tick=False):
        for _ in range(5):
            sign_in(client, password=WRONG_PASSWORD)
        assert sign_in(client).status_code in (403, 429)

        response = sign_in(client, username="other@example.org")
        assert response.status_code == 302
        assert signed_in_user_id(client) == str(other.pk)


def test_lockout_counts_any_case_of_the_email_address(client, officer):
    """Changing the case of the address does not get round the limit."""
    with time_machine.travel(timezone.now(), tick=False):
        for variant in [EMAIL, EMAIL.upper(), EMAIL.title(), f" {EMAIL}", EMAIL]:
            sign_in(client, username=variant, password=WRONG_PASSWORD)
        assert sign_in(client, username=EMAIL.upper()).status_code in (403, 429)
        assert signed_in_user_id(client) is None


def test_very_long_email_address_is_refused_before_authenticating(client, db):
    """More than 150 characters gets a clear error, not a server error."""
    response = sign_in(client, username="a" * 500 + "@example.org")
    assert response.status_code == 200
    assert "Email address must be 150 characters or fewer" in text(response)


def test_the_error_summary_is_the_frontend_6_component(client, db):
    """The summary announces itself from an inner role="alert" element, as in
    GOV.UK Frontend 6, and links each error to its field."""
    page = text(sign_in(client, username="", password=""))
    assert re.search(
        r'<div class="govuk-error-summary" data-module="govuk-error-summary">\s*'
        r'<div role="alert">\s*'
        r'<h2 class="govuk-error-summary__title">There is a problem</h2>',
        page,
    )
    assert 'id="error-summary-title"' not in page
    assert '<a href="#id_username">Enter your email address</a>' in page
