import re

import pytest
from django.core.paginator import Paginator
from django.template.loader import render_to_string

from plans.models import Plan
from portal.site.models import SearchEntry
from portal.site.selectors import search_entries
from portal.site.services import (
    search_index_rebuild_all,
    search_index_rebuild_for_partnership,
    search_index_rebuild_for_plan,
)
from tests.partnerships.factories import MembershipFactory, PartnershipFactory
from tests.plans.factories import PlanFactory, PlanSectionFactory
from tests.priorities.factories import ObjectiveFactory, PriorityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed():
    """A published partnership with a plan, sections, priorities; indexed."""
    partnership = PartnershipFactory(name="Safer Kingston Partnership")
    MembershipFactory(partnership=partnership, organisation__name="London Fire Brigade")
    plan = PlanFactory(partnership=partnership, title="Safer Kingston Plan 2024-2029")
    PlanSectionFactory(plan=plan, title="Crime harm", body="Harm from crime differs.")
    burglary = PriorityFactory(
        plan=plan, title="Reduce burglary", summary="Fewer homes broken into."
    )
    PriorityFactory(
        plan=plan,
        title="Feeling safe",
        summary="Perceptions matter.",
        description="Includes work after burglary victims are identified.",
    )
    ObjectiveFactory(priority=burglary, text="Target prolific offenders")
    search_index_rebuild_all()
    return {"partnership": partnership, "plan": plan, "burglary": burglary}


def titles(query):
    return [entry.title for entry in search_entries(query=query)]


def test_everything_public_is_indexed(indexed):
    """A partnership, its plan and its two priorities are findable."""
    assert SearchEntry.objects.count() == 4


def test_title_matches_rank_above_body_matches(indexed):
    """'burglary' in a title ranks above 'burglary' in a description."""
    assert titles("burglary") == ["Reduce burglary", "Feeling safe"]


def test_words_are_stemmed(indexed):
    """'burglaries' finds 'burglary' (English stemming)."""
    assert "Reduce burglary" in titles("burglaries")


def test_member_organisations_and_objectives_are_searchable(indexed):
    """Member names find the partnership; objectives find the priority."""
    assert titles("fire brigade") == ["Safer Kingston Partnership"]
    assert titles("prolific offenders") == ["Reduce burglary"]


def test_websearch_syntax_is_safe(indexed):
    """Quotes, minus signs and stray symbols never raise."""
    for query in ['"crime harm"', "burglary -feeling", "'); DROP TABLE x; --", "&|!:*"]:
        list(search_entries(query=query))
    assert titles('"crime harm"') == ["Safer Kingston Plan 2024-2029"]


def test_rebuilding_twice_changes_nothing(indexed):
    """The index service is idempotent: a second run writes no row."""
    before = list(SearchEntry.objects.order_by("id").values())
    assert search_index_rebuild_all() == 0
    assert list(SearchEntry.objects.order_by("id").values()) == before


def test_draft_plans_are_not_indexed(indexed):
    """Unpublishing a plan removes it and its priorities from search."""
    Plan.objects.filter(pk=indexed["plan"].pk).update(status=Plan.Status.DRAFT)
    assert search_index_rebuild_for_plan(plan_id=indexed["plan"].pk) == 3
    assert titles("burglary") == []


def test_unpublished_partnerships_are_not_searchable(indexed):
    """Hiding a partnership hides everything of it, at once and after re-indexing."""
    partnership = indexed["partnership"]
    partnership.is_published = False
    partnership.save()
    assert titles("burglary") == []  # the selector checks, even before re-indexing
    search_index_rebuild_for_partnership(partnership_id=partnership.pk)
    assert SearchEntry.objects.count() == 0


def test_changed_content_is_reindexed(indexed):
    """A renamed priority is found by its new title."""
    priority = indexed["burglary"]
    priority.title = "Reduce residential break-ins"
    priority.save()
    assert search_index_rebuild_for_plan(plan_id=priority.plan_id) == 1
    assert titles("break-ins") == ["Reduce residential break-ins"]


def test_deleted_priorities_leave_the_index(indexed):
    """Deleting a priority and re-indexing its plan removes its entry."""
    indexed["burglary"].delete()
    search_index_rebuild_for_plan(plan_id=indexed["plan"].pk)
    assert "Reduce burglary" not in titles("burglary")


def test_results_pages_elide_the_middle_with_frontend_6_markup():
    """On page 5 of 9 the links are 1, …, 4, 5, 6, …, 9, each keeping the search
    words; the gaps use GOV.UK Frontend 6's ellipsis class."""
    page = Paginator(range(180), 20).page(5)
    html = render_to_string(
        "includes/pagination.html", {"page": page, "query": "anti social"}
    )
    items = re.findall(
        r'<li class="govuk-pagination__item([^"]*)">\s*(.*?)</li>', html, re.S
    )
    shown = [
        "…" if "ellipsis" in classes else re.sub(r"<[^>]+>", "", body).strip()
        for classes, body in items
    ]
    assert shown == ["1", "…", "4", "5", "6", "…", "9"]
    assert html.count("govuk-pagination__item--ellipsis") == 2
    assert "ellipses" not in html
    assert 'href="?q=anti%20social&amp;page=4"' in html
    assert 'aria-current="page">5</a>' in html
