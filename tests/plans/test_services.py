import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from plans import services
from plans.models import Plan
from plans.services import plan_publish
from portal.core.outbox import nudge_wait
from tests.partnerships.factories import PartnershipFactory
from tests.plans.factories import PlanFactory

pytestmark = pytest.mark.django_db


@time_machine.travel(
    datetime.datetime(2026, 11, 21, 10, tzinfo=datetime.UTC), tick=False
)
def test_publishing_sets_status_and_date(django_capture_on_commit_callbacks):
    """A draft becomes published today."""
    plan = PlanFactory(status=Plan.Status.DRAFT)
    with django_capture_on_commit_callbacks():
        plan = plan_publish(plan=plan)
    plan.refresh_from_db()
    assert plan.status == Plan.Status.PUBLISHED
    assert plan.published_on == datetime.date(2026, 11, 21)


def test_publishing_supersedes_the_previous_plan(django_capture_on_commit_callbacks):
    """The 2019-2024 plan is superseded when the 2024-2029 plan is published."""
    old = PlanFactory(start_year=2019, end_year=2024)
    new = PlanFactory(
        partnership=old.partnership, start_year=2024, end_year=2029, status="draft"
    )
    other_kind = PlanFactory(
        partnership=old.partnership, kind=Plan.Kind.STRATEGIC_ASSESSMENT
    )
    with django_capture_on_commit_callbacks():
        plan_publish(plan=new)
    old.refresh_from_db()
    other_kind.refresh_from_db()
    assert old.status == Plan.Status.SUPERSEDED
    assert other_kind.status == Plan.Status.PUBLISHED


def test_publishing_queues_a_search_reindex_after_commit(
    django_capture_on_commit_callbacks, monkeypatch
):
    """The re-index is queued only once the publish has committed."""
    queued = []
    monkeypatch.setattr(
        "portal.site.tasks.search_index_rebuild_for_plan.apply_async",
        lambda args, **options: queued.extend(args),
    )
    plan = PlanFactory(status=Plan.Status.DRAFT)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        plan_publish(plan=plan)
    assert queued == []
    for callback in callbacks:
        callback()
    nudge_wait()  # the nudge publishes from its own thread
    assert queued == [plan.pk]


def test_publishing_twice_changes_nothing(django_capture_on_commit_callbacks):
    """A second publish leaves the row exactly as it was and queues nothing."""
    plan = PlanFactory(status=Plan.Status.DRAFT)
    with django_capture_on_commit_callbacks():
        plan_publish(plan=plan)
    before = Plan.objects.values().get(pk=plan.pk)
    with django_capture_on_commit_callbacks() as callbacks:
        plan_publish(plan=plan)
    assert Plan.objects.values().get(pk=plan.pk) == before
    assert callbacks == []


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user("editor@test.example", password="x")


def reasons(obj):
    """Who did what to ``obj``, oldest first, from its change history."""
    return [
        (record.history_user, record.history_change_reason)
        for record in obj.history.order_by("history_date", "history_id")
    ]


def test_a_new_plan_is_a_draft_with_its_history(editor):
    """Created as a draft with a slug from its title, recorded as created by whom."""
    plan = services.plan_create(
        partnership=PartnershipFactory(),
        actor=editor,
        data={"kind": "partnership_plan", "title": "Safer Plan 2025/26"},
    )
    assert (plan.status, plan.slug, plan.version) == ("draft", "safer-plan-202526", 1)
    assert reasons(plan) == [(editor, "Created")]
    assert not Plan.objects.public().exists()


def test_a_plan_keeps_the_slug_it_is_given(editor):
    """A document known by an address elsewhere keeps it."""
    plan = services.plan_create(
        partnership=PartnershipFactory(),
        actor=editor,
        data={
            "kind": "annual_report",
            "title": "Summary 2009/10",
            "slug": "summary-2009-10",
            "start_year": 2009,
            "end_year": 2010,
        },
    )
    assert plan.slug == "summary-2009-10"


