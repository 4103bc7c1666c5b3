"""Fixed-window counters in the cache (Redis), for rate limits of any kind.

A window's first hit creates a counter that expires with the window; every hit
adds one. ``cache.add`` and ``cache.incr`` are atomic in Redis, so parallel
requests count right. Without Redis (down, hung, or failed moments ago) the
limit is not applied (``portal.core.cache.guarded``): nobody is locked out
because the cache is away, and no request waits for it more than a second.
"""

from django.core.cache import cache

from portal.core.cache import guarded


def hit(key: str, *, window: int) -> int | None:
    """Count one hit on ``key``; the count in this window, or None without Redis."""
    full_key = f"ratelimit:{key}"

    def count_one():
        cache.add(full_key, 0, timeout=window)
        try:
            return cache.incr(full_key)
        except ValueError:  # the window ended between add and incr
            cache.add(full_key, 1, timeout=window)
            return 1

    return guarded("rate_limit", count_one)


def over_limit(key: str, *, limit: int, window: int) -> bool:
    """Count a hit on ``key``; True once more than ``limit`` in the window."""
    count = hit(key, window=window)
    return count is not None and count > limit
