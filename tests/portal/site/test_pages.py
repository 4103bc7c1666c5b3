"""Public pages: content, visibility, bad input and query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.models import Plan
from portal.site.selectors import plan_last_published, plans_with_last_published
from priorities.selectors import priority_detail_public, priority_last_published
from tests.partnerships.factories import PartnershipFactory
from tests.plans.factories import PlanFactory
from tests.portal.conftest import build_site
from tests.priorities.factories import PriorityFactory

pytestmark = pytest.mark.django_db


def page_urls(site):
    partnership, plan = site["partnership"], site["plan"]
    priority = site["priorities"][2]
    return {
        "home": reverse("portal:home"),
        "partnership": partnership.get_absolute_url(),
        "plan": plan.get_absolute_url(),
        "priority": priority.get_absolute_url(),
        "search": reverse("portal:search") + "?q=testborough",
    }


def test_home_lists_published_partnerships_only(client, site):
    """A resident sees published partnerships and never hidden ones."""
    PartnershipFactory(name="Hidden Partnership", is_published=False)
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    assert "Safer Testborough Partnership" in response.text
    assert "Hidden Partnership" not in response.text


def test_partnership_page_shows_members_apart_and_its_plan(client, site):
    """Members are grouped by role; the current plan and priorities are listed."""
    response = client.get(site["partnership"].get_absolute_url())
    text = response.text
    assert text.index("Responsible authorities") < text.index("Co-operating bodies")
    assert "Testborough Plan 2024-2029" in text
    for priority in site["priorities"]:
        assert priority.title in text
    assert "Old plan" in text
    assert "Superseded" in text
    assert "Last updated" in text


def test_plan_page_shows_sections_alignments_and_priorities(client, site):
    """Sections, outside and portal alignments and priorities appear."""
    plan = site["plan"]
    text = client.get(plan.get_absolute_url()).text
    for section in plan.sections.all():
        assert section.title in text
    for alignment in plan.alignments.all():
        assert alignment.display_title in text
    assert site["priorities"][0].title in text


def test_alignment_with_a_draft_plan_is_hidden(client, site):
    """A draft plan's title never leaks through an alignment."""
    draft = PlanFactory(title="Secret draft strategy", status=Plan.Status.DRAFT)
    site["plan"].alignments.create(aligned_plan=draft)
    assert (
        "Secret draft strategy" not in client.get(site["plan"].get_absolute_url()).text
    )


def test_priority_page_shows_evidence_objectives_and_targets(client, site):
    """What informed the priority, its objectives and targets table."""
    priority = site["priorities"][2]
    text = client.get(priority.get_absolute_url()).text
    assert "What informed this priority" in text
    for objective in priority.objectives.all():
        assert objective.text in text
    assert "Targets and results" in text
    assert "Priority 3 of 5" in text


def test_markdown_is_sanitised(client, site):
    """Script in Markdown never reaches the page."""
    section = site["plan"].sections.first()
    section.body = "Hello <script>alert('x')</script> [link](javascript:alert(1))"
    section.save()
    text = client.get(site["plan"].get_absolute_url()).text
    assert "<script>alert" not in text
    assert "javascript:" not in text


@pytest.mark.parametrize(
    "path",
    [
        "/partnerships/no-such-partnership/",
        "/partnerships/safer-testborough/plans/no-such-plan/",
        "/partnerships/x/plans/y/priorities/z/",
        "/no-such-page/",
    ],
)
def test_unknown_addresses_get_the_404_page(client, site, path):
    """Unknown slugs answer 404 with the site's own page."""
    response = client.get(path)
    assert response.status_code == 404
    assert "Page not found" in response.text
    assert "govuk-header" in response.text or "govuk-template" in response.text


def test_drafts_are_not_public(client, site):
    """A draft plan and its priorities answer 404."""
    draft = PlanFactory(partnership=site["partnership"], status=Plan.Status.DRAFT)
    priority = PriorityFactory(plan=draft)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(priority.get_absolute_url()).status_code == 404


def test_unpublished_partnership_is_not_public(client, site):
    """Hiding a partnership hides its page, plans and priorities."""
    partnership = site["partnership"]
    partnership.is_published = False
    partnership.save()
    for url in list(page_urls(site).values())[1:4]:
        assert client.get(url).status_code == 404


