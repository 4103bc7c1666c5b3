"""A transactional outbox: background work is stored with the change it follows.

Services queue every Celery task through ``enqueue_on_commit(task, *args)``,
inside their transaction. That writes an ``OutboxMessage`` row (the task's name
and its id arguments) in the *same* database transaction as the change: the
response, the unpublished priority, the reminder and the task to act on it are
committed together or not at all. Nothing talks to the broker inside a request.

Two relays then publish the rows to Celery:

* the **nudge**: once the transaction commits, the new messages are handed to
  a background thread of the process (a bounded queue: ``put_nowait``, never a
  wait). The thread publishes them and deletes their rows; a row it cannot publish
  keeps the error and an attempt count and is left for the relay. A request
  never waits for Redis, however Redis fails - refused, hung (``SIGSTOP``),
  slow - and a full queue or a dead thread loses nothing either;
* the **relay**: ``outbox_flush`` publishes every unsent row, oldest first,
  and marks each one sent (kept for ``SENT_KEPT_DAYS`` as a record of the
  outage). Celery beat runs it every minute (``portal.tasks.outbox_flush``,
  scheduled in the database) and ``manage.py flush_outbox`` runs it at once.

Relays lock rows with ``SKIP LOCKED``, so two never share a row; the nudge may
publish a row the relay publishes too in the same second. Delivery is at least
once (so is a message published just before the database went away), which
is harmless because
every task queued this way is idempotent: it takes ids, re-reads its row (under
a lock where it matters) and does nothing if the work is done - the search
re-index, the deadline reminder, the response receipt, the subscriber notice,
the crime import, opening and closing consultations, the password reset email,
the CSV export.

Every broker call has socket and connect timeouts (``CELERY_BROKER_*`` in the
settings), so even the relay's thread or the beat job gives up on a hung Redis
in about a second and tries again later. Task names are stored as data: keep
them stable (each task pins its ``name``).

Without Redis (the SQLite quickstart, ``CELERY_TASK_ALWAYS_EAGER``) tasks run
in process, so the nudge runs them at once, in the request, after commit.
"""

import contextlib
import datetime
import importlib
import logging
import queue
import threading
from functools import partial

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connections, transaction
from django.db.models import F
from django.utils import timezone

from portal.celery import app as celery_app
from portal.core.models import OutboxMessage

logger = logging.getLogger(__name__)

# How tasks are published, by the nudge and by the relay.
PUBLISH_OPTIONS = {
    # Nothing reads these tasks' results. Asking for one makes Celery subscribe
    # to the result backend (the same Redis) before publishing, and without
    # Redis that subscription retries for 20 seconds and then breaks the
    # process's result consumer for good.
    "ignore_result": True,
    # One immediate retry on a fresh connection: a pooled connection to a
    # Redis that has restarted fails once, then works. A broker that is really
    # away fails within the socket and connect timeouts per try.
    "retry": True,
    "retry_policy": {
        "max_retries": 1,
        "interval_start": 0,
        "interval_step": 0.2,
        "interval_max": 0.2,
    },
}
SENT_KEPT_DAYS = 30
# Ids waiting for the nudge thread; when full, the relay publishes them.
NUDGE_QUEUE_SIZE = 10_000


def _task(task_name: str):
    task = celery_app.tasks.get(task_name)
    if task is None:
        # Not imported yet in this process (a management command, a beat job).
        importlib.import_module(task_name.rpartition(".")[0])
        task = celery_app.tasks[task_name]
    return task


def _publish(task_name: str, args: list) -> None:
    _task(task_name).apply_async(args=args, **PUBLISH_OPTIONS)


def enqueue_on_commit(task, *args) -> OutboxMessage:
    """Store ``task(*args)`` in the outbox in the current transaction.

    Arguments are ids and other JSON values. Once the transaction commits the
    nudge publishes it; if it rolls back, the task goes with it.
    """
    message = OutboxMessage.objects.create(task_name=task.name, args=list(args))
    transaction.on_commit(partial(nudge, message.pk, task.name, list(args)))
    return message


# --- The nudge -------------------------------------------------------------------


def publish_now(messages) -> int:
    """Publish these ``(id, task name, args)`` and delete their rows; return
    how many went.

    A message that cannot be published keeps its row, with the error, for the
    relay to try again. (The relay may publish a row at the same moment; the
    task is idempotent, so that is harmless.)
    """
    sent = 0
    for pk, task_name, args in messages:
        try:
            _publish(task_name, list(args))
        except Exception as error:  # kombu, redis-py, socket and lookup errors
            OutboxMessage.objects.filter(pk=pk, sent_at__isnull=True).update(
                attempts=F("attempts") + 1, last_error=repr(error)
            )
            logger.warning(
                "outbox_stored task=%s error=%r",
                task_name,
                error,
                extra={"event": "outbox_stored", "task": task_name},
            )
            continue
        OutboxMessage.objects.filter(pk=pk, sent_at__isnull=True).delete()
        sent += 1
    return sent


class _Nudger:
    """One daemon thread per process that publishes freshly committed rows."""

    def __init__(self):
        self.queue: queue.Queue = queue.Queue(maxsize=NUDGE_QUEUE_SIZE)
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None

    def submit(self, message: tuple) -> None:
        self._ensure_running()
        with contextlib.suppress(queue.Full):  # if full, the relay publishes it
            self.queue.put_nowait(message)

    def _ensure_running(self) -> None:
        if self.thread is not None and self.thread.is_alive():
            return
        with self.lock:
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(
                    target=self._run, name="outbox-nudge", daemon=True
                )
                self.thread.start()

    def _run(self) -> None:
        while True:
            batch = [self.queue.get()]
            while len(batch) < 100:
                try:
                    batch.append(self.queue.get_nowait())
                except queue.Empty:
                    break
            try:
                close_old_connections()
                publish_now(batch)
            except Exception:  # the database is away: the relay publishes them
                logger.exception(
                    "outbox_nudge_failed", extra={"event": "outbox_nudge_failed"}
                )
            finally:
                # This thread's own connection; the test database and
                # PostgreSQL's connection limit must not keep it open.
                connections.close_all()
                for _ in batch:
                    self.queue.task_done()

    def wait(self, timeout: float = 10.0) -> bool:
        """Until every submitted id has been handled (tests and shutdown)."""
        give_up = timezone.now() + datetime.timedelta(seconds=timeout)
        while self.queue.unfinished_tasks:
            if timezone.now() > give_up:
                return False
            threading.Event().wait(0.02)
        return True


_nudger = _Nudger()


def nudge(pk: int, task_name: str, args: list) -> None:
    """After commit: hand the message to the nudge thread, or run it (eager)."""
    message = (pk, task_name, list(args))
    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
        try:
            publish_now([message])
        except DatabaseError:
            logger.exception(
                "outbox_nudge_failed", extra={"event": "outbox_nudge_failed"}
            )
        return
    _nudger.submit(message)


def nudge_wait(timeout: float = 10.0) -> bool:
    """Wait until the nudge thread has handled what it was given."""
    return _nudger.wait(timeout)


# --- The relay -------------------------------------------------------------------


def outbox_flush(*, batch_size: int = 100) -> int:
    """Publish the stored messages, oldest first; return how many went.

    Rows are locked with SKIP LOCKED, so two flushes (or a flush and the
    nudge) at once share the work. The first broker failure stops the run
    (the next one tries again); a message naming a task that no longer exists
    is skipped and keeps its error.
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
