"""The zero-set-up quickstart: SQLite, in-process tasks, mail to the console."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
# Only for a developer's own machine: production refuses to start without a key.
SECRET_KEY = env(
    "DJANGO_SECRET_KEY", default="local-development-key-not-for-production"
)
