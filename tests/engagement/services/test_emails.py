"""The consultation emails, rendered and sent by services: each goes once."""

import pytest

from engagement import services
from engagement.models import SubscriberNotice
from engagement.services.emails import NOTHING_TO_SEND, SENT
from tests.engagement.conftest import submit
from tests.engagement.factories import SubscriptionFactory

pytestmark = pytest.mark.django_db


def test_a_receipt_is_sent_once(consultation, mailoutbox):
    """Called twice, one email with the reference; none without an address."""
    response, _ = submit(consultation, email="resident@example.org")
    assert services.receipt_send(response_id=response.pk) == SENT
    assert services.receipt_send(response_id=response.pk) == NOTHING_TO_SEND
    (email,) = mailoutbox
    assert response.reference in email.subject
    assert consultation.get_absolute_url() in email.body
    anonymous, _ = submit(consultation, key="no-email")
    assert services.receipt_send(response_id=anonymous.pk) == NOTHING_TO_SEND
    assert services.receipt_send(response_id=0) == NOTHING_TO_SEND


def test_a_subscriber_notice_is_sent_once(consultation, mailoutbox):
    """Called twice, one "have your say" email with a one-click unsubscribe."""
    subscription = SubscriptionFactory(partnership=consultation.partnership)
    notice = SubscriberNotice.objects.create(
        consultation=consultation, subscription=subscription
    )
    assert services.subscriber_notice_send(notice_id=notice.pk) == SENT
    assert services.subscriber_notice_send(notice_id=notice.pk) == NOTHING_TO_SEND
    (email,) = mailoutbox
    assert email.to == [subscription.email]
    assert subscription.token in email.extra_headers["List-Unsubscribe"]


def test_a_confirmed_address_is_not_asked_again(consultation, mailoutbox):
    """The confirmation request goes only to an address awaiting its link."""
    pending = SubscriptionFactory(confirmed_at=None)
    assert services.subscription_confirmation_send(subscription_id=pending.pk) == SENT
    confirmed = SubscriptionFactory()
    assert (
        services.subscription_confirmation_send(subscription_id=confirmed.pk)
        == NOTHING_TO_SEND
    )
    (email,) = mailoutbox
    assert pending.token in email.body
