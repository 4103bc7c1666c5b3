"""Whole-page cache for anonymous visitors, emptied when public content changes.

``PublicPageCacheMiddleware`` keeps, in Redis, the finished body of each public
page (``CACHED_PAGES``) that an anonymous visitor asks for with GET, keyed by
its address (scheme, host, path and the query parameters the page declares it
reads; any other parameter is left out, so a flood of ``?utm=N`` variants is
one stored page), for
``PORTAL_PAGE_CACHE_SECONDS`` (0 turns the cache off). The next anonymous
visitor gets that copy with ``X-Cache: hit`` and no database query; a page
rendered for an eligible request says ``X-Cache: miss``.

Invalidation is by *scoped generations*. Each scope has a random token in
Redis, and every stored page depends on two: ``ALL`` (the token kept under the
old ``GENERATION_KEY``) and the page's own scope, found from its URL alone
(``page_scopes``), before any rendering and without a query:

* ``partnership:<slug>`` for a page that shows one partnership's content: any
  page whose URL has a ``partnership_slug`` (plans, priorities, meetings and
  their calendars, published results, crime statistics, the Atom feeds) and
  the partnership page itself (``cache_pages(..., partnership="slug")``);
* ``area:<slug>`` for a borough's ward map and its wards' pages, by the
  borough's slug (``cache_pages(..., area=...)``);
* ``LISTS`` for every other page: the home page, the consultation list, the
  contacts page and the rest, which list content across partnerships. The
  open data API's answers depend on ``LISTS`` too (``API_SCOPES``).

A page is stored with the tokens it read and served only while they are all
current: the page, ``ALL``'s token and its scope's token are read with one
``MGET``, so a hit is still one round trip to Redis. A scope with no token yet
(or one Redis lost) is given a new one, which no stored page can match.

Bumping a scope (``content_changed(scopes)``) gives it a new token and so
forgets its pages; bumping ``ALL`` (``content_changed()``) forgets every page.
Signal handlers bump the scopes of each saved or deleted row of the models
residents can see, which each app registers in its ``AppConfig.ready()``
(``watch_models``); they catch the services, the admin, the beat jobs and the
shell alike. A row's scopes (``scopes_of``) come from the lookup path its model
names in ``page_cache_partnership`` (``"plan__partnership"`` for a priority):
its partnership's scope, the area scopes of that partnership's area, and
``LISTS``; a plan also reaches the partnerships whose plans align with it, a
meeting or a ward contact the partnership of its ward's borough. The row is
followed as the database holds it before the save (or delete) and after, so a
row that moves to another partnership, or a partnership that changes its slug
or area, empties both. Whatever cannot be placed (a model that names no path,
such as an organisation, a member of many partnerships, or an area; a row
whose path leads nowhere; a fixture load; a many-to-many change made from the
other side) bumps ``ALL``. Bulk writes send no signals: the ones that matter
(crime counts, geography) are covered by their import's final save, which
bumps ``ALL``.

Scopes are bumped at once and again when the transaction commits: the second
bump makes sure no page rendered from the old rows while the transaction was
open outlives it (a page stores the tokens it read *before* rendering); the
first lets code inside the same transaction (the test suite runs each test in
one) see the change. The time limit is only a backstop, for a bump lost while
Redis was unreachable and for pages that change with the date.

Only what cannot differ between visitors is stored: requests carrying a
session or messages cookie (signed-in officers, or a pending message) pass
straight through, as do staff pages, the consultation form (its idempotency
and CSRF tokens are per visit), confirmations and search; a response is stored
only if it is a 200 that sets no cookie, used no CSRF token or CSP nonce,
changed no session and does not ask to be private. Stored responses keep their
content headers only: security headers (CSP, HSTS, X-Frame-Options) are added
afresh on the way out by the middleware above this one, hit or miss.

The cache fails open: any error talking to Redis (reading, writing, bumping a
scope) is logged and the page is rendered from the database. Every call has a
one-second socket timeout (``CACHES``), and after a failure the process leaves
Redis alone for a few seconds (``guarded``), so a hung Redis holds up a request
by one timeout at most. A bump missed meanwhile is remembered with its scopes
(``_pending_scopes``; ``ALL`` when the scope was unknown) and made before the
next page is read from the cache; until it is made, no stored page is served.
"""

