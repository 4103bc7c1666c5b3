"""Load the demo partnerships into the database, through the services.

``demo_load()`` runs the ``STEPS`` in order, in one transaction. Each step
takes what it needs from ``portal.site.demo.data`` and creates whatever is
missing through the same services officers and site administrators use, so
the demo has what real content has: versions, a change history ("Created",
then "Published", by the system), search re-indexing, deadlines that open their
next cycle. Each row is found by its natural key (a slug, an ONS code, or its
parent plus a name, slug, kind or title); a row that is already there is left
as it is, even where it differs from the data, since officers may have changed
it since (content changes go through drafts and publishing). So running it
again changes nothing: no new rows, no saves, not even ``updated_at``.

A plan is created as a draft with its sections, alignments and priorities; the
new priorities are published, then the plan (with its sections), then the new
partnership. Sections added to the data for a plan that is already there wait
for an officer to publish the plan, as officers' own new sections do.

To add to the demo (wards and geography, say): write a step, a function taking
the ``DemoRun``, append it to ``STEPS``, and list the models it creates in
``MODELS`` so that ``load_demo`` reports them.
"""

import dataclasses
import datetime
import random
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from contact.models import ContactInbox
from engagement import services as engagement_services
from engagement.models import Consultation, Response
from meetings.models import Attendance, Meeting, MeetingDocument
from partnerships import services as partnership_services
from partnerships.lookups import lsoa_lookups_load
from partnerships.models import (
    Area,
    Board,
    BoardObjective,
    Contact,
    LinkedBoard,
    Membership,
    OfficerRole,
    Organisation,
    Partnership,
    Principle,
)
from plans import services as plan_services
from plans.deadlines.services import case_open, duty_configure
from plans.models import Deadline, Plan, PlanAlignment, PlanSection, StatutoryDuty
from portal.site.demo import data
from portal.site.demo.areas import demo_load_areas
from portal.site.demo.meetings import demo_meetings_load
from priorities import services as priority_services
from priorities.crime.services import crime_path_import
from priorities.models import (
    CrimeImport,
    CrimeRecord,
    Evidence,
    Indicator,
    Objective,
    Priority,
)

# The models the demo creates, in the order the summary reports them.
MODELS: list[type[models.Model]] = [
    Area,
    Organisation,
    Partnership,
    Membership,
    Principle,
    Board,
    BoardObjective,
    LinkedBoard,
    Contact,
    Plan,
    PlanSection,
    PlanAlignment,
    Priority,
    Evidence,
    Objective,
    Indicator,
    User,
    OfficerRole,
    StatutoryDuty,
    Deadline,
    Consultation,
    CrimeImport,
    Meeting,
    MeetingDocument,
    Attendance,
    ContactInbox,
]


@dataclasses.dataclass
class DemoRun:
    """One run of the demo: who writes, and what earlier steps loaded."""

    # The demo's writes are the system's: history shows "The system".
    actor: User | None = None
    # Areas by ONS code, and places (which have no code) by name.
    areas: dict[str, Area] = dataclasses.field(default_factory=dict)
    # Organisations by slug.
    organisations: dict[str, Organisation] = dataclasses.field(default_factory=dict)


def demo_load() -> dict[str, int]:
    """Load the demo data; return how many rows of each of ``MODELS`` it created.

    Keyed by model name; a second run returns all zeros.
    """
    before = {model.__name__: model.objects.count() for model in MODELS}
    run = DemoRun()
    with transaction.atomic():
        for step in STEPS:
            step(run)
    return {
        model.__name__: model.objects.count() - before[model.__name__]
        for model in MODELS
    }


# --- Areas and organisations ----------------------------------------------------


def load_areas(run: DemoRun) -> None:
    """Each partnership's borough, its wards and its named places."""
    for demo in data.PARTNERSHIPS:
        area = demo.AREA
        borough = _area(
            run, code=area["code"], name=area["name"], kind=Area.Kind.LOCAL_AUTHORITY
        )
        for code, name in area["wards"]:
            _area(run, code=code, name=name, kind=Area.Kind.WARD, parent=borough)
        for name in area["places"]:
            place = Area.objects.filter(parent=borough, name=name).first()
            run.areas[name] = place or partnership_services.area_create(
                name=name, kind=Area.Kind.PLACE, parent=borough
            )


