"""Whole-page cache for anonymous visitors, emptied when public content changes.

``PublicPageCacheMiddleware`` keeps, in Redis, the finished body of each public
page (``CACHED_PAGES``) that an anonymous visitor asks for with GET, keyed by
its address (scheme, host, path and the query parameters the page declares it
reads; any other parameter is left out, so a flood of ``?utm=N`` variants is
one stored page), for
``PORTAL_PAGE_CACHE_SECONDS`` (0 turns the cache off). The next anonymous
visitor gets that copy with ``X-Cache: hit`` and no database query; a page
rendered for an eligible request says ``X-Cache: miss``.

Invalidation is by *generation*: one random token in Redis, stored with every
page. A page is served only while its token is the current one, so replacing
the token (``content_changed``) forgets every stored page at once. The token is
replaced by signal handlers on every model that residents can see, which each
app registers in its ``AppConfig.ready()`` (``watch_models``); they catch the
services, the admin, the beat jobs and the shell alike; bulk writes send no
signals, so the one that matters (crime counts) is covered by its import's
final save. It is replaced at once and again when the transaction commits: the
second replacement makes sure no page rendered from the old rows while the
transaction was open outlives it (a page stores the generation it read *before*
rendering); the first lets code inside the same transaction (the test suite
runs each test in one) see the change. The time limit is only a backstop, for a
replacement lost while Redis was unreachable and for pages that change with the
date.

Only what cannot differ between visitors is stored: requests carrying a
session or messages cookie (signed-in officers, or a pending message) pass
straight through, as do staff pages, the consultation form (its idempotency
and CSRF tokens are per visit), confirmations and search; a response is stored
only if it is a 200 that sets no cookie, used no CSRF token or CSP nonce,
changed no session and does not ask to be private. Stored responses keep their
content headers only: security headers (CSP, HSTS, X-Frame-Options) are added
afresh on the way out by the middleware above this one, hit or miss.

The cache fails open: any error talking to Redis (reading, writing, replacing
the generation) is logged and the page is rendered from the database. Every
call has a one-second socket timeout (``CACHES``), and after a failure the
process leaves Redis alone for a few seconds (``guarded``), so a hung Redis
holds up a request by one timeout at most. A generation replacement missed
meanwhile is made before the next page is read from the cache.
"""

import hashlib
import logging
import secrets
import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache:generation"
KEY_PREFIX = "page-cache:page:"

# URL names of the public pages that look the same to every anonymous visitor,
# each with the query parameters it reads (any other is left out of the key).
# Each app adds its own in its AppConfig.ready() with ``cache_pages``.
CACHED_PAGES: dict[str, tuple[str, ...]] = {}
# A page larger than this is served but not stored.
MAX_STORED_BYTES = 1024 * 1024
# Headers that belong to the content; everything else is added per response.
STORED_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language")

_WARN_EVERY_SECONDS = 60
_last_warning = 0.0
# After a failed call, Redis is left alone for this long: a hung Redis costs
# one request one socket timeout (a second), not every request every call.
PAUSE_AFTER_FAILURE_SECONDS = 5
_paused_until = 0.0
# A generation replacement that could not be made waits for Redis to return.
_replacement_pending = False


def redis_paused() -> bool:
    """True for a few seconds after a cache call failed in this process."""
    return time.monotonic() < _paused_until


def _unavailable(operation: str, error: Exception) -> None:
    """Log that Redis failed us, at most once a minute per process at WARNING,
    and leave it alone for ``PAUSE_AFTER_FAILURE_SECONDS``."""
    global _last_warning, _paused_until
    now = time.monotonic()
    _paused_until = now + PAUSE_AFTER_FAILURE_SECONDS
    level = logging.DEBUG
    if now - _last_warning >= _WARN_EVERY_SECONDS:
        _last_warning = now
        level = logging.WARNING
    logger.log(
        level,
        "page_cache_unavailable operation=%s error=%r",
        operation,
        error,
        extra={"event": "page_cache_unavailable", "operation": operation},
    )


def _seconds() -> int:
    return getattr(settings, "PORTAL_PAGE_CACHE_SECONDS", 0)


# --- Generation ----------------------------------------------------------------


def reset_failure_state() -> None:
    """Forget earlier failures (for tests that stop and start Redis)."""
    global _paused_until, _replacement_pending
    _paused_until, _replacement_pending = 0.0, False


