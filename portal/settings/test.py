"""Settings for the test suite: real PostgreSQL, real Redis, real Celery."""

from .base import *  # noqa: F403
from .base import DEFAULT_STORAGE, env, redis_database

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY", default="test-key-not-for-production")
ALLOWED_HOSTS = ["*"]

DATABASES = {
    "default": env.db(
        "TEST_DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/portal"
    ),
}
# A server started by a test (tests/portal/test_faults.py) keeps its connections
# open between requests, as production does, with TEST_CONN_MAX_AGE.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("TEST_CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # as in base

# Tests use their own Redis databases so they never see a developer's data:
# the cache in TEST_REDIS_URL's database, the broker in the next one
# (TEST_BROKER_URL to choose another).
REDIS_URL = env("TEST_REDIS_URL", default="redis://127.0.0.1:6379/14")
CACHES = {
    "default": {
        "BACKEND": "portal.core.redis_cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "portal-test",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}
# The page cache is on, as in production; tests that count a page's queries
# turn it off with PORTAL_PAGE_CACHE_SECONDS = 0.
PORTAL_PAGE_CACHE_SECONDS = 600
CELERY_BROKER_URL = env("TEST_BROKER_URL", default=redis_database(REDIS_URL, 1))
CELERY_RESULT_BACKEND = CELERY_BROKER_URL
# Never eager: tasks go through the broker to a real worker started by the tests.
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_DEFAULT_QUEUE = "portal-test"
CELERY_IMPORTS_QUEUE = "portal-test-imports"
CELERY_TASK_QUEUES = {CELERY_TASK_DEFAULT_QUEUE: {}, CELERY_IMPORTS_QUEUE: {}}
CELERY_TASK_ROUTES = {
    "priorities.tasks.crime_import_run": {"queue": CELERY_IMPORTS_QUEUE}
}

# In-process tests read mail.outbox; a worker started as a separate process is
# given a file-based fake through these variables.
EMAIL_BACKEND = env(
    "TEST_EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend"
)
EMAIL_FILE_PATH = env("TEST_EMAIL_FILE_PATH", default="")
# Links in emails sent by tasks point at the test client's own host.
PORTAL_BASE_URL = "http://testserver"
REMINDER_RETRY_BASE_SECONDS = 0
REMINDER_MAX_RETRIES = 2
CONTACT_MAIL_RETRY_BASE_SECONDS = 0
CONTACT_MAIL_MAX_RETRIES = 2
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Tests serve the front-end build (make assets) straight from static/build,
# without collectstatic; the hashed-name storage is exercised by make run.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
# Uploads as configured by the environment (a worker started by a test is
# pointed at the test's folder or S3 bucket the same way).
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The API's rate limit is tested on its own; other tests make many requests.
API_RATE_LIMIT = env.int("API_RATE_LIMIT", default=1_000_000)
ALERTS_RETRY_BASE_SECONDS = 0
ALERTS_MAX_RETRIES = 2
