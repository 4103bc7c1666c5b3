"""Guards for the public consultation forms, with the consultation settings.

The guards themselves (honeypot, signed start time, rate limit, 429 page) live
in ``portal.core.protection`` so that every public form shares them; this
module keeps engagement's names and passes the ``CONSULTATION_*`` settings.
"""

from django.conf import settings

from portal.core import protection as _guards
from portal.core.protection import (  # noqa: F401  (engagement's names)
    HONEYPOT_FIELD,
    Started,
    honeypot_filled,
    started_token,
)


def check_started(token: str, *, form_key: str) -> Started:
    """Whether the form was filled in slowly enough, with a token we made for it."""
    return _guards.check_started(
        token,
        form_key=form_key,
        min_seconds=settings.CONSULTATION_MIN_SECONDS,
        max_age=settings.CONSULTATION_FORM_MAX_AGE_SECONDS,
    )


def rate_limited(request, *, scope: str) -> bool:
    """Count this request against its address; True once over the limit."""
    return _guards.rate_limited(
        request,
        scope=scope,
        limit=settings.CONSULTATION_RATE_LIMIT,
        window=settings.CONSULTATION_RATE_WINDOW_SECONDS,
        namespace="engagement",
    )


def too_many_requests(request):
    """The site's 429 page, with a Retry-After header."""
    return _guards.too_many_requests(
        request, window=settings.CONSULTATION_RATE_WINDOW_SECONDS
    )
