"""Background tasks that survive a broker outage: queue them, or keep them.

Services queue every Celery task through ``enqueue_on_commit(task, *args)``:
once the transaction commits, the task is published to the broker (Redis); if
the broker cannot be reached, the task's name and arguments are stored as an
``OutboxMessage`` row instead, and the request carries on as if it had been
queued. ``outbox_flush`` publishes the stored messages, oldest first, and
marks each one sent; Celery beat runs it every minute
(``portal.core.tasks.outbox_flush``, scheduled in the database) and operators can
run it with ``manage.py flush_outbox``. Nothing is lost while Redis is down.

Delivery is at least once: a message published just before the database went
away stays unmarked and is published again by the next flush, and a task stored
here may also be queued again by its own job (the reminder job re-queues
reminders left unsent for an hour). That is harmless because every task sent
this way is idempotent: it takes ids, re-reads its row (under a lock where it
matters) and does nothing if the work is done - the search re-index, the
deadline reminder, the response receipt, the subscriber notice, the crime
import, opening and closing consultations - or repeating it does no harm (a
second subscription confirmation asks the same question again).
"""

import datetime
import importlib
import logging
from functools import partial

from django.db import DatabaseError, transaction
from django.utils import timezone

from portal.celery import app as celery_app
from portal.core.models import OutboxMessage

logger = logging.getLogger(__name__)

# How tasks are published, here and by the flush.
PUBLISH_OPTIONS = {
    # Nothing reads these tasks' results. Asking for one makes Celery subscribe
    # to the result backend (the same Redis) before publishing, and without
    # Redis that subscription retries for 20 seconds and then breaks the
    # process's result consumer for good.
    "ignore_result": True,
    # One immediate retry on a fresh connection: a pooled connection to a
    # Redis that has restarted fails once, then works. A broker that is really
    # down fails within CELERY_BROKER_CONNECTION_TIMEOUT per try.
    "retry": True,
    "retry_policy": {
        "max_retries": 1,
        "interval_start": 0,
        "interval_step": 0.2,
        "interval_max": 0.2,
    },
}
SENT_KEPT_DAYS = 30


def _publish(task_name: str, args: list) -> None:
    task = celery_app.tasks.get(task_name)
    if task is None:
        # Not imported yet in this process (a management command, a beat job).
        importlib.import_module(task_name.rpartition(".")[0])
        task = celery_app.tasks[task_name]
    task.apply_async(args=args, **PUBLISH_OPTIONS)


def enqueue(task, *args) -> bool:
    """Publish ``task(*args)`` now, or keep it in the outbox. True if published.

    Call after commit (``enqueue_on_commit``); arguments are ids and other JSON
    values.
    """
    try:
        task.apply_async(args=list(args), **PUBLISH_OPTIONS)
    except Exception as error:  # kombu, redis-py and socket errors alike
        try:
            OutboxMessage.objects.create(
                task_name=task.name, args=list(args), attempts=1, last_error=repr(error)
            )
        except DatabaseError:
            # Nowhere left to keep it: say exactly what to queue again.
            logger.exception(
                "outbox_lost task=%s args=%s",
                task.name,
                list(args),
                extra={"event": "outbox_lost", "task": task.name},
            )
            return False
        logger.warning(
            "outbox_stored task=%s error=%r",
            task.name,
            error,
            extra={"event": "outbox_stored", "task": task.name},
        )
        return False
    return True


def enqueue_on_commit(task, *args) -> None:
    """Queue ``task(*args)`` once the current transaction commits (see the module)."""
    transaction.on_commit(partial(enqueue, task, *args))


def outbox_flush(*, batch_size: int = 100) -> int:
    """Publish the stored messages, oldest first; return how many went.

    Rows are locked with SKIP LOCKED, so two flushes at once share the work.
    The first broker failure stops the run (the next one tries again); a
    message naming a task that no longer exists is skipped and keeps its error.
    """
    sent, after = 0, 0
    while True:
        with transaction.atomic():
            batch = list(
                OutboxMessage.objects.select_for_update(skip_locked=True)
                .filter(sent_at__isnull=True, pk__gt=after)
                .order_by("pk")[:batch_size]
            )
            if not batch:
                break
            for message in batch:
                after = message.pk
                message.attempts += 1
                try:
                    _publish(message.task_name, message.args)
                except (LookupError, ImportError) as error:
                    message.last_error = f"Unknown task: {error!r}"
                    message.save(update_fields=["attempts", "last_error"])
                    logger.error(
                        "outbox_unknown_task task=%s id=%s",
                        message.task_name,
                        message.pk,
                        extra={"event": "outbox_unknown_task"},
                    )
                    continue
                except Exception as error:  # the broker is still away
                    message.last_error = repr(error)
                    message.save(update_fields=["attempts", "last_error"])
                    logger.warning(
                        "outbox_flush_failed error=%r",
                        error,
                        extra={"event": "outbox_flush_failed"},
                    )
                    return sent
                message.sent_at = timezone.now()
                message.save(update_fields=["attempts", "sent_at"])
                sent += 1
    OutboxMessage.objects.filter(
        sent_at__lt=timezone.now() - datetime.timedelta(days=SENT_KEPT_DAYS)
    ).delete()
    if sent:
        logger.info("outbox_flushed sent=%s", sent, extra={"event": "outbox_flushed"})
    return sent
