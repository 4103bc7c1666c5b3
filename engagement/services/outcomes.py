"""Publishing the outcome of a closed consultation: "we asked, you said, we did"."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from engagement import lifecycle
from engagement.lifecycle import Action
from engagement.models import Consultation, Outcome, OutcomeAction
from portal.core.search import search_consultations_changed


@transaction.atomic
def outcome_publish(
    *, consultation: Consultation, actor, we_asked: str, you_said: str, actions: list
) -> Outcome:
    """Publish "we asked, you said, we did"; each "we did" names a priority or action.

    ``actions`` is a list of (we_did, priority or None, action or None).
    """
    current = Consultation.objects.select_for_update().get(pk=consultation.pk)
    lifecycle.check(current, Action.PUBLISH_OUTCOME)
    errors = {}
    if not we_asked.strip():
        errors["we_asked"] = "Enter what you asked"
    if not you_said.strip():
        errors["you_said"] = "Enter what people said"
    if not actions:
        errors["actions"] = "Add at least one thing you did"
    for we_did, priority, action in actions:
        if not we_did.strip():
            errors["actions"] = "Describe each thing you did"
        if priority is None and action is None:
            errors["actions"] = "Link each thing you did to a priority or an action"
        partnership_ids = {
            p.plan.partnership_id for p in [priority] if p is not None
        } | {a.priority.plan.partnership_id for a in [action] if a is not None}
        if partnership_ids - {current.partnership_id}:
            errors["actions"] = "Choose priorities and actions of this partnership"
    if errors:
        raise ValidationError(errors)
    outcome, _ = Outcome.objects.update_or_create(
        consultation=current,
        defaults={
            "we_asked": we_asked,
            "you_said": you_said,
            "published_at": timezone.now(),
        },
    )
    outcome.actions.all().delete()
    OutcomeAction.objects.bulk_create(
        OutcomeAction(outcome=outcome, we_did=w, priority=p, action=a, order=n)
        for n, (w, p, a) in enumerate(actions, 1)
    )
    current.status = Consultation.Status.PUBLISHED
    current.save(update_fields=["status", "updated_at"])
    search_consultations_changed(consultation_ids=[current.pk])
    return outcome
