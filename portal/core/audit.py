"""The audit trail: one ``AuditEvent`` row per sensitive act.

Reading residents' free-text answers, downloading responses and giving,
changing or removing an officer's role are each recorded with who did it,
when, and what it was done to. The acting user is passed in, or taken from
the request django-simple-history's middleware keeps for the current thread
(so role changes made in the admin are attributed too); changes made outside
a request (the shell, a migration) have no actor.
"""

from simple_history.models import HistoricalRecords

from portal.core.models import AuditEvent


def current_user():
    """The signed-in user of the request this thread is serving, if any."""
    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def record(
    action: str, *, obj, description: str, actor=None, partnership_id=None
) -> AuditEvent:
    """Write one audit event about ``obj`` (a model instance)."""
    actor = actor if actor is not None else current_user()
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_label=f"{obj._meta.label_lower}:{obj.pk}",
        description=description[:300],
        partnership_id=partnership_id,
    )