def _area(run: DemoRun, *, code: str, name: str, kind: str, parent=None) -> Area:
    area = Area.objects.filter(code=code).first()
    if area is None:
        area = partnership_services.area_create(
            name=name, kind=kind, code=code, parent=parent
        )
    run.areas[code] = area
    return area


def load_organisations(run: DemoRun) -> None:
    """The London-wide bodies, then each partnership's own."""
    everything = data.shared.ORGANISATIONS + [
        organisation
        for demo in data.PARTNERSHIPS
        for organisation in demo.ORGANISATIONS
    ]
    for values in everything:
        organisation = Organisation.objects.filter(slug=values["slug"]).first()
        fields = {k: v for k, v in values.items() if k != "ended"}
        run.organisations[values["slug"]] = (
            organisation
            or partnership_services.organisation_create(actor=run.actor, data=fields)
        )
    # Bodies since abolished or replaced: ended, with what took over.
    for values in everything:
        ended = values.get("ended")
        organisation = run.organisations[values["slug"]]
        if ended and organisation.ended_on is None:
            run.organisations[values["slug"]] = partnership_services.organisation_end(
                actor=run.actor,
                organisation=organisation,
                ended_on=ended["on"],
                successor=run.organisations[ended["successor"]],
                note=ended["note"],
            )


# --- Partnerships and their plans -------------------------------------------------


def load_partnerships(run: DemoRun) -> None:
    for demo in data.PARTNERSHIPS:
        _load_partnership(run, demo.PARTNERSHIP)


def _load_partnership(run: DemoRun, values: dict) -> None:
    actor = run.actor
    partnership = Partnership.objects.filter(slug=values["slug"]).first()
    is_new = partnership is None
    if is_new:
        partnership = partnership_services.partnership_create(
            actor=actor,
            data={
                "slug": values["slug"],
                "name": values["name"],
                "short_name": values["short_name"],
                "area": run.areas[values["area"]],
                "summary": values["summary"],
                "description": values["description"],
                "vision": values["vision"],
            },
        )
    lookup = {"partnership": partnership}

    members = set(
        Membership.objects.filter(**lookup).values_list("organisation__slug", flat=True)
    )
    for slug, role in values["members"]:
        if slug not in members:
            partnership_services.membership_add(
                **lookup,
                actor=actor,
                organisation=run.organisations[slug],
                role=role,
            )
    principles = set(Principle.objects.filter(**lookup).values_list("text", flat=True))
    for text in values.get("principles", []):
        if text not in principles:
            partnership_services.principle_add(**lookup, actor=actor, text=text)
    for board in values.get("boards", []):
        if not Board.objects.filter(**lookup, slug=board["slug"]).exists():
            partnership_services.board_create(**lookup, actor=actor, data=board)
    for name in values.get("linked_boards", []):
        if not LinkedBoard.objects.filter(**lookup, name=name).exists():
            partnership_services.linked_board_add(
                **lookup, actor=actor, data={"name": name}
            )
    for contact in values.get("contacts", []):
        if not Contact.objects.filter(**lookup, name=contact["name"]).exists():
            partnership_services.contact_add(**lookup, actor=actor, data=contact)

    boards = {board.slug: board for board in Board.objects.filter(**lookup)}
    for plan in values.get("plans", []):
        _load_plan(run, partnership, plan, boards)
    if is_new:
        partnership_services.partnership_publish(partnership=partnership, actor=actor)


