"""Scoped invalidation of the page cache (portal/core/cache.py) on the real
Redis: a publication empties its own partnership's pages and the lists, and
leaves every other partnership's stored pages served."""

import pytest
import redis
from django.core.cache import caches
from django.urls import reverse

from partnerships.models import WardContact
from plans.services import plan_publish, section_create
from portal.core import cache as page_cache
from priorities.services import priority_publish, priority_save_draft
from tests.meetings.factories import MeetingFactory
from tests.partnerships.factories import (
    AreaFactory,
    MembershipFactory,
    PartnershipFactory,
    WardFactory,
)
from tests.plans.factories import PlanFactory
from tests.priorities.factories import PriorityFactory

pytestmark = pytest.mark.django_db


def cache_state(response) -> str | None:
    return response.headers.get("X-Cache")


def _partnership(name: str) -> dict:
    borough = AreaFactory(name=name, slug=name.lower())
    ward = WardFactory(parent=borough, name=f"{name} Central", slug="central")
    partnership = PartnershipFactory(
        name=f"Safer {name}", slug=f"safer-{name.lower()}", area=borough
    )
    MembershipFactory(partnership=partnership)
    plan = PlanFactory(partnership=partnership, title=f"{name} Plan")
    priority = PriorityFactory(plan=plan, title=f"{name} streets")
    urls = {
        "partnership": partnership.get_absolute_url(),
        "plan": plan.get_absolute_url(),
        "priority": priority.get_absolute_url(),
        "crime": reverse("crime:statistics", args=[partnership.slug]),
        "meetings": reverse("meetings:list", args=[partnership.slug]),
        "borough": reverse("areas:borough", args=[borough.slug]),
        "ward": ward.get_absolute_url(),
    }
    return {
        "partnership": partnership,
        "plan": plan,
        "priority": priority,
        "ward": ward,
        "urls": urls,
        # Named apart, so two partnerships' pages can be put together.
        "pages": {f"{name} {kind}": url for kind, url in urls.items()},
    }


@pytest.fixture
def boroughs(db):
    return {name: _partnership(name) for name in ("Westminster", "Kingston")}


LISTS = {
    "home": reverse("portal:home"),
    "consultations": reverse("engagement:list"),
    "API plans": reverse("api:plan-list"),
    "API priorities": reverse("api:priority-list"),
}


def warm(client, urls):
    """Visit each page until it is stored."""
    for name, url in urls.items():
        assert client.get(url).status_code == 200, name
        assert cache_state(client.get(url)) == "hit", name


def states(client, urls) -> dict:
    return {name: cache_state(client.get(url)) for name, url in urls.items()}


def test_publishing_a_priority_empties_its_partnerships_pages_and_the_lists_only(
    client, boroughs
):
    """Westminster publishes a priority (through the service): its pages and
    the lists are rendered afresh with the new title; every one of Kingston's
    stored pages is still served."""
    westminster, kingston = boroughs["Westminster"], boroughs["Kingston"]
    warm(client, westminster["pages"] | kingston["pages"] | LISTS)
    priority = westminster["priority"]
    priority_save_draft(
        priority=priority,
        actor=None,
        data={"title": "Safer nights in Soho"},
        version=priority.version,
    )
    # A draft is not public: nothing stored needs to go yet, but nothing
    # outside Westminster goes either.
    assert set(states(client, kingston["pages"]).values()) == {"hit"}
    warm(client, westminster["pages"] | LISTS)

    priority_publish(priority=priority, actor=None)

    for name, url in (westminster["pages"] | LISTS).items():
        assert cache_state(client.get(url)) == "miss", name
    for name in ("plan", "priority"):
        assert "Safer nights in Soho" in client.get(westminster["urls"][name]).text
    assert "Safer nights in Soho" in client.get(LISTS["API priorities"]).text
    assert states(client, kingston["pages"]) == dict.fromkeys(kingston["pages"], "hit")


