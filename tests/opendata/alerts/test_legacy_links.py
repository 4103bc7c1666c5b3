"""Consultation subscriptions made before alerts existed: moved, and their links
(in emails already sent) still work."""

import importlib

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from engagement.models import Subscription
from opendata.models import Subscriber
from tests.engagement.factories import SubscriptionFactory
from tests.opendata.factories import SubscriberFactory

pytestmark = pytest.mark.django_db
MIGRATION = importlib.import_module(
    "opendata.migrations.0003_move_consultation_subscriptions"
)


def test_the_migration_moves_each_subscription_once_with_its_token(db):
    """Confirmed and unconfirmed requests become alert subscribers to new
    consultations, straight away, with the same token; the old rows go, so
    nobody is emailed twice; running it again moves nothing more."""
    confirmed = SubscriptionFactory(email="a@example.org")
    pending = SubscriptionFactory(email="b@example.org", confirmed_at=None)
    MIGRATION.move_forward(apps, None)
    MIGRATION.move_forward(apps, None)
    assert not Subscription.objects.exists()
    moved = {s.email: s for s in Subscriber.objects.all()}
    assert set(moved) == {"a@example.org", "b@example.org"}
    assert moved["a@example.org"].token == confirmed.token
    assert moved["a@example.org"].confirmed_at == confirmed.confirmed_at
    assert moved["a@example.org"].created_at == confirmed.created_at
    assert moved["b@example.org"].confirmed_at is None
    assert moved["a@example.org"].topics == ["consultations"]
    assert moved["a@example.org"].frequency == "immediate"
    assert moved["a@example.org"].partnership_id == confirmed.partnership_id
    assert pending.token == moved["b@example.org"].token


def test_moving_back_restores_the_consultation_subscriptions(db):
    """The migration can be reversed."""
    subscriber = SubscriberFactory(results=False)
    MIGRATION.move_back(apps, None)
    old = Subscription.objects.get()
    assert (old.email, old.token) == (subscriber.email, subscriber.token)


def test_an_old_unsubscribe_link_still_unsubscribes_with_one_post(db):
    """The List-Unsubscribe address in an email sent before the move."""
    subscriber = SubscriberFactory()
    url = f"/consultations/unsubscribe/{subscriber.token}/"
    assert url == reverse("engagement:unsubscribe", args=[subscriber.token])
    assert "Unsubscribe" in Client().get(url).content.decode()
    response = Client(enforce_csrf_checks=True).post(
        url,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is not None


def test_an_old_confirmation_link_confirms(client):
    """/consultations/subscribe/confirm/<token>/ leads to the alert's confirmation."""
    subscriber = SubscriberFactory(confirmed_at=None)
    response = client.get(
        f"/consultations/subscribe/confirm/{subscriber.token}/", follow=True
    )
    assert response.status_code == 200
    assert "Subscription confirmed" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is not None


def test_the_old_subscribe_page_leads_to_alerts_about_consultations(client):
    """The consultation pages' "get an email" link: new consultations ticked."""
    subscriber = SubscriberFactory()
    slug = subscriber.partnership.slug
    response = client.get(reverse("engagement:subscribe", args=[slug]))
    assert response.status_code == 301
    assert response.url == f"/alerts/{slug}/?topics=consultations"
    page = client.get(response.url)
    assert page.context["form"].initial["topics"] == ["consultations"]
