"""Signal handlers of the site: the search index follows what apps publish."""

from django.dispatch import receiver

from portal.core.outbox import enqueue_on_commit
from portal.core.search import search_content_changed
from portal.site import tasks


@receiver(search_content_changed, dispatch_uid="site-search-index")
def queue_search_reindex(
    sender, plan_ids=(), partnership_id=None, consultation_ids=(), **kwargs
):
    """Queue the re-index once the sender's transaction commits."""
    for consultation_id in consultation_ids:
        enqueue_on_commit(tasks.search_index_rebuild_for_consultation, consultation_id)
    for plan_id in plan_ids:
        enqueue_on_commit(tasks.search_index_rebuild_for_plan, plan_id)
    if partnership_id is not None:
        enqueue_on_commit(tasks.search_index_rebuild_for_partnership, partnership_id)
