"""Settings for `make bench`: production settings on a local PostgreSQL and Redis.

Everything production does (DEBUG off, hashed static files, the cache, the
middleware) stays on; only TLS redirects and secure-cookie transport are
relaxed because the benchmark talks plain HTTP to 127.0.0.1, and the URL
configuration adds one bare Django view to compare against.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-" + "x" * 50)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/7")
os.environ.setdefault("PORTAL_BASE_URL", "http://127.0.0.1:8000")

from .production import *  # noqa: F403
from .production import env

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
ROOT_URLCONF = "bench.urls"
# make bench's uncached runs add ?bench=<unique> to every request; making it
# part of the page cache key means every such request is a real miss.
PORTAL_PAGE_CACHE_KEY_PARAMS = ("bench",)
# The load comes from one address; the rate limit would measure itself.
CONSULTATION_RATE_LIMIT = env.int("CONSULTATION_RATE_LIMIT", default=1_000_000)
CONSULTATION_MIN_SECONDS = 0
API_RATE_LIMIT = env.int("API_RATE_LIMIT", default=1_000_000_000)
# The alerts benchmark counts emails instead of sending them (bench/fakes.py).
EMAIL_BACKEND = env("BENCH_EMAIL_BACKEND", default=EMAIL_BACKEND)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "root": {"level": "WARNING"},
}
