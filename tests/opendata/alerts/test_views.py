"""Residents' alert pages: subscribe, confirm, manage, unsubscribe."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from opendata.alerts import services, tasks
from opendata.models import Delivery, Subscriber
from tests.opendata.factories import SubscriberFactory
from tests.partnerships.factories import PartnershipFactory, WardFactory

pytestmark = pytest.mark.django_db
GOOD = {
    "email": "Resident@Example.org",
    "topics": ["consultations", "crime_summary"],
    "frequency": "weekly",
}


def subscribe_url(partnership):
    return reverse("alerts:subscribe", args=[partnership.slug])


def error_summary(response) -> list[str]:
    return re.findall(
        r'<li><a href="#[^"]+">([^<]+)</a></li>', response.content.decode()
    )


def test_the_subscribe_page_offers_wards_topics_and_frequency(client, borough):
    """One page: address, place, what to hear about, how often."""
    page = client.get(subscribe_url(borough))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Get emails from Safer Testborough Partnership" in text
    for label in (
        "All of Testborough",
        "North",
        "South",
        "New consultations",
        "Upcoming meetings",
    ):
        assert label in text
    assert "no-store" not in page.get("Cache-Control", "")


def test_a_link_may_suggest_topics(client, borough):
    """?topics=consultations ticks that box; unknown topics are ignored."""
    page = client.get(subscribe_url(borough), {"topics": ["consultations", "nonsense"]})
    assert page.context["form"].initial["topics"] == ["consultations"]


def test_subscribing_stores_an_unconfirmed_choice_and_says_check_your_email(
    client, borough
):
    """A valid form: one unconfirmed subscription, then "check your email"."""
    response = client.post(
        subscribe_url(borough), {**GOOD, "ward": str(borough.north.pk)}
    )
    assert response.status_code == 302
    assert response.url == reverse("alerts:sent", args=[borough.slug])
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "resident@example.org"
    assert subscriber.ward == borough.north
    assert subscriber.topics == ["consultations", "crime_summary"]
    assert subscriber.frequency == "weekly"
    assert subscriber.confirmed_at is None
    assert "Check your email" in client.get(response.url).content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": ""}, "Enter your email address"),
        ({"email": "nope"}, "Enter an email address in the correct format"),
        ({"topics": []}, "Choose at least one thing to hear about"),
        ({"topics": ["everything"]}, "Choose from the things listed"),
        ({"frequency": ""}, "Choose how often to get emails"),
        ({"frequency": "hourly"}, "Choose how often to get emails"),
        ({"ward": "999999"}, "Choose a ward from the list"),
        ({"website": "http://spam.example"}, "Check your answers and send them again"),
    ],
)
def test_a_form_that_does_not_fit_shows_the_error_summary_and_stores_nothing(
    client, borough, data, message
):
    """GOV.UK error summary, the form again, nothing stored, never a 500."""
    response = client.post(subscribe_url(borough), {**GOOD, **data})
    assert response.status_code == 200
    assert message in " ".join(error_summary(response))
    assert "<title>Error:" in response.content.decode()
    assert not Subscriber.objects.exists()


def test_a_ward_of_another_borough_cannot_be_posted(client, borough):
    """Only this partnership's wards are choices."""
    other = PartnershipFactory()
    WardFactory(parent=other.area)
    response = client.post(
        subscribe_url(other), {**GOOD, "ward": str(borough.north.pk)}
    )
    assert response.status_code == 200
    assert not Subscriber.objects.exists()


def test_only_published_partnerships_take_subscribers(client):
    """A hidden or unknown partnership is 404."""
    hidden = PartnershipFactory(is_published=False)
    for slug in (hidden.slug, "no-such-partnership"):
        url = reverse("alerts:subscribe", args=[slug])
        assert client.get(url).status_code == 404
        assert client.post(url, GOOD).status_code == 404
    assert not Subscriber.objects.exists()


def test_subscribing_is_rate_limited(client, borough, settings):
    """A flood from one address gets 429."""
    settings.CONSULTATION_RATE_LIMIT = 1
    client.post(subscribe_url(borough), GOOD)
    response = client.post(subscribe_url(borough), {**GOOD, "email": "b@example.org"})
    assert response.status_code == 429
    assert Subscriber.objects.count() == 1


