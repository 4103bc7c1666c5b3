"""The public page cache (portal/cache.py) on the real Redis: anonymous visitors
get stored pages, nobody else does, and a change residents should see is never
hidden behind a stored page."""

import datetime
import threading

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import resolve, reverse
from django.utils import timezone

from engagement import services as engagement_services
from plans.services import section_create
from portal.core.cache import CACHED_PAGES, KEY_PREFIX, PublicPageCacheMiddleware
from priorities.services import priority_publish, priority_save_draft
from tests.engagement.factories import (
    ConsultationFactory,
    OutcomeActionFactory,
    OutcomeFactory,
    QuestionFactory,
    ResponseFactory,
)
from tests.partnerships.factories import PrincipleFactory, WardFactory
from tests.priorities.factories import PriorityFactory

pytestmark = pytest.mark.django_db


def cache_state(response) -> str | None:
    return response.headers.get("X-Cache")


def public_urls(site) -> dict:
    partnership, plan = site["partnership"], site["plan"]
    priority = site["priorities"][0]
    results = OutcomeFactory(consultation__partnership=partnership).consultation
    OutcomeActionFactory(outcome=results.outcome, priority=priority)
    return {
        "home": reverse("portal:home"),
        "accessibility": reverse("portal:accessibility"),
        "privacy": reverse("portal:privacy"),
        "contacts": reverse("portal:contacts"),
        "partnership": partnership.get_absolute_url(),
        "plan": plan.get_absolute_url(),
        "priority": priority.get_absolute_url(),
        "priority history": reverse(
            "priorities:history", args=[partnership.slug, plan.slug, priority.slug]
        ),
        "consultations": reverse("engagement:list"),
        "results": reverse("engagement:results", args=[partnership.slug, results.slug]),
        "crime statistics": reverse("crime:statistics", args=[partnership.slug]),
        "crime CSV": reverse("crime:csv_by_month", args=[partnership.slug]),
    }


def test_every_public_page_is_a_hit_the_second_time(
    client, site, django_assert_num_queries
):
    """The second anonymous request gets the same page from Redis, no queries,
    with the security headers added afresh."""
    for name, url in public_urls(site).items():
        first = client.get(url)
        assert first.status_code == 200, name
        assert cache_state(first) == "miss", name
        with django_assert_num_queries(0):
            second = client.get(url)
        assert second.status_code == 200, name
        assert cache_state(second) == "hit", name
        assert second.content == first.content, name
        for header in (
            "Content-Type",
            "Content-Disposition",
            "Content-Security-Policy",
            "X-Frame-Options",
            "X-Content-Type-Options",
        ):
            assert second.headers.get(header) == first.headers.get(header), (
                name,
                header,
            )


def test_signed_in_officers_are_never_served_or_given_stored_pages(
    client, site, django_user_model
):
    """A page stored for residents is not shown to an officer, and the page an
    officer gets (with its sign-out button) is never stored."""
    url = site["partnership"].get_absolute_url()
    resident = Client()
    assert cache_state(resident.get(url)) == "miss"
    officer = django_user_model.objects.create_user("officer@test.example")
    client.force_login(officer)
    for _ in range(2):
        page = client.get(url)
        assert page.status_code == 200
        assert cache_state(page) is None
        assert "Sign out" in page.text
    assert cache_state(resident.get(url)) == "hit"
    assert "Sign out" not in resident.get(url).text

    fresh = reverse("portal:home") + "?officer-first"
    assert cache_state(client.get(fresh)) is None
    assert cache_state(resident.get(fresh)) == "miss"


def test_the_consultation_form_is_never_stored(client, site):
    """Each showing of the form carries its own idempotency key; the
    confirmation page is never stored either."""
    consultation = ConsultationFactory(partnership=site["partnership"])
    QuestionFactory(consultation=consultation, kind="yes_no", required=True)
    keys = set()
    for _ in range(2):
        page = client.get(consultation.get_absolute_url())
        assert page.status_code == 200
        assert cache_state(page) is None
        keys.add(page.context["form"].initial["idempotency_key"])
    assert len(keys) == 2
    response = ResponseFactory(consultation=consultation)
    done = reverse(
        "engagement:done",
        args=[site["partnership"].slug, consultation.slug, response.reference],
    )
    assert [cache_state(client.get(done)) for _ in range(2)] == [None, None]


def test_search_and_staff_pages_are_never_stored(admin_client, client, site):
    """Search varies with every query; staff pages are for officers only."""
    search = reverse("portal:search") + "?q=testborough"
    assert [cache_state(client.get(search)) for _ in range(2)] == [None, None]
    for url in ("/manage/", "/admin/"):
        assert [cache_state(admin_client.get(url)) for _ in range(2)] == [None, None]


