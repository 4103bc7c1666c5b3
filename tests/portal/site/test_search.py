import datetime
import logging
import re

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from engagement.models import Consultation
from engagement.services import consultation_close_now
from partnerships.services import (
    search_reindex_for_areas,
    search_reindex_for_organisation,
)
from plans.models import Plan
from portal.core.models import OutboxMessage
from portal.site.models import SearchEntry
from portal.site.search_terms import (
    highlight_markup,
    synonym_groups,
    synonym_groups_parse,
)
from portal.site.selectors import search_entries
from portal.site.services import (
    search_index_rebuild_all,
    search_index_rebuild_for_consultation,
    search_index_rebuild_for_partnership,
    search_index_rebuild_for_plan,
)
from tests.engagement.factories import ConsultationFactory
from tests.partnerships.factories import (
    MembershipFactory,
    PartnershipFactory,
    WardFactory,
)
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
    """A partnership, its member, its plan and its two priorities are findable."""
    assert SearchEntry.objects.count() == 5


def test_title_matches_rank_above_body_matches(indexed):
    """'burglary' in a title ranks above 'burglary' in a description."""
    assert titles("burglary") == ["Reduce burglary", "Feeling safe"]


def test_words_are_stemmed(indexed):
    """'burglaries' finds 'burglary' (English stemming)."""
    assert "Reduce burglary" in titles("burglaries")


def test_member_organisations_and_objectives_are_searchable(indexed):
    """Member names find the member and the partnership; objectives find the
    priority."""
    assert titles("fire brigade") == [
        "London Fire Brigade",
        "Safer Kingston Partnership",
    ]
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


# --- The field's vocabulary ---------------------------------------------------------


@pytest.fixture
def vocabulary():
    """Priorities written in full, in acronyms, and one about asbestos; indexed."""
    plan = PlanFactory(partnership=PartnershipFactory(name="Safer Riverside"))
    PriorityFactory(plan=plan, title="Tackle anti-social behaviour", summary="")
    PriorityFactory(plan=plan, title="Repeat ASB callers", summary="")
    PriorityFactory(plan=plan, title="Violence against women and girls", summary="")
    PriorityFactory(plan=plan, title="Domestic abuse", summary="Support for victims.")
    PriorityFactory(plan=plan, title="Offensive weapons", summary="")
    PriorityFactory(plan=plan, title="Asbestos in council blocks", summary="")
    PriorityFactory(plan=plan, title="Data sharing", summary="")
    search_index_rebuild_all()


def test_asb_finds_anti_social_behaviour_and_back(vocabulary):
    """ "ASB" finds pages that spell it out, and the spelled-out words find "ASB"."""
    expected = {"Tackle anti-social behaviour", "Repeat ASB callers"}
    for query in ("ASB", "asb", "antisocial behaviour", "anti social behaviour"):
        assert set(titles(query)) == expected, query


def test_acronyms_match_whole_words_only(vocabulary):
    """ "ASB" never finds "asbestos"; "DA" never finds "data"."""
    assert "Asbestos in council blocks" not in titles("ASB")
    assert titles("DA") == ["Domestic abuse"]
    assert titles("domestic violence") == ["Domestic abuse"]


def test_vawg_and_knife_crime_find_their_variants(vocabulary):
    """ "VAWG" finds violence against women and girls; knife crime finds weapons."""
    assert titles("VAWG") == ["Violence against women and girls"]
    assert titles("vawg") == ["Violence against women and girls"]
    assert titles("knife crime") == ["Offensive weapons"]


def test_a_quoted_acronym_is_searched_as_typed(vocabulary):
    """Quotes keep the resident's own words: "ASB" in quotes finds only "ASB"."""
    assert titles('"ASB"') == ["Repeat ASB callers"]


def test_the_synonyms_file_is_well_formed():
    """Every group has two variants or more and no variant is in two groups."""
    groups = synonym_groups()
    assert groups[0][:2] == ("ASB", "anti-social behaviour")
    assert all(len(group) >= 2 for group in groups)
    with pytest.raises(ValueError, match="already in line 1"):
        synonym_groups_parse("ASB | anti-social behaviour\nASB | antisocial")
    with pytest.raises(ValueError, match="fewer than two"):
        synonym_groups_parse("# a note\nVAWG")


# --- Wards, members and consultations ---------------------------------------------


