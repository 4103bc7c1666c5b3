"""Background jobs of the site: the search index.

Task names are pinned to where they were first defined: outbox rows hold them
as data.
"""

from celery import shared_task

from portal.site import services


@shared_task(name="portal.tasks.search_index_rebuild_for_plan", acks_late=True)
def search_index_rebuild_for_plan(plan_id: int) -> int:
    """Re-index one plan and its priorities (idempotent, so safe to redeliver)."""
    return services.search_index_rebuild_for_plan(plan_id=plan_id)


@shared_task(name="portal.tasks.search_index_rebuild_for_partnership", acks_late=True)
def search_index_rebuild_for_partnership(partnership_id: int) -> int:
    """Re-index one partnership and its plans (idempotent, so safe to redeliver)."""
    return services.search_index_rebuild_for_partnership(partnership_id=partnership_id)
