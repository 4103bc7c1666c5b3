"""The batch job for equality answers. Task names are pinned: beat rows hold them."""

from celery import shared_task

from engagement.equality import equality_answers_flush


@shared_task(name="engagement.tasks.equality_answers_flush")
def equality_answers_flush_task() -> int:
    """Every ten minutes (Celery beat): store held equality answers in batches."""
    return equality_answers_flush()
