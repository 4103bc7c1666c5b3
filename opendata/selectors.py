"""Reads for open data: everything published, and nothing else, ever.

The API, the Atom feeds and the CSV downloads all start from these querysets,
so the rule "only what residents can see on the pages" is written once: a
partnership must be published; a plan published or superseded; sections,
priorities and actions published; consultations open, closed or with results
published; results only once published; meetings published. Draft values never
leave the row (``Draftable.draft`` is never read here).

Each queryset names what its rows show (select_related, prefetch_related), so
a page of 5 items and a page of 500 take the same number of queries.
"""

import datetime

from django.db import connection
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from engagement.models import Consultation, Outcome, OutcomeAction
from engagement.selectors import (
    consultation_list_public,
    consultation_results,
    equality_summary,
)
from meetings.models import Meeting, MeetingDocument
from partnerships.models import (
    Area,
    Board,
    LsoaLookup,
    Membership,
    Organisation,
    Partnership,
)
from plans.models import Deadline, Plan, PlanQuerySet, PlanSection, StatutoryDuty
from priorities.crime.met import SOURCE as MET_SERIES
from priorities.crime.selectors import ATTRIBUTION
from priorities.models import (
    Action,
    CrimeImport,
    Indicator,
    MetWardCrimeCount,
    MetWardImport,
    MonthlyCrimeCount,
    Priority,
)

# Deadlines residents may see: duties whose outcome is public (a document, a
# meeting, a consultation, a scrutiny session, the accessibility statement).
# Information sharing between partners and domestic homicide review cases
# (whose references identify people) stay internal.
PUBLIC_DUTY_KINDS = (
    StatutoryDuty.Kind.STRATEGIC_ASSESSMENT,
    StatutoryDuty.Kind.PLAN_REFRESH,
    StatutoryDuty.Kind.PUBLIC_MEETING,
    StatutoryDuty.Kind.CONSULTATION,
    StatutoryDuty.Kind.SCRUTINY,
    StatutoryDuty.Kind.SERIOUS_VIOLENCE_REVIEW,
    StatutoryDuty.Kind.ACCESSIBILITY_REVIEW,
)
CRIME_SOURCE = "data.police.uk street-level crime, counted per month"
CRIME_LICENCE = "Open Government Licence v3.0"


def _public_plans() -> QuerySet[Plan]:
    return Plan.objects.public()


def _public_priority_q(prefix: str = "") -> Q:
    """A published priority of a public plan; with ``prefix`` (``"priority__"``)
    the priority of another row. As joins to the plan (which lists sort by
    anyway) rather than subqueries of public plans and priorities: PostgreSQL
    plans a page of priorities in half the time, and finds a page of actions
    or indicators without reading every public priority first."""
    return Q(**{f"{prefix}is_published": True}) & PlanQuerySet.public_q(
        f"{prefix}plan__"
    )


def _public_priorities() -> QuerySet[Priority]:
    return Priority.objects.filter(_public_priority_q())


# --- Partnerships ----------------------------------------------------------------


def partnership_list_open() -> QuerySet[Partnership]:
    """Published partnerships with their area, principles and boards."""
    return (
        Partnership.objects.public()
        .select_related("area")
        .prefetch_related(
            "principles",
            Prefetch(
                "boards",
                queryset=Board.objects.prefetch_related("objectives").order_by(
                    "order", "name"
                ),
            ),
        )
        .order_by("name")
    )


def organisation_list_open() -> QuerySet[Organisation]:
    """Organisations that belong to at least one published partnership."""
    member = Membership.objects.filter(
        organisation=OuterRef("pk"), partnership__is_published=True
    )
    return (
        Organisation.objects.filter(Exists(member))
        .select_related("successor")
        .order_by("name", "pk")
    )


def membership_list_open() -> QuerySet[Membership]:
    return (
        Membership.objects.filter(partnership__is_published=True)
        .select_related("partnership", "organisation__successor")
        .order_by("partnership__name", "role", "order", "organisation__name", "pk")
    )


def ward_list_open() -> QuerySet[Area]:
    """Wards of the areas that published partnerships cover, with that
    partnership: current wards, and the ones abolished with the current wards
    that took their area in (``covers``)."""
    partnership = Partnership.objects.public().filter(area=OuterRef("parent"))
    return (
        Area.objects.filter(kind=Area.Kind.WARD)
        .filter(Exists(partnership))
        .select_related("parent")
        .prefetch_related(
            Prefetch(
                "covers",
                queryset=Area.objects.current().exclude(code="").order_by("code"),
                to_attr="replaced_by",
            )
        )
        .annotate(partnership_slug=Subquery(partnership.values("slug")[:1]))
        .order_by("parent__name", F("valid_to").desc(nulls_first=True), "name", "pk")
    )


