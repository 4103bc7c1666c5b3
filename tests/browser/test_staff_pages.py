"""axe-core on every staff page, read from the permission matrix."""

from django.urls import reverse

from tests.browser.conftest import axe_violations, complete_two_factor
from tests.portal.site.test_staff_permissions import DOWNLOADS, MATRIX, POST_ONLY

PASSWORD = "correct-horse-battery"


def test_every_staff_page_passes_axe(
    transactional_db, two_partnerships, live_server, page
):
    """Signed in as a site administrator, each staff page of partnership A has
    no WCAG 2.2 A/AA violation, one h1 and no JavaScript errors."""
    page.goto(live_server.url + reverse("account:sign_in"))
    page.get_by_label("Email address").fill("admin@test.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    complete_two_factor(page)
    page.wait_for_url("**/manage/")
    problems = {}
    for url_name, (args_for, expected) in sorted(MATRIX.items()):
        if expected == POST_ONLY or url_name in DOWNLOADS:
            continue
        url = reverse(url_name, args=args_for(two_partnerships))
        response = page.goto(live_server.url + url)
        found = []
        if response.status != 200:
            found.append(f"status {response.status}")
        violations = axe_violations(page)
        if violations:
            found.append(violations)
        if page.locator("h1").count() != 1:
            found.append("not exactly one h1")
        if found:
            problems[url_name] = found
    assert problems == {}
    assert page.js_errors == []