def test_current_wards_of_published_partnerships_are_indexed():
    """A current ward is found with its borough; a former ward and a ward of an
    unpublished partnership's borough are not."""
    partnership = PartnershipFactory(name="Safer Riverside", area__slug="riverside")
    WardFactory(name="Canbury Gardens", slug="canbury-gardens", parent=partnership.area)
    WardFactory(
        name="Canbury Old",
        slug="canbury-old",
        parent=partnership.area,
        valid_to=datetime.date(2022, 5, 4),
    )
    hidden = PartnershipFactory(is_published=False)
    WardFactory(name="Canbury Hidden", slug="canbury-hidden", parent=hidden.area)
    search_index_rebuild_all()
    entries = list(search_entries(query="canbury"))
    assert [(e.kind, e.title) for e in entries] == [("ward", "Canbury Gardens")]
    assert entries[0].url == "/areas/riverside/canbury-gardens/"
    borough = partnership.area.name
    assert "ward" not in {e.kind for e in search_entries(query=borough)}


def test_consultations_residents_can_see_are_indexed():
    """Open, closed and published consultations are found; drafts and
    scheduled ones never are."""
    partnership = PartnershipFactory()
    for status in ("open", "closed", "published", "draft", "scheduled"):
        trait = {} if status == "open" else {status: True}
        ConsultationFactory(
            partnership=partnership, title=f"Street lighting ({status})", **trait
        )
    search_index_rebuild_all()
    assert sorted(titles("street lighting")) == [
        "Street lighting (closed)",
        "Street lighting (open)",
        "Street lighting (published)",
    ]


def test_a_consultation_leaves_the_index_when_it_is_no_longer_public(client):
    """Re-indexing a consultation that went back to draft removes it; a second
    run changes nothing."""
    consultation = ConsultationFactory(title="Street lighting")
    assert search_index_rebuild_for_consultation(consultation_id=consultation.pk) == 1
    Consultation.objects.filter(pk=consultation.pk).update(
        status=Consultation.Status.DRAFT, opens_at=None, closes_at=None
    )
    assert search_index_rebuild_for_consultation(consultation_id=consultation.pk) == 1
    assert search_index_rebuild_for_consultation(consultation_id=consultation.pk) == 0
    assert titles("street lighting") == []
    response = client.get(reverse("portal:search"), {"q": "street lighting"})
    assert "Street lighting" not in response.text


def test_changing_a_consultations_status_queues_its_reindex(django_user_model):
    """Closing early asks for a re-index of the consultation once it commits."""
    consultation = ConsultationFactory()
    consultation_close_now(consultation=consultation, actor=None)
    assert OutboxMessage.objects.filter(
        task_name="portal.site.tasks.search_index_rebuild_for_consultation",
        args=[consultation.pk],
    ).exists()


def test_past_members_are_not_indexed_as_members():
    """A membership that has ended is not a member's entry; the partnership
    page, which lists past members apart, is still found by the name."""
    partnership = PartnershipFactory(name="Safer Riverside")
    MembershipFactory(
        partnership=partnership,
        organisation__name="Riverside Clinical Commissioning Group",
        ended_on=datetime.date(2022, 6, 30),
    )
    search_index_rebuild_all()
    assert titles("clinical commissioning") == ["Safer Riverside"]


def test_renaming_an_organisation_queues_its_partnerships_reindex():
    """Each published partnership the organisation sits on is re-indexed."""
    membership = MembershipFactory()
    MembershipFactory(
        organisation=membership.organisation, partnership__is_published=False
    )
    assert (
        search_reindex_for_organisation(organisation_id=membership.organisation_id) == 1
    )
    assert OutboxMessage.objects.filter(
        task_name="portal.tasks.search_index_rebuild_for_partnership",
        args=[membership.partnership_id],
    ).exists()


def test_changing_a_ward_queues_its_partnerships_reindex():
    """A ward's partnership is re-indexed; an unpublished one's is not."""
    partnership = PartnershipFactory()
    ward = WardFactory(parent=partnership.area)
    hidden_ward = WardFactory(parent=PartnershipFactory(is_published=False).area)
    assert search_reindex_for_areas(area_ids=[ward.pk, hidden_ward.pk]) == 1
    assert list(
        OutboxMessage.objects.filter(
            task_name="portal.tasks.search_index_rebuild_for_partnership"
        ).values_list("args", flat=True)
    ) == [[partnership.pk]]


# --- The search page ----------------------------------------------------------------


def test_no_results_shows_the_message_and_suggestions(client, indexed):
    """Nothing matched: the GOV.UK no-results message, with links to try next."""
    response = client.get(reverse("portal:search"), {"q": "zzzzqqqq"})
    assert response.status_code == 200
    text = response.text
    assert "0 results for \u2018zzzzqqqq\u2019" in text
    assert "There are no matching results" in text
    assert "checking your spelling" in text
    assert "fewer words" in text
    assert f'href="{reverse("areas:find")}"' in text
    assert f'href="{reverse("portal:home")}#partnerships"' in text
    assert f'href="{reverse("engagement:list")}"' in text