# --- Plans and priorities --------------------------------------------------------


def plan_list_open() -> QuerySet[Plan]:
    return (
        _public_plans()
        .select_related("partnership")
        .order_by("partnership__name", "-start_year", "title", "pk")
    )


def plan_detail_open() -> QuerySet[Plan]:
    """Plans with their published sections and their alignments."""
    return plan_list_open().prefetch_related(
        Prefetch(
            "sections",
            queryset=PlanSection.objects.filter(is_published=True).order_by(
                "order", "id"
            ),
        ),
        Prefetch(
            "alignments",
            queryset=_alignments(),
        ),
    )


def _alignments():
    from plans.models import PlanAlignment

    return PlanAlignment.objects.select_related("aligned_plan__partnership").order_by(
        "order", "id"
    )


def section_list_open() -> QuerySet[PlanSection]:
    return (
        PlanSection.objects.filter(is_published=True, plan__in=_public_plans())
        .select_related("plan__partnership")
        .order_by("plan__partnership__name", "plan_id", "order", "id")
    )


PRIORITY_ORDER = ("plan__partnership__name", "plan_id", "order", "id")


def priority_list_open() -> QuerySet[Priority]:
    """Published priorities of public plans, with what their entries show."""
    return (
        _public_priorities()
        .select_related("plan__partnership", "delivery_group")
        .prefetch_related("evidence", "objectives", "locations")
        .order_by(*PRIORITY_ORDER)
    )


def priority_rows_open() -> QuerySet[dict]:
    """``priority_list_open()`` as plain rows, for lists: only the columns an
    entry shows and its plan's slugs, no model instances (a page of 50
    priorities, their plans and partnerships was most of what a page of the
    API's list cost). ``priority_rows_related`` adds the rest."""
    return (
        _public_priorities()
        .order_by(*PRIORITY_ORDER)
        .values(
            "id",
            "plan_id",
            "plan__slug",
            "plan__partnership__slug",
            "title",
            "slug",
            "order",
            "summary",
            "description",
            "description_html",
        )
    )


# What a page of priorities shows of its delivery group, evidence, objectives
# and places in focus, in one round trip, in the orders the models give them
# (evidence by kind, objectives by order, places by name) numbered within each
# priority. Three ORM queries for 50 ids each cost more to build than the rest
# of the page; the delivery group joined here, to the page's rows only, rather
# than to every row the page is sorted from, takes a fifth off the page's own
# query (half on the last pages). Portable SQL (PostgreSQL and SQLite).
_PRIORITY_RELATED_SQL = """
    WITH page (id) AS (VALUES {ids})
    SELECT 'delivery_group', p.id, b.slug, b.name, b.kind, 1
    FROM priorities_priority p
    JOIN page ON page.id = p.id
    JOIN partnerships_board b ON b.id = p.delivery_group_id
    UNION ALL
    SELECT 'evidence', e.priority_id, e.kind, e.detail, NULL,
        ROW_NUMBER() OVER (PARTITION BY e.priority_id ORDER BY e.kind)
    FROM priorities_evidence e
    JOIN page ON page.id = e.priority_id
    UNION ALL
    SELECT 'objectives', o.priority_id, o.text, NULL, NULL,
        ROW_NUMBER() OVER (PARTITION BY o.priority_id ORDER BY o."order", o.id)
    FROM priorities_objective o
    JOIN page ON page.id = o.priority_id
    UNION ALL
    SELECT 'locations', l.priority_id, a.code, a.name, a.kind,
        ROW_NUMBER() OVER (PARTITION BY l.priority_id ORDER BY a.name)
    FROM priorities_priority_locations l
    JOIN page ON page.id = l.priority_id
    JOIN partnerships_area a ON a.id = l.area_id
    ORDER BY 1, 2, 6
"""


def priority_rows_related(rows: list[dict]) -> list[dict]:
    """Each row of ``priority_rows_open`` with its ``delivery_group`` (slug,
    name and kind; None without one), ``evidence`` (kind and detail of each),
    ``objectives`` (their texts) and ``locations`` (code, name and kind of
    each place in focus): one query however many rows."""
    related = {
        row["id"]: {
            "delivery_group": None,
            "evidence": [],
            "objectives": [],
            "locations": [],
        }
        for row in rows
    }
    found = []
    if related:
        values = ", ".join(["(%s)"] * len(related))
        with connection.cursor() as cursor:
            cursor.execute(_PRIORITY_RELATED_SQL.format(ids=values), [*related])
            found = cursor.fetchall()
    for relation, priority_id, first, second, third, _ in found:
        if relation == "delivery_group":
            related[priority_id][relation] = {
                "slug": first,
                "name": second,
                "kind": third,
            }
        elif relation == "evidence":
            related[priority_id][relation].append({"kind": first, "detail": second})
        elif relation == "objectives":
            related[priority_id][relation].append(first)
        else:
            related[priority_id][relation].append(
                {"code": first, "name": second, "kind": third}
            )
    for row in rows:
        row.update(related[row["id"]])
    return rows


