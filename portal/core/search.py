"""The search index's inlet: apps say what changed, the site keeps the index.

Apps sit below the site and must not import it, so a service that changes
something residents can search for sends ``search_content_changed`` instead.
The site (``portal.site.receivers``) queues the re-index once the transaction
commits. Exactly one of the keyword arguments is given:

- ``plan_ids``: these plans, their sections and priorities;
- ``partnership_id``: this partnership and everything in it (its members,
  its borough's current wards, its consultations, its plans);
- ``consultation_ids``: these consultations (a status change can show or hide
  one).
"""

from django.dispatch import Signal

search_content_changed = Signal()


def search_plans_changed(*, plan_ids) -> None:
    """Say that these plans (or their sections or priorities) changed."""
    search_content_changed.send(sender=None, plan_ids=list(plan_ids))


def search_partnership_changed(*, partnership_id: int) -> None:
    """Say that this partnership (or its members, boards or principles) changed."""
    search_content_changed.send(sender=None, partnership_id=partnership_id)


def search_consultations_changed(*, consultation_ids) -> None:
    """Say that these consultations changed (their text, or their status)."""
    search_content_changed.send(sender=None, consultation_ids=list(consultation_ids))