def test_the_confirmation_link_confirms(client, borough, mailoutbox):
    """The link in the email confirms; opening it again is fine."""
    client.post(subscribe_url(borough), GOOD)
    subscriber = Subscriber.objects.get()
    tasks.send_confirmation.run(subscriber.pk)
    path = re.search(r"/alerts/confirm/\S+/", mailoutbox[0].body).group()
    for _ in range(2):
        response = client.get(path)
        assert response.status_code == 200
        assert "Subscription confirmed" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is not None
    assert client.get("/alerts/confirm/not-a-token/").status_code == 404


def test_the_manage_page_changes_choices_without_signing_in(client, borough):
    """From the link in any email: change topics and frequency, see it saved."""
    subscriber = SubscriberFactory(partnership=borough, ward=borough.north)
    url = reverse("alerts:manage", args=[subscriber.token])
    page = client.get(url)
    assert page.status_code == 200
    # Enough for its owner to recognise, not the address itself.
    assert subscriber.email not in page.content.decode()
    assert "s…@example.org" in page.content.decode()
    assert "North ward, Testborough" in page.content.decode()
    response = client.post(url, {"topics": ["results"], "frequency": "weekly"})
    assert response.status_code == 302
    saved = client.get(response.url)
    assert "Your choices have been saved" in saved.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.topics == ["results"]
    assert subscriber.frequency == "weekly"


def test_the_manage_page_shows_errors_and_changes_nothing(client, borough):
    """No topic chosen: the error summary, nothing saved."""
    subscriber = SubscriberFactory(partnership=borough)
    url = reverse("alerts:manage", args=[subscriber.token])
    response = client.post(url, {"topics": [], "frequency": "weekly"})
    assert response.status_code == 200
    assert error_summary(response) == ["Choose at least one thing to hear about"]
    subscriber.refresh_from_db()
    assert subscriber.frequency == "immediate"


def test_manage_links_of_stopped_or_unknown_subscriptions_are_404(client, borough):
    """Once unsubscribed, the link no longer shows the address."""
    subscriber = SubscriberFactory(partnership=borough)
    client.post(reverse("alerts:unsubscribe", args=[subscriber.token]))
    response = client.get(reverse("alerts:manage", args=[subscriber.token]))
    assert response.status_code == 404
    assert subscriber.email not in response.content.decode()
    assert client.get(reverse("alerts:manage", args=["nope"])).status_code == 404


def test_unsubscribe_asks_first_then_one_post_stops_everything(client, borough):
    """GET shows a button and changes nothing; one POST unsubscribes."""
    subscriber = SubscriberFactory(partnership=borough)
    url = reverse("alerts:unsubscribe", args=[subscriber.token])
    page = client.get(url)
    assert "Unsubscribe" in page.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is None
    response = client.post(url)
    assert response.status_code == 200
    assert "You have unsubscribed" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is not None
    assert "You are not subscribed" in client.get(url).content.decode()


def test_one_click_unsubscribe_from_a_mail_program(borough, mailoutbox, crime_event):
    """RFC 8058: the POST a mail program makes to the List-Unsubscribe address,
    with no cookie and no CSRF token, unsubscribes that address only."""
    subscriber = SubscriberFactory(partnership=borough)
    other = SubscriberFactory(partnership=borough)
    services.event_fan_out(event_id=crime_event.pk)
    services.deliveries_send(
        delivery_ids=list(Delivery.objects.values_list("pk", flat=True))
    )
    email = next(m for m in mailoutbox if m.to == [subscriber.email])
    address = email.extra_headers["List-Unsubscribe"].strip("<>")
    response = Client(enforce_csrf_checks=True).post(
        address,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert list(Subscriber.objects.filter(unsubscribed_at__isnull=True)) == [other]


def test_alert_pages_with_secrets_are_never_stored(client, borough):
    """Manage and unsubscribe pages are private to whoever holds the link."""
    subscriber = SubscriberFactory(partnership=borough)
    for name in ("alerts:manage", "alerts:unsubscribe", "alerts:confirm"):
        response = client.get(reverse(name, args=[subscriber.token]))
        assert "no-store" in response["Cache-Control"], name
