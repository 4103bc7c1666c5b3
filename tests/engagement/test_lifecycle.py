"""The consultation lifecycle: what each state allows, the reason when it does
not, and that pages and services give the same reason."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from engagement import lifecycle, services
from engagement.lifecycle import Action
from engagement.models import Consultation
from tests.engagement.conftest import answers_for, build_open_consultation
from tests.engagement.factories import ConsultationFactory

pytestmark = pytest.mark.django_db

Status = Consultation.Status
STATES = ["draft", "scheduled", "open", "closed", "published"]

# What each state allows, with nobody having responded yet and questions in
# place; True where the action may happen.
EXPECTED = {
    Action.EDIT: (True, True, True, True, False),
    Action.SCHEDULE: (True, True, True, False, False),
    Action.CLOSE: (False, True, True, False, False),
    Action.RESPOND: (False, False, True, False, False),
    Action.KEY_IN: (False, False, True, True, False),
    Action.PUBLISH_OUTCOME: (False, False, False, True, True),
    Action.PREVIEW: (True, True, True, True, True),
    Action.RESULTS: (True, True, True, True, True),
    Action.EXPORT: (True, True, True, True, True),
}


def consultation_in(state: str) -> Consultation:
    traits = {} if state == "open" else {state: True}
    return ConsultationFactory(**traits)


@pytest.mark.parametrize("action", list(EXPECTED))
def test_each_state_allows_what_the_lifecycle_says(action):
    """Draft to published, for every action that depends on the state."""
    got = tuple(
        lifecycle.may(consultation_in(state), action, has_questions=True)
        for state in STATES
    )
    assert got == EXPECTED[action]


def test_every_action_has_its_rules_stated():
    """No action is left out of the lifecycle."""
    assert set(lifecycle.RULES) == set(Action)


def test_a_refusal_says_why():
    """Each refusal comes with the message people are shown."""
    draft = consultation_in("draft")
    assert lifecycle.refusal(draft, Action.CLOSE) == (
        "Only a scheduled or open consultation can be closed."
    )
    assert lifecycle.refusal(draft, Action.SCHEDULE, has_questions=False) == (
        "Add at least one question before scheduling."
    )
    published = consultation_in("published")
    assert "no more responses can be keyed in" in lifecycle.refusal(
        published, Action.KEY_IN
    )
    assert lifecycle.refusal(consultation_in("open"), Action.CLOSE) is None


def test_a_scheduled_consultation_due_to_open_takes_responses_already():
    """Past its opening time, before the beat job has run, it is open."""
    consultation = consultation_in("scheduled")
    consultation.opens_at = timezone.now() - datetime.timedelta(minutes=1)
    assert lifecycle.may(consultation, Action.RESPOND)
    assert lifecycle.may(consultation, Action.KEY_IN)


def test_once_people_respond_questions_can_only_be_reworded():
    """Adding, deleting and changing in substance stop; rewording does not."""
    consultation = consultation_in("open")
    for action in (
        Action.ADD_QUESTION,
        Action.CHANGE_QUESTION,
        Action.DELETE_QUESTION,
    ):
        assert lifecycle.may(consultation, action, answered=False)
        assert not lifecycle.may(consultation, action, answered=True)
    assert lifecycle.may(consultation, Action.REWORD_QUESTION, answered=True)
    assert lifecycle.questions_note(consultation, answered=True)
    assert lifecycle.questions_note(consultation, answered=False) is None


def test_the_page_offers_schedule_before_there_are_questions():
    """The schedule page then says to add a question first."""
    draft = consultation_in("draft")
    offered = lifecycle.offered(draft, has_questions=False, answered=False)
    assert offered["schedule"]
    assert not lifecycle.may(draft, Action.SCHEDULE, has_questions=False)
    assert not offered["results"]  # nothing to look at in a draft
    assert not offered["close"]


def test_services_refuse_with_the_lifecycle_message(db):
    """A service refuses what the state does not allow, saying what the page says."""
    consultation = build_open_consultation()
    with pytest.raises(ValidationError) as refused:
        services.outcome_publish(
            consultation=consultation,
            actor=None,
            we_asked="a",
            you_said="b",
            actions=[],
        )
    assert refused.value.messages == [
        lifecycle.refusal(consultation, Action.PUBLISH_OUTCOME)
    ]
    services.response_submit(
        consultation=consultation, data=answers_for(consultation), idempotency_key="k"
    )
    question = consultation.questions.first()
    with pytest.raises(ValidationError) as refused:
        services.question_delete(question=question, actor=None)
    assert refused.value.messages == [
        "People have already responded, so questions can no longer be removed."
    ]


def test_keyed_in_responses_wait_for_the_opening(db):
    """A scheduled consultation takes keyed-in responses once it has opened."""
    consultation = build_open_consultation()
    Consultation.objects.filter(pk=consultation.pk).update(
        status=Status.SCHEDULED,
        opens_at=timezone.now() + datetime.timedelta(days=1),
    )
    consultation.refresh_from_db()
    with pytest.raises(ValidationError, match="once the consultation has opened"):
        services.response_submit(
            consultation=consultation,
            data=answers_for(consultation),
            idempotency_key="paper-1",
            channel="paper",
        )


def test_the_consultation_page_links_only_to_what_the_state_allows(client, db):
    """A manager of a closed consultation: publish, key in and results; no
    close, no schedule."""
    from django.contrib.auth import get_user_model

    from partnerships.models import OfficerRole

    consultation = consultation_in("closed")
    manager = get_user_model().objects.create_user("manager@test.example")
    OfficerRole.objects.create(
        user=manager,
        partnership=consultation.partnership,
        role=OfficerRole.Role.CONSULTATION_MANAGER,
    )
    client.force_login(manager)
    page = client.get(reverse("manage:consultation", args=[consultation.pk])).text
    for name in ("outcome_publish", "response_add", "consultation_results"):
        assert reverse(f"manage:{name}", args=[consultation.pk]) in page
    for name in ("consultation_close", "consultation_schedule"):
        assert reverse(f"manage:{name}", args=[consultation.pk]) not in page
