"""We asked, you said, we did, from a priority's public page: the consultations
that informed it, what residents said and what was done, both ways."""

from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.engagement.factories import (
    ConsultationFactory,
    OutcomeActionFactory,
    OutcomeFactory,
)
from tests.plans.factories import PlanFactory
from tests.priorities.factories import ActionFactory, PriorityFactory
from tests.utils import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    plan = PlanFactory()
    partnership = plan.partnership
    priority = PriorityFactory(plan=plan, title="Safer river paths")
    lights = ActionFactory(priority=priority, title="Brighter lights on the path")
    hidden_action = ActionFactory(
        priority=priority, title="Secret draft action", is_published=False
    )
    survey = ConsultationFactory(
        partnership=partnership, published=True, title="River path survey"
    )
    survey.priorities.add(priority)
    outcome = OutcomeFactory(
        consultation=survey,
        we_asked="How safe you feel.",
        you_said="The river path is too dark after 6pm.\n\nAnd the bins overflow.",
    )
    OutcomeActionFactory(outcome=outcome, we_did="New lights", action=lights)
    OutcomeActionFactory(outcome=outcome, we_did="A plan for paths", priority=priority)
    OutcomeActionFactory(outcome=outcome, we_did="Draft work", action=hidden_action)
    open_now = ConsultationFactory(partnership=partnership, title="Open talk")
    open_now.priorities.add(priority)
    draft = ConsultationFactory(
        partnership=partnership, draft=True, title="Draft consultation"
    )
    draft.priorities.add(priority)
    # Results closed but not yet published: listed, but its outcome is not.
    closed = ConsultationFactory(
        partnership=partnership, closed=True, title="Closed survey"
    )
    closed.priorities.add(priority)
    unpublished = OutcomeFactory(
        consultation=closed, you_said="Unpublished finding", published_at=None
    )
    OutcomeActionFactory(outcome=unpublished, we_did="Unpublished deed", action=lights)
    return SimpleNamespace(
        priority=priority,
        lights=lights,
        survey=survey,
        open_now=open_now,
        closed=closed,
    )


def test_the_priority_page_lists_the_public_consultations_that_informed_it(
    client, world
):
    response = client.get(world.priority.get_absolute_url())
    assert response.status_code == 200
    text = page_text(response)
    assert "Consultations that informed this priority" in text
    for title in ("River path survey", "Open talk", "Closed survey"):
        assert title in text
    assert world.survey.get_absolute_url() in response.text
    # You said: the headline finding only.
    assert "The river path is too dark after 6pm." in text
    assert "And the bins overflow." not in text
    # We did: the items about this priority, pointing at its action.
    assert "New lights" in text
    assert "A plan for paths" in text
    assert f'href="#action-{world.lights.pk}"' in response.text
    assert f'id="action-{world.lights.pk}"' in response.text


def test_each_action_says_which_consultation_informed_it(client, world):
    response = client.get(world.priority.get_absolute_url())
    actions = {a.pk: a for a in response.context["actions"]}
    assert actions[world.lights.pk].informed_by == [world.survey]
    results = f"/consultations/{world.survey.partnership.slug}/{world.survey.slug}/"
    assert results + "results/" in response.text
    assert "Informed by:" in page_text(response)


def test_drafts_and_unpublished_outcomes_never_leak(client, world):
    text = page_text(client.get(world.priority.get_absolute_url()))
    for hidden in (
        "Draft consultation",
        "Unpublished finding",
        "Unpublished deed",
        "Draft work",
        "Secret draft action",
    ):
        assert hidden not in text


def test_a_consultation_only_named_by_a_published_outcome_is_listed(client, world):
    other = ConsultationFactory(
        partnership=world.survey.partnership, published=True, title="Street survey"
    )
    OutcomeActionFactory(
        outcome=OutcomeFactory(consultation=other, you_said="Fix the lights."),
        we_did="Lights fixed",
        action=world.lights,
    )
    response = client.get(world.priority.get_absolute_url())
    text = page_text(response)
    assert "Street survey" in text
    assert "Lights fixed" in text
    actions = {a.pk: a for a in response.context["actions"]}
    assert {c.title for c in actions[world.lights.pk].informed_by} == {
        "River path survey",
        "Street survey",
    }


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_query_count_does_not_grow_with_the_consultations(client, world, settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 0  # count the page's own queries
    url = world.priority.get_absolute_url()
    client.get(url)  # warm anything cached once per process
    before = _count_queries(client, url)
    for n in range(5):
        consultation = ConsultationFactory(
            partnership=world.survey.partnership, published=True, title=f"More {n}"
        )
        consultation.priorities.add(world.priority)
        outcome = OutcomeFactory(consultation=consultation)
        OutcomeActionFactory(outcome=outcome, action=world.lights)
        OutcomeActionFactory(outcome=outcome, priority=world.priority)
    assert "More 4" in page_text(client.get(url))
    assert _count_queries(client, url) == before
