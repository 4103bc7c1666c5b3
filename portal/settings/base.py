"""Settings shared by every environment.

Everything that differs between machines comes from the environment through one
``environ.Env`` (django-environ). The local, test and production modules only
override what they must.
"""

import datetime
import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import environ
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# Settings come from the process's environment. The .env beside manage.py is
# Docker Compose's file (compose hands it to the containers) and is not read
# here, so `make run` keeps its embedded defaults whatever .env says. To keep
# settings for a machine in a file, name it in DJANGO_ENV_FILE (variables that
# are already set win). tests/deploy/test_env_example.py keeps .env.example
# listing every variable these modules read.
if os.environ.get("DJANGO_ENV_FILE"):
    environ.Env.read_env(os.environ["DJANGO_ENV_FILE"], overwrite=False)


def redis_database(url: str, offset: int) -> str:
    """``url`` with its Redis database number moved on by ``offset``:
    redis://host:6379/0 -> redis://host:6379/1. The cache keeps REDIS_URL's
    database and the Celery broker takes the next one, unless
    CELERY_BROKER_URL names its own."""
    parts = urlsplit(url)
    number = int(parts.path.strip("/") or 0) + offset
    return urlunsplit(parts._replace(path=f"/{number}"))


SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

SITE_NAME = env("PORTAL_SITE_NAME", default="Community safety partnership portal")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # whitenoise serves static files in development too, so runserver behaves
    # like production: https://whitenoise.readthedocs.io/en/stable/django.html
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_forms_gds",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "axes",
    # Two-factor sign-in for staff: authenticator apps (TOTP) and recovery
    # codes (portal/site/accounts/two_factor.py).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_celery_beat",
    "csp",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "corsheaders",
    "portal.core",
    "portal.site",
    "partnerships",
    "plans",
    "priorities",
    "meetings",
    "contact",
    "engagement",
    "opendata",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.core.middleware.PermissionsPolicyMiddleware",
    # The Content-Security-Policy header (django-csp), on every response.
    "csp.middleware.CSPMiddleware",
    # CORS for the open data API and feeds (CORS_* below), before anything
    # that may answer a request.
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): signed in with a second factor this session.
    "django_otp.middleware.OTPMiddleware",
    # Staff pages need it for administrators and officers whose partnership
    # requires it.
    "portal.site.accounts.two_factor.RequireTwoFactorMiddleware",
    # Refuses bodies over PORTAL_REQUEST_MAX_BYTES before the CSRF check (or
    # anything else) reads and spools them; upload views have their own limit.
    "portal.core.middleware.RequestBodyLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # /api/: rate limit, cached answers, ETag and 304 (opendata/api/middleware.py).
    # Below every middleware that adds headers, so cached answers get them too.
    "opendata.api.middleware.OpenDataApiMiddleware",
    "portal.core.middleware.NoStoreForStaffMiddleware",
    # Signs out anyone with no staff role who asks for a staff page.
    "portal.core.middleware.StaffAccessMiddleware",
    # Records who made each change for django-simple-history.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Whole public pages for anonymous visitors, from Redis (portal/cache.py).
    # Low in the list so it stores what the view made; the security headers
    # above are added to stored pages on the way out, as to any other.
    "portal.core.cache.PublicPageCacheMiddleware",
    # Locks out repeated failed sign-ins; must be last (django-axes docs).
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Refuses sign-in while a username and address pair is locked out.
    "axes.backends.AxesStandaloneBackend",
    # Object permissions declared per app in rules.py (django-rules).
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# The issuer shown in authenticator apps beside the account's email address.
OTP_TOTP_ISSUER = SITE_NAME