def action_list_open() -> QuerySet[Action]:
    return (
        Action.objects.filter(_public_priority_q("priority__"), is_published=True)
        .select_related("priority__plan__partnership", "lead_organisation")
        .order_by("priority__plan__partnership__name", "priority_id", "order", "id")
    )


def indicator_list_open() -> QuerySet[Indicator]:
    return (
        Indicator.objects.filter(_public_priority_q("priority__"))
        .select_related("priority__plan__partnership")
        .order_by("priority__plan__partnership__name", "priority_id", "order", "id")
    )


def deadline_list_open() -> QuerySet[Deadline]:
    return (
        Deadline.objects.filter(
            partnership__is_published=True,
            case_reference="",
            duty__kind__in=PUBLIC_DUTY_KINDS,
        )
        .select_related("duty", "partnership")
        .order_by("due_date", "partnership__name", "pk")
    )


# --- Consultations ---------------------------------------------------------------


def consultation_list_open() -> QuerySet[Consultation]:
    """Open, closed and published consultations, with their public priorities."""
    return (
        consultation_list_public()
        .prefetch_related(
            Prefetch("priorities", queryset=_public_priorities().order_by("pk"))
        )
        .order_by("-opens_at", "title", "pk")
    )


def consultation_results_open(*, consultation: Consultation) -> dict | None:
    """Published results in aggregate: option counts (as the results page shows
    them) and equality monitoring totals with groups under 10 suppressed.

    None unless the consultation's results are published.
    """
    if consultation.status != Consultation.Status.PUBLISHED:
        return None
    outcome = (
        Outcome.objects.filter(consultation=consultation, published_at__isnull=False)
        .prefetch_related(
            Prefetch("actions", queryset=OutcomeAction.objects.order_by("order", "id"))
        )
        .first()
    )
    if outcome is None:
        return None
    public_priorities = set(
        _public_priorities()
        .filter(plan__partnership_id=consultation.partnership_id)
        .values_list("pk", flat=True)
    )
    public_actions = set(
        action_list_open()
        .filter(priority__plan__partnership_id=consultation.partnership_id)
        .values_list("pk", flat=True)
    )
    return {
        "consultation": consultation,
        "outcome": outcome,
        "we_did": [
            {
                "text": a.we_did,
                "priority": a.priority_id
                if a.priority_id in public_priorities
                else None,
                "action": a.action_id if a.action_id in public_actions else None,
            }
            for a in outcome.actions.all()
        ],
        "questions": consultation_results(consultation=consultation),
        "equality": _equality_open(consultation),
    }


def _equality_open(consultation: Consultation) -> list[dict]:
    """Equality totals as the managers' page suppresses them: any group under
    10 people shows no number. Unlike that page, an empty group and a small
    one look the same, so nothing tells a group of one from none."""
    if not consultation.has_equality_section:
        return []
    return [
        {
            "label": question["label"],
            "groups": [
                {
                    "label": group["label"],
                    "count": group["count"],
                    "suppressed": group["count"] is None,
                }
                for group in question["groups"]
            ],
        }
        for question in equality_summary(consultation=consultation)
    ]


# --- Meetings --------------------------------------------------------------------


def meeting_list_open() -> QuerySet[Meeting]:
    """Published meetings of published partnerships (the rule of the meeting
    pages, ``Meeting.objects.public()``), soonest first, with the documents
    residents may download: agenda and papers, and minutes once published."""
    return (
        Meeting.objects.public()
        .select_related("partnership", "ward")
        .prefetch_related(
            Prefetch(
                "documents",
                queryset=MeetingDocument.objects.exclude(
                    kind=MeetingDocument.Kind.MINUTES,
                    meeting__minutes_published_at__isnull=True,
                ).order_by("uploaded_at", "pk"),
                to_attr="public_documents",
            )
        )
        .order_by("starts_at", "pk")
    )


# --- Crime -----------------------------------------------------------------------


def crime_count_list_open() -> QuerySet[MonthlyCrimeCount]:
    """Monthly counts per area (borough or ward), month and crime type."""
    return MonthlyCrimeCount.objects.order_by("area_code", "-month", "crime_type", "pk")