import hashlib
import logging
import secrets
import time
from functools import partial
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_save,
    pre_delete,
    pre_save,
)
from django.http import HttpResponse

logger = logging.getLogger(__name__)

KEY_PREFIX = "page-cache:page:"

# URL names of the public pages that look the same to every anonymous visitor,
# each with the query parameters it reads (any other is left out of the key).
# Each app adds its own in its AppConfig.ready() with ``cache_pages``.
CACHED_PAGES: dict[str, tuple[str, ...]] = {}
# URL names whose scope is not found the usual way (see ``cache_pages``): the
# scope maker and the URL keyword it takes.
PAGE_SCOPES: dict[str, tuple] = {}
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
# Scopes whose bump could not be made wait here for Redis to return.
_pending_scopes: set[str] = set()


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


# --- Scopes and their tokens ----------------------------------------------------

# Every stored page and API answer depends on ALL; bumping it forgets them all.
ALL = "all"
# Pages and API answers that list content across partnerships.
LISTS = "lists"
# The token of ALL keeps its old name, so a deploy starts from the same one.
GENERATION_KEY = "page-cache:generation"
SCOPE_KEY_PREFIX = "page-cache:scope:"
# What the open data API's answers depend on (besides ALL): they list and show
# rows of every partnership.
API_SCOPES = (LISTS,)


def partnership_scope(slug: str) -> str:
    """The scope of pages that show one partnership's content."""
    return f"partnership:{slug}"


def area_scope(slug: str) -> str:
    """The scope of a borough's map and its wards' pages, by the borough's slug."""
    return f"area:{slug}"


def _token_key(scope: str) -> str:
    return GENERATION_KEY if scope == ALL else SCOPE_KEY_PREFIX + scope


def _token_keys(scopes) -> list[str]:
    """ALL's token first, then the others in a fixed order."""
    return [GENERATION_KEY, *(_token_key(s) for s in sorted(set(scopes) - {ALL}))]


def _combined(found: dict, token_keys: list[str]) -> str | None:
    """The tokens of ``token_keys`` as one string; None if one is missing."""
    tokens = [found.get(key) for key in token_keys]
    if any(token is None for token in tokens):
        return None
    return ":".join(tokens)


def _start_missing(found: dict, token_keys: list[str]) -> str | None:
    """Give a token to each scope that has none (never bumped, or lost when
    Redis restarted or evicted it), which no stored page can match, and read
    them all back. Errors are the caller's to handle."""
    for key in token_keys:
        if found.get(key) is None:
            cache.add(key, secrets.token_hex(8), timeout=None)
    return _combined(cache.get_many(token_keys), token_keys)


def reset_failure_state() -> None:
    """Forget earlier failures (for tests that stop and start Redis)."""
    global _paused_until
    _paused_until = 0.0
    _pending_scopes.clear()


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


def _bump(scopes: frozenset) -> None:
    """Give each scope a new token; if Redis cannot take it, remember the
    scopes until it can (``_bump_pending``)."""
    if redis_paused():
        _pending_scopes.update(scopes)
        return
    try:
        cache.set_many(
            {_token_key(s): secrets.token_hex(8) for s in scopes}, timeout=None
        )
    except Exception as error:  # the cache fails open, whatever went wrong
        _pending_scopes.update(scopes)
        _unavailable("invalidate", error)


def _bump_pending() -> bool:
    """Make the bumps Redis missed; True once none is left."""
    if _pending_scopes:
        scopes = frozenset(_pending_scopes)
        # Taken out before the bump, which puts them back if it fails.
        _pending_scopes.difference_update(scopes)
        _bump(frozenset({ALL}) if ALL in scopes else scopes)
    return not _pending_scopes


def content_changed(scopes=None) -> None:
    """Public content changed: forget the stored pages of ``scopes`` (every
    stored page when None, or when they include ``ALL``), now and on commit."""
    scopes = frozenset(scopes) if scopes is not None else frozenset({ALL})
    if ALL in scopes:
        scopes = frozenset({ALL})
    if not scopes:
        return
    _bump(scopes)
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return
    # Once per transaction is enough for the same scopes (or fewer); a
    # rolled-back savepoint takes its own callback with it, and the next change
    # queues another.
    queued = [
        func.args[0]
        for _, func, _ in connection.run_on_commit
        if isinstance(func, partial) and func.func is _bump
    ]
    if any(ALL in waiting or scopes <= waiting for waiting in queued):
        return
    transaction.on_commit(partial(_bump, scopes))


