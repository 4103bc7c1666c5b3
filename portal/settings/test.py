"""Settings for the test suite: real PostgreSQL, real Redis, real Celery."""

from .base import *  # noqa: F403
from .base import env

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

# Tests use their own Redis database so they never see a developer's data.
REDIS_URL = env("TEST_REDIS_URL", default="redis://127.0.0.1:6379/14")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "portal-test",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}
# The page cache is on, as in production; tests that count a page's queries
# turn it off with PORTAL_PAGE_CACHE_SECONDS = 0.
PORTAL_PAGE_CACHE_SECONDS = 600
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
# Never eager: tasks go through the broker to a real worker started by the tests.
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_DEFAULT_QUEUE = "portal-test"

# In-process tests read mail.outbox; a worker started as a separate process is
# given a file-based fake through these variables.
EMAIL_BACKEND = env(
    "TEST_EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend"
)
EMAIL_FILE_PATH = env("TEST_EMAIL_FILE_PATH", default="")
REMINDER_RETRY_BASE_SECONDS = 0
REMINDER_MAX_RETRIES = 2
CONTACT_MAIL_RETRY_BASE_SECONDS = 0
CONTACT_MAIL_MAX_RETRIES = 2
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Tests serve the front-end build (make assets) straight from static/build,
# without collectstatic; the hashed-name storage is exercised by make run.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
