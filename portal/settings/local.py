"""The zero-set-up quickstart: SQLite, in-process tasks, mail to the console.

DEBUG stays off unless DJANGO_DEBUG=true, so the quickstart shows the portal's
own error pages and serves hashed static files as production does.
"""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=False)
# Only for a developer's own machine: production refuses to start without a key.
SECRET_KEY = env(
    "DJANGO_SECRET_KEY", default="local-development-key-not-for-production"
)
# Links in emails point at the quickstart itself (make run serves it here).
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="http://127.0.0.1:8000")