# Five failed sign-ins for one username from one address lock that pair out
# for 15 minutes. https://django-axes.readthedocs.io/en/latest/4_configuration.html
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account/locked_out.html"
AXES_SENSITIVE_PARAMETERS = ["password", "new_password1", "new_password2"]
# Axes's own log lines name clients by pseudonyms, not username, IP and browser.
AXES_CLIENT_STR_CALLABLE = "portal.core.security.axes_client_str"
# The client's address as the rate limits and the logs see it: behind proxies,
# from X-Forwarded-For at TRUSTED_PROXY_COUNT (portal.core.security.client_ip).
AXES_CLIENT_IP_CALLABLE = "portal.core.security.client_ip"

# How many reverse proxies of our own stand between the clients and the app
# (the compose file's Caddy: 1; a CDN in front of it: 2). Each appends the
# address it received the request from to X-Forwarded-For, so the client is
# the entry that many places from the right; whatever a client wrote further
# left is ignored. 0 (the default, nothing in front): REMOTE_ADDR.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# Axes's records hold email addresses, IP addresses and browser strings; the
# nightly job (portal.tasks.security_records_prune) deletes older ones.
AXES_RETENTION_DAYS = env.int("AXES_RETENTION_DAYS", default=30)

# Sessions belong to signed-in officers only (residents never get one). Each
# request renews it, so it ends after this many idle minutes.
SESSION_COOKIE_AGE = env.int("PORTAL_STAFF_IDLE_MINUTES", default=30) * 60
SESSION_SAVE_EVERY_REQUEST = True

# Officers' accounts (portal/account_urls.py). URL names are resolved by
# django.shortcuts.resolve_url. The staff dashboard lives at /manage/.
LOGIN_URL = "account:sign_in"
LOGIN_REDIRECT_URL = "/manage/"  # manage:dashboard
LOGOUT_REDIRECT_URL = "account:signed_out"
# Password reset and invitation links last 3 days; the emails say so.
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3
# Reset emails are queued, at most this many per email address (so per
# account) and per client address in the window; over it, the same page is
# shown and nothing is sent (or, per client address, "too many requests").
PASSWORD_RESET_RATE_LIMIT = env.int("PASSWORD_RESET_RATE_LIMIT", default=3)
PASSWORD_RESET_CLIENT_RATE_LIMIT = env.int(
    "PASSWORD_RESET_CLIENT_RATE_LIMIT", default=20
)
PASSWORD_RESET_RATE_WINDOW_SECONDS = env.int(
    "PASSWORD_RESET_RATE_WINDOW_SECONDS", default=3600
)

# Who may use the staff pages under /manage/ at all (portal.core.middleware):
# anyone with one of these permissions. Any role in a partnership, or a site
# administrator (partnerships/rules.py); or staff given the audit trail's
# permission, who read /manage/audit/ without a role.
PORTAL_STAFF_PERMISSIONS = ("partnerships.use_dashboard", "portal.view_auditevent")

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # CSP_NONCE, for the rare <script> that must be inline.
                "csp.context_processors.nonce",
                "portal.site.context_processors.site",
            ],
        },
    },
]

# The zero-set-up quickstart runs on SQLite; every real environment sets
# DATABASE_URL to PostgreSQL (postgres://user:password@host:5432/name).
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# Keep connections open between requests, and check them before use so a
# restarted database server does not fail the next request.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # psycopg 3. Two ways to share connections when many processes run (see
    # "Running for many partnerships" in the README):
    if env.bool("DJANGO_DB_POOL", default=False):
        # Django's own pool (psycopg_pool) in each process, instead of one
        # kept connection per thread; a pooled connection is checked before
        # it is handed out.
        from psycopg_pool import ConnectionPool

        DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps them
        DATABASES["default"]["OPTIONS"] = {
            "pool": {
                "min_size": env.int("DJANGO_DB_POOL_MIN_SIZE", default=1),
                "max_size": env.int("DJANGO_DB_POOL_MAX_SIZE", default=4),
                "timeout": 10,
                "check": ConnectionPool.check_connection,
            }
        }
    elif env.bool("DJANGO_DB_PGBOUNCER", default=False):
        # PgBouncer in transaction mode hands each transaction to any server
        # connection: no server-side cursors (Django already turns psycopg's
        # prepared statements off). Keep DJANGO_CONN_MAX_AGE: the connection
        # kept is to PgBouncer, which is cheap.
        DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The quickstart's web process and its worker share the SQLite file: WAL
    # lets one write while the other reads, and a transaction that will write
    # takes the lock when it starts, waiting up to 20 s for the other's.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis is the cache (REDIS_URL) and, in another database or server, the Celery