def test_results_mark_the_words_matched(client, indexed):
    """The matched word is wrapped in <mark> in the title and the summary."""
    response = client.get(reverse("portal:search"), {"q": "burglary"})
    assert "Reduce <mark>burglary</mark>" in response.text


def test_highlighting_escapes_stored_text_and_the_query(client):
    """Markup in stored text or the query is shown as text; only <mark> is HTML."""
    plan = PlanFactory(partnership=PartnershipFactory())
    PriorityFactory(
        plan=plan,
        title='<script>alert("x")</script> burglary \ue000 <img src=x onerror=y>',
        summary="<b>burglary</b> & \ue001 more",
    )
    search_index_rebuild_all()
    text = client.get(reverse("portal:search"), {"q": "burglary"}).text
    assert "<script>alert" not in text
    assert "<img" not in text
    assert "<b>" not in text
    assert (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; <mark>burglary</mark>"
        " &lt;img src=x onerror=y&gt;" in text
    )
    assert "&lt;b&gt;<mark>burglary</mark>&lt;/b&gt; &amp; more" in text
    assert text.count("<mark>") == text.count("</mark>") == 2
    query = client.get(reverse("portal:search"), {"q": '<mark onclick="x">'}).text
    assert "<mark onclick" not in query
    assert "&lt;mark onclick=&quot;x&quot;&gt;" in query


def test_highlight_markup_keeps_marks_balanced():
    """A stray end mark is dropped, an open one is closed, and text is escaped."""
    assert highlight_markup("\ue001a \ue000<b>") == "a <mark>&lt;b&gt;</mark>"
    assert highlight_markup("one \ue000two\ue001 three", words=2) == (
        "one <mark>two</mark>…"
    )


@pytest.mark.parametrize("typed", ["kt1 1ae", "KT11AE", " Kt1 1AE "])
def test_a_postcode_goes_to_its_ward_and_is_not_logged(client, areas, typed, caplog):
    """A postcode redirects to its ward's page, never stored or logged."""
    caplog.set_level(logging.DEBUG)
    response = client.get(reverse("portal:search"), {"q": typed})
    assert response.status_code == 302
    assert response["Location"] == "/areas/kingston-upon-thames/kingston-town/"
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies
    assert not any("KT1" in str(r.__dict__).upper() for r in caplog.records)


def test_a_postcode_with_no_area_here_says_so_and_is_not_searched(client, areas):
    """An unknown postcode gets the finder's message, never the word search."""
    response = client.get(reverse("portal:search"), {"q": "KT9 9ZZ"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "We cannot find the postcode KT9 9ZZ" in response.text
    assert "results for" not in response.text
    outside = client.get(reverse("portal:search"), {"q": "SW10 0AB"})
    assert "outside the partnerships on this site" in outside.text


@pytest.mark.parametrize(
    ("typed", "page"),
    [
        ("Norbiton", "/areas/kingston-upon-thames/norbiton/"),
        ("queens park", "/areas/westminster/queens-park/"),
    ],
)
def test_a_current_wards_name_goes_to_its_page(client, areas, typed, page):
    """Exactly a current ward's name redirects to the ward's page."""
    response = client.get(reverse("portal:search"), {"q": typed})
    assert response.status_code == 302
    assert response["Location"] == page


def test_other_area_names_are_searched_as_words(client, areas):
    """A borough, a place or a part of a ward's name is a word search."""
    for typed in ("Kingston upon Thames", "Kingston town centre", "Norbit"):
        response = client.get(reverse("portal:search"), {"q": typed})
        assert response.status_code == 200, typed


def test_search_page_queries_do_not_grow_with_results(client, indexed):
    """The same number of queries for 2 results as for 20."""
    plan = indexed["plan"]

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("portal:search"), {"q": "shoplifting"})
        assert response.status_code == 200
        return len(queries), response.text.count('class="app-search-results__item"')

    for n in range(2):
        PriorityFactory(plan=plan, title=f"Shoplifting {n}")
    search_index_rebuild_all()
    small, shown = count_queries()
    assert shown == 2
    for n in range(2, 20):
        PriorityFactory(plan=plan, title=f"Shoplifting {n}")
    search_index_rebuild_all()
    large, shown = count_queries()
    assert shown == 20
    assert large == small
