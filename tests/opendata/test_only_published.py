"""Only published content, ever: every list of the API (JSON and CSV), the
details of unpublished rows, and the Atom feeds."""

import pytest
from django.urls import reverse

from engagement.models import Consultation
from opendata.api.views import ApiRootView
from plans.models import Deadline, PlanSection
from priorities.models import Action, Indicator
from tests.opendata.conftest import SECRET

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def test_no_list_shows_anything_unpublished_in_json_or_csv(client, world):
    """Drafts, unpublished sections, priorities and actions, a hidden
    partnership, draft and scheduled consultations, internal deadlines and
    free-text answers, draft meetings and a hidden partnership's meetings are in
    no list, whatever the format."""
    for _, url_name in ApiRootView.RESOURCES:
        url = reverse(url_name)
        for params in ({"page_size": 500}, {"format": "csv"}):
            response = client.get(url, params)
            assert response.status_code == 200, url
            assert SECRET not in _text(response), f"{url} {params}"


def test_unpublished_rows_are_not_found_at_their_own_address(client, world):
    """Asking for a hidden row by its id answers 404, not the row."""
    addresses = [
        reverse("api:partnership-detail", args=[world.hidden.slug]),
        reverse("api:plan-detail", args=[world.draft_plan.pk]),
        reverse("api:priority-detail", args=[world.hidden_priority.pk]),
        reverse(
            "api:section-detail",
            args=[PlanSection.objects.get(title=f"{SECRET} section").pk],
        ),
        reverse(
            "api:action-detail", args=[Action.objects.get(title=f"{SECRET} action").pk]
        ),
        reverse(
            "api:indicator-detail",
            args=[Indicator.objects.get(name=f"{SECRET} indicator").pk],
        ),
    ]
    addresses += [
        reverse("api:consultation-detail", args=[c.pk])
        for c in Consultation.objects.filter(title__startswith=SECRET)
    ]
    addresses += [
        reverse("api:meeting-detail", args=[m.pk])
        for m in (world.draft_meeting, world.hidden_meeting)
    ]
    addresses += [
        reverse("api:deadline-detail", args=[d.pk])
        for d in Deadline.objects.exclude(pk=world.deadline.pk)
    ]
    for address in addresses:
        response = client.get(address)
        assert response.status_code == 404, address
        assert SECRET not in response.content.decode()


def test_feeds_show_only_what_is_published(client, world):
    """Every feed of the partnership leaves out drafts; a hidden partnership
    has no feeds."""
    for name in ("feeds:publications", "feeds:consultations", "feeds:meetings"):
        response = client.get(reverse(name, args=[world.partnership.slug]))
        assert response.status_code == 200
        assert SECRET not in response.content.decode()
        assert client.get(reverse(name, args=[world.hidden.slug])).status_code == 404


def test_the_plan_shows_its_live_title_while_a_draft_is_pending(client, world):
    """A pending draft of a published plan stays out of the API and feeds."""
    body = client.get(reverse("api:plan-detail", args=[world.plan.pk])).content
    assert b"Testborough Plan 2024-2029" in body
    feed = client.get(reverse("feeds:publications", args=[world.partnership.slug]))
    assert b"Testborough Plan 2024-2029" in feed.content