def test_pages_that_are_not_found_are_not_stored(client, site):
    """Only 200 responses are kept: a 404 is rendered every time."""
    url = "/partnerships/no-such-partnership/"
    for _ in range(2):
        page = client.get(url)
        assert page.status_code == 404
        assert cache_state(page) == "miss"


def test_a_pending_message_bypasses_the_cache(client, site):
    """A visitor with a message waiting (a cookie) gets a page of their own."""
    url = site["partnership"].get_absolute_url()
    client.get(url)
    client.cookies["messages"] = "something for this visitor only"
    assert cache_state(client.get(url)) is None


def test_a_response_that_sets_a_cookie_is_not_stored(rf, site):
    """Whatever the view, a response setting a cookie is never kept."""

    def view_with_cookie(request):
        response = HttpResponse("<p>Personal</p>")
        response.set_cookie("seen", "yes")
        return response

    middleware = PublicPageCacheMiddleware(view_with_cookie)
    for expected in ("miss", "miss"):
        request = rf.get("/")
        request.resolver_match = resolve("/")
        assert middleware.process_view(request, view_with_cookie, (), {}) is None
        assert cache_state(middleware(request)) == expected


def test_the_key_varies_by_path_declared_query_parameters_and_host(
    client, site, monkeypatch
):
    """Each address is stored on its own, counting only the query parameters
    the page reads (here the home page is made to declare ``a``)."""
    monkeypatch.setitem(CACHED_PAGES, "portal:home", ("a",))
    home = reverse("portal:home")
    assert cache_state(client.get(home)) == "miss"
    assert cache_state(client.get(home + "?a=1")) == "miss"
    assert cache_state(client.get(home + "?a=1")) == "hit"
    assert cache_state(client.get(home + "?a=2")) == "miss"
    assert cache_state(client.get(home, HTTP_HOST="other.example")) == "miss"
    assert cache_state(client.get(home)) == "hit"


def test_unknown_query_parameters_cannot_flood_the_cache(client, site):
    """200 ?utm=N variants of a page are one stored page: parameters a page
    does not declare are left out of the key (2,000 variants stored 40 MB)."""
    redis = cache._cache.get_client()
    home = reverse("portal:home")
    pages = f"*{KEY_PREFIX}*"
    assert cache_state(client.get(home)) == "miss"
    assert len(redis.keys(pages)) == 1
    for n in range(200):
        page = client.get(f"{home}?utm={n}&fbclid=x{n}")
        assert page.status_code == 200
        assert cache_state(page) == "hit"
    assert len(redis.keys(pages)) == 1


def test_every_cached_page_declares_its_parameters():
    """The registry names each page with the parameters it reads (none yet)."""
    assert "portal:home" in CACHED_PAGES
    assert all(isinstance(p, tuple) for p in CACHED_PAGES.values())


def test_the_cache_can_be_turned_off(client, site, settings):
    """PORTAL_PAGE_CACHE_SECONDS = 0: every page is rendered, with no header."""
    settings.PORTAL_PAGE_CACHE_SECONDS = 0
    url = site["partnership"].get_absolute_url()
    assert [cache_state(client.get(url)) for _ in range(2)] == [None, None]


# --- Changes reach residents at once -----------------------------------------


@pytest.fixture
def world(two_partnerships):
    return two_partnerships["a"] | {"users": two_partnerships["users"]}


def warm(client, *urls):
    """Visit each page twice, so each is stored."""
    for url in urls:
        client.get(url)
        assert cache_state(client.get(url)) == "hit"


def test_a_priority_published_through_the_staff_pages_shows_at_once(client, world):
    """Edited and published by an editor: the next anonymous request for the
    priority, its plan and its partnership shows the new title."""
    priority = world["priority"]
    pages = [
        priority.get_absolute_url(),
        priority.plan.get_absolute_url(),
        world["partnership"].get_absolute_url(),
    ]
    warm(client, *pages)
    editor = Client()
    editor.force_login(world["users"]["editor_a"])
    edit = editor.post(
        reverse("manage:priority_edit", args=[priority.pk]),
        {
            "title": "Safer streets at night",
            "summary": priority.summary,
            "description": priority.description,
            "objectives": "\n".join(o.text for o in priority.objectives.all()),
            "version": priority.version,
            "save": "",
        },
    )
    assert edit.status_code == 302
    for url in pages:  # a draft is not public
        assert "Safer streets at night" not in client.get(url).text
    warm(client, *pages)
    assert (
        editor.post(reverse("manage:priority_publish", args=[priority.pk])).status_code
        == 302
    )
    for url in pages:
        page = client.get(url)
        assert cache_state(page) == "miss", url
        assert "Safer streets at night" in page.text, url
        assert cache_state(client.get(url)) == "hit", url


