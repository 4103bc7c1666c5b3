"""Background jobs of the kernel: the outbox relay.

Task names are pinned: beat rows and outbox rows hold them as data.
"""

from celery import shared_task

from portal.core import outbox, security


@shared_task(name="portal.tasks.outbox_flush")
def outbox_flush() -> int:
    """Every minute (Celery beat): queue the tasks kept while the broker was away."""
    return outbox.outbox_flush()


@shared_task(name="portal.tasks.security_records_prune")
def security_records_prune() -> dict:
    """Nightly (Celery beat): forget sign-in records past their retention."""
    return security.security_records_prune()
