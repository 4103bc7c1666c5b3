"""A resident finds their partnership, a priority, and searches."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible


def test_resident_goes_from_home_to_a_priority_and_searches(demo_site, page):
    """Home -> Kensington and Chelsea -> a priority -> search for it."""
    page.goto(demo_site.url + "/")
    expect(page.locator("h1")).to_have_text("Community safety partnerships")

    page.get_by_role("link", name="Safer Kensington and Chelsea Partnership").click()
    expect(page.locator("h1")).to_have_text("Safer Kensington and Chelsea Partnership")
    expect(page.get_by_role("heading", name="Responsible authorities")).to_be_visible()

    page.get_by_role("link", name="Antisocial behaviour").first.click()
    expect(page.locator("h1")).to_have_text("Antisocial behaviour")
    expect(
        page.get_by_role("heading", name="What informed this priority")
    ).to_be_visible()
    expect(page.get_by_text("Last updated")).to_be_visible()
    assert_accessible(page)

    # Back up the breadcrumbs to the partnership.
    page.locator(".govuk-breadcrumbs").get_by_role(
        "link", name="Safer Kensington and Chelsea Partnership"
    ).click()
    expect(page).to_have_url(
        re.compile(r"/partnerships/safer-kensington-and-chelsea/$")
    )

    page.get_by_role("link", name="Search", exact=True).click()
    page.get_by_label("Search the site").fill("antisocial")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("h1")).to_have_text("Search")
    results = page.locator(".app-search-results")
    # The priority; the consultation about it is found too.
    priority = results.get_by_role("link", name="Antisocial behaviour", exact=True)
    expect(priority).to_be_visible()
    expect(priority.locator("mark").first).to_have_text("Antisocial")
    assert_accessible(page)
    assert page.js_errors == []


def test_search_error_is_announced_and_linked(demo_site, page):
    """An empty search shows the error summary, which links to the field."""
    page.goto(demo_site.url + "/search/")
    page.get_by_role("button", name="Search").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    summary.get_by_role("link", name="Enter words to search for").click()
    expect(page.get_by_label("Search the site")).to_be_focused()
    assert_accessible(page)
