"""Under /api/: the rate limit, the cache, ETag and Last-Modified, CORS."""

import time

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils.http import http_date

from plans.services import plan_unpublish
from tests.plans.factories import PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def url(db):
    PlanFactory(title="Plan A")
    return reverse("api:plan-list")


def test_an_answer_has_a_strong_etag_and_a_last_modified_date(client, url):
    """Every whole answer can be revalidated."""
    response = client.get(url)
    assert response["ETag"].startswith('"')
    assert len(response["ETag"]) == 42
    assert response["Last-Modified"].endswith("GMT")
    assert response["Cache-Control"] == "public, max-age=60"


def test_if_none_match_gets_304_while_nothing_changed(client, url):
    """The ETag sent back answers 304 with no body, from the cache or not."""
    first = client.get(url)
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_if_modified_since_gets_304_until_content_changes(client, url):
    """A date at or after Last-Modified answers 304; a change answers 200."""
    first = client.get(url)
    since = first["Last-Modified"]
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=since).status_code == 304
    earlier = http_date(time.time() - 3600)
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200
    PlanFactory(title="Plan B")
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]
    assert "Plan B" in changed.text


def test_last_modified_stays_when_content_is_rendered_again_unchanged(client, url):
    """Publishing something elsewhere forgets cached answers, but an answer
    whose content is the same keeps its date and ETag."""
    with time_machine.travel("2026-12-01 10:00Z", tick=False):
        first = client.get(url)
    PlanFactory(title="Elsewhere", partnership__is_published=False)
    with time_machine.travel("2026-12-02 10:00Z", tick=False):
        second = client.get(url)
    assert second["X-Cache"] == "miss"
    assert second["ETag"] == first["ETag"]
    assert second["Last-Modified"] == "Tue, 01 Dec 2026 10:00:00 GMT"


def test_answers_come_from_the_cache_until_something_is_published(client, url):
    """Hit after the first answer; publishing (or unpublishing) forgets it."""
    assert client.get(url)["X-Cache"] == "miss"
    hit = client.get(url)
    assert hit["X-Cache"] == "hit"
    assert "Plan A" in hit.text
    plan_unpublish(plan=PlanFactory(title="Plan C"), actor=None)
    fresh = client.get(url)
    assert fresh["X-Cache"] == "miss"
    assert "Plan C" not in fresh.text


def test_a_cached_answer_has_every_security_header(client, url):
    """A hit goes out through the same middleware as a miss."""
    client.get(url)
    hit = client.get(url)
    assert hit["X-Cache"] == "hit"
    for header in (
        "Content-Security-Policy",
        "X-Content-Type-Options",
        "X-Frame-Options",
        "Referrer-Policy",
    ):
        assert header in hit, header


def test_csv_streams_are_not_cached(client, url):
    """A CSV download is streamed afresh each time."""
    client.get(url, {"format": "csv"})
    again = client.get(url, {"format": "csv"})
    assert again.streaming
    assert "X-Cache" not in again


def test_signed_in_visitors_skip_the_cache(admin_client, url):
    """Requests with a session are answered from the database."""
    admin_client.get(url)
    assert "X-Cache" not in admin_client.get(url)


def test_too_many_requests_get_429_with_retry_after(settings, url):
    """Over the per-client limit: 429 and how long to wait, cached or not;
    another client is not affected."""
    settings.API_RATE_LIMIT = 3
    settings.API_RATE_WINDOW_SECONDS = 60
    greedy = Client(REMOTE_ADDR="198.51.100.7")
    with time_machine.travel("2026-12-01 10:00:15Z", tick=False):
        statuses = [greedy.get(url).status_code for _ in range(5)]
        refused = greedy.get(url)
        other = Client(REMOTE_ADDR="198.51.100.8").get(url)
    assert statuses == [200, 200, 200, 429, 429]
    assert refused.status_code == 429
    assert refused["Retry-After"] == "45"
    assert refused.json()["detail"].startswith("Too many requests")
    assert other.status_code == 200
    with time_machine.travel("2026-12-01 10:01:01Z", tick=False):
        assert greedy.get(url).status_code == 200


def test_the_api_works_when_redis_is_away(settings, client, url):
    """No cache and no rate limit, but every answer, with its ETag."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    response = client.get(url)
    assert response.status_code == 200
    assert "ETag" in response
    cache.close()


def test_other_sites_may_read_the_api_with_get(client, url):
    """CORS: any origin, GET only, with the validators exposed."""
    response = client.get(url, HTTP_ORIGIN="https://dashboard.example.net")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    preflight = client.options(
        url,
        HTTP_ORIGIN="https://dashboard.example.net",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "Access-Control-Allow-Credentials" not in preflight


def test_pages_outside_the_api_get_no_cors(client, url):
    """The rest of the site stays same-origin."""
    response = client.get("/", HTTP_ORIGIN="https://dashboard.example.net")
    assert "Access-Control-Allow-Origin" not in response


def test_the_rate_limit_also_works_on_the_memory_cache(settings, url):
    """The quickstart's cache (no Redis) counts the same way, one call at a time."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }
    settings.API_RATE_LIMIT = 2
    client = Client(REMOTE_ADDR="198.51.100.9")
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]
    cache.clear()
