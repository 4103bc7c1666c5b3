"""The scaled-up data set: 30 partnerships with 50 priorities each, 100,000
consultation responses and 5 million crime rows, and residents' area pages at
London scale (every London ward and LSOA, the Met's whole 24-month series).
Built with bulk writes and SQL so it takes a minute or two, not an hour."""

import datetime
import os
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from engagement import services as engagement_services
from engagement.models import Answer, Consultation, Response
from partnerships.geography import geography_folder_load
from partnerships.models import Area, Membership, Organisation, Partnership
from plans.models import Plan, PlanSection
from portal.site.services import search_index_rebuild_all
from priorities.crime.met import met_ward_path_import
from priorities.crime.services import monthly_counts_rebuild
from priorities.models import Action, CrimeRecord, Indicator, Objective, Priority

PARTNERSHIPS = 30
PRIORITIES = 50
RESPONSES = 100_000
# BENCH_CRIME_ROWS=50000000 for the statistics page at ten times the rows.
CRIME_ROWS = int(os.environ.get("BENCH_CRIME_ROWS", "5000000"))
CRIME_TYPES = [
    "Anti-social behaviour", "Burglary", "Criminal damage and arson", "Drugs",
    "Other theft", "Public order", "Robbery", "Shoplifting", "Theft from the person",
    "Vehicle crime", "Violence and sexual offences", "Bicycle theft",
]  # fmt: skip
MONTHS = 36


def log(message, started):
    print(f"  {message} ({time.perf_counter() - started:.1f} s)", flush=True)


@transaction.atomic
def build_partnerships() -> list[Partnership]:
    started = time.perf_counter()
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Bench body {n}", slug=f"bench-body-{n}", kind="police")
        for n in range(5)
    )
    partnerships = []
    for n in range(PARTNERSHIPS):
        area = Area.objects.create(
            name=f"Bench borough {n}", kind="local_authority", code=f"E0990{n:04d}"
        )
        Area.objects.bulk_create(
            Area(name=f"Ward {w}", kind="ward", code=f"E05{n:02d}{w:04d}", parent=area)
            for w in range(20)
        )
        partnership = Partnership.objects.create(
            name=f"Bench Safer Borough {n} Partnership",
            slug=f"bench-{n}",
            area=area,
            summary="A community safety partnership for the benchmark.",
            description="Made by the benchmark. " * 20,
            vision="Safer streets for everyone.",
            is_published=True,
        )
        Membership.objects.bulk_create(
            Membership(
                partnership=partnership, organisation=o, role="responsible_authority"
            )
            for o in organisations
        )
        plan = Plan.objects.create(
            partnership=partnership,
            kind="partnership_plan",
            title=f"Bench Plan {n} 2024-2029",
            slug="plan",
            start_year=2024,
            end_year=2029,
            status="published",
            published_on=datetime.date(2024, 4, 1),
            summary="The plan.",
        )
        PlanSection.objects.bulk_create(
            PlanSection(
                plan=plan,
                title=f"Section {s}",
                slug=f"section-{s}",
                body="Some **Markdown** text.\n\n- one\n- two\n" * 5,
                order=s,
                is_published=True,
            )
            for s in range(6)
        )
        priorities = Priority.objects.bulk_create(
            Priority(
                plan=plan,
                title=f"Priority {p}",
                slug=f"priority-{p}",
                summary="What the partnership will do.",
                description="More words. " * 30,
                order=p,
                is_published=True,
            )
            for p in range(PRIORITIES)
        )
        Objective.objects.bulk_create(
            Objective(priority=p, text=f"Objective {o}", order=o)
            for p in priorities
            for o in range(3)
        )
        Indicator.objects.bulk_create(
            Indicator(
                priority=p,
                name="Burglary",
                crime_type="Burglary",
                period="2026-01",
                baseline_month=datetime.date(2025, 1, 1),
                measured_month=datetime.date(2026, 1, 1),
                target_percent=-4.5,
            )
            for p in priorities[:5]
        )
        partnerships.append(partnership)
    log(f"{PARTNERSHIPS} partnerships, {PARTNERSHIPS * PRIORITIES} priorities", started)
    search_index_rebuild_all()
    log("search index", started)
    return partnerships


def build_consultation(partnership: Partnership) -> Consultation:
    """An open consultation with 100,000 responses (bulk written)."""
    started = time.perf_counter()
    consultation = engagement_services.consultation_create(
        partnership=partnership,
        actor=None,
        data={"title": "How safe do you feel?", "summary": "The benchmark survey."},
    )
    for kind, choices in (("agree_scale", []), ("single_choice", ["A", "B", "C"]),
                          ("short_text", [])):  # fmt: skip
        engagement_services.question_add(
            consultation=consultation,
            actor=None,
            data={"kind": kind, "text": f"A {kind} question", "required": True,
                  "choices": choices},
        )  # fmt: skip
    now = timezone.now()
    engagement_services.consultation_schedule(
        consultation=consultation,
        actor=None,
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=30),
    )
    Consultation.objects.filter(pk=consultation.pk).update(status="open")
    questions = list(consultation.questions.prefetch_related("choices"))
    batch = 10_000
    for start in range(0, RESPONSES, batch):
        with transaction.atomic():
            responses = Response.objects.bulk_create(
                Response(
                    consultation=consultation,
                    reference=f"B-{n:08d}",
                    idempotency_key=uuid.uuid4().hex,
                    channel="online",
                )
                for n in range(start, start + batch)
            )
            answers = []
            for n, response in enumerate(responses):
                for question in questions:
                    options = list(question.choices.all())
                    if options:
                        answers.append(
                            Answer(response=response, question=question,
                                   choice=options[n % len(options)])
                        )  # fmt: skip
                    else:
                        answers.append(
                            Answer(response=response, question=question, text="Fine.")
                        )
            Answer.objects.bulk_create(answers, batch_size=5000)
    log(f"{RESPONSES:,} responses", started)
    return consultation