def guarded(operation: str, call, default=None):
    """``call()`` against the cache, or ``default`` if Redis fails or failed
    moments ago (see ``redis_paused``). For callers outside this module, such
    as rate limits, that must fail open too."""
    if redis_paused():
        return default
    try:
        return call()
    except Exception as error:  # the cache fails open, whatever went wrong
        _unavailable(operation, error)
        return default


def _replace_generation() -> None:
    global _replacement_pending
    if redis_paused():
        _replacement_pending = True
        return
    try:
        cache.set(GENERATION_KEY, secrets.token_hex(8), timeout=None)
    except Exception as error:  # the cache fails open, whatever went wrong
        _replacement_pending = True
        _unavailable("invalidate", error)
    else:
        _replacement_pending = False


def content_changed() -> None:
    """Public content changed: forget every stored page, now and on commit."""
    _replace_generation()
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return
    # Once per transaction is enough; a rolled-back savepoint takes its own
    # callback with it, and the next change queues another.
    if any(func is _replace_generation for _, func, _ in connection.run_on_commit):
        return
    transaction.on_commit(_replace_generation)


def _on_save_or_delete(sender, **kwargs):
    content_changed()


def _on_m2m_change(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        content_changed()


def cache_pages(*view_names: str, params: tuple[str, ...] = ()) -> None:
    """Store these pages (URL names) for anonymous visitors; called by apps.

    ``params`` names the query parameters the pages read: only those are part
    of the key, so ``?utm_source=N`` and other parameters the page ignores
    cannot fill Redis with copies of one page.
    """
    for name in view_names:
        CACHED_PAGES[name] = tuple(sorted(params))


def watch_models(app_config, *, exclude: tuple[str, ...] = ()) -> None:
    """Replace the generation whenever a model of this app is saved or deleted.

    Apps call it from their ``AppConfig.ready()`` for the models residents see.
    ``exclude`` names the models (lower case) residents never see, or see only
    through a model that changes with them, whose writes would otherwise empty
    the cache for nothing. Connected per model (never for every sender), so the
    models left out keep Django's fast bulk delete.
    """
    for model in app_config.get_models():
        # django-simple-history's copies change only with their originals.
        if model._meta.model_name in exclude or hasattr(model, "instance_type"):
            continue
        uid = "portal.core.cache.content_changed"
        post_save.connect(_on_save_or_delete, sender=model, dispatch_uid=uid)
        post_delete.connect(_on_save_or_delete, sender=model, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _on_m2m_change, sender=field.remote_field.through, dispatch_uid=uid
            )


# --- Pages ---------------------------------------------------------------------


def page_key(request) -> str:
    """Scheme, host, path and the page's own query parameters, in order."""
    match = request.resolver_match
    declared = CACHED_PAGES.get(match.view_name, ()) if match else ()
    # Parameters every page's key includes (make bench's "bench", so that its
    # uncached runs ask for addresses never asked before); none by default.
    declared += tuple(getattr(settings, "PORTAL_PAGE_CACHE_KEY_PARAMS", ()))
    query = urlencode(
        [(name, value) for name in declared for value in request.GET.getlist(name)]
    )
    address = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    return KEY_PREFIX + hashlib.sha256(address.encode()).hexdigest()


def _eligible(request) -> bool:
    match = request.resolver_match
    return (
        _seconds() > 0
        and request.method == "GET"
        and match is not None
        and match.view_name in CACHED_PAGES
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


def _storable(request, response) -> bool:
    cache_control = response.get("Cache-Control", "").lower()
    session = getattr(request, "session", None)
    return (
        response.status_code == 200
        and not response.streaming
        and len(response.content) <= MAX_STORED_BYTES
        and not response.cookies
        and not response.has_header("Vary")
        and not any(w in cache_control for w in ("private", "no-cache", "no-store"))
        # The page carries a CSRF token, whose cookie is set further out.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        # The page used a CSP nonce (django-csp's lazy nonce is falsy until
        # used); a copy would carry a nonce the next header does not allow.
        and not getattr(request, "csp_nonce", None)
        and not (session is not None and session.modified)
    )


class _Lookup:
    __slots__ = ("generation", "hit", "key")

    def __init__(self, key, generation, hit):
        self.key, self.generation, self.hit = key, generation, hit


def _fetch(key):
    """(current generation, stored page or None); (None, None) without Redis."""
    if redis_paused():
        return None, None
    if _replacement_pending:
        # Content changed while Redis was away: nothing stored before counts.
        _replace_generation()
        if _replacement_pending:
            return None, None
    try:
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY)
        if generation is None:
            # Never set, or lost (Redis restarted): start a new one, which no
            # stored page can match.
            cache.add(GENERATION_KEY, secrets.token_hex(8), timeout=None)
            return cache.get(GENERATION_KEY), None
        return generation, found.get(key)
    except Exception as error:  # the cache fails open, whatever went wrong
        _unavailable("read", error)
        return None, None


def generation_and_values(keys: list[str]) -> tuple[str | None, dict]:
    """The current generation and what is stored under ``keys``, in one round
    trip; (None, {}) when Redis cannot be reached.

    For other caches of public content (the open data API's) that must forget
    what the page cache forgets: store the generation beside each value and
    use a value only while its generation is the current one.
    """
    try:
        found = cache.get_many([GENERATION_KEY, *keys])
        generation = found.pop(GENERATION_KEY, None)
        if generation is None:
            cache.add(GENERATION_KEY, secrets.token_hex(8), timeout=None)
            return cache.get(GENERATION_KEY), {}
        return generation, found
    except Exception as error:  # the cache fails open, whatever went wrong
        _unavailable("read", error)
        return None, {}


def count_and_read(
    counter: str, window: int, keys: list[str]
) -> tuple[int, str | None, dict]:
    """In one round trip to Redis: add one to ``counter`` (a key that expires
    ``window`` seconds after it is made) and read the generation and ``keys``.

    Returns (the counter's new value, the generation or None, what is stored
    under ``keys``). For a per-client rate limit in front of a cache, where
    round trips are most of the cost of an answer. Uses the Django cache's own
    Redis client, keys and serializer, so what it reads is what ``cache.set``
    wrote; with another cache backend (memory, in the quickstart) it takes the
    same steps one at a time. Errors are the caller's to handle.
    """
    backend = getattr(cache, "_cache", None)
    names = [GENERATION_KEY, *keys]
    if not hasattr(backend, "get_client") or not hasattr(backend, "_serializer"):
        cache.add(counter, 0, timeout=window)
        count = cache.incr(counter)
        found = cache.get_many(names)
    else:
        pipe = backend.get_client(write=True).pipeline(transaction=False)
        counter_key = cache.make_and_validate_key(counter)
        pipe.incr(counter_key)
        pipe.expire(counter_key, window, nx=True)
        pipe.mget([cache.make_and_validate_key(name) for name in names])
        count, _, values = pipe.execute()
        found = {
            name: backend._serializer.loads(value)
            for name, value in zip(names, values, strict=True)
            if value is not None
        }
    return count, found.pop(GENERATION_KEY, None), found


def store_many(values: dict, timeout: int) -> None:
    """Keep ``values`` for ``timeout`` seconds; a Redis failure is only logged."""
    try:
        cache.set_many(values, timeout=timeout)
    except Exception as error:  # the cache fails open, whatever went wrong
        _unavailable("write", error)


def page_cache_seconds() -> int:
    """How long public pages (and API answers) are kept; 0: not at all."""
    return _seconds()


def _store(lookup, response) -> None:
    page = {
        "generation": lookup.generation,
        "content": response.content,
        "headers": [(h, response[h]) for h in STORED_HEADERS if response.has_header(h)],
    }
    guarded("write", lambda: cache.set(lookup.key, page, timeout=_seconds()))


class PublicPageCacheMiddleware:
    """Serve and store public pages for anonymous visitors (see the module).

    Works in ``process_view``, after URL resolution, so it knows the page's
    name; a stored page it returns still goes out through every middleware's
    response phase. Keep it low in MIDDLEWARE (just above axes), so that what
    it stores is what the view made.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        lookup = getattr(request, "_page_cache", None)
        if lookup is None or lookup.hit:
            return response
        response["X-Cache"] = "miss"
        if lookup.generation is not None and _storable(request, response):
            _store(lookup, response)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not _eligible(request):
            return None
        key = page_key(request)
        generation, page = _fetch(key)
        hit = (
            generation is not None
            and isinstance(page, dict)
            and page.get("generation") == generation
        )
        request._page_cache = _Lookup(key, generation, hit)
        if not hit:
            return None
        response = HttpResponse(page["content"])
        for header, value in page["headers"]:
            response[header] = value
        response["X-Cache"] = "hit"
        return response
