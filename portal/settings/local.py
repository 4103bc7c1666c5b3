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
