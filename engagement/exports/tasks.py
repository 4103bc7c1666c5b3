"""Background jobs for exports. Task names are pinned: outbox rows hold them."""

from celery import shared_task

from engagement.exports import services


@shared_task(
    name="engagement.tasks.response_export_build",
    acks_late=True,
    reject_on_worker_lost=True,
)
def response_export_build(export_id: int) -> str:
    """Build one export into storage and email the manager (idempotent)."""
    return services.response_export_build(export_id=export_id)


@shared_task(name="engagement.tasks.response_exports_prune")
def response_exports_prune() -> int:
    """Nightly (Celery beat): delete exports past EXPORT_KEEP_DAYS."""
    return services.response_exports_prune()
