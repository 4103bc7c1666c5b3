"""Settings shared by every environment.

Everything that differs between machines comes from the environment through one
``environ.Env`` (django-environ). The local, test and production modules only
override what they must.
"""

import datetime
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A developer may keep a .env beside manage.py; real deployments set variables.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

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
    "django_celery_beat",
    "csp",
    "portal.core",
    "portal.site",
    "partnerships",
    "plans",
    "priorities",
    "meetings",
    "contact",
    "engagement",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The Content-Security-Policy header (django-csp), on every response.
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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

# Officers' accounts (portal/account_urls.py). URL names are resolved by
# django.shortcuts.resolve_url. The staff dashboard lives at /manage/.
LOGIN_URL = "account:sign_in"
LOGIN_REDIRECT_URL = "/manage/"  # manage:dashboard
LOGOUT_REDIRECT_URL = "account:signed_out"
# Password reset and invitation links last 3 days; the emails say so.
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3

# Who may use the staff pages under /manage/ at all (portal.core.middleware):
# any role in a partnership, or a site administrator (partnerships/rules.py).
PORTAL_STAFF_PERMISSION = "partnerships.use_dashboard"

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
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis is the cache and the Celery broker. Without it (the quickstart) the
# cache lives in process memory and tasks run in process.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
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

CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=REDIS_URL or None)
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Europe/London"
CELERY_RESULT_EXPIRES = 3600
# A broker that is briefly away should not hang a request for long.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
# Periodic jobs are kept in the database (django-celery-beat), so an operator
# can see and change them in the admin; migrations create the defaults.
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
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
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed names with far-future cache headers.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"

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
    },
}

# Addresses shown on the accessibility statement and privacy notice.
PORTAL_ACCESSIBILITY_EMAIL = env(
    "PORTAL_ACCESSIBILITY_EMAIL", default="accessibility@example.org"
)
PORTAL_PRIVACY_EMAIL = env("PORTAL_PRIVACY_EMAIL", default="privacy@example.org")

# The site's own address (https://portal.example.org), for links in emails sent
# outside a web request, such as invitations made from the shell.
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="")

# Public consultation forms (engagement/protection.py). Each address may send
# CONSULTATION_RATE_LIMIT form posts per window before getting "429 Too many
# requests"; a response sent back sooner than CONSULTATION_MIN_SECONDS after the
# form was shown, or with a start token older than the maximum age, is not
# stored and the form is shown again with a fresh token. The address is
# REMOTE_ADDR (portal.core.security.client_ip, as django-axes uses): behind a reverse
# proxy that is the proxy's own address unless the server is told the client's,
# and every resident would share one counter.
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
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

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
