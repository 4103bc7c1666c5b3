"""The Content Security Policy blocks nothing the site itself needs, on any page."""

from django.test import Client
from django.urls import reverse

from tests.browser.conftest import complete_two_factor
from tests.portal.site_urls import demo_world, example_urls

# Every violation the page reports, collected before any page script runs.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"}`
  );
});
"""


def html_pages(urls, user=None) -> list[str]:
    """The addresses that answer 200 with an HTML page, for this user."""
    client = Client()
    if user is not None:
        client.force_login(user)
    pages = []
    for url in urls:
        response = client.get(url)
        content_type = response.headers.get("Content-Type", "")
        if response.status_code == 200 and content_type.startswith("text/html"):
            pages.append(url)
    return pages


def blocked_on(page, base_url, urls) -> dict[str, list[str]]:
    """Open each address; return what the CSP blocked on each."""
    problems = {}
    for url in urls:
        page.goto(base_url + url)
        blocked = page.evaluate("window.__cspViolations")
        if blocked:
            problems[url] = blocked
    return problems


def test_no_page_has_anything_blocked_by_the_csp(demo_site, page):
    """Anonymous and signed in as a site administrator (the admin included),
    no page's scripts, styles, images or forms are blocked, and GOV.UK
    Frontend's JavaScript starts without errors."""
    world = demo_world()
    urls, missing = example_urls(world)
    assert [route.route for route in missing] == []
    public = html_pages(urls.values())
    staff = html_pages(urls.values(), user=world.admin_user)
    assert len(public) > 20
    assert len(staff) > 150
    page.add_init_script(RECORD_VIOLATIONS)
    problems = blocked_on(page, demo_site.url, public)
    page.goto(demo_site.url + reverse("account:sign_in"))
    page.get_by_label("Email address").fill(world.admin_user.email)
    page.get_by_label("Password").fill("safer-streets-demo")
    page.get_by_role("button", name="Sign in").click()
    complete_two_factor(page, email=world.admin_user.email)
    page.wait_for_url("**/manage/")
    assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')")
    problems.update(blocked_on(page, demo_site.url, staff))
    assert problems == {}
    assert page.js_errors == []
