"""The plan admin writes through the plan services: it cannot skip drafts,
versions and the change history."""

import pytest
from django.urls import reverse

from plans.models import Plan
from tests.partnerships.factories import PartnershipFactory
from tests.plans.factories import PlanFactory, PlanSectionFactory

pytestmark = pytest.mark.django_db

NO_INLINES = {
    f"{prefix}-{name}": value
    for prefix in ("sections", "alignments")
    for name, value in (
        ("TOTAL_FORMS", 0),
        ("INITIAL_FORMS", 0),
        ("MIN_NUM_FORMS", 0),
        ("MAX_NUM_FORMS", 1000),
    )
}


def history(plan):
    """(who, why) of each change to ``plan``, oldest first."""
    return [
        (record.history_user, record.history_change_reason)
        for record in plan.history.order_by("history_date", "history_id")
    ]


def change(admin_client, plan, **data):
    return admin_client.post(
        reverse("admin:plans_plan_change", args=[plan.pk]),
        {"kind": plan.kind, "slug": plan.slug, **NO_INLINES, **data},
    )


def test_publishing_in_the_change_form_changes_nothing(admin_client):
    """Status, date and drafted content posted to the change form are ignored:
    the plan stays a draft, at its version, with no new history."""
    plan = PlanFactory(status=Plan.Status.DRAFT, title="Old title")
    before = Plan.objects.values().get(pk=plan.pk)
    response = change(
        admin_client,
        plan,
        status="published",
        published_on="2026-01-01",
        title="New title",
        summary="New summary",
    )
    assert response.status_code == 302
    assert Plan.objects.values().get(pk=plan.pk) == before
    assert history(plan) == [(None, None)]  # the factory's row only


def test_the_change_form_points_to_the_staff_page(admin_client):
    """Workflow and drafted fields are shown, not editable, with a link to the
    page where they change."""
    plan = PlanFactory()
    PlanSectionFactory(plan=plan)
    page = admin_client.get(reverse("admin:plans_plan_change", args=[plan.pk]))
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert set(form.fields) == {"kind", "slug", "document"}
    assert reverse("manage:plan", args=[plan.pk]) in page.text
    assert "Edit, publish or unpublish the plan" in page.text
    section = plan.sections.get()
    assert reverse("manage:section_edit", args=[section.pk]) in page.text


def test_changing_the_kind_goes_through_the_service(admin_client):
    """A new version, recorded as the administrator's change."""
    plan = PlanFactory(kind=Plan.Kind.PARTNERSHIP_PLAN)
    response = change(admin_client, plan, kind=Plan.Kind.COMMUNITY_SAFETY_PLAN)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.kind == Plan.Kind.COMMUNITY_SAFETY_PLAN
    assert plan.version == 2
    assert history(plan)[-1][1] == "Details changed"
    assert history(plan)[-1][0].username == "admin"


def test_adding_a_plan_creates_a_draft_with_its_history(admin_client):
    """Whatever the form is sent, a new plan is a draft, created by the
    administrator."""
    partnership = PartnershipFactory()
    response = admin_client.post(
        reverse("admin:plans_plan_add"),
        {
            "partnership": partnership.pk,
            "kind": Plan.Kind.PARTNERSHIP_PLAN,
            "title": "Safer Plan 2026",
            "slug": "safer-plan-2026",
            "summary": "",
            "start_year": 2026,
            "end_year": 2030,
            "status": "published",
            "published_on": "2026-01-01",
            "alignments-TOTAL_FORMS": 0,
            "alignments-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302
    plan = Plan.objects.get(slug="safer-plan-2026")
    assert (plan.status, plan.published_on) == (Plan.Status.DRAFT, None)
    assert [(who.username, why) for who, why in history(plan)] == [("admin", "Created")]


def test_the_publish_action_goes_through_the_service(
    admin_client, django_capture_on_commit_callbacks
):
    """Published with its new sections, the older plan superseded, each in the
    change history as the administrator's doing."""
    old = PlanFactory(start_year=2019, end_year=2024)
    plan = PlanFactory(
        partnership=old.partnership, status=Plan.Status.DRAFT, start_year=2024
    )
    section = PlanSectionFactory(plan=plan, is_published=False)
    with django_capture_on_commit_callbacks():
        response = admin_client.post(
            reverse("admin:plans_plan_changelist"),
            {"action": "publish_selected", "_selected_action": [plan.pk]},
        )
    assert response.status_code == 302
    plan.refresh_from_db()
    old.refresh_from_db()
    section.refresh_from_db()
    assert plan.status == Plan.Status.PUBLISHED
    assert plan.version == 2
    assert section.is_published
    assert old.status == Plan.Status.SUPERSEDED
    assert [why for _, why in history(plan)][-1] == "Published"
    assert history(plan)[-1][0].username == "admin"


def test_the_unpublish_action_goes_through_the_service(
    admin_client, django_capture_on_commit_callbacks
):
    """Hidden from residents again, recorded as unpublished by the administrator."""
    plan = PlanFactory()
    with django_capture_on_commit_callbacks():
        admin_client.post(
            reverse("admin:plans_plan_changelist"),
            {"action": "unpublish_selected", "_selected_action": [plan.pk]},
        )
    plan.refresh_from_db()
    assert plan.status == Plan.Status.DRAFT
    assert history(plan)[-1][1] == "Unpublished"