def _load_plan(
    run: DemoRun, partnership: Partnership, values: dict, boards: dict[str, Board]
) -> None:
    actor = run.actor
    plan = Plan.objects.filter(partnership=partnership, slug=values["slug"]).first()
    is_new = plan is None
    if is_new:
        plan = plan_services.plan_create(
            partnership=partnership,
            actor=actor,
            data={
                "slug": values["slug"],
                "kind": values["kind"],
                "title": values["title"],
                "summary": values["summary"],
                "start_year": values["start_year"],
                "end_year": values["end_year"],
            },
        )
    for section in values.get("sections", []):
        slug = section.get("slug") or slugify(section["title"])
        if not PlanSection.objects.filter(plan=plan, slug=slug).exists():
            plan_services.section_create(
                plan=plan,
                actor=actor,
                data={"title": section["title"], "body": section["body"], "slug": slug},
            )
    for alignment in values.get("alignments", []):
        if not PlanAlignment.objects.filter(
            plan=plan, title=alignment["title"]
        ).exists():
            plan_services.plan_alignment_add(plan=plan, actor=actor, data=alignment)
    for priority in values.get("priorities", []):
        _load_priority(run, plan, priority, boards)

    if is_new and values["status"] != Plan.Status.DRAFT:
        plan_services.plan_publish(
            plan=plan, actor=actor, published_on=values["published_on"]
        )
        if values["status"] == Plan.Status.SUPERSEDED:
            plan_services.plan_supersede(plan=plan, actor=actor)


def _load_priority(
    run: DemoRun, plan: Plan, values: dict, boards: dict[str, Board]
) -> None:
    actor = run.actor
    priority = Priority.objects.filter(plan=plan, slug=values["slug"]).first()
    is_new = priority is None
    if is_new:
        group = values.get("delivery_group")
        priority = priority_services.priority_create(
            plan=plan,
            actor=actor,
            data={
                "slug": values["slug"],
                "title": values["title"],
                "summary": values["summary"],
                "description": values["description"],
                "delivery_group": boards[group] if group else None,
                "locations": [run.areas[key] for key in values.get("locations", [])],
                "objectives": values.get("objectives", []),
            },
        )
    for kind, detail in values.get("evidence", {}).items():
        if not Evidence.objects.filter(priority=priority, kind=kind).exists():
            priority_services.evidence_set(
                priority=priority, actor=actor, kind=kind, detail=detail
            )
    for indicator in values.get("indicators", []):
        if not Indicator.objects.filter(
            priority=priority,
            name=indicator["name"],
            period=indicator.get("period", ""),
        ).exists():
            priority_services.indicator_add(
                priority=priority, actor=actor, data=indicator
            )
    if is_new:
        priority_services.priority_publish(priority=priority, actor=actor)


# --- Officers and their deadlines -----------------------------------------------


def load_accounts(run: DemoRun) -> None:
    """The site administrator, and each partnership's officers with their roles.

    An existing account keeps its password.
    """
    for email, first, last in data.shared.ADMINS:
        _account(email, first, last, site_admin=True)
    for demo in data.PARTNERSHIPS:
        partnership = Partnership.objects.get(slug=demo.PARTNERSHIP["slug"])
        for email, first, last, roles in demo.OFFICERS:
            user = _account(email, first, last)
            for role in roles:
                partnership_services.officer_role_grant(
                    user=user, partnership=partnership, role=role, actor=run.actor
                )


def _account(email: str, first: str, last: str, *, site_admin: bool = False):
    return get_user_model().objects.filter(
        username=email
    ).first() or partnership_services.account_create(
        email=email,
        password=data.shared.DEMO_PASSWORD,
        first_name=first,
        last_name=last,
        site_admin=site_admin,
    )


def load_deadlines(run: DemoRun) -> None:
    """Each partnership's statutory duties, owned by its demo officers, and its
    domestic homicide review cases."""
    for demo in data.PARTNERSHIPS:
        partnership = Partnership.objects.get(slug=demo.PARTNERSHIP["slug"])
        owners = list(
            get_user_model()
            .objects.filter(officer_roles__partnership=partnership)
            .distinct()
            .order_by("pk")
        )
        for kind, cadence, config in data.shared.DUTIES:
            if StatutoryDuty.objects.filter(
                partnership=partnership, kind=kind
            ).exists():
                continue  # officers may have changed it since: leave it be
            config = dict(config)
            first_due = config.pop("first_due", None)
            if "start_quarter" in config:
                config["start_quarter"] = datetime.date.fromisoformat(
                    config["start_quarter"]
                )
            duty_configure(
                partnership=partnership,
                kind=kind,
                cadence=cadence,
                owners=owners,
                first_due=datetime.date.fromisoformat(first_due) if first_due else None,
                **config,
            )
        for reference, notified in demo.CASES:
            duty = StatutoryDuty.objects.get(
                partnership=partnership, kind="domestic_homicide_review"
            )
            if not duty.deadlines.filter(case_reference=reference).exists():
                case_open(
                    duty=duty,
                    reference=reference,
                    notified_on=datetime.date.fromisoformat(notified),
                )


