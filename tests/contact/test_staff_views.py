"""The staff inbox: each partnership reads and answers its own messages only."""

import pytest
from django.urls import reverse

from contact import services
from contact.models import ContactMessage, ContactReply
from tests.contact.conftest import message_data
from tests.utils import page_text

pytestmark = pytest.mark.django_db


def submit(partnership, key):
    message, _ = services.message_submit(
        partnership=partnership, data=message_data(), idempotency_key=key
    )
    return message


def test_the_inbox_lists_the_partnerships_messages_by_status(client, inboxes):
    """Newest first, filtered by status, none of another partnership's."""
    mine = submit(inboxes.a.partnership, "a1")
    closed = submit(inboxes.a.partnership, "a2")
    services.message_set_status(message=closed, actor=None, status="closed")
    theirs = submit(inboxes.b.partnership, "b1")
    client.force_login(inboxes.a.officer)
    url = reverse("manage:contact_inbox", args=[inboxes.a.partnership.slug])
    text = page_text(client.get(url))
    assert mine.reference in text
    assert closed.reference in text
    assert theirs.reference not in text
    assert "New (1)" in text
    assert "Closed (1)" in text
    new_only = page_text(client.get(url + "?status=new"))
    assert mine.reference in new_only
    assert closed.reference not in new_only
    # An unknown status shows everything rather than failing.
    assert client.get(url + "?status=<script>").status_code == 200


def test_an_officer_reads_replies_and_closes_a_message(client, inboxes, mailoutbox):
    """The message page, a reply by email, then the status."""
    message = submit(inboxes.a.partnership, "a1")
    client.force_login(inboxes.a.officer)
    page = page_text(client.get(reverse("manage:contact_message", args=[message.pk])))
    assert "Will there be a hearing loop" in page
    assert "sam@example.org" in page
    reply_url = reverse("manage:contact_reply", args=[message.pk])
    empty = client.post(reply_url, {"body": ""})
    assert "govuk-error-summary" in empty.text
    assert "Enter your reply" in page_text(empty)
    response = client.post(reply_url, {"body": "Yes: there is a loop."})
    assert response.status_code == 302
    assert ContactMessage.objects.get().status == "answered"
    assert ContactReply.objects.get().sent_by == inboxes.a.officer
    response = client.post(
        reverse("manage:contact_message_status", args=[message.pk]),
        {"status": "closed"},
    )
    assert response.status_code == 302
    assert ContactMessage.objects.get().status == "closed"


def test_an_officer_of_another_partnership_gets_404_and_changes_nothing(
    client, inboxes
):
    """B's officer: every page and POST on A's messages is not found."""
    message = submit(inboxes.a.partnership, "a1")
    client.force_login(inboxes.b.officer)
    for url in (
        reverse("manage:contact_inbox", args=[inboxes.a.partnership.slug]),
        reverse("manage:contact_message", args=[message.pk]),
        reverse("manage:contact_reply", args=[message.pk]),
        reverse("manage:contact_message", args=[message.pk + 99]),
    ):
        assert client.get(url).status_code == 404, url
    for url, data in (
        (reverse("manage:contact_reply", args=[message.pk]), {"body": "Hacked"}),
        (
            reverse("manage:contact_message_status", args=[message.pk]),
            {"status": "closed"},
        ),
    ):
        assert client.post(url, data).status_code == 404, url
    assert ContactMessage.objects.get().status == "new"
    assert not ContactReply.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, inboxes):
    message = submit(inboxes.a.partnership, "a1")
    response = client.get(reverse("manage:contact_message", args=[message.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account:sign_in"))