# broker (CELERY_BROKER_URL; default: REDIS_URL's next database). They want
# different eviction policies (README, "Redis"): the cache may drop anything,
# the broker nothing. Without Redis (the quickstart) the cache lives in process
# memory and local.py gives Celery a broker in a folder.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "portal.core.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "portal",
            "TIMEOUT": 300,
            # A Redis that hangs fails a cache call in a second, not never.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Public pages are kept whole for anonymous visitors for this long (0: off), and
# forgotten as soon as what they show changes (portal/cache.py). Only with
# Redis: a per-process cache could not be emptied by another process.
PORTAL_PAGE_CACHE_SECONDS = env.int(
    "PORTAL_PAGE_CACHE_SECONDS", default=600 if REDIS_URL else 0
)

CELERY_BROKER_URL = env(
    "CELERY_BROKER_URL",
    default=redis_database(REDIS_URL, 1) if REDIS_URL else "memory://",
)
# Task results (nothing reads them but Celery's own tools) live beside the tasks.
CELERY_RESULT_BACKEND = (
    CELERY_BROKER_URL if CELERY_BROKER_URL.startswith(("redis", "rediss")) else None
)
# Only when no broker is configured at all do tasks run in the calling process.
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL == "memory://"
# Two queues: crime imports (minutes of CPU each) never hold up emails and the
# scheduled jobs. A worker started without -Q serves both; production runs a
# worker per queue (docker-compose.yml: worker, worker-imports).
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_IMPORTS_QUEUE = "imports"
CELERY_TASK_QUEUES = {CELERY_TASK_DEFAULT_QUEUE: {}, CELERY_IMPORTS_QUEUE: {}}
CELERY_TASK_ROUTES = {
    "priorities.tasks.crime_import_run": {"queue": CELERY_IMPORTS_QUEUE}
}
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Europe/London"
CELERY_RESULT_EXPIRES = 3600
# Requests never publish (portal/core/outbox.py); the relays that do give up on
# a refused or hung Redis within these timeouts and try again later.
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # A task whose worker vanished without acknowledging it is handed out again
    # after this long; imports are re-run sooner by the stuck-import check.
    "visibility_timeout": 3600,
    "socket_timeout": 2,
    "socket_connect_timeout": 1,
}
CELERY_REDIS_SOCKET_TIMEOUT = 2
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 1
# Periodic jobs are kept in the database (django-celery-beat), so an operator
# can see and change them in the admin; migrations create the defaults. The
# scheduler also records a heartbeat that /healthz?full reads.
CELERY_BEAT_SCHEDULER = "portal.core.beat:HeartbeatScheduler"
# /healthz?full calls beat stale when its last heartbeat is older than this.
PORTAL_BEAT_STALE_SECONDS = env.int("PORTAL_BEAT_STALE_SECONDS", default=180)
# A task whose worker dies is put back on the queue for another worker.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Workers keep the LOGGING below (JSON lines) instead of Celery's own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# Deadline reminders: days before the due date, then every N days while overdue
# (a duty may set its own offsets). Failed sends retry with exponential backoff
# and jitter up to REMINDER_MAX_RETRIES times, then are recorded as failed.
REMINDER_OFFSETS_DAYS = env.list(
    "REMINDER_OFFSETS_DAYS", cast=int, default=[90, 30, 7, 0]
)
REMINDER_OVERDUE_EVERY_DAYS = env.int("REMINDER_OVERDUE_EVERY_DAYS", default=7)
REMINDER_MAX_RETRIES = env.int("REMINDER_MAX_RETRIES", default=5)
REMINDER_RETRY_BASE_SECONDS = env.int("REMINDER_RETRY_BASE_SECONDS", default=60)

