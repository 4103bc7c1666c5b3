"""The Celery application: Redis broker, configuration from Django settings."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.local")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Sub-domains keep their tasks beside their services.
app.autodiscover_tasks(
    [
        "plans.deadlines",
        "priorities.crime",
        "opendata.alerts",
        "engagement.exports",
        "engagement.equality",
    ]
)