def test_publishing_can_keep_the_date_it_was_first_published_elsewhere(
    editor, django_capture_on_commit_callbacks
):
    """A document published before the portal keeps its own date."""
    plan = PlanFactory(status=Plan.Status.DRAFT)
    with django_capture_on_commit_callbacks():
        services.plan_publish(
            plan=plan, actor=editor, published_on=datetime.date(2010, 6, 1)
        )
    plan.refresh_from_db()
    assert (plan.status, plan.published_on) == ("published", datetime.date(2010, 6, 1))
    assert reasons(plan)[-1] == (editor, "Published")


def test_superseding_keeps_it_public_and_records_it(
    editor, django_capture_on_commit_callbacks
):
    """Superseded by a document outside the portal: still public, in its
    history, and a second time changes nothing."""
    plan = PlanFactory()
    with django_capture_on_commit_callbacks() as callbacks:
        services.plan_supersede(plan=plan, actor=editor)
    assert len(callbacks) == 1  # the search re-index
    plan.refresh_from_db()
    assert plan.status == Plan.Status.SUPERSEDED
    assert plan.is_public
    assert reasons(plan)[-1] == (editor, "Superseded")
    before = Plan.objects.values().get(pk=plan.pk)
    with django_capture_on_commit_callbacks() as callbacks:
        services.plan_supersede(plan=plan, actor=editor)
    assert Plan.objects.values().get(pk=plan.pk) == before
    assert callbacks == []


def test_a_draft_cannot_be_superseded(editor):
    """Only what residents have seen can be replaced."""
    with pytest.raises(ValidationError):
        services.plan_supersede(
            plan=PlanFactory(status=Plan.Status.DRAFT), actor=editor
        )


def test_changing_a_plans_details_is_a_new_version(
    editor, django_capture_on_commit_callbacks, settings, tmp_path
):
    """Kind, address and document change at once, with who and why; the
    same values again change nothing."""
    settings.MEDIA_ROOT = tmp_path
    plan = PlanFactory(kind=Plan.Kind.PARTNERSHIP_PLAN)
    with django_capture_on_commit_callbacks():
        services.plan_update(
            plan=plan,
            actor=editor,
            data={
                "kind": Plan.Kind.COMMUNITY_SAFETY_PLAN,
                "document": SimpleUploadedFile("plan.pdf", b"%PDF-1.4"),
            },
        )
    plan.refresh_from_db()
    assert plan.kind == Plan.Kind.COMMUNITY_SAFETY_PLAN
    # Stored under a random name, never the uploader's (portal.core.documents).
    assert plan.document.name.startswith("plans/")
    assert plan.document.name.endswith(".pdf")
    assert "plan.pdf" not in plan.document.name
    assert plan.version == 2
    assert reasons(plan)[-1] == (editor, "Details changed")
    before = Plan.objects.values().get(pk=plan.pk)
    with django_capture_on_commit_callbacks() as callbacks:
        services.plan_update(
            plan=plan, actor=editor, data={"kind": Plan.Kind.COMMUNITY_SAFETY_PLAN}
        )
    assert Plan.objects.values().get(pk=plan.pk) == before
    assert callbacks == []
    with pytest.raises(ValueError, match="title"):
        services.plan_update(plan=plan, actor=editor, data={"title": "Not here"})


def test_sections_and_alignments_are_listed_in_the_order_added(editor):
    """A section keeps a slug it is given and waits for the plan's publishing;
    an alignment is shown at once."""
    plan = PlanFactory()
    first = services.section_create(
        plan=plan,
        actor=editor,
        data={"title": "What's in the plan", "body": "Text.", "slug": "contents"},
    )
    second = services.section_create(
        plan=plan, actor=editor, data={"title": "Our aims", "body": "Text."}
    )
    assert [(s.slug, s.order, s.is_published) for s in (first, second)] == [
        ("contents", 1, False),
        ("our-aims", 2, False),
    ]
    outside = services.plan_alignment_add(
        plan=plan,
        actor=editor,
        data={"title": "Police and Crime Plan", "publisher": "MOPAC", "note": ""},
    )
    inside = services.plan_alignment_add(
        plan=plan, actor=editor, data={"aligned_plan": PlanFactory()}
    )
    assert (outside.order, inside.order) == (1, 2)
    with pytest.raises(ValidationError):
        services.plan_alignment_add(
            plan=plan, actor=editor, data={"title": "Police and Crime Plan"}
        )