def crime_area_codes_for_partnership(*, partnership_slug: str) -> list[str]:
    """The borough's code and its wards' codes (as areas and in the ONS lookup)."""
    borough = (
        Partnership.objects.public()
        .filter(slug=partnership_slug)
        .values_list("area__code", "area_id")
        .first()
    )
    if borough is None or not borough[0]:
        return []
    code, area_id = borough
    wards = set(
        Area.objects.filter(parent_id=area_id, kind=Area.Kind.WARD)
        .exclude(code="")
        .values_list("code", flat=True)
    )
    wards |= set(
        LsoaLookup.objects.filter(lad_code=code)
        .exclude(ward_code="")
        .values_list("ward_code", flat=True)
    )
    return [code, *sorted(wards)]


def crime_area_names(*, codes) -> dict[str, tuple[str, str]]:
    """(name, kind) of each area code: from the areas, else the ONS lookup."""
    codes = set(codes)
    names = {
        code: (name, kind)
        for code, name, kind in Area.objects.filter(code__in=codes).values_list(
            "code", "name", "kind"
        )
    }
    missing = codes - set(names)
    if missing:
        for ward_code, ward_name, lad_code, lad_name in LsoaLookup.objects.filter(
            Q(ward_code__in=missing) | Q(lad_code__in=missing)
        ).values_list("ward_code", "ward_name", "lad_code", "lad_name"):
            if ward_code in missing:
                names.setdefault(ward_code, (ward_name, Area.Kind.WARD))
            if lad_code in missing:
                names.setdefault(lad_code, (lad_name, Area.Kind.LOCAL_AUTHORITY))
    return names


def crime_months_imported(*, months) -> dict[datetime.date, datetime.datetime]:
    """When each month's figures were last imported (the newest finished import)."""
    wanted = {m.strftime("%Y-%m"): m for m in months}
    imported: dict[datetime.date, datetime.datetime] = {}
    for finished_at, covered in CrimeImport.objects.filter(
        status=CrimeImport.Status.DONE, finished_at__isnull=False
    ).values_list("finished_at", "months"):
        for label in covered or []:
            month = wanted.get(label)
            if month is not None and (
                month not in imported or imported[month] < finished_at
            ):
                imported[month] = finished_at
    return imported


def crime_source(*, imported_at) -> dict:
    return {
        "name": CRIME_SOURCE,
        "licence": CRIME_LICENCE,
        "attribution": ATTRIBUTION,
        "imported_at": imported_at,
    }


# The Met's ward-level series (London): its own categories, never mapped onto
# police.uk's crime types.
MET_SOURCE = MET_SERIES
MET_ATTRIBUTION = (
    "Contains public sector information licensed under the Open Government Licence "
    "v3.0 (Metropolitan Police Service, London Datastore)."
)


def ward_crime_count_list_open() -> QuerySet[MetWardCrimeCount]:
    """The Met's counts per ward, month, major and minor category."""
    return MetWardCrimeCount.objects.order_by(
        "ward_code", "-month", "major_category", "minor_category", "pk"
    )


def current_ward_codes_for_partnership(*, partnership_slug: str) -> QuerySet:
    """ONS codes of the current wards of a published partnership's borough."""
    return (
        Area.objects.current()
        .filter(
            kind=Area.Kind.WARD,
            parent__partnerships__slug=partnership_slug,
            parent__partnerships__is_published=True,
        )
        .exclude(code="")
        .values("code")
    )


def ward_names(*, codes) -> dict[str, tuple[str, str]]:
    """(name, borough code) of each ward code, current wards first."""
    names: dict[str, tuple[str, str]] = {}
    for code, name, borough in (
        Area.objects.filter(kind=Area.Kind.WARD, code__in=set(codes))
        .order_by(F("valid_to").desc(nulls_first=True))
        .values_list("code", "name", "parent__code")
    ):
        names.setdefault(code, (name, borough or ""))
    return names


def met_months_imported(*, months) -> dict[datetime.date, datetime.datetime]:
    """When each month's Met figures were last imported (the newest file whose
    window holds the month)."""
    imported: dict[datetime.date, datetime.datetime] = {}
    if not months:
        return imported
    for first, last, created_at in MetWardImport.objects.filter(
        status=MetWardImport.Status.DONE,
        first_month__lte=max(months),
        last_month__gte=min(months),
    ).values_list("first_month", "last_month", "created_at"):
        for month in months:
            if first <= month <= last and (
                month not in imported or imported[month] < created_at
            ):
                imported[month] = created_at
    return imported


def met_source(*, imported_at) -> dict:
    return {
        "name": MET_SOURCE,
        "licence": CRIME_LICENCE,
        "attribution": MET_ATTRIBUTION,
        "imported_at": imported_at,
    }


def today() -> datetime.date:
    return timezone.localdate()
