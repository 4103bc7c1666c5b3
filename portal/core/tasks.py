"""Background jobs of the kernel: the outbox relay.

Task names are pinned: beat rows and outbox rows hold them as data.
"""

from celery import shared_task

from portal.core import outbox


@shared_task(name="portal.tasks.outbox_flush")
def outbox_flush() -> int:
    """Every minute (Celery beat): queue the tasks kept while the broker was away."""
    return outbox.outbox_flush()