def test_publishing_a_plan_leaves_the_other_partnerships_pages_served(client, boroughs):
    """A section published with Westminster's plan shows at once on its plan
    page; Kingston's partnership page stays a hit."""
    westminster, kingston = boroughs["Westminster"], boroughs["Kingston"]
    plan = westminster["plan"]
    section_create(
        plan=plan, actor=None, data={"title": "Tackling shoplifting", "body": "Plans."}
    )
    warm(client, westminster["pages"] | kingston["pages"] | LISTS)

    plan_publish(plan=plan, actor=None)

    page = client.get(westminster["urls"]["plan"])
    assert cache_state(page) == "miss"
    assert "Tackling shoplifting" in page.text
    assert states(client, LISTS) == dict.fromkeys(LISTS, "miss")
    assert states(client, kingston["pages"]) == dict.fromkeys(kingston["pages"], "hit")


def test_a_plan_another_partnership_aligns_with_empties_that_partnerships_pages(
    client, boroughs
):
    """Kingston's plan page names Westminster's plan it aligns with: a change
    to Westminster's plan empties Kingston's pages too."""
    westminster, kingston = boroughs["Westminster"], boroughs["Kingston"]
    kingston["plan"].alignments.create(aligned_plan=westminster["plan"])
    warm(client, kingston["pages"])
    westminster["plan"].title = "Westminster Plan 2025"
    westminster["plan"].save()
    page = client.get(kingston["urls"]["plan"])
    assert cache_state(page) == "miss"
    assert "Westminster Plan 2025" in page.text


def test_a_meeting_moved_to_another_partnership_empties_both(client, boroughs):
    """A row that changes partnership empties the pages of the one it left
    and of the one it joined."""
    westminster, kingston = boroughs["Westminster"], boroughs["Kingston"]
    meeting = MeetingFactory(partnership=westminster["partnership"])
    warm(client, westminster["pages"] | kingston["pages"])
    meeting.partnership = kingston["partnership"]
    meeting.save()
    assert cache_state(client.get(westminster["urls"]["meetings"])) == "miss"
    assert cache_state(client.get(kingston["urls"]["meetings"])) == "miss"


def test_a_row_with_no_known_partnership_empties_every_page(client, boroughs):
    """An organisation (a member of several partnerships) names no partnership:
    its change empties every stored page, Kingston's included."""
    westminster, kingston = boroughs["Westminster"], boroughs["Kingston"]
    organisation = westminster["partnership"].memberships.get().organisation
    everything = westminster["pages"] | kingston["pages"] | LISTS
    warm(client, everything)
    organisation.name = "Metropolitan Police Service"
    organisation.save()
    assert states(client, everything) == dict.fromkeys(everything, "miss")


def test_content_changed_without_scopes_empties_every_page(client, boroughs):
    """A crime import (written in bulk) calls content_changed() with no scope."""
    everything = boroughs["Westminster"]["pages"] | boroughs["Kingston"]["pages"]
    warm(client, everything)
    page_cache.content_changed()
    assert states(client, everything) == dict.fromkeys(everything, "miss")


def test_a_deleted_row_empties_its_partnerships_pages(client, boroughs):
    """Deleted, the row cannot be followed to its partnership any more: its
    scopes are found before the delete."""
    westminster, kingston = boroughs["Westminster"], boroughs["Kingston"]
    warm(client, westminster["pages"] | kingston["pages"])
    title = westminster["priority"].title
    westminster["priority"].delete()
    page = client.get(westminster["urls"]["plan"])
    assert cache_state(page) == "miss"
    assert title not in page.text
    assert states(client, kingston["pages"]) == dict.fromkeys(kingston["pages"], "hit")


def test_a_hit_is_one_round_trip_to_redis(client, boroughs, monkeypatch):
    """The page and the tokens of its scopes are read with one MGET."""
    url = boroughs["Kingston"]["urls"]["priority"]
    warm(client, {"priority": url})
    commands = []
    execute = redis.Redis.execute_command

    def counted(self, *args, **options):
        commands.append(args[0])
        return execute(self, *args, **options)

    monkeypatch.setattr(redis.Redis, "execute_command", counted)
    assert cache_state(client.get(url)) == "hit"
    assert commands == ["MGET"]


def redis_away(monkeypatch):
    """Token writes fail, as they would with Redis stopped."""

    def refuse(*args, **kwargs):
        raise redis.exceptions.ConnectionError("Redis is away")

    monkeypatch.setattr(caches["default"], "set_many", refuse)


