"""Subscriptions on the real database: double opt-in, one-click out."""

import pytest

from engagement import services
from engagement.models import Subscription

pytestmark = pytest.mark.django_db


def test_subscription_is_double_opt_in_and_one_click_out(db):
    """Unconfirmed until the link; cancelling deletes the address."""
    from tests.partnerships.factories import PartnershipFactory

    partnership = PartnershipFactory()
    subscription = services.subscription_request(
        partnership=partnership, email="Me@x.org"
    )
    assert subscription.confirmed_at is None
    assert (
        services.subscription_request(partnership=partnership, email="me@x.org")
        == subscription
    )
    services.subscription_confirm(token=subscription.token)
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None
    assert services.subscription_cancel(token=subscription.token)
    assert not Subscription.objects.exists()
