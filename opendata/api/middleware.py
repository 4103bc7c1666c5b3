"""Rate limit, cache and conditional answers for every address under ``/api/``.

For each request under ``/api/``, in this order:

1. **Rate limit.** A fixed-window counter per client address in Redis
   (``INCR``, atomic, with an expiry): once a client has made
   ``API_RATE_LIMIT`` requests in the current ``API_RATE_WINDOW_SECONDS``
   window it gets ``429`` with ``Retry-After`` (the seconds left in the
   window) until the window ends. Cached answers count too. Without Redis
   nobody is counted. The counter and the cache lookup below share one round
   trip to Redis (``portal.core.cache.count_and_read``), which is most of what a
   cached answer costs. (DRF's own throttles keep a list of every request time
   per client, read and written on each request, and run inside the view, after
   this cache would have answered.)
2. **Cache.** A GET or HEAD without a session cookie is answered from Redis
   when the same address (scheme, host, path, query) was answered before while
   the page cache's ``ALL`` and ``LISTS`` scopes kept their tokens
   (``portal.core.cache``): answers list and show rows of every partnership,
   so publishing anything, anywhere, forgets every stored answer at once, as
   it does for the pages that list across partnerships. Only whole 200
   answers are kept (not CSV streams), for ``PORTAL_PAGE_CACHE_SECONDS``;
   ``X-Cache`` says hit or miss.
3. **ETag and Last-Modified.** Every whole 200 answer carries a strong ETag
   (a hash of its body) and Last-Modified (when this exact body was first
   served: remembered for 30 days beside the ETag, so re-rendering unchanged
   content keeps its date). ``If-None-Match`` or ``If-Modified-Since`` that
   still hold get ``304 Not Modified`` with no body (Django's
   ``get_conditional_response``).

The format comes from the ``format`` parameter alone (never ``Accept``), and
CORS allows every origin, so an answer depends on its address only.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag
from redis.exceptions import RedisError

from portal.core import cache as page_cache
from portal.core.security import client_ip, log_event

API_PREFIX = "/api/"
PAGE_KEY = "api:page:"
META_KEY = "api:meta:"
META_SECONDS = 60 * 60 * 24 * 30

logger = logging.getLogger(__name__)


def _count_and_read(request, keys: list[str]) -> tuple[int, str | None, dict]:
    """Count this request in its client's window and read the cache, in one
    round trip; (0, None, {}) when Redis is away (nobody counted, no cache)."""
    window = settings.API_RATE_WINDOW_SECONDS
    number = int(time.time() // window)
    counter = f"api:rate:{number}:{client_ip(request) or 'unknown'}"
    try:
        return page_cache.count_and_read(counter, window + 1, keys)
    except (RedisError, OSError, ValueError) as error:
        logger.warning(
            "api_cache_unavailable error=%r",
            error,
            extra={"event": "api_cache_unavailable"},
        )
        return 0, None, {}


def _wait(request, count: int) -> int:
    """Seconds to wait once over the limit, else 0."""
    limit = settings.API_RATE_LIMIT
    if count <= limit:
        return 0
    window = settings.API_RATE_WINDOW_SECONDS
    if count == limit + 1:
        # The first refusal in each window; the address only as a pseudonym.
        log_event(
            "rate_limited",
            ip_address=client_ip(request),
            level=logging.WARNING,
            scope="api",
            limit=limit,
            window_seconds=window,
            path=request.path,
        )
    now = time.time()
    return max(1, int((int(now // window) + 1) * window - now + 0.999))


def too_many_requests(wait: int) -> JsonResponse:
    response = JsonResponse(
        {"detail": f"Too many requests: try again in {wait} seconds."}, status=429
    )
    response["Retry-After"] = str(wait)
    return response


def _keys(request) -> tuple[str, str]:
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return PAGE_KEY + digest, META_KEY + digest


def _cacheable(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def _storable(response) -> bool:
    cache_control = response.get("Cache-Control", "").lower()
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(w in cache_control for w in ("private", "no-cache", "no-store"))
    )


def _finish(request, response, *, etag: str, last_modified: int):
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    if not response.has_header("Cache-Control"):
        patch_cache_control(
            response, public=True, max_age=settings.API_BROWSER_CACHE_SECONDS
        )
    return get_conditional_response(
        request, etag=etag, last_modified=last_modified, response=response
    )


class OpenDataApiMiddleware:
    """See the module. Sits below the security, CSP and CORS middleware (so
    their headers go on cached answers too) and just above the view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        seconds = page_cache.page_cache_seconds()
        cacheable = _cacheable(request) and seconds > 0
        page_key, meta_key = _keys(request)
        count, generation, found = _count_and_read(
            request, [page_key, meta_key] if cacheable else []
        )
        wait = _wait(request, count)
        if wait:
            return too_many_requests(wait)
        if cacheable and generation is None and count:
            # A scope with no token yet (a fresh Redis): start one.
            generation, found = page_cache.generation_and_values([page_key, meta_key])
        page = found.get(page_key)
        if (
            generation is not None
            and isinstance(page, dict)
            and page.get("generation") == generation
        ):
            response = HttpResponse(page["content"], content_type=page["content_type"])
            response["X-Cache"] = "hit"
            return _finish(
                request,
                response,
                etag=page["etag"],
                last_modified=page["last_modified"],
            )
        response = self.get_response(request)
        if not _storable(response):
            return response
        etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:40])
        meta = found.get(meta_key)
        if isinstance(meta, dict) and meta.get("etag") == etag:
            last_modified = meta["last_modified"]
        else:
            last_modified = int(timezone.now().timestamp())
        if cacheable and generation is not None and request.method == "GET":
            response["X-Cache"] = "miss"
            entry = {
                "generation": generation,
                "content": response.content,
                "content_type": response["Content-Type"],
                "etag": etag,
                "last_modified": last_modified,
            }
            stored = {page_key: (entry, seconds)}
            if meta is None or meta.get("etag") != etag:
                stored[meta_key] = (
                    {"etag": etag, "last_modified": last_modified},
                    META_SECONDS,
                )
            page_cache.store_each(stored)  # one round trip for both
        return _finish(request, response, etag=etag, last_modified=last_modified)