# --- Consultations ----------------------------------------------------------------


def load_consultations(run: DemoRun) -> None:
    """One open, one closed and one published consultation with responses.

    Each is built, scheduled and opened (by the beat job's own service) as a
    consultation manager's would be, and answered through the same service as
    residents' answers (with fixed idempotency keys). The closed ones are then
    moved into the past, and closed by the beat job's service.
    """
    for demo in data.PARTNERSHIPS:
        partnership = Partnership.objects.get(slug=demo.PARTNERSHIP["slug"])
        for values in demo.CONSULTATIONS:
            if not Consultation.objects.filter(
                partnership=partnership, title=values["title"]
            ).exists():
                _build_consultation(run, partnership, values)


def _build_consultation(run: DemoRun, partnership: Partnership, values: dict) -> None:
    now = timezone.now()
    consultation = engagement_services.consultation_create(
        partnership=partnership,
        actor=run.actor,
        data={
            "title": values["title"],
            "summary": values["summary"],
            "background": values["background"],
            "has_equality_section": True,
            "priorities": list(
                Priority.objects.filter(
                    plan__partnership=partnership, slug=values["priority"]
                )
            ),
        },
    )
    for kind, text, required, personal, choices in values["questions"]:
        engagement_services.question_add(
            consultation=consultation,
            actor=run.actor,
            data={
                "kind": kind,
                "text": text,
                "required": required,
                "personal": personal,
                "choices": choices,
            },
        )
    engagement_services.consultation_schedule(
        consultation=consultation,
        actor=run.actor,
        opens_at=now - datetime.timedelta(days=10),
        closes_at=now + datetime.timedelta(days=28),
    )
    engagement_services.consultations_open_and_close(now=now)
    consultation.refresh_from_db()
    _demo_responses(consultation, values["responses"])
    if values["state"] == "open":
        return
    _move_into_the_past(consultation, datetime.timedelta(days=120))
    engagement_services.consultations_open_and_close()
    if values["state"] == "published":
        outcome = values["outcome"]
        engagement_services.outcome_publish(
            consultation=consultation,
            actor=run.actor,
            we_asked=outcome["we_asked"],
            you_said=outcome["you_said"],
            actions=[(outcome["we_did"], consultation.priorities.first(), None)],
        )


def _demo_responses(consultation: Consultation, count: int) -> None:
    chooser = random.Random(consultation.title)  # noqa: S311 - demo data
    questions = list(consultation.questions.prefetch_related("choices"))
    changes = [
        "Better lighting on the way to the station",
        "More police on foot in the evening",
        "CCTV in the car park",
        "Taxi marshals at closing time",
        "",
    ]
    start = consultation.opens_at
    for n in range(count):
        answers = {}
        for question in questions:
            name = engagement_services.field_name(question)
            options = [str(c.pk) for c in question.choices.all()]
            if question.kind == "multiple_choice":
                answers[name] = chooser.sample(options, chooser.randint(0, 2))
            elif options:
                answers[name] = chooser.choice(options)
            else:
                answers[name] = chooser.choice(changes)
        response, _ = engagement_services.response_submit(
            consultation=consultation,
            data=answers,
            idempotency_key=f"demo-{consultation.pk}-{n}",
            equality={
                "age_band": chooser.choice(
                    ["18_24", "25_34", "35_44", "45_54", "65_plus"]
                ),
                "sex": chooser.choice(["female", "male"]),
            },
            channel="online" if n % 5 else "paper",
        )
        # Spread over the consultation's weeks rather than all this second.
        _set_times(
            Response.objects.filter(pk=response.pk),
            submitted_at=start + datetime.timedelta(hours=3 * n + 1),
        )