def test_a_plan_published_through_the_staff_pages_shows_at_once(client, world):
    """A new section is public on the plan page as soon as the plan is published."""
    plan = world["plan"]
    warm(client, plan.get_absolute_url())
    section_create(
        plan=plan,
        actor=world["users"]["editor_a"],
        data={"title": "Tackling shoplifting", "body": "What we will do."},
    )
    assert "Tackling shoplifting" not in client.get(plan.get_absolute_url()).text
    editor = Client()
    editor.force_login(world["users"]["editor_a"])
    assert (
        editor.post(reverse("manage:plan_publish", args=[plan.pk])).status_code == 302
    )
    assert "Tackling shoplifting" in client.get(plan.get_absolute_url()).text


def test_results_published_through_the_staff_pages_show_at_once(client, world):
    """ "We asked, you said, we did" moves the consultation to published results
    on the consultations page, and its results page opens."""
    consultation = world["consultation"]
    engagement_services.consultation_schedule(
        consultation=consultation,
        actor=None,
        opens_at=timezone.now() - datetime.timedelta(days=7),
        closes_at=timezone.now() + datetime.timedelta(days=7),
    )
    engagement_services.consultations_open_and_close()
    consultation.refresh_from_db()
    engagement_services.consultation_close_now(consultation=consultation, actor=None)
    listing = reverse("engagement:list")
    warm(client, listing)
    assert "Results published" not in client.get(listing).text
    manager = Client()
    manager.force_login(world["users"]["manager_a"])
    published = manager.post(
        reverse("manage:outcome_publish", args=[consultation.pk]),
        {
            "we_asked": "How safe you feel in the town centre.",
            "confirm": "on",
            "you_said": "Evenings feel least safe.",
            "we_did_1": "Brighter lighting in the market square.",
            "link_1": f"priority-{world['priority'].pk}",
        },
    )
    assert published.status_code == 302, published.text
    page = client.get(listing)
    assert cache_state(page) == "miss"
    assert "Results published" in page.text
    results = reverse(
        "engagement:results", args=[world["partnership"].slug, consultation.slug]
    )
    assert "Brighter lighting in the market square." in client.get(results).text


def test_saves_and_deletes_outside_the_services_show_at_once(client, world):
    """An admin-style save, a delete and a many-to-many change each reach the
    next anonymous request."""
    partnership, priority = world["partnership"], world["priority"]
    principle = PrincipleFactory(partnership=partnership, text="Listen to victims")
    warm(client, partnership.get_absolute_url(), priority.get_absolute_url())

    partnership.vision = "A borough where everyone feels safe"
    partnership.save()
    assert "A borough where everyone feels safe" in (
        client.get(partnership.get_absolute_url()).text
    )

    warm(client, partnership.get_absolute_url())
    principle.delete()
    assert "Listen to victims" not in client.get(partnership.get_absolute_url()).text

    priority.locations.add(WardFactory(parent=partnership.area, name="Tudor"))
    assert "Tudor ward" in client.get(priority.get_absolute_url()).text


def test_private_writes_do_not_empty_the_cache(client, world):
    """A resident's response is not public content: stored pages stay."""
    url = world["partnership"].get_absolute_url()
    warm(client, url)
    ResponseFactory(consultation=world["consultation"])
    assert cache_state(client.get(url)) == "hit"


def test_a_page_rendered_during_the_publishing_transaction_is_not_served_after(
    transactional_db, client
):
    """No stale read: a resident's request that reads the old rows while the
    publish is still open stores a page, and that page is dropped when the
    publish commits."""
    priority = PriorityFactory(title="Old title")
    url = priority.get_absolute_url()
    warm(client, url)
    rendered_meanwhile = []

    def resident_visits():
        try:
            rendered_meanwhile.append(Client().get(url))
        finally:
            connection.close()

    with transaction.atomic():
        priority_save_draft(
            priority=priority,
            actor=None,
            data={"title": "New title"},
            version=priority.version,
        )
        priority_publish(priority=priority, actor=None)
        visitor = threading.Thread(target=resident_visits)
        visitor.start()
        visitor.join(timeout=30)
        [meanwhile] = rendered_meanwhile
        assert "Old title" in meanwhile.text  # not committed yet
        assert cache_state(meanwhile) == "miss"
        assert cache_state(Client().get(url)) == "hit"  # ...and it was stored
    after = client.get(url)
    assert cache_state(after) == "miss"
    assert "New title" in after.text
    assert "Old title" not in after.text
