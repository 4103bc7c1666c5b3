"""Every public page in real Chromium: axe-core, one h1, unique titles, skip link;
at 320 and 390 CSS pixels no sideways scrolling, no word broken in a table, and
axe-core again."""

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
        reverse("portal:search") + "?q=ASB",  # widened, with matches marked
        reverse("portal:search") + "?q=zzzzqqqq",  # no results: message, links
        reverse("portal:search") + "?q=KT9+9ZZ",  # a postcode with no area here
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


# Words inside table cells that the browser split across lines: a word whose
# text occupies more than one line box. Hyphens and slashes are places a word
# may wrap, so the parts between them are measured on their own.
BROKEN_WORDS = """
() => {
  const broken = [];
  for (const cell of document.querySelectorAll('table td, table th')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const pattern = /[^\\s\\-\\/\u2013]+/g;
      let match;
      while ((match = pattern.exec(node.data))) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set(
          Array.from(range.getClientRects()).map((r) => Math.round(r.top))
        );
        if (tops.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}
"""


def test_pages_read_well_on_phones(demo_site, browser):
    """At 320 and 390 CSS pixels: no sideways scrolling (WCAG 1.4.10), no word
    in a table broken across lines (tables stack on phones), and axe-clean."""
    problems = {}
    for width in (320, 390):
        context = browser.new_context(viewport={"width": width, "height": 780})
        page = context.new_page()
        for path in public_paths() + ERROR_STATE_PATHS:
            page.goto(demo_site.url + path)
            found = []
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if scroll > width:
                found.append(f"page is {scroll} px wide")
            broken = page.evaluate(BROKEN_WORDS)
            if broken:
                found.append(f"words broken in tables: {broken[:8]}")
            if width == 320:
                violations = axe_violations(page)
                if violations:
                    found.append(f"axe: {violations}")
            if found:
                problems[f"{width}px {path}"] = found
        context.close()
    assert problems == {}
