"""Audit events for residents' raw responses: read on the results page, or
downloaded as CSV (portal.core.audit)."""

from portal.core.audit import record
from portal.core.models import AuditEvent


def record_responses_viewed(consultation, *, actor) -> None:
    record(
        AuditEvent.Action.RESPONSES_VIEWED,
        obj=consultation,
        actor=actor,
        description=f"Results and free-text answers of {consultation.title}",
        partnership_id=consultation.partnership_id,
    )


def record_responses_exported(consultation, *, actor, export=None) -> None:
    where = f" (background export {export.pk})" if export is not None else ""
    record(
        AuditEvent.Action.RESPONSES_EXPORTED,
        obj=consultation,
        actor=actor,
        description=f"Every response to {consultation.title} as CSV{where}",
        partnership_id=consultation.partnership_id,
    )
