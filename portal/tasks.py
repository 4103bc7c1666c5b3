"""Background jobs for the site-wide search index and the outbox."""

from celery import shared_task

from portal import outbox, services


@shared_task(acks_late=True)
def search_index_rebuild_for_plan(plan_id: int) -> int:
    """Re-index one plan and its priorities (idempotent, so safe to redeliver)."""
    return services.search_index_rebuild_for_plan(plan_id=plan_id)


@shared_task(acks_late=True)
def search_index_rebuild_for_partnership(partnership_id: int) -> int:
    """Re-index one partnership and its plans (idempotent, so safe to redeliver)."""
    return services.search_index_rebuild_for_partnership(partnership_id=partnership_id)


@shared_task
def outbox_flush() -> int:
    """Every minute (Celery beat): queue the tasks kept while the broker was away."""
    return outbox.outbox_flush()
