"""Every public page in real Chromium: axe-core, one h1, unique titles, skip link,
no horizontal scrolling at 320 CSS pixels."""

from django.urls import reverse

from meetings.models import Meeting
from partnerships.models import Area
from plans.models import Plan
from priorities.models import Priority
from tests.browser.conftest import axe_violations


def public_paths():
    """Every public page of the demo site, plus search results and error states."""
    paths = [
        reverse("portal:home"),
        reverse("portal:accessibility"),
        reverse("portal:privacy"),
        reverse("portal:contacts"),
        reverse("portal:search"),
        reverse("portal:search") + "?q=violence",
        reverse("portal:search") + "?q=zzzzqqqq",
    ]
    plans = Plan.objects.public().select_related("partnership")
    paths += sorted({p.partnership.get_absolute_url() for p in plans})
    paths += sorted(
        {reverse("crime:statistics", args=[p.partnership.slug]) for p in plans}
    )
    paths += [p.get_absolute_url() for p in plans]
    priorities = Priority.objects.filter(plan__in=plans).select_related(
        "plan__partnership"
    )
    paths += [p.get_absolute_url() for p in priorities]
    # Residents' area pages: the finder, each borough's map, a ward of each.
    paths.append(reverse("areas:find"))
    boroughs = Area.objects.filter(partnerships__in=[p.partnership for p in plans])
    for borough in boroughs.exclude(slug="").distinct().order_by("name"):
        paths.append(borough.get_absolute_url())
        ward = borough.children.current().filter(kind="ward").order_by("name").first()
        if ward is not None:
            paths.append(ward.get_absolute_url())
    partnerships = sorted({p.partnership.slug for p in plans})
    paths += [reverse("meetings:list", args=[slug]) for slug in partnerships]
    meetings = Meeting.objects.public().select_related("ward__parent")
    paths += [m.get_absolute_url() for m in meetings]
    # A ward page that lists a meeting (the demo's Colville ward panel).
    paths += sorted({m.ward.get_absolute_url() for m in meetings if m.ward})
    paths += [reverse("contact:form", args=[slug]) for slug in partnerships]
    return paths


FIRST_FOCUSABLE = """
() => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, '
    + '[tabindex]:not([tabindex="-1"])';
  return document.querySelector(selector).className;
}
"""

ERROR_STATE_PATHS = [
    "/search/?q=",  # the search form's error state
    "/partnerships/no-such-partnership/",  # the 404 page
]


def check_page(page, url) -> list[str]:
    problems = []
    response = page.goto(url)
    if url.endswith("no-such-partnership/"):
        if response.status != 404:
            problems.append(f"expected 404, got {response.status}")
    elif response.status != 200:
        return [f"status {response.status}"]
    violations = axe_violations(page)
    if violations:
        problems.append(f"axe: {violations}")
    if page.locator("h1").count() != 1:
        problems.append(f"{page.locator('h1').count()} h1 elements")
    first = page.evaluate(FIRST_FOCUSABLE)
    if "govuk-skip-link" not in first:
        problems.append(f"the first focusable element is {first!r}, not the skip link")
    if page.locator(".govuk-error-summary").count() == 0:
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.className")
        if "govuk-skip-link" not in focused:
            problems.append(f"first Tab focuses {focused!r}, not the skip link")
    if page.js_errors:
        problems.append(f"JavaScript errors: {page.js_errors}")
        page.js_errors.clear()
    return problems


def test_every_public_page_passes_the_checks(demo_site, page):
    """axe-core finds no WCAG 2.2 A/AA violation; each page has one h1,
    a unique title and the skip link first."""
    paths = public_paths() + ERROR_STATE_PATHS
    assert len(paths) > 20
    failures, titles = {}, {}
    for path in paths:
        problems = check_page(page, demo_site.url + path)
        if problems:
            failures[path] = problems
        titles.setdefault(page.title(), []).append(path)
    duplicates = {t: p for t, p in titles.items() if len(p) > 1}
    assert failures == {}
    assert duplicates == {}, "page titles must be unique"


def test_no_horizontal_scrolling_at_320_pixels(demo_site, browser):
    """Content reflows at 320 CSS pixels wide (WCAG 1.4.10)."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    too_wide = {}
    for path in public_paths() + ERROR_STATE_PATHS:
        page.goto(demo_site.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            too_wide[path] = width
    context.close()
    assert too_wide == {}
