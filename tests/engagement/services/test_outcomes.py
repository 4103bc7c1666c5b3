"""Publishing the outcome on the real database: each "we did" tied to a
priority or action of the partnership."""

import pytest
from django.core.exceptions import ValidationError

from engagement import services
from engagement.models import Consultation
from tests.priorities.factories import PriorityFactory

pytestmark = pytest.mark.django_db


def test_outcome_needs_each_we_did_tied_to_a_priority(consultation):
    """A 'we did' without a priority or action is refused; with one it publishes."""
    services.consultation_close_now(consultation=consultation, actor=None)
    with pytest.raises(ValidationError) as refused:
        services.outcome_publish(
            consultation=consultation,
            actor=None,
            we_asked="Where do you feel unsafe?",
            you_said="The bus station at night.",
            actions=[("More patrols", None, None)],
        )
    assert "priority or an action" in str(refused.value)
    priority = PriorityFactory(plan__partnership=consultation.partnership)
    services.outcome_publish(
        consultation=consultation,
        actor=None,
        we_asked="Where do you feel unsafe?",
        you_said="The bus station at night.",
        actions=[("More patrols", priority, None)],
    )
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.PUBLISHED
    assert consultation.outcome.actions.get().priority == priority


def test_outcome_refuses_another_partnerships_priority(consultation):
    """Priorities of other partnerships cannot be claimed."""
    services.consultation_close_now(consultation=consultation, actor=None)
    with pytest.raises(ValidationError, match="this partnership"):
        services.outcome_publish(
            consultation=consultation,
            actor=None,
            we_asked="a",
            you_said="b",
            actions=[("c", PriorityFactory(), None)],
        )