# --- Which scopes a row belongs to -----------------------------------------------


def scopes_of(instance) -> frozenset | None:
    """The scopes a saved row of a watched model belongs to; None when they
    cannot be told, which means every scope.

    A model names, in ``page_cache_partnership``, the lookup path (or paths)
    from itself to the partnership whose pages show it: ``"plan__partnership"``
    for a priority, ``""`` for a partnership itself. The first path must lead to
    a partnership; the others (a plan that other partnerships' plans align
    with) may lead nowhere. Each partnership found gives its own scope and the
    area scopes of its area (and that area's parent); every row also shows in
    ``LISTS`` (the home page, the consultation list, the API). One query per
    path, on the row as the database holds it. A model that names no path
    (an organisation, an area, a crime import) belongs to every scope.
    """
    paths = getattr(type(instance), "page_cache_partnership", None)
    if paths is None or instance.pk is None:
        return None
    if isinstance(paths, str):
        paths = (paths,)
    rows = type(instance)._base_manager.filter(pk=instance.pk)
    scopes = {LISTS}
    for index, path in enumerate(paths):
        prefix = f"{path}__" if path else ""
        found = False
        for slug, area, parent in rows.values_list(
            f"{prefix}slug", f"{prefix}area__slug", f"{prefix}area__parent__slug"
        ):
            if not slug:
                continue
            found = True
            scopes.add(partnership_scope(slug))
            scopes.update(area_scope(s) for s in (area, parent) if s)
        if index == 0 and not found:
            return None
    return frozenset(scopes)


def _union(*scope_sets) -> frozenset | None:
    if any(s is None for s in scope_sets):
        return None
    return frozenset().union(*scope_sets)


def _before_save(sender, instance, raw=False, **kwargs):
    # The row's scopes before the change: a row that moves to another
    # partnership (or a partnership that changes its slug) empties both.
    if not raw and not instance._state.adding and instance.pk is not None:
        instance._page_cache_scopes = scopes_of(instance)


def _on_save(sender, instance, raw=False, **kwargs):
    before = instance.__dict__.pop("_page_cache_scopes", frozenset())
    content_changed(None if raw else _union(before, scopes_of(instance)))


def _before_delete(sender, instance, **kwargs):
    # Once deleted, the row can no longer be followed to its partnership.
    instance._page_cache_scopes = scopes_of(instance)


def _on_delete(sender, instance, **kwargs):
    content_changed(instance.__dict__.pop("_page_cache_scopes", None))


