"""Guards for public forms that never lock a real person out.

Used by every form residents send without signing in (a consultation
response, a subscription, a message to a partnership). Each app passes its
own limits from its settings.

* A honeypot: a text field hidden from everyone. People leave it empty; simple
  bots fill in every field they find.
* A signed start time: the form carries a token made when it was shown,
  signed with Django's ``TimestampSigner``. A form sent back sooner than a
  person could fill it in, or with a token that is forged or too old, is not
  stored; the page comes back with a fresh token, so the person only has to
  press the button again.
* A per-address rate limit: a fixed-window counter in the cache (Redis), so
  a flood from one address gets "429 Too many requests" for a few minutes.
  The first refusal in each window is logged (``rate_limited`` on
  ``portal.security``) with a pseudonym of the address, never the address.

CSRF protection comes from Django's middleware; once-only storage of each
submission from an idempotency key that the app's service checks against a
unique constraint.
"""

import enum
import logging
import math
import re
import time
import uuid

from django.core import signing
from django.core.cache import cache
from django.shortcuts import render

from portal.core.cache import guarded
from portal.core.security import client_ip, log_event

logger = logging.getLogger(__name__)

HONEYPOT_FIELD = "website"
# An idempotency key as the forms make them: 32 hex digits.
FORM_KEY = re.compile(r"[0-9a-f]{32}")
# Kept from when this module lived in engagement, so forms shown during a
# deploy stay valid.
_STARTED_SALT = "engagement.form-started"


class Started(enum.Enum):
    OK = "ok"
    TOO_FAST = "too fast"
    INVALID = "invalid"  # forged, expired, missing or made for another form


def honeypot_filled(value) -> bool:
    return bool((value or "").strip())


def new_form_key() -> str:
    """A fresh idempotency key for one showing of a form."""
    return uuid.uuid4().hex


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=_STARTED_SALT)


def started_token(*, form_key: str) -> str:
    """A signed token saying when the form with this key was shown."""
    return _signer().sign_object({"key": form_key, "at": time.time()})


def check_started(
    token: str, *, form_key: str, min_seconds: float, max_age: float
) -> Started:
    """Whether the form was filled in slowly enough, with a token we made for it."""
    try:
        payload = _signer().unsign_object(token or "", max_age=max_age)
    except signing.BadSignature:  # includes SignatureExpired
        return Started.INVALID
    if not isinstance(payload, dict) or payload.get("key") != form_key:
        return Started.INVALID
    try:
        elapsed = time.time() - float(payload["at"])
    except (KeyError, TypeError, ValueError):
        return Started.INVALID
    if elapsed < min_seconds:
        return Started.TOO_FAST
    return Started.OK


def rate_limited(
    request, *, scope: str, limit: int, window: int, namespace: str = "portal"
) -> bool:
    """Count this request against its address; True once over ``limit``.

    A fixed window: the first request from an address creates a counter that
    expires after ``window`` seconds, and every request adds one to it.
    ``cache.add`` and ``cache.incr`` are atomic in Redis, so parallel requests
    count right.
    """
    key = f"{namespace}:rate:{scope}:{client_ip(request) or 'unknown'}"

    def count_one():
        cache.add(key, 0, timeout=window)
        try:
            return cache.incr(key)
        except ValueError:  # the window ended between add and incr
            cache.add(key, 1, timeout=window)
            return 1

    # Without Redis (down, hung, or failed moments ago) nobody is counted:
    # residents can still write, and no request waits more than a second.
    count = guarded("rate_limit", count_one)
    if count is None:
        logger.warning("Rate limit %s skipped: the cache is unavailable", scope)
        return False
    if count == limit + 1:
        # The first refusal in each window, so a flood cannot flood the log.
        # The address is personal data: only its keyed pseudonym is written.
        log_event(
            "rate_limited",
            ip_address=client_ip(request),
            level=logging.WARNING,
            scope=scope,
            limit=limit,
            window_seconds=window,
            path=getattr(request, "path", ""),
        )
    return count > limit


def too_many_requests(request, *, window: int):
    """The site's 429 page, with a Retry-After header."""
    response = render(
        request,
        "429.html",
        {"retry_minutes": max(1, math.ceil(window / 60))},
        status=429,
    )
    response["Retry-After"] = str(window)
    return response
