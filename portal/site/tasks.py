"""Background jobs of the site: the search index and password reset emails.

Task names are pinned to where they were first defined: outbox rows hold them
as data.
"""

from celery import shared_task

from portal.site import services
from portal.site.accounts import services as account_services


@shared_task(name="portal.tasks.search_index_rebuild_for_plan", acks_late=True)
def search_index_rebuild_for_plan(plan_id: int) -> int:
    """Re-index one plan and its priorities (idempotent, so safe to redeliver)."""
    return services.search_index_rebuild_for_plan(plan_id=plan_id)


@shared_task(name="portal.tasks.search_index_rebuild_for_partnership", acks_late=True)
def search_index_rebuild_for_partnership(partnership_id: int) -> int:
    """Re-index one partnership and its plans (idempotent, so safe to redeliver)."""
    return services.search_index_rebuild_for_partnership(partnership_id=partnership_id)


@shared_task(
    name="portal.site.tasks.search_index_rebuild_for_consultation", acks_late=True
)
def search_index_rebuild_for_consultation(consultation_id: int) -> int:
    """Index or remove one consultation (idempotent, so safe to redeliver)."""
    return services.search_index_rebuild_for_consultation(
        consultation_id=consultation_id
    )


@shared_task(
    name="portal.tasks.send_password_reset",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
)
def send_password_reset(user_id: int) -> bool:
    """Email a password reset link (queued by the reset page, never sent there).

    Sent again on redelivery: the same link, and harmless.
    """
    return account_services.password_reset_send(user_id=user_id)