def _on_m2m_change(sender, instance, action, reverse, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        # Changed from the other side, the rows whose pages change are the
        # other model's: every scope, to be safe.
        content_changed(None if reverse else scopes_of(instance))


def cache_pages(
    *view_names: str,
    params: tuple[str, ...] = (),
    partnership: str | None = None,
    area: str | None = None,
) -> None:
    """Store these pages (URL names) for anonymous visitors; called by apps.

    ``params`` names the query parameters the pages read: only those are part
    of the key, so ``?utm_source=N`` and other parameters the page ignores
    cannot fill Redis with copies of one page.

    The page's scope comes from its URL: ``partnership`` or ``area`` names the
    URL keyword holding the partnership's (or the borough's) slug; without
    either, a page with a ``partnership_slug`` keyword is that partnership's,
    and any other page is one of the ``LISTS``.
    """
    for name in view_names:
        CACHED_PAGES[name] = tuple(sorted(params))
        if partnership is not None:
            PAGE_SCOPES[name] = (partnership_scope, partnership)
        elif area is not None:
            PAGE_SCOPES[name] = (area_scope, area)


def watch_models(app_config, *, exclude: tuple[str, ...] = ()) -> None:
    """Bump the scopes of a row of this app whenever it is saved or deleted.

    Apps call it from their ``AppConfig.ready()`` for the models residents see.
    ``exclude`` names the models (lower case) residents never see, or see only
    through a model that changes with them, whose writes would otherwise empty
    the cache for nothing. Connected per model (never for every sender), so the
    models left out keep Django's fast bulk delete. Which scopes: see
    ``scopes_of``.
    """
    for model in app_config.get_models():
        # django-simple-history's copies change only with their originals.
        if model._meta.model_name in exclude or hasattr(model, "instance_type"):
            continue
        uid = "portal.core.cache.content_changed"
        pre_save.connect(_before_save, sender=model, dispatch_uid=uid)
        post_save.connect(_on_save, sender=model, dispatch_uid=uid)
        pre_delete.connect(_before_delete, sender=model, dispatch_uid=uid)
        post_delete.connect(_on_delete, sender=model, dispatch_uid=uid)
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


def page_scopes(match) -> tuple[str, ...]:
    """The scopes a cached page depends on (besides ``ALL``), from its URL alone:
    no query, so a hit stays one round trip to Redis."""
    kwargs = match.kwargs
    scope, keyword = PAGE_SCOPES.get(match.view_name, (partnership_scope, None))
    value = kwargs.get(keyword) if keyword else kwargs.get("partnership_slug")
    if not value:
        return (LISTS,)
    return (scope(value),)


def _fetch(key, scopes):
    """(the current tokens of ``scopes`` as one string, stored page or None);
    (None, None) without Redis. One round trip when every token is there."""
    if redis_paused():
        return None, None
    if not _bump_pending():
        # Content changed while Redis was away: until the bump is made, nothing
        # stored before counts.
        return None, None
    token_keys = _token_keys(scopes)
    try:
        found = cache.get_many([*token_keys, key])
        generation = _combined(found, token_keys)
        if generation is None:
            return _start_missing(found, token_keys), None
        return generation, found.get(key)
    except Exception as error:  # the cache fails open, whatever went wrong
        _unavailable("read", error)
        return None, None


def generation_and_values(
    keys: list[str], scopes=API_SCOPES
) -> tuple[str | None, dict]:
    """The current tokens of ``scopes`` (and ``ALL``), as one string, and what
    is stored under ``keys``, in one round trip; (None, {}) when Redis cannot
    be reached.

    For other caches of public content (the open data API's) that must forget
    what the page cache forgets: store the string beside each value and use a
    value only while it is the current one.
    """
    token_keys = _token_keys(scopes)
    try:
        found = cache.get_many([*token_keys, *keys])
        generation = _combined(found, token_keys)
        values = {k: v for k, v in found.items() if k not in token_keys}
        if generation is None:
            return _start_missing(found, token_keys), {}
        return generation, values
    except Exception as error:  # the cache fails open, whatever went wrong
        _unavailable("read", error)
        return None, {}


def count_and_read(
    counter: str, window: int, keys: list[str], scopes=API_SCOPES
) -> tuple[int, str | None, dict]:
    """In one round trip to Redis: add one to ``counter`` (a key that expires
    ``window`` seconds after it is made) and read the tokens of ``scopes`` and
    ``keys``.

    Returns (the counter's new value, the tokens as one string or None if one
    is missing, what is stored under ``keys``). For a per-client rate limit in
    front of a cache, where round trips are most of the cost of an answer. Uses
    the Django cache's own Redis client, keys and serializer, so what it reads
    is what ``cache.set`` wrote; with another cache backend (memory, in the
    quickstart) it takes the same steps one at a time. Errors are the caller's
    to handle.
    """
    backend = getattr(cache, "_cache", None)
    token_keys = _token_keys(scopes)
    names = [*token_keys, *keys]
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
    generation = _combined(found, token_keys)
    return count, generation, {k: v for k, v in found.items() if k in keys}


def store_each(values: dict[str, tuple[object, int]]) -> None:
    """Keep each value for its own number of seconds (``{key: (value,
    seconds)}``) in one round trip to Redis, through the Django cache's client,
    keys and serializer as ``count_and_read`` does (one at a time with another
    cache backend); a failure is only logged."""
    backend = getattr(cache, "_cache", None)
    try:
        if hasattr(backend, "get_client") and hasattr(backend, "_serializer"):
            pipe = backend.get_client(write=True).pipeline(transaction=False)
            for key, (value, seconds) in values.items():
                pipe.set(
                    cache.make_and_validate_key(key),
                    backend._serializer.dumps(value),
                    ex=seconds,
                )
            pipe.execute()
        else:
            for key, (value, seconds) in values.items():
                cache.set(key, value, timeout=seconds)
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
        generation, page = _fetch(key, page_scopes(request.resolver_match))
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