_VALIDATORS = "django.contrib.auth.password_validation"
# At least 12 characters, not a common password, no composition rules.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATORS}.UserAttributeSimilarityValidator"},
    {"NAME": f"{_VALIDATORS}.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": f"{_VALIDATORS}.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# The front-end build (make assets) writes compiled CSS, JS and images here.
STATICFILES_DIRS = [BASE_DIR / "static" / "build"]
# Uploaded files (officers' crime files, plan documents) go through Django's
# storage API: a folder on the quickstart (MEDIA_ROOT), or any S3-compatible
# object store (django-storages) when STORAGE_S3_BUCKET is set, which every web
# and worker container then shares. Nothing is served from MEDIA_URL: a plan's
# document is served by the portal itself, and only once the plan is public.
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media")))
MEDIA_URL = "/media/"


def s3_storage(
    *,
    bucket: str,
    endpoint_url: str = "",
    region: str = "",
    access_key: str = "",
    secret_key: str = "",
    addressing_style: str = "",
    prefix: str = "",
) -> dict:
    """Django's storage settings for a bucket on an S3-compatible store
    (django-storages). Empty values are left to boto3: AWS itself, and the
    credentials it finds (an instance role, AWS_* variables)."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint_url or None,
            "region_name": region or None,
            "access_key": access_key or None,
            "secret_key": secret_key or None,
            # "path" for servers without a host name per bucket (MinIO).
            "addressing_style": addressing_style or None,
            "location": prefix,
            # Private objects; never replace a file that has the same name.
            "default_acl": None,
            "file_overwrite": False,
        },
    }


if env("STORAGE_S3_BUCKET", default=""):
    DEFAULT_STORAGE = s3_storage(
        bucket=env("STORAGE_S3_BUCKET"),
        # e.g. https://s3.example.net for MinIO, Ceph or a cloud's S3 service.
        endpoint_url=env("STORAGE_S3_ENDPOINT_URL", default=""),
        region=env("STORAGE_S3_REGION", default=""),
        access_key=env("STORAGE_S3_ACCESS_KEY_ID", default=""),
        secret_key=env("STORAGE_S3_SECRET_ACCESS_KEY", default=""),
        addressing_style=env("STORAGE_S3_ADDRESSING_STYLE", default=""),
        prefix=env("STORAGE_S3_PREFIX", default=""),
    )
else:
    DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": DEFAULT_STORAGE,
    # Hashed, compressed names with far-future cache headers.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="portal@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Cookies. Only signed-in officers get a session: nothing on the public pages
# writes to it, and Django sets the cookie only once something does. Forms set
# the CSRF cookie. Neither is readable by JavaScript; both stay on same-site
# requests and top-level links (Lax, so a link in a reminder email still opens
# the page signed in). Production adds Secure.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

# Response headers (SecurityMiddleware, XFrameOptionsMiddleware, django-csp).
# https://docs.djangoproject.com/en/5.2/ref/middleware/#module-django.middleware.security
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Other sites learn only our origin, and nothing when going from HTTPS to HTTP.
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Everything comes from this site; no inline script or style, no eval, no
# framing. A script that must be inline carries the request's nonce
# (<script nonce="{{ CSP_NONCE }}">); the nonce appears in the header only on
# pages that use it. https://django-csp.readthedocs.io/en/latest/configuration.html
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# Logs: one JSON object per line on standard error (DJANGO_LOG_FORMAT=plain for
# plain text on a developer's machine), with nothing personal or secret in
# them (portal/logging.py). Security events - sign-ins and failures, lockouts,
# refused permissions, rate-limit hits - are on portal.core.security; crime imports
# on priorities.crime.services; Django logs 4xx and 5xx responses, with the 500
# page's reference, on django.request.
LOG_FORMAT = env("DJANGO_LOG_FORMAT", default="json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "portal.core.logging.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s",
        },
        "plain": {
            "()": "portal.core.logging.TextFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        },
    },
    "filters": {"request_fields": {"()": "portal.core.logging.RequestFieldsFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain" if LOG_FORMAT == "plain" else "json",
        }
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "portal.security": {"level": "INFO"},
        "django.request": {"filters": ["request_fields"]},
        "django.security.csrf": {"filters": ["request_fields"]},
        # runserver's access lines, through the redacting formatters instead
        # of Django's own (which printed calendar and password-reset tokens).
        "django.server": {
            "handlers": ["console"],
            "level": "INFO",
            "propagate": False,
        },
    },
}

# Addresses shown on the accessibility statement and privacy notice.
PORTAL_ACCESSIBILITY_EMAIL = env(
    "PORTAL_ACCESSIBILITY_EMAIL", default="accessibility@example.org"
)
PORTAL_PRIVACY_EMAIL = env("PORTAL_PRIVACY_EMAIL", default="privacy@example.org")
# Where security researchers report vulnerabilities (/.well-known/security.txt).
PORTAL_SECURITY_CONTACT = env(
    "PORTAL_SECURITY_CONTACT", default="mailto:security@example.org"
)

# The site's own address (https://portal.example.org), for links in emails sent
# outside a web request, such as invitations made from the shell.
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="")

# Public consultation forms (engagement/protection.py). Each address may send
# CONSULTATION_RATE_LIMIT form posts per window before getting "429 Too many
# requests"; a response sent back sooner than CONSULTATION_MIN_SECONDS after the
# form was shown, or with a start token older than the maximum age, is not
# stored and the form is shown again with a fresh token. The address is
# portal.core.security.client_ip (as django-axes uses): behind reverse proxies,
# set TRUSTED_PROXY_COUNT, or every resident shares the proxy's one counter.
CONSULTATION_RATE_LIMIT = env.int("CONSULTATION_RATE_LIMIT", default=20)
CONSULTATION_RATE_WINDOW_SECONDS = env.int(
    "CONSULTATION_RATE_WINDOW_SECONDS", default=600
)
CONSULTATION_MIN_SECONDS = env.int("CONSULTATION_MIN_SECONDS", default=3)
CONSULTATION_FORM_MAX_AGE_SECONDS = env.int(
    "CONSULTATION_FORM_MAX_AGE_SECONDS", default=60 * 60 * 24
)

# The contact form of each partnership (contact/), with the same guards as the
# consultation form: posts per address per window, the fewest seconds a person
# takes, and how long a form stays valid. Messages keep the sender's name,
# address and words for CONTACT_RETENTION_MONTHS after they were last dealt
# with (a partnership's inbox may set its own), then the nightly job removes
# them. Failed reply emails are retried with exponential backoff.
CONTACT_RATE_LIMIT = env.int("CONTACT_RATE_LIMIT", default=10)
CONTACT_RATE_WINDOW_SECONDS = env.int("CONTACT_RATE_WINDOW_SECONDS", default=600)
CONTACT_MIN_SECONDS = env.int("CONTACT_MIN_SECONDS", default=3)
CONTACT_FORM_MAX_AGE_SECONDS = env.int(
    "CONTACT_FORM_MAX_AGE_SECONDS", default=60 * 60 * 24
)
CONTACT_RETENTION_MONTHS = env.int("CONTACT_RETENTION_MONTHS", default=12)
CONTACT_MAIL_MAX_RETRIES = env.int("CONTACT_MAIL_MAX_RETRIES", default=5)
CONTACT_MAIL_RETRY_BASE_SECONDS = env.int("CONTACT_MAIL_RETRY_BASE_SECONDS", default=60)

# Officers' police.uk uploads: the largest file accepted (a full Met month is
# 19-30 MB). The web server in front must accept bodies this large too.
CRIME_UPLOAD_MAX_MB = env.int("CRIME_UPLOAD_MAX_MB", default=60)
# Each import task: a time limit, a memory ceiling over the worker's own size,
# and how many starts that never finish (the worker died) before it is marked
# failed. An import "running" longer than the stuck limit (past the time limit)
# is re-run by a beat job (priorities/crime/tasks.py).
CRIME_IMPORT_TIME_LIMIT_SECONDS = env.int(
    "CRIME_IMPORT_TIME_LIMIT_SECONDS", default=15 * 60
)
CRIME_IMPORT_MEMORY_MB = env.int("CRIME_IMPORT_MEMORY_MB", default=512)
# Crime figures whose newest month is older than this many months carry a
# plain warning that they are out of date (priorities/crime/coverage.py).
CRIME_DATA_STALE_MONTHS = env.int("CRIME_DATA_STALE_MONTHS", default=3)
CRIME_IMPORT_MAX_ATTEMPTS = env.int("CRIME_IMPORT_MAX_ATTEMPTS", default=3)
CRIME_IMPORT_STUCK_SECONDS = env.int(
    "CRIME_IMPORT_STUCK_SECONDS", default=CRIME_IMPORT_TIME_LIMIT_SECONDS + 5 * 60
)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Any other request body larger than this is refused (413) before it is read.
PORTAL_REQUEST_MAX_BYTES = env.int("PORTAL_REQUEST_MAX_BYTES", default=1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Equality monitoring answers are held apart and stored in shuffled batches of
# at least this many per consultation (engagement/equality/__init__.py).
EQUALITY_BATCH_MIN = env.int("EQUALITY_BATCH_MIN", default=10)

# CSV exports of responses: up to this many responses stream straight to the
# browser; more are built by a worker into the file storage (STORAGES
# "default") and the manager is emailed a link. Files are deleted after
# EXPORT_KEEP_DAYS (they hold personal data).
EXPORT_INLINE_MAX_RESPONSES = env.int("EXPORT_INLINE_MAX_RESPONSES", default=20_000)
EXPORT_KEEP_DAYS = env.int("EXPORT_KEEP_DAYS", default=7)

# Documents officers upload (meeting papers and minutes, plan documents):
# PDF, ODT or DOCX up to this size (portal/core/documents.py). The web server
# in front must accept bodies this large too.
DOCUMENT_MAX_MB = env.int("DOCUMENT_MAX_MB", default=20)

# Police.uk and ONS files that load_demo imports for the demo, when present
# (the shared folder beside the repository on development machines and CI).
PORTAL_POLICE_DATA_DIR = env(
    "PORTAL_POLICE_DATA_DIR",
    default=str(BASE_DIR.parent / "shared" / "data" / "police-uk"),
)

# Error tracking (sentry-sdk), off unless SENTRY_DSN is set. Nothing personal is
# sent: no request bodies, cookies, headers, user details, IP addresses or local
# variables, and messages are redacted as the logs are (portal/core/errors.py).
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    from portal.core.errors import sentry_init

    sentry_init(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )
# Where load_geography, load_demo and the Met import look for the ONS, Census
# and OS Code-Point files, and the Met's ward-level series (../shared/data).
PORTAL_GEOGRAPHY_DATA_DIR = env(
    "PORTAL_GEOGRAPHY_DATA_DIR",
    default=str(BASE_DIR.parent / "shared" / "data" / "geography"),
)
PORTAL_MET_WARD_DATA_DIR = env(
    "PORTAL_MET_WARD_DATA_DIR",
    default=str(BASE_DIR.parent / "shared" / "data" / "met-ward-crime"),
)

# The open data API (opendata/api): read-only, public, anonymous. JSON, or CSV
# with ?format=csv (the Accept header is not used, so each address has one
# answer to cache). https://www.django-rest-framework.org/api-guide/settings/
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": (
        "opendata.api.renderers.FormatParameterNegotiation"
    ),
    "DEFAULT_PAGINATION_CLASS": "opendata.api.pagination.Pagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [],
    "COERCE_DECIMAL_TO_STRING": False,
    "UNICODE_JSON": True,
}
# The OpenAPI schema, generated from the code (drf-spectacular); committed as
# docs/openapi.yaml (make openapi) and checked against the served one in tests.
SPECTACULAR_SETTINGS = {
    "TITLE": "Community safety partnership portal: open data API",
    "DESCRIPTION": (
        "Everything the portal publishes, read-only: partnerships, their members "
        "and wards; plans and sections; priorities, actions and indicators; public "
        "statutory deadlines; consultations and published results; monthly crime "
        "counts. Lists are paginated JSON, or CSV with format=csv. Open Government "
        "Licence v3.0."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SORT_OPERATIONS": False,
    "ENUM_NAME_OVERRIDES": {
        "AreaKindEnum": "partnerships.models.Area.Kind",
        "PlanKindEnum": "plans.models.Plan.Kind",
        "OrganisationKindEnum": "partnerships.models.Organisation.Kind",
        "BoardKindEnum": "partnerships.models.Board.Kind",
        "EvidenceKindEnum": "priorities.models.Evidence.Kind",
        "ActionStatusEnum": "priorities.models.Action.Status",
        "DeadlineStatusEnum": "plans.models.Deadline.Status",
        "PlanStatusEnum": "opendata.api.serializers.PLAN_STATUSES",
        "ConsultationStatusEnum": "opendata.api.serializers.CONSULTATION_STATUSES",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "opendata.api.schema.add_common_responses",
    ],
    "LICENSE": {
        "name": "Open Government Licence v3.0",
        "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    },
}
# Each client address may make this many API requests per window (cached
# answers included), then gets 429 with Retry-After until the window ends.
API_RATE_LIMIT = env.int("API_RATE_LIMIT", default=600)
API_RATE_WINDOW_SECONDS = env.int("API_RATE_WINDOW_SECONDS", default=60)
# How long browsers and proxies may keep an API answer before asking again
# (with its ETag, answered 304 when unchanged).
API_BROWSER_CACHE_SECONDS = env.int("API_BROWSER_CACHE_SECONDS", default=60)
# CORS (django-cors-headers): any site's scripts may read the API and feeds
# with GET; no credentials, no other methods.
CORS_URLS_REGEX = r"^/(api|feeds)/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_HEADERS = ("accept", "if-none-match", "if-modified-since")
CORS_EXPOSE_HEADERS = ("ETag", "Last-Modified", "Retry-After", "X-Cache")
CORS_ALLOW_CREDENTIALS = False

# Email alerts (opendata/alerts). Sends go in batches of ALERTS_BATCH_SIZE per
# task; a failed batch is retried with exponential backoff from
# ALERTS_RETRY_BASE_SECONDS, up to ALERTS_MAX_RETRIES times, then its unsent
# rows are marked failed. Weekly digests cover Monday to Sunday in
# ALERTS_TIME_ZONE. A request not confirmed within ALERTS_CONFIRM_WITHIN_DAYS
# is deleted; an address is blanked ALERTS_UNSUBSCRIBED_KEEP_DAYS after it
# unsubscribed.
ALERTS_BATCH_SIZE = env.int("ALERTS_BATCH_SIZE", default=100)
ALERTS_MAX_RETRIES = env.int("ALERTS_MAX_RETRIES", default=5)
ALERTS_RETRY_BASE_SECONDS = env.int("ALERTS_RETRY_BASE_SECONDS", default=60)
ALERTS_TIME_ZONE = env("ALERTS_TIME_ZONE", default="Europe/London")
ALERTS_CONFIRM_WITHIN_DAYS = env.int("ALERTS_CONFIRM_WITHIN_DAYS", default=7)
ALERTS_UNSUBSCRIBED_KEEP_DAYS = env.int("ALERTS_UNSUBSCRIBED_KEEP_DAYS", default=30)
