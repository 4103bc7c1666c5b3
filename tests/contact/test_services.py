"""Contact messages: stored once, announced once, answered once, and their
personal data removed after the retention period."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from contact import services
from contact.models import REMOVED, ContactInbox, ContactMessage, ContactReply
from tests.contact.conftest import message_data
from tests.partnerships.factories import ContactFactory

pytestmark = pytest.mark.django_db


def submit(partnership, key="k" * 32, **overrides):
    return services.message_submit(
        partnership=partnership, data=message_data(**overrides), idempotency_key=key
    )


def test_one_message_per_idempotency_key(inboxes):
    """A second submit with the same key returns the first message."""
    first, created = submit(inboxes.a.partnership)
    again, created_again = submit(inboxes.a.partnership, body="Something else")
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert ContactMessage.objects.count() == 1


def test_bad_messages_are_refused(inboxes):
    """No words, an unknown topic, a bad address or no key: nothing stored."""
    for overrides in ({"body": "  "}, {"topic": "other-thing"}, {"email": "nope"}):
        with pytest.raises(ValidationError):
            submit(inboxes.a.partnership, **overrides)
    with pytest.raises(ValidationError):
        submit(inboxes.a.partnership, key="")
    assert not ContactMessage.objects.exists()


def test_the_inbox_is_told_once_without_the_message_itself(inboxes, mailoutbox):
    """One notice to the inbox address with the reference and a link; sent
    again, nothing more; the resident's words stay in the portal."""
    message, _ = submit(inboxes.a.partnership)
    assert services.inbox_notify(message_id=message.pk) == "sent"
    assert services.inbox_notify(message_id=message.pk) == "nothing to send"
    (email,) = mailoutbox
    assert email.to == ["community.safety@a.example"]
    assert message.reference in email.subject
    assert f"/manage/messages/{message.pk}/" in email.body
    assert "hearing loop" not in email.body
    assert "sam@example.org" not in email.body


def test_without_an_inbox_the_first_public_contact_is_told(inboxes, mailoutbox):
    """B has no inbox: its first contact with an email address gets it."""
    ContactFactory(partnership=inboxes.b.partnership, email="team@b.example", phone="")
    message, _ = submit(inboxes.b.partnership)
    services.inbox_notify(message_id=message.pk)
    assert mailoutbox[0].to == ["team@b.example"]


def test_a_reply_is_emailed_once_and_marks_the_message_answered(
    inboxes, mailoutbox, django_capture_on_commit_callbacks
):
    """Queued on commit; the send goes once, replies go to the inbox."""
    message, _ = submit(inboxes.a.partnership)
    with django_capture_on_commit_callbacks() as callbacks:
        reply = services.reply_send(
            message=message, actor=inboxes.a.officer, body="Yes, there will be."
        )
    assert len(callbacks) == 1
    message.refresh_from_db()
    assert message.status == ContactMessage.Status.ANSWERED
    assert services.reply_deliver(reply_id=reply.pk) == "sent"
    assert services.reply_deliver(reply_id=reply.pk) == "sent"
    (email,) = mailoutbox
    assert email.to == ["sam@example.org"]
    assert email.reply_to == ["community.safety@a.example"]
    assert message.reference in email.subject
    assert "Dear Sam Resident" in email.body
    assert "Yes, there will be." in email.body
    assert "999" in email.body


def test_an_empty_reply_is_refused(inboxes):
    message, _ = submit(inboxes.a.partnership)
    with pytest.raises(ValidationError):
        services.reply_send(message=message, actor=inboxes.a.officer, body=" ")
    assert not ContactReply.objects.exists()


def test_status_changes_are_recorded_with_who(inboxes):
    message, _ = submit(inboxes.a.partnership)
    closed = services.message_set_status(
        message=message, actor=inboxes.a.officer, status="closed"
    )
    assert (closed.status, closed.status_changed_by) == ("closed", inboxes.a.officer)
    with pytest.raises(ValidationError):
        services.message_set_status(
            message=message, actor=inboxes.a.officer, status="deleted"
        )


def test_personal_data_goes_after_the_retention_period(inboxes, clock):
    """Twelve months after a message was last dealt with, the sender's name,
    address and words, and the replies' text, are removed; the rest stays.
    A partnership's inbox may keep them for less; running again changes
    nothing."""
    ContactInbox.objects.filter(partnership=inboxes.a.partnership).update(
        retention_months=6
    )
    a, _ = submit(inboxes.a.partnership, key="a" * 32)
    b, _ = submit(inboxes.b.partnership, key="b" * 32)
    services.reply_send(message=a, actor=inboxes.a.officer, body="Thanks, Sam.")
    clock.shift(datetime.timedelta(days=200))  # past A's 6 months, not B's 12
    assert services.messages_anonymise_due() == 1
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.name, a.email, a.body) == ("", "", REMOVED)
    assert a.reference
    assert a.topic == "meeting"
    assert a.status == "answered"
    assert ContactReply.objects.get().body == REMOVED
    assert b.body == message_data()["body"]
    assert services.messages_anonymise_due() == 0
    clock.shift(datetime.timedelta(days=200))
    assert services.messages_anonymise_due() == 1
    with pytest.raises(ValidationError):
        services.reply_send(message=a, actor=inboxes.a.officer, body="Hello again")


def test_the_nightly_job_is_scheduled():
    """The data migration puts the job in Celery beat's schedule."""
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="contact.tasks.messages_anonymise")
    assert task.crontab.hour == "3"
    assert task.enabled
