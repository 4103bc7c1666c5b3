"""The zero-set-up quickstart: SQLite, mail to the console, and background work
on a real Celery worker and beat that `make run` starts beside the web server.

DEBUG stays off unless DJANGO_DEBUG=true, so the quickstart shows the portal's
own error pages and serves hashed static files as production does.

Without Redis the broker is a folder (kombu's filesystem transport) that the
web process and the worker share, so uploads are imported, reminders sent and
consultations opened and closed by the worker and beat, as in production. Set
REDIS_URL (or CELERY_BROKER_URL) to use Redis instead.
"""

from pathlib import Path

from .base import *  # noqa: F403
from .base import BASE_DIR, CELERY_BROKER_URL, env

DEBUG = env.bool("DJANGO_DEBUG", default=False)
# Only for a developer's own machine: production refuses to start without a key.
SECRET_KEY = env(
    "DJANGO_SECRET_KEY", default="local-development-key-not-for-production"
)

if CELERY_BROKER_URL == "memory://":
    QUICKSTART_BROKER_DIR = Path(
        env("PORTAL_BROKER_DIR", default=str(BASE_DIR / ".run" / "broker"))
    )
    for _folder in ("queue", "control"):
        (QUICKSTART_BROKER_DIR / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://localhost/"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(QUICKSTART_BROKER_DIR / "queue"),
        "data_folder_out": str(QUICKSTART_BROKER_DIR / "queue"),
        "control_folder": str(QUICKSTART_BROKER_DIR / "control"),
    }
    CELERY_TASK_ALWAYS_EAGER = False
# Links in emails point at the quickstart itself (make run serves it here).
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="http://127.0.0.1:8000")
