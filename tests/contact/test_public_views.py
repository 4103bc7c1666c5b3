"""The contact form: plain about not reporting crime, protected against bots,
floods and replays, and each message stored once with a reference."""

import datetime
import re

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from contact.models import ContactMessage
from tests.contact.conftest import message_data
from tests.partnerships.factories import PartnershipFactory
from tests.utils import page_text

pytestmark = pytest.mark.django_db


def form_url(partnership):
    return reverse("contact:form", args=[partnership.slug])


def tokens(client, partnership) -> dict:
    form = client.get(form_url(partnership)).context["form"]
    return {name: form.initial[name] for name in ("idempotency_key", "started")}


def send(client, clock, partnership, data=None, *, tokens_=None, after=5):
    """Show the form, wait ``after`` seconds like a person, then send it."""
    tokens_ = tokens_ or tokens(client, partnership)
    clock.shift(datetime.timedelta(seconds=after))
    return client.post(
        form_url(partnership), {**(data or message_data()), "website": "", **tokens_}
    )


def assert_refused(response, message):
    assert response.status_code == 200
    assert "govuk-error-summary" in response.text
    assert message in page_text(response)
    assert not ContactMessage.objects.exists()


def test_the_form_says_it_is_not_for_reporting_crime(client, inboxes):
    """999, 101 and Crimestoppers, before the form."""
    text = page_text(client.get(form_url(inboxes.a.partnership)))
    assert "Do not use this form to report a crime" in text
    for number in ("999", "101", "Crimestoppers on 0800 555 111"):
        assert number in text
    assert text.index("report a crime") < text.index("Your message")


def test_a_message_is_stored_with_a_reference_and_announced(
    client, clock, inboxes, django_capture_on_commit_callbacks
):
    """Redirect to "Message sent" with the reference; the inbox notice is
    queued once the message is committed."""
    with django_capture_on_commit_callbacks() as callbacks:
        response = send(client, clock, inboxes.a.partnership)
    message = ContactMessage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "contact:sent", args=[inboxes.a.partnership.slug, message.reference]
    )
    assert re.fullmatch(r"C-[A-Z2-9]{4}-[A-Z2-9]{4}", message.reference)
    assert (message.status, message.topic) == ("new", "meeting")
    assert len(callbacks) == 1
    sent = page_text(client.get(response["Location"]))
    assert message.reference in sent
    assert "Sam Resident" not in sent  # nothing the resident wrote is shown


def test_a_replayed_post_stores_one_message(client, clock, inboxes):
    """The same idempotency key twice (a double click, a retried POST): one
    message, and both answers lead to the same reference."""
    form_tokens = tokens(client, inboxes.a.partnership)
    first = send(client, clock, inboxes.a.partnership, tokens_=form_tokens)
    second = send(client, clock, inboxes.a.partnership, tokens_=form_tokens)
    assert ContactMessage.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_the_same_key_for_another_partnership_is_another_message(
    client, clock, inboxes
):
    """Keys are per partnership: a key cannot reach another's message."""
    form_tokens = tokens(client, inboxes.a.partnership)
    send(client, clock, inboxes.a.partnership, tokens_=form_tokens)
    send(client, clock, inboxes.b.partnership, tokens_=form_tokens)
    assert ContactMessage.objects.count() == 2


def test_a_filled_honeypot_stores_nothing_and_a_person_can_send_again(
    client, clock, inboxes
):
    """A neutral error; the field is emptied, so sending again works."""
    partnership = inboxes.a.partnership
    form_tokens = tokens(client, partnership)
    clock.shift(datetime.timedelta(seconds=5))
    response = client.post(
        form_url(partnership),
        {**message_data(), **form_tokens, "website": "http://spam.example"},
    )
    assert_refused(response, "Check your message and send it again")
    assert response.context["form"].data["website"] == ""
    fresh = {
        k: response.context["form"].data[k] for k in ("idempotency_key", "started")
    }
    assert send(client, clock, partnership, tokens_=fresh).status_code == 302
    assert ContactMessage.objects.count() == 1


def test_a_form_sent_too_fast_stores_nothing(client, clock, inboxes):
    """Under the minimum time: refused, with a fresh start token."""
    response = send(client, clock, inboxes.a.partnership, after=1)
    assert_refused(response, "Check your message and send it again")


@pytest.mark.parametrize("started", ["", "forged", "a:b:c"])
def test_a_forged_or_missing_start_token_stores_nothing(
    client, clock, inboxes, started
):
    form_tokens = tokens(client, inboxes.a.partnership) | {"started": started}
    response = send(client, clock, inboxes.a.partnership, tokens_=form_tokens)
    assert_refused(response, "Check your message and send it again")


def test_a_token_signed_with_another_secret_stores_nothing(client, clock, inboxes):
    form_tokens = tokens(client, inboxes.a.partnership)
    forged = signing.TimestampSigner(key="not-ours", salt="x").sign_object(
        {"key": form_tokens["idempotency_key"], "at": 0}
    )
    response = send(
        client,
        clock,
        inboxes.a.partnership,
        tokens_=form_tokens | {"started": forged},
    )
    assert_refused(response, "Check your message and send it again")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"email": ""}, "Enter your email address, so that we can reply"),
        ({"email": "not an address"}, "Enter an email address in the correct format"),
        ({"body": ""}, "Enter your message"),
        ({"body": "x" * 5001}, "Your message must be 5000 characters or fewer"),
        ({"topic": ""}, "Select what your message is about"),
        ({"topic": "complaint"}, "Select what your message is about"),
        ({"name": "n" * 101}, "Your name must be 100 characters or fewer"),
    ],
)
def test_mistakes_show_the_error_summary_and_store_nothing(
    client, clock, inboxes, overrides, message
):
    response = send(client, clock, inboxes.a.partnership, message_data(**overrides))
    assert_refused(response, message)
    assert response.context["error_links"]


def test_a_flood_from_one_address_gets_429(client, clock, inboxes, settings):
    """Over the limit: 429 with Retry-After; another address is not affected."""
    settings.CONTACT_RATE_LIMIT = 2
    partnership = inboxes.a.partnership
    for _ in range(2):
        assert client.post(form_url(partnership), {}).status_code == 200
    response = send(client, clock, partnership)
    assert response.status_code == 429
    assert response["Retry-After"] == str(settings.CONTACT_RATE_WINDOW_SECONDS)
    assert not ContactMessage.objects.exists()
    other = send(Client(REMOTE_ADDR="192.0.2.9"), clock, partnership)
    assert other.status_code == 302


def test_unknown_and_unpublished_partnerships_answer_404(client, inboxes):
    hidden = PartnershipFactory(is_published=False)
    assert client.get(form_url(hidden)).status_code == 404
    assert client.post(form_url(hidden), message_data()).status_code == 404
    assert client.get("/partnerships/no-such-place/contact/").status_code == 404


def test_a_reference_shows_only_under_its_own_partnership(client, clock, inboxes):
    send(client, clock, inboxes.a.partnership)
    reference = ContactMessage.objects.get().reference
    for slug, status in (
        (inboxes.a.partnership.slug, 200),
        (inboxes.b.partnership.slug, 404),
    ):
        assert (
            client.get(reverse("contact:sent", args=[slug, reference])).status_code
            == status
        )
    assert (
        client.get(
            reverse("contact:sent", args=[inboxes.a.partnership.slug, "C-NONE-NONE"])
        ).status_code
        == 404
    )