def test_search_finds_priorities_and_plans(client, site):
    """Searching a priority's title lists it with a link."""
    priority = site["priorities"][0]
    response = client.get(reverse("portal:search"), {"q": priority.title})
    assert response.status_code == 200
    assert priority.get_absolute_url() in response.text


def test_search_with_no_words_shows_an_error(client, site):
    """An empty search gets the GOV.UK error summary, not results."""
    response = client.get(reverse("portal:search"), {"q": "   "})
    assert "There is a problem" in response.text
    assert "Enter words to search for" in response.text
    assert "page" not in response.context


def test_very_long_search_is_refused_clearly(client, site):
    """A 2,000-character query gets a clear message, not a 500."""
    response = client.get(reverse("portal:search"), {"q": "burglary " * 250})
    assert response.status_code == 200
    assert "must be 200 characters or fewer" in response.text
    assert "<title>Error:" in response.text


def test_script_in_search_is_escaped(client, site):
    """A script-laden query is shown escaped and never executed."""
    query = '<script>alert("x")</script>'
    response = client.get(reverse("portal:search"), {"q": query})
    assert response.status_code == 200
    assert query not in response.text
    assert "&lt;script&gt;" in response.text


def test_search_page_number_out_of_range_is_safe(client, site):
    """Nonsense page numbers fall back to a real page."""
    for page in ["999", "-1", "abc", "1e9"]:
        response = client.get(
            reverse("portal:search"), {"q": "testborough", "page": page}
        )
        assert response.status_code == 200


@pytest.mark.parametrize("page", ["home", "partnership", "plan", "priority", "search"])
def test_query_count_does_not_grow_with_priorities(
    client, django_assert_num_queries, settings, page
):
    """Each public page makes the same number of queries for 5 and 200 priorities."""
    settings.PORTAL_PAGE_CACHE_SECONDS = 0  # count rendering, not cache hits
    small, large = build_site(priority_count=5), build_site(priority_count=200)
    counts = []
    for site in (small, large):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page_urls(site)[page]).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1], f"{page}: {counts}"
    with django_assert_num_queries(counts[0]):
        client.get(page_urls(large)[page])


def test_partnership_page_queries_do_not_grow_with_its_documents(
    client, site, settings
):
    """The partnership page links every other document without a query each."""
    settings.PORTAL_PAGE_CACHE_SECONDS = 0  # count rendering, not cache hits
    url = site["partnership"].get_absolute_url()
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for n in range(4):
        PlanFactory(
            partnership=site["partnership"],
            kind=Plan.Kind.ANNUAL_REPORT,
            title=f"Annual report {n}",
            slug=f"annual-report-{n}",
        )
    with CaptureQueriesContext(connection) as after:
        text = client.get(url).text
    assert len(after) == len(before)
    assert f'href="{url}plans/annual-report-3/"' in text


def test_priority_page_links_its_neighbours_in_plan_order(client, site):
    """A priority's page links the previous and next published priorities."""
    priorities = site["priorities"]
    text = client.get(priorities[1].get_absolute_url()).text
    assert f'href="{priorities[0].get_absolute_url()}" rel="prev"' in text
    assert f'href="{priorities[2].get_absolute_url()}" rel="next"' in text


def test_last_published_is_the_same_read_with_the_page_or_alone(site):
    """The plan and priority pages' "last updated", read in the page's own query,
    is the date the stand-alone reads give."""
    plan = site["plan"]
    annotated = plans_with_last_published(Plan.objects.filter(pk=plan.pk)).get()
    assert plan_last_published(plan=annotated) == plan_last_published(plan=plan)
    priority = site["priorities"][0]
    with_page = priority_detail_public(
        partnership_slug=plan.partnership.slug, plan_slug=plan.slug
    ).get(pk=priority.pk)
    assert with_page.last_published_at is not None
    assert priority_last_published(priority=with_page) == priority_last_published(
        priority=priority
    )


def test_partnership_page_shows_its_principles_boards_links_and_contacts(client, site):
    """Principles, boards with their objectives, the boards it works with and
    its contacts all appear on the partnership page."""
    partnership = site["partnership"]
    partnership.linked_boards.create(name="Safeguarding Adults Board", url="")
    text = client.get(partnership.get_absolute_url()).text
    for principle in partnership.principles.all():
        assert principle.text in text
    for board in partnership.boards.all():
        assert board.name in text
        for objective in board.objectives.all():
            assert objective.text in text
    assert "Safeguarding Adults Board" in text
    for contact in partnership.contacts.all():
        assert contact.name in text
