"""A resident finds their ward by postcode, by keyboard alone, and goes back to
the borough's map: axe-core clean, and no sideways scrolling at 320 pixels."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible

KINGSTON_TOWN = re.compile(r"/areas/kingston-upon-thames/kingston-town/$")
KINGSTON_MAP = re.compile(r"/areas/kingston-upon-thames/$")


def tab_to(page, predicate: str, limit: int = 250) -> None:
    """Press Tab until ``predicate`` (JavaScript, given the focused element) holds."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el) => {predicate}", page.evaluate_handle(
                "document.activeElement")):  # fmt: skip
            return
    raise AssertionError(f"Tab never reached an element where {predicate}")


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= page.evaluate(
        "window.innerWidth"
    )


def test_postcode_to_ward_to_borough_map_by_keyboard(demo_site, browser):
    """Home -> "kt1 1ae" -> Kingston Town -> the borough map -> a ward, all by
    keyboard, at 320 CSS pixels, each page passing axe-core."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(demo_site.url + "/")
    assert no_sideways_scroll(page)
    tab_to(page, "el.id === 'id_area'")
    page.keyboard.type("kt1 1ae")
    page.keyboard.press("Enter")

    expect(page).to_have_url(KINGSTON_TOWN)
    expect(page.locator("h1")).to_have_text("Kingston Town")
    expect(page.get_by_text("Safer Kingston Partnership").first).to_be_visible()
    expect(page.locator("#crime")).to_be_visible()
    assert "kt1" not in page.url.lower()
    assert no_sideways_scroll(page)
    assert_accessible(page)

    tab_to(page, "el.getAttribute('href') === '/areas/kingston-upon-thames/'")
    page.keyboard.press("Enter")
    expect(page).to_have_url(KINGSTON_MAP)
    expect(page.locator("h1")).to_have_text("Wards of Kingston upon Thames")
    assert no_sideways_scroll(page)
    assert_accessible(page)

    # Each ward on the map is a link; Norbiton's name says its rate.
    tab_to(page, "(el.getAttribute('aria-label') || '').startsWith('Norbiton:')")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/areas/kingston-upon-thames/norbiton/$"))
    expect(page.locator("h1")).to_have_text("Norbiton")
    assert errors == []
    context.close()


def test_refusals_are_plain_accessible_and_reflow(demo_site, browser):
    """Empty, malformed, unknown and outside-looking answers, each axe-clean."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(demo_site.url + "/areas/find/")
    page.get_by_role("button", name="Find").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter a postcode, or the name of a ward or place")
    assert_accessible(page)
    assert no_sideways_scroll(page)
    for typed, message in (
        ("KT1 1A", "is not a full postcode"),
        ("KT9 9ZZ", "We cannot find the postcode KT9 9ZZ"),
        ("Atlantis", "No borough, ward or place called"),
    ):
        page.get_by_label("Postcode, or ward or place name").fill(typed)
        page.get_by_role("button", name="Find").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text(message)
        assert_accessible(page)
        assert no_sideways_scroll(page)
    page.get_by_label("Postcode, or ward or place name").fill("Kingston")
    page.get_by_role("button", name="Find").click()
    expect(page.get_by_role("heading", name="Choose your area")).to_be_visible()
    assert_accessible(page)
    context.close()
