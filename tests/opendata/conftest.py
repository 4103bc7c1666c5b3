import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from engagement.models import EqualityAnswer
from meetings.models import MeetingDocument
from plans.deadlines.services import case_open, duty_configure
from plans.models import Plan
from priorities.models import CrimeImport, MonthlyCrimeCount
from tests.engagement.factories import (
    AnswerFactory,
    ConsultationFactory,
    OutcomeActionFactory,
    OutcomeFactory,
    QuestionFactory,
    ResponseFactory,
)
from tests.meetings.factories import MeetingFactory
from tests.partnerships.factories import (
    AreaFactory,
    BoardFactory,
    MembershipFactory,
    PartnershipFactory,
    PrincipleFactory,
    WardFactory,
)
from tests.plans.factories import PlanFactory, PlanSectionFactory
from tests.priorities.factories import (
    ActionFactory,
    EvidenceFactory,
    IndicatorFactory,
    ObjectiveFactory,
    PriorityFactory,
)

# Every row residents must not see carries this in its text.
SECRET = "SECRET-DRAFT"


def build_world() -> SimpleNamespace:
    """A published partnership with public and unpublished content of every
    kind the open data covers, and a hidden partnership; everything that must
    stay private says SECRET."""
    # The factories number their areas' ONS codes from a shared sequence
    # (E09000001, E09000002...); past this world's fixed codes, so an area
    # made later in the test (or for the hidden partnership) never takes one.
    AreaFactory.reset_sequence(1000)
    area = AreaFactory(name="Testborough", code="E09000901")
    north = WardFactory(name="North", code="E05000901", parent=area)
    south = WardFactory(name="South", code="E05000902", parent=area)
    partnership = PartnershipFactory(
        name="Safer Testborough Partnership", slug="safer-testborough", area=area
    )
    PrincipleFactory(partnership=partnership)
    MembershipFactory(partnership=partnership)
    board = BoardFactory(partnership=partnership)
    hidden = PartnershipFactory(name=f"{SECRET} partnership", is_published=False)
    MembershipFactory(partnership=hidden, organisation__name=f"{SECRET} organisation")

    plan = PlanFactory(partnership=partnership, title="Testborough Plan 2024-2029")
    plan.draft = {"title": f"{SECRET} plan title"}
    plan.save()
    old_plan = PlanFactory(
        partnership=partnership,
        title="Testborough Plan 2019-2023",
        start_year=2019,
        end_year=2023,
        status=Plan.Status.SUPERSEDED,
    )
    draft_plan = PlanFactory(
        partnership=partnership, title=f"{SECRET} draft plan", status="draft"
    )
    PlanFactory(partnership=hidden, title=f"{SECRET} hidden plan")
    section = PlanSectionFactory(plan=plan, title="Our approach", body="=SUM(A1)")
    PlanSectionFactory(plan=plan, title=f"{SECRET} section", is_published=False)
    PlanSectionFactory(plan=draft_plan, title=f"{SECRET} section of a draft")

    priority = PriorityFactory(
        plan=plan,
        title="Reduce burglary",
        summary="@fewer break-ins",
        delivery_group=board,
    )
    priority.locations.add(north)
    ObjectiveFactory(priority=priority, text="Visit every victim")
    EvidenceFactory(priority=priority)
    indicator = IndicatorFactory(
        priority=priority,
        name="Residential burglary",
        crime_type="Burglary",
        target_percent=-4.5,
        change_percent=-25.4,
    )
    action = ActionFactory(priority=priority, title="Patrol the estates")
    ActionFactory(priority=priority, title=f"{SECRET} action", is_published=False)
    hidden_priority = PriorityFactory(
        plan=plan, title=f"{SECRET} priority", is_published=False
    )
    IndicatorFactory(priority=hidden_priority, name=f"{SECRET} indicator")
    ActionFactory(priority=hidden_priority, title=f"{SECRET} action of a draft")
    PriorityFactory(plan=draft_plan, title=f"{SECRET} priority of a draft plan")

    duty = duty_configure(
        partnership=partnership,
        kind="strategic_assessment",
        cadence="annual",
        due_month=1,
        due_day=31,
        today=datetime.date(2026, 11, 21),
    )
    deadline = duty.deadlines.get()
    duty_configure(
        partnership=partnership,
        kind="data_sharing",
        cadence="quarterly",
        start_quarter=datetime.date(2026, 7, 1),
        today=datetime.date(2026, 11, 21),
    )
    dhr = duty_configure(
        partnership=partnership, kind="domestic_homicide_review", cadence="per_case"
    )
    case_open(
        duty=dhr, reference=f"{SECRET}-DHR", notified_on=datetime.date(2026, 9, 1)
    )

    ConsultationFactory(partnership=partnership, draft=True, title=f"{SECRET} draft")
    ConsultationFactory(
        partnership=partnership, scheduled=True, title=f"{SECRET} scheduled"
    )
    ConsultationFactory(partnership=hidden, title=f"{SECRET} consultation")
    open_consultation = ConsultationFactory(partnership=partnership, title="Lighting")
    open_consultation.priorities.add(priority, hidden_priority)
    closed = ConsultationFactory(partnership=partnership, closed=True, title="Parks")
    published = ConsultationFactory(
        partnership=partnership,
        published=True,
        title="Feeling safe",
        has_equality_section=True,
    )
    question = QuestionFactory(
        consultation=published, kind="single_choice", choices=["Yes", "No"]
    )
    yes = question.choices.get(text="Yes")
    for _ in range(3):
        AnswerFactory(
            response=ResponseFactory(consultation=published),
            question=question,
            choice=yes,
        )
    free_text = QuestionFactory(consultation=published, kind="long_text")
    AnswerFactory(
        response=ResponseFactory(consultation=published),
        question=free_text,
        text=f"{SECRET} my neighbour at number 4",
    )
    EqualityAnswer.objects.bulk_create(
        [EqualityAnswer(consultation=published, sex="female")] * 12
        + [EqualityAnswer(consultation=published, sex="male")] * 3
    )
    outcome = OutcomeFactory(consultation=published)
    OutcomeActionFactory(outcome=outcome, priority=priority)
    OutcomeActionFactory(outcome=outcome, priority=hidden_priority)

    now = timezone.now().replace(microsecond=0)
    annual = MeetingFactory(
        partnership=partnership,
        title="Annual public meeting",
        slug="annual-public-meeting",
        summary="The year's work, then **your questions**.",
    )
    annual.draft = {"title": f"{SECRET} meeting title"}
    annual.save()
    board_meeting = MeetingFactory(
        partnership=partnership,
        kind="board",
        title="Partnership board",
        slug="partnership-board",
        starts_at=now - datetime.timedelta(days=40),
        ends_at=now - datetime.timedelta(days=40, hours=-2),
        published_at=now - datetime.timedelta(days=60),
        minutes_published_at=now - datetime.timedelta(days=20),
    )
    ward_panel = MeetingFactory(
        partnership=partnership,
        kind="ward_panel",
        ward=north,
        title="North ward panel",
        slug="north-ward-panel",
        place="",
        online_url="https://meet.example.org/north",
        starts_at=now + datetime.timedelta(days=10),
        ends_at=now + datetime.timedelta(days=10, hours=1),
        published_at=now - datetime.timedelta(days=1),
    )
    for meeting, kind, title in (
        (annual, "agenda", "Agenda"),
        (annual, "minutes", f"{SECRET} minutes not yet published"),
        (board_meeting, "minutes", "Board minutes"),
    ):
        MeetingDocument.objects.create(
            meeting=meeting,
            kind=kind,
            title=title,
            file=f"meetings/{kind}-{meeting.pk}.pdf",
            content_type="application/pdf",
            size=1234,
            sha256="0" * 64,
        )
    draft_meeting = MeetingFactory(
        partnership=partnership,
        title=f"{SECRET} draft meeting",
        status="draft",
        published_at=None,
    )
    hidden_meeting = MeetingFactory(partnership=hidden, title=f"{SECRET} meeting")

    CrimeImport.objects.create(
        file_name="2024-01-metropolitan-street.csv",
        sha256="1" * 64,
        status="done",
        months=["2024-01"],
        finished_at=timezone.now(),
    )
    counts = [
        (area.code, "2024-01-01", "Burglary", 47),
        (area.code, "2023-01-01", "Burglary", 63),
        (area.code, "2024-01-01", "=cmd|' /C calc'!A0", 2),
        (north.code, "2024-01-01", "Burglary", 30),
        (south.code, "2024-01-01", "Burglary", 17),
        ("E09000999", "2024-01-01", "Burglary", 5),
    ]
    MonthlyCrimeCount.objects.bulk_create(
        MonthlyCrimeCount(
            area_code=code,
            month=datetime.date.fromisoformat(month),
            crime_type=crime_type,
            count=count,
        )
        for code, month, crime_type, count in counts
    )
    return SimpleNamespace(
        partnership=partnership,
        hidden=hidden,
        area=area,
        north=north,
        south=south,
        plan=plan,
        old_plan=old_plan,
        draft_plan=draft_plan,
        section=section,
        priority=priority,
        hidden_priority=hidden_priority,
        indicator=indicator,
        action=action,
        deadline=deadline,
        open=open_consultation,
        closed=closed,
        published=published,
        question=question,
        annual=annual,
        board_meeting=board_meeting,
        ward_panel=ward_panel,
        draft_meeting=draft_meeting,
        hidden_meeting=hidden_meeting,
    )


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def no_cache(settings):
    """Every answer rendered afresh (for query counts)."""
    settings.PORTAL_PAGE_CACHE_SECONDS = 0