def build_crime(partnerships: list[Partnership]) -> None:
    """CRIME_ROWS rows (5 million unless BENCH_CRIME_ROWS) over 36 months,
    spread over the partnerships' areas."""
    started = time.perf_counter()
    areas = [p.area.code for p in partnerships]
    types = CRIME_TYPES
    table = CrimeRecord._meta.db_table
    with connection.cursor() as cursor:
        # One statement: generate the rows in the database (no network round trips).
        cursor.execute(
            f"INSERT INTO {table} (identity, month, crime_type, lsoa_code, lad_code, "  # noqa: S608
            "ward_code, longitude, latitude, location, outcome) "
            "SELECT md5('bench' || g), "
            "make_date(2023 + (g %% %s) / 12, (g %% %s) %% 12 + 1, 1), "
            "(%s::text[])[1 + g %% %s], '', (%s::text[])[1 + (g / 7) %% %s], "
            "'', NULL, NULL, 'On or near Bench Street', '' "
            "FROM generate_series(1, %s) AS g",
            [MONTHS, MONTHS, types, len(types), areas, len(areas), CRIME_ROWS],
        )
        cursor.execute(f"ANALYZE {table}")
    log(f"{CRIME_ROWS:,} crime rows", started)
    months = [datetime.date(2023 + m // 12, m % 12 + 1, 1) for m in range(MONTHS)]
    monthly_counts_rebuild(months=months)
    log("monthly counts", started)


def build_areas() -> dict:
    """Every London ward and LSOA with its people, the three seed boroughs'
    boundaries and postcodes, the Met's whole series (about 430,000 values),
    and Kingston hosted with 50 priorities focused on Kingston Town, each with
    two actions placed there."""
    started = time.perf_counter()
    geography_folder_load(
        folder=Path(settings.PORTAL_GEOGRAPHY_DATA_DIR),
        in_force_from=datetime.date(2022, 5, 5),
    )
    for path in sorted(
        Path(settings.PORTAL_MET_WARD_DATA_DIR).glob("MPS Ward Level Crime*.csv")
    ):
        met_ward_path_import(path=path)
    log("London geography and the Met's ward-level series", started)
    borough = Area.objects.get(code="E09000021")
    ward = Area.objects.current().get(code="E05013938")
    with transaction.atomic():
        partnership = Partnership.objects.create(
            name="Bench Safer Kingston Partnership",
            slug="bench-kingston",
            area=borough,
            summary="Kingston for the benchmark.",
            is_published=True,
        )
        plan = Plan.objects.create(
            partnership=partnership,
            kind="partnership_plan",
            title="Bench Kingston Plan 2024-2029",
            slug="plan",
            start_year=2024,
            end_year=2029,
            status="published",
            published_on=datetime.date(2024, 4, 1),
            summary="The plan.",
        )
        priorities = Priority.objects.bulk_create(
            Priority(plan=plan, title=f"Priority {p}", slug=f"priority-{p}",
                     summary="What the partnership will do here.", order=p,
                     is_published=True)
            for p in range(PRIORITIES)
        )  # fmt: skip
        Priority.locations.through.objects.bulk_create(
            Priority.locations.through(priority=p, area=ward) for p in priorities
        )
        Action.objects.bulk_create(
            Action(priority=p, title=f"Action {a} of {p.title}", ward=ward,
                   status="on_track", order=a, is_published=True)
            for p in priorities
            for a in range(2)
        )  # fmt: skip
    log("Kingston with 50 priorities and 100 actions in Kingston Town", started)
    return {"ward": ward, "borough": borough}


def build() -> dict:
    started = time.perf_counter()
    partnerships = build_partnerships()
    consultation = build_consultation(partnerships[0])
    build_crime(partnerships)
    areas = build_areas()
    # Planner statistics, as autovacuum would have gathered them on a database
    # in service: without them PostgreSQL plans every page on default guesses.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    log("planner statistics", started)
    log("data set ready", started)
    return {"partnership": partnerships[0], "consultation": consultation, **areas}


def existing() -> dict:
    """What ``build`` returns, from a database it built before (BENCH_REUSE=1)."""
    partnership = Partnership.objects.get(slug="bench-0")
    return {
        "partnership": partnership,
        "consultation": partnership.consultations.get(),
        "ward": Area.objects.current().get(code="E05013938"),
        "borough": Area.objects.get(code="E09000021"),
    }