def redis_back(monkeypatch):
    """Token writes work again, and the pause after the failure is over."""
    monkeypatch.delattr(caches["default"], "set_many")
    monkeypatch.setattr(page_cache, "_paused_until", 0.0)


def test_a_bump_missed_while_redis_failed_is_made_when_it_returns(
    client, boroughs, monkeypatch
):
    """Redis refuses the bump of Westminster's scopes: the next page read
    makes it first, so Westminster's stored pages go and Kingston's stay."""
    westminster, kingston = boroughs["Westminster"], boroughs["Kingston"]
    warm(client, westminster["pages"] | kingston["pages"])
    redis_away(monkeypatch)
    westminster["partnership"].vision = "Safe at night"
    westminster["partnership"].save()
    assert page_cache._pending_scopes >= {
        page_cache.partnership_scope("safer-westminster"),
        page_cache.LISTS,
    }
    assert page_cache.ALL not in page_cache._pending_scopes
    redis_back(monkeypatch)
    page = client.get(westminster["urls"]["partnership"])
    assert cache_state(page) == "miss"
    assert "Safe at night" in page.text
    assert not page_cache._pending_scopes
    assert states(client, kingston["pages"]) == dict.fromkeys(kingston["pages"], "hit")


def test_a_pending_bump_of_unknown_scope_empties_every_page(
    client, boroughs, monkeypatch
):
    """Content changed with no known scope while Redis was away: once back,
    every stored page goes."""
    everything = boroughs["Westminster"]["pages"] | boroughs["Kingston"]["pages"]
    warm(client, everything)
    redis_away(monkeypatch)
    page_cache.content_changed()
    assert page_cache.ALL in page_cache._pending_scopes
    redis_back(monkeypatch)
    assert states(client, everything) == dict.fromkeys(everything, "miss")


def test_pages_know_their_scopes_from_the_address_alone():
    """No query: the URL's slugs name the scopes."""
    from django.urls import resolve

    assert page_cache.page_scopes(resolve("/partnerships/safer-kingston/")) == (
        "partnership:safer-kingston",
    )
    assert page_cache.page_scopes(
        resolve("/partnerships/safer-kingston/plans/plan-1/")
    ) == ("partnership:safer-kingston",)
    assert page_cache.page_scopes(resolve("/areas/kingston/central/")) == (
        "area:kingston",
    )
    assert page_cache.page_scopes(resolve("/areas/kingston/")) == ("area:kingston",)
    assert page_cache.page_scopes(resolve("/")) == ("lists",)
    assert page_cache.page_scopes(resolve("/consultations/")) == ("lists",)


def test_the_bump_on_commit_is_scoped_too(transactional_db, client):
    """Committed for real (the service's own transaction), the second bump
    empties Westminster's pages again and still leaves Kingston's served."""
    westminster, kingston = _partnership("Westminster"), _partnership("Kingston")
    warm(client, westminster["pages"] | kingston["pages"])
    priority = westminster["priority"]
    priority_save_draft(
        priority=priority,
        actor=None,
        data={"title": "Safer nights in Soho"},
        version=priority.version,
    )
    priority_publish(priority=priority, actor=None)
    page = client.get(westminster["urls"]["priority"])
    assert cache_state(page) == "miss"
    assert "Safer nights in Soho" in page.text
    assert states(client, kingston["pages"]) == dict.fromkeys(kingston["pages"], "hit")


def test_a_ward_contact_empties_its_boroughs_pages_only(client, boroughs):
    """A Safer Neighbourhood team's details, kept by Kingston's officers, show
    on Kingston's ward page at once; Westminster's ward page stays served."""
    westminster, kingston = boroughs["Westminster"], boroughs["Kingston"]
    warm(client, westminster["pages"] | kingston["pages"])
    kingston["ward"].contacts.create(
        kind=WardContact.Kind.SAFER_NEIGHBOURHOOD_TEAM,
        name="Kingston Central SNT",
        email="snt@test.example",
    )
    page = client.get(kingston["urls"]["ward"])
    assert cache_state(page) == "miss"
    assert "Kingston Central SNT" in page.text
    assert cache_state(client.get(westminster["urls"]["ward"])) == "hit"
    assert cache_state(client.get(westminster["urls"]["partnership"])) == "hit"
