"""An officer finds an overdue deadline, marks it done and subscribes to the
partnership's deadlines as a calendar, in Chromium."""

import datetime
import re

import time_machine
from django.urls import reverse
from playwright.sync_api import expect

from plans.deadlines.services import duty_configure
from plans.models import CalendarToken
from tests.browser.conftest import assert_accessible, complete_two_factor

PASSWORD = "correct-horse-battery"
# 1 December 2026: the data for April to June 2026 (due 30 September) is overdue.
NOW = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)
OVERDUE = "Prescribed data sharing between partners April to June 2026"
NEXT = "Prescribed data sharing between partners July to September 2026"


def test_officer_marks_an_overdue_deadline_done(
    transactional_db, two_partnerships, live_server, page
):
    """Overdue on the dashboard and the deadlines page; an error without a link;
    done with one; the next quarter shows. axe-core is clean throughout."""
    officer = two_partnerships["users"]["officer_a"]
    duty = duty_configure(
        partnership=two_partnerships["a"]["partnership"],
        kind="data_sharing",
        cadence="quarterly",
        start_quarter=datetime.date(2026, 4, 1),
        owners=[officer],
        today=datetime.date(2026, 11, 21),
    )
    overdue_pk = duty.deadlines.get().pk
    base = live_server.url
    with time_machine.travel(NOW, tick=False):
        page.goto(base + reverse("account:sign_in"))
        page.get_by_label("Email address").fill(officer.email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        complete_two_factor(page)
        expect(page.locator("h1")).to_have_text("Your partnerships")
        expect(page.locator(f"#deadline-{overdue_pk}")).to_contain_text("Overdue")
        assert_accessible(page)

        page.get_by_role("link", name=re.compile("^See all deadlines")).click()
        expect(page.locator("h1")).to_have_text("Deadlines")
        overdue = page.get_by_role("table", name="Overdue deadlines")
        expect(overdue).to_contain_text(OVERDUE)
        expect(overdue).to_contain_text("30 September 2026")
        expect(overdue.locator(".govuk-tag")).to_have_text("Overdue")
        assert_accessible(page)

        overdue.get_by_role("link", name=re.compile("^Mark as done")).click()
        expect(page.locator("h1")).to_have_text(f"Mark {OVERDUE} as done")
        assert_accessible(page)

        # No link: the GOV.UK error summary, focused, linking to the field.
        page.get_by_role("button", name="Mark as done").click()
        summary = page.locator(".govuk-error-summary")
        expect(summary).to_be_focused()
        expect(summary).to_contain_text("Enter a link to the evidence, like https://")
        expect(page).to_have_title(re.compile("^Error: "))
        assert_accessible(page)
        summary.get_by_role("link").click()
        expect(page.get_by_label("Link to the evidence")).to_be_focused()

        page.get_by_label("Link to the evidence").fill(
            "https://example.org/data-return-april-june-2026.pdf"
        )
        page.get_by_role("button", name="Mark as done").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text(
            f"{OVERDUE} is marked as done."
        )
        expect(page.locator("h1")).to_have_text("Deadlines")
        due = page.get_by_role("table", name="Deadlines due in the next 30 days")
        expect(due).to_contain_text(NEXT)
        expect(due).to_contain_text("31 December 2026")
        expect(page.get_by_role("table", name="Overdue deadlines")).to_have_count(0)
        done = page.get_by_role("table", name="Deadlines done in the last 90 days")
        expect(
            done.get_by_role("link", name=re.compile("^View the evidence"))
        ).to_have_attribute(
            "href", "https://example.org/data-return-april-june-2026.pdf"
        )
        assert_accessible(page)

        page.get_by_role(
            "link", name=f"Calendar of {two_partnerships['a']['partnership'].name}"
        ).click()
        expect(page.locator("h1")).to_have_text("Add deadlines to your calendar")
        assert_accessible(page)
        page.get_by_role("button", name="Create a calendar address").click()
        token = CalendarToken.objects.get(user=officer)
        expect(page.get_by_label("Your calendar address")).to_have_value(
            re.compile(re.escape(f"/calendar/{token.token}.ics") + "$")
        )
        assert_accessible(page)
        page.get_by_role("button", name="Revoke this address").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text(
            "has been revoked"
        )
        expect(
            page.get_by_role("button", name="Create a calendar address")
        ).to_be_visible()
    assert page.js_errors == []
