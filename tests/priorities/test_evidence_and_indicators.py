"""Officers edit what informed a priority and its indicators and targets in
the staff pages, as drafts residents see once the priority is published, with
the change history like every other content."""

from decimal import Decimal

import pytest
from django.urls import reverse

from partnerships.models import OfficerRole
from priorities import services
from priorities.models import Evidence, Indicator
from tests.priorities.factories import (
    EvidenceFactory,
    IndicatorFactory,
    PriorityFactory,
)
from tests.utils import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(django_user_model):
    priority = PriorityFactory()
    EvidenceFactory(priority=priority, kind="residents", detail="The 2024 survey.")
    indicator = IndicatorFactory(
        priority=priority, name="Knife crime", target_percent=Decimal("-4.5")
    )
    editor = django_user_model.objects.create_user(
        "editor@test.example", "editor@test.example", "x", first_name="Eddie"
    )
    OfficerRole.objects.create(
        user=editor, partnership=priority.plan.partnership, role="editor"
    )
    return priority, indicator, editor


def public_text(client, priority):
    return page_text(client.get(priority.get_absolute_url()))


def test_what_informed_a_priority_is_a_draft_until_published(client, world):
    """Saved in the priority's draft; residents see it once it is published,
    and the history says who changed it."""
    priority, _, editor = world
    client.force_login(editor)
    url = reverse("manage:priority_evidence", args=[priority.pk])
    assert "The 2024 survey." in client.get(url).text
    response = client.post(
        url,
        {
            "kinds": ["residents", "data"],
            "detail_residents": "The 2026 survey of 1,200 residents.",
            "detail_data": "",
            "detail_what_works": "College of Policing toolkit.",
            "version": priority.version,
        },
    )
    assert response.status_code == 302
    staff = page_text(client.get(reverse("manage:priority", args=[priority.pk])))
    assert "College of Policing toolkit." in staff
    client.logout()
    assert "The 2024 survey." in public_text(client, priority)
    assert "College of Policing toolkit." not in public_text(client, priority)

    services.priority_publish(priority=priority, actor=editor)
    kinds = dict(
        Evidence.objects.filter(priority=priority).values_list("kind", "detail")
    )
    assert kinds == {
        "residents": "The 2026 survey of 1,200 residents.",
        "data": "",
        "what_works": "College of Policing toolkit.",
    }
    assert "College of Policing toolkit." in public_text(client, priority)
    client.force_login(editor)
    history = page_text(
        client.get(reverse("manage:priority_history", args=[priority.pk]))
    )
    assert "What informed it: Evidence of what works" in history
    assert "Eddie" in history


def test_editing_a_priority_keeps_the_draft_of_what_informed_it(client, world):
    """Saving the priority's own details does not drop the evidence draft."""
    priority, _, editor = world
    services.priority_evidence_save_draft(
        priority=priority, actor=editor, evidence={"data": "Crime counts"}, version=1
    )
    priority.refresh_from_db()
    services.priority_save_draft(
        priority=priority,
        actor=editor,
        data={"title": "New title", "summary": "New summary"},
        version=priority.version,
    )
    published = services.priority_publish(priority=priority, actor=editor)
    assert published.title == "New title"
    assert list(published.evidence.values_list("kind", flat=True)) == ["data"]


def test_a_new_indicator_reaches_residents_when_the_priority_is_published(
    client, world
):
    """Added unpublished; the priority's publication publishes it."""
    priority, _, editor = world
    client.force_login(editor)
    response = client.post(
        reverse("manage:indicator_add", args=[priority.pk]),
        {
            "name": "Residential burglary",
            "unit": "offences",
            "direction": "reduce",
            "baseline_period": "2023",
            "period": "2024",
            "target_percent": "-10",
            "change_value": "-16",
            "change_percent": "-25.4",
            "reported_result": "",
            "version": "1",
        },
    )
    assert response.status_code == 302
    added = Indicator.objects.get(name="Residential burglary")
    assert not added.is_published
    client.logout()
    assert "Residential burglary" not in public_text(client, priority)
    services.priority_publish(priority=priority, actor=editor)
    text = public_text(client, priority)
    assert "Residential burglary" in text
    assert Indicator.objects.get(pk=added.pk).result == "achieved"


def test_a_changed_target_is_a_draft_until_published(client, world):
    """The live target stays until the priority is published."""
    priority, indicator, editor = world
    client.force_login(editor)
    url = reverse("manage:indicator_edit", args=[indicator.pk])
    form = client.get(url).context["form"]
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data.update({"target_percent": "-7.5", "direction": "reduce"})
    assert client.post(url, data).status_code == 302
    indicator.refresh_from_db()
    assert indicator.target_percent == Decimal("-4.5")
    assert indicator.draft["target_percent"] == "-7.5"
    services.priority_publish(priority=priority, actor=editor)
    indicator.refresh_from_db()
    assert indicator.target_percent == Decimal("-7.5")
    assert indicator.draft is None
    history = page_text(
        client.get(reverse("manage:priority_history", args=[priority.pk]))
    )
    assert "Indicator “Knife crime”" in history


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "Enter what is measured"),
        ({"target_percent": "5"}, "A reduction target must be zero or negative"),
        ({"target_percent": "lots"}, "Enter the target as a number"),
        ({"target_percent": "-4.55"}, "one decimal place at most"),
        ({"direction": ""}, "Choose whether the aim is to reduce or increase"),
        ({"name": "Knife crime", "period": "2009/10"}, "already has an indicator"),
    ],
)
def test_bad_indicators_show_the_error_summary(client, world, overrides, message):
    priority, _, editor = world
    client.force_login(editor)
    data = {
        "name": "Robbery",
        "unit": "offences",
        "direction": "reduce",
        "period": "2024",
        "version": "1",
        **overrides,
    }
    response = client.post(reverse("manage:indicator_add", args=[priority.pk]), data)
    assert response.status_code == 200
    assert "govuk-error-summary" in response.text
    assert message in page_text(response)
    assert Indicator.objects.count() == 1


def test_an_officer_of_another_partnership_gets_404(client, world, django_user_model):
    priority, indicator, _ = world
    stranger = django_user_model.objects.create_user("stranger@test.example")
    OfficerRole.objects.create(
        user=stranger, partnership=PriorityFactory().plan.partnership, role="editor"
    )
    client.force_login(stranger)
    for url in (
        reverse("manage:priority_evidence", args=[priority.pk]),
        reverse("manage:indicator_add", args=[priority.pk]),
        reverse("manage:indicator_edit", args=[indicator.pk]),
    ):
        assert client.get(url).status_code == 404
        assert client.post(url, {"name": "Hacked", "version": 1}).status_code == 404
    assert Indicator.objects.get().draft is None
    assert Indicator.objects.count() == 1