def _move_into_the_past(consultation: Consultation, shift: datetime.timedelta) -> None:
    _set_times(
        Consultation.objects.filter(pk=consultation.pk),
        opens_at=F("opens_at") - shift,
        closes_at=F("closes_at") - shift,
    )
    _set_times(
        Response.objects.filter(consultation=consultation),
        submitted_at=F("submitted_at") - shift,
    )


def _set_times(queryset: models.QuerySet, **times) -> None:
    """The demo's only writes outside the services: no service moves what has
    happened back in time, so a demo with a past is made by changing these
    timestamps directly."""
    queryset.update(**times)


# --- Crime data -------------------------------------------------------------------


def load_crime_data(run: DemoRun) -> None:
    """The ONS lookups and 38 months of police.uk burglary in the three boroughs.

    The real series (January 2022 to February 2025, one file a month, burglary
    rows only, as ../shared/data/police-uk/README.md describes): trends, the
    year-on-year change and Kingston's burglary indicator (January 2023 against
    January 2024) are all computed from it, and every page says it is burglary
    only and how old it is. Without the folder (a server with no copy of
    ../shared) the demo simply has no crime data.
    """
    folder = Path(settings.PORTAL_POLICE_DATA_DIR)
    if not folder.is_dir():
        return
    for name in ("LSOA11_WD19_LAD19_LONDON.csv", "LSOA21_MSOA21_LAD22_LONDON.csv"):
        lsoa_lookups_load(path=folder / "lookups" / name)
    series = folder / "street" / "metropolitan-burglary-three-boroughs"
    for path in sorted(series.glob("*-metropolitan-street.BURGLARY-*.csv")):
        month = datetime.date(int(path.name[:4]), int(path.name[5:7]), 1)
        if not CrimeRecord.objects.filter(month=month).exists():
            crime_path_import(path=path)


def load_area_pages(run: DemoRun) -> None:
    """Current wards, people, boundaries, postcodes, the Met's ward series,
    ward contacts and actions placed in wards (portal/site/demo/areas.py)."""
    demo_load_areas()


def load_meetings(run: DemoRun) -> None:
    """Kingston's past annual public meeting with minutes and attendance, a
    Westminster Safer Neighbourhood Board, a Colville ward panel, and each
    partnership's contact inbox (portal/site/demo/meetings.py)."""
    demo_meetings_load(actor=run.actor)


def load_seed_dates(run: DemoRun) -> None:
    """The seeds' own dates, not the day the demo was loaded.

    Each partnership's page carries its seed page's date (``PAGE_UPDATED``:
    Kingston 5 August 2022, Kensington and Chelsea 12 October 2022, Westminster
    7 June 2018), and each published document's change history its publication
    date, so "Last updated" and "published" read from them as they would from
    real publication events.
    """
    zone = timezone.get_default_timezone()
    for demo in data.PARTNERSHIPS:
        partnership = Partnership.objects.get(slug=demo.PARTNERSHIP["slug"])
        _set_times(
            Partnership.objects.filter(pk=partnership.pk),
            updated_at=demo.PAGE_UPDATED,
        )
        for plan in Plan.objects.filter(
            partnership=partnership, published_on__isnull=False
        ):
            when = datetime.datetime.combine(
                plan.published_on, datetime.time(12), tzinfo=zone
            )
            _set_times(Plan.objects.filter(pk=plan.pk), updated_at=when)
            _set_times(Priority.objects.filter(plan=plan), updated_at=when)
            _set_times(plan.history.all(), history_date=when)
            _set_times(PlanSection.history.filter(plan_id=plan.pk), history_date=when)
            _set_times(Priority.history.filter(plan_id=plan.pk), history_date=when)


# The demo, step by step: each creates what is missing of its part, and may use
# what the steps before it loaded. Add a step here to load more.
STEPS: list[Callable[[DemoRun], None]] = [
    load_areas,
    load_organisations,
    load_partnerships,
    load_accounts,
    load_deadlines,
    load_consultations,
    load_crime_data,
    load_area_pages,
    load_meetings,
    load_seed_dates,
]
