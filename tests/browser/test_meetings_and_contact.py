"""Meetings, the contact form and the new staff forms in real Chromium:
axe-core clean, in their error states too, with the error summary focused."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from contact.models import ContactMessage
from meetings.models import Meeting
from partnerships.models import OfficerRole
from tests.browser.conftest import assert_accessible, complete_two_factor

PASSWORD = "safer-streets-demo"


def test_a_resident_finds_a_meeting_and_writes_to_the_partnership(
    demo_site, page, settings
):
    """Partnership page -> meetings -> the annual meeting with its minutes and
    who attended -> the contact form, its errors, and the reference."""
    settings.CONTACT_MIN_SECONDS = 0
    page.goto(demo_site.url + "/partnerships/safer-kingston/")
    page.get_by_role(
        "link", name="See all meetings, with their papers and minutes"
    ).click()
    expect(page.locator("h1")).to_have_text("Meetings")
    assert_accessible(page)
    page.get_by_role(
        "link", name="Safer Kingston Partnership annual public meeting"
    ).click()
    expect(page.get_by_role("heading", name="Who attended")).to_be_visible()
    expect(
        page.get_by_text("A senior person from every responsible authority")
    ).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Write to Safer Kingston Partnership").click()
    expect(page.locator("h1")).to_have_text("Contact the partnership")
    expect(page.get_by_text("Do not use this form to report a crime")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Send message").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter your email address, so that we can reply")
    assert_accessible(page)
    summary.get_by_role("link", name="Enter your message").click()
    expect(page.get_by_label("Your message")).to_be_focused()

    page.get_by_label("Email address").fill("sam@example.org")
    page.get_by_label("A meeting").check()
    page.get_by_label("Your message").fill("Will there be a hearing loop next time?")
    page.get_by_role("button", name="Send message").click()
    expect(page.locator("h1")).to_have_text("Message sent")
    reference = ContactMessage.objects.get().reference
    expect(page.locator(".govuk-panel__body")).to_contain_text(reference)
    assert_accessible(page)
    assert page.js_errors == []


def sign_in(page, base, email):
    page.goto(base + reverse("account:sign_in"))
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # Administrators sign in with a second factor (django-otp).
    complete_two_factor(page, email=email)
    page.wait_for_url("**/manage/")


@pytest.mark.parametrize(
    ("url_for", "data"),
    [
        (lambda m: reverse("manage:meeting_add", args=[m.partnership.slug]), {}),
        (lambda m: reverse("manage:meeting_edit", args=[m.pk]), {"title": ""}),
        (lambda m: reverse("manage:meeting_document_add", args=[m.pk]), {}),
        (lambda m: reverse("manage:meeting_attendance", args=[m.pk]), "senior"),
        (lambda m: reverse("manage:indicator_add", args=[_priority(m).pk]), {}),
        (lambda m: reverse("manage:contact_reply", args=[_message(m).pk]), {}),
        (
            lambda m: reverse(
                "manage:officer_roles", args=[m.partnership.slug, _officer(m).pk]
            ),
            "untick",
        ),
    ],
    ids=[
        "meeting add",
        "meeting edit",
        "document upload",
        "attendance",
        "indicator",
        "reply",
        "roles",
    ],
)
def test_staff_forms_in_their_error_state_pass_axe(demo_site, page, url_for, data):
    """Each staff form sent wrong: error summary focused, axe-core clean."""
    meeting = Meeting.objects.get(partnership__slug="safer-kingston")
    sign_in(page, demo_site.url, "admin@demo.example")
    page.goto(demo_site.url + url_for(meeting))
    assert_accessible(page)
    form = page.locator("main form").last
    if data == "senior":
        # Senior leader ticked for an organisation nobody attended for.
        form.locator("input[type=text]").first.fill("")
        form.locator("input[type=checkbox]").first.check()
    elif data == "untick":
        for box in form.locator("input[type=checkbox]").all():
            box.uncheck()
    elif data:
        for name, value in data.items():
            form.locator(f"[name={name}]").fill(value)
    form.locator("button").first.click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile("^Error: "))
    assert_accessible(page)
    assert page.js_errors == []


def _priority(meeting):
    return meeting.partnership.plans.first().priorities.first()


def _message(meeting):
    from contact.services import message_submit

    message, _ = message_submit(
        partnership=meeting.partnership,
        data={
            "name": "Sam",
            "email": "sam@example.org",
            "topic": "work",
            "body": "A question about the plan.",
        },
        idempotency_key="browser",
    )
    return message


def _officer(meeting):
    return OfficerRole.objects.filter(partnership=meeting.partnership).first().user
