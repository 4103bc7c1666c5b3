"""Open data and email alert pages in real Chromium: axe-core clean, one h1,
the skip link first, in their normal and error states; a resident subscribes,
manages their choices and unsubscribes without signing in."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from opendata.models import Subscriber
from partnerships.models import Partnership
from tests.browser.conftest import assert_accessible
from tests.browser.test_public_pages import check_page
from tests.opendata.factories import SubscriberFactory

PARTNERSHIP = "safer-kingston"


@pytest.fixture
def kingston(demo_site):
    return Partnership.objects.get(slug=PARTNERSHIP)


def test_the_open_data_and_api_reference_pages_are_accessible(demo_site, page):
    """The open data page and the long API reference pass the checks."""
    failures = {}
    for path in (reverse("opendata:developers"), reverse("opendata:api_reference")):
        problems = check_page(page, demo_site.url + path)
        if problems:
            failures[path] = problems
    assert failures == {}
    expect(page.locator("h1")).to_have_text("API reference")
    expect(page.get_by_role("link", name="Partnerships").first).to_be_visible()


def test_every_alert_page_is_accessible(demo_site, kingston, page):
    """Subscribe, check your email, confirm, manage and unsubscribe pages."""
    subscriber = SubscriberFactory(partnership=kingston, ward=None)
    pending = SubscriberFactory(partnership=kingston, confirmed_at=None)
    paths = [
        reverse("alerts:subscribe", args=[kingston.slug]),
        reverse("alerts:sent", args=[kingston.slug]),
        reverse("alerts:manage", args=[subscriber.token]),
        reverse("alerts:unsubscribe", args=[subscriber.token]),
        reverse("alerts:confirm", args=[pending.token]),
    ]
    failures = {}
    for path in paths:
        problems = check_page(page, demo_site.url + path)
        if problems:
            failures[path] = problems
    assert failures == {}


def test_a_resident_subscribes_manages_and_unsubscribes(demo_site, kingston, page):
    """From the partnership page: errors first, then a ward, topics and a weekly
    digest; the manage page from the emailed link; one button to stop."""
    page.goto(demo_site.url + kingston.get_absolute_url())
    page.get_by_role("link", name="Get emails", exact=True).click()
    expect(page.locator("h1")).to_have_text(f"Get emails from {kingston.name}")
    assert_accessible(page)

    page.get_by_role("button", name="Subscribe").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Choose at least one thing to hear about"
    )
    assert_accessible(page)
    page.get_by_role("link", name="Choose at least one thing to hear about").click()
    expect(page.get_by_label("New consultations")).to_be_focused()

    page.get_by_label("Email address").fill("resident@example.org")
    ward = page.get_by_label("Which area?")
    ward.select_option(index=1)
    page.get_by_label("New consultations").check()
    page.get_by_label("A monthly crime summary").check()
    page.get_by_label("Once a week").check()
    page.get_by_role("button", name="Subscribe").click()
    expect(page.locator("h1")).to_have_text("Check your email")
    assert_accessible(page)
    subscriber = Subscriber.objects.get(email="resident@example.org")
    assert subscriber.ward is not None
    assert subscriber.ward.valid_to is None  # current wards only
    assert subscriber.frequency == "weekly"

    page.goto(demo_site.url + reverse("alerts:confirm", args=[subscriber.token]))
    expect(page.locator("h1")).to_have_text("Subscription confirmed")
    page.get_by_role("link", name=re.compile("Change what you hear about")).click()
    expect(page.locator("h1")).to_have_text("Manage your emails")
    page.get_by_label("New consultations").uncheck()
    page.get_by_label("A monthly crime summary").uncheck()
    page.get_by_role("button", name="Save your choices").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    assert_accessible(page)
    page.get_by_label("Published consultation results").check()
    page.get_by_role("button", name="Save your choices").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Your choices have been saved"
    )
    assert_accessible(page)

    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.locator("h1")).to_have_text("You have unsubscribed")
    assert_accessible(page)
    subscriber.refresh_from_db()
    assert subscriber.topics == ["results"]
    assert subscriber.unsubscribed_at is not None
    assert page.js_errors == []
