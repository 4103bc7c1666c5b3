"""An officer edits a priority, an editor publishes it, a resident sees it."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from partnerships.models import OfficerRole, Partnership
from plans.models import Plan
from priorities.models import Priority
from tests.browser.conftest import axe_violations, complete_two_factor

PASSWORD = "correct-horse-battery"


def make_user(email, role):
    user = get_user_model().objects.create_user(
        username=email, email=email, password=PASSWORD, first_name=role.title()
    )
    OfficerRole.objects.create(
        user=user,
        partnership=Partnership.objects.get(slug="safer-kensington-and-chelsea"),
        role=role,
    )
    return user


def sign_in(page, base_url, email):
    page.goto(base_url + reverse("account:sign_in"))
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    complete_two_factor(page)
    expect(page.locator("h1")).to_have_text("Your partnerships")


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()


def test_edit_publish_and_see_it_as_a_resident(demo_site, page):
    """The whole journey, with axe-core clean on each staff page and error state."""
    make_user("officer@kc.example", "officer")
    make_user("editor@kc.example", "editor")
    base = demo_site.url
    priority = Priority.objects.get(
        slug="antisocial-behaviour",
        plan__partnership__slug="safer-kensington-and-chelsea",
    )
    problems = {}

    def check(label):
        found = axe_violations(page)
        if found:
            problems[label] = found

    sign_in(page, base, "officer@kc.example")
    check("dashboard")
    page.get_by_role("link", name="Safer Kensington and Chelsea Partnership").click()
    check("partnership")
    page.get_by_role("link", name="Community Safety Plan").click()
    check("plan")
    page.get_by_role("link", name="Antisocial behaviour").click()
    check("priority")
    page.get_by_role("link", name="Edit Antisocial behaviour", exact=True).click()
    check("edit form")

    # An invalid form: the error summary, focused, linking to the field.
    page.get_by_label("Title").fill("")
    page.get_by_role("button", name="Save draft").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter a title for the priority")
    check("edit form with errors")

    page.get_by_label("Title").fill("Antisocial behaviour")
    page.get_by_label("Summary").fill("Tackle antisocial behaviour with residents.")
    page.get_by_label("Description").fill("We will **listen** first.")
    page.get_by_role("button", name="Preview").click()
    expect(page.locator(".app-preview strong")).to_have_text("listen")
    check("preview")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Your draft has been saved"
    )
    page.get_by_role("link", name="History of Antisocial behaviour", exact=True).click()
    check("history")
    sign_out(page)

    sign_in(page, base, "editor@kc.example")
    page.goto(base + reverse("manage:priority", args=[priority.pk]))
    page.get_by_role("link", name="Publish Antisocial behaviour", exact=True).click()
    check("publish confirmation")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("published")
    plan = Plan.objects.get(partnership__slug="safer-kensington-and-chelsea")
    page.goto(base + reverse("manage:section_add", args=[plan.pk]))
    check("add section")
    page.goto(base + reverse("manage:priority_add", args=[plan.pk]))
    check("add priority")
    page.goto(base + reverse("manage:action_add", args=[priority.pk]))
    check("add action")
    page.get_by_role("button", name="Save draft").click()
    check("add action with errors")
    page.goto(base + reverse("manage:indicator_add", args=[priority.pk]))
    check("add indicator")
    # A crime type not loaded (as a crafted request would send): refused with
    # the error summary, linking to the select.
    page.evaluate(
        """() => {
          const select = document.getElementById("id_crime_type");
          select.add(new Option("Made up", "Made up"));
          select.value = "Made up";
        }"""
    )
    page.get_by_label("What is measured").fill("Made-up crime")
    page.get_by_role("button", name="Save draft").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Choose a crime type that has been loaded")
    expect(summary.get_by_role("link")).to_have_attribute("href", "#id_crime_type")
    check("add indicator with errors")
    page.goto(base + reverse("manage:plan_edit", args=[plan.pk]))
    check("edit plan")
    page.goto(base + reverse("manage:plan_history", args=[plan.pk]))
    check("plan history")
    sign_out(page)

    page.goto(base + priority.get_absolute_url())
    expect(
        page.get_by_text("Tackle antisocial behaviour with residents.")
    ).to_be_visible()
    page.get_by_role("link", name="See how this priority has changed").click()
    expect(page.get_by_text("First published")).to_be_visible()
    check("public history")
    assert problems == {}
    assert page.js_errors == []
