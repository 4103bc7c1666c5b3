"""Celery beat's scheduler: django-celery-beat's, plus a heartbeat.

Set as ``CELERY_BEAT_SCHEDULER``. Beat looks at its schedule at least every few
seconds; every ``HEARTBEAT_SECONDS`` it also records that it is alive in the
``Heartbeat`` row named "beat", so ``/healthz?full`` and
``manage.py healthcheck beat`` can tell a running beat from a stopped one.
"""

import logging
import time

from django.db import DatabaseError, close_old_connections
from django.utils import timezone
from django_celery_beat.schedulers import DatabaseScheduler

from portal.core.models import Heartbeat

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 30
BEAT = "beat"


def heartbeat_record(name: str = BEAT) -> None:
    """Record that the process ``name`` is alive now."""
    Heartbeat.objects.update_or_create(name=name, defaults={"beat_at": timezone.now()})


class HeartbeatScheduler(DatabaseScheduler):
    _last_heartbeat = None

    def tick(self, *args, **kwargs):
        interval = super().tick(*args, **kwargs)
        now = time.monotonic()
        if (
            self._last_heartbeat is None
            or now - self._last_heartbeat >= HEARTBEAT_SECONDS
        ):
            try:
                close_old_connections()
                heartbeat_record()
                self._last_heartbeat = now
            except DatabaseError as error:
                # The schedule carries on; /healthz?full will say beat is stale.
                logger.warning(
                    "beat_heartbeat_failed error=%r",
                    error,
                    extra={"event": "beat_heartbeat_failed"},
                )
        return min(interval, HEARTBEAT_SECONDS)
