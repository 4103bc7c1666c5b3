"""Load the demo partnerships into the database, idempotently.

``demo_load()`` creates whatever is missing from ``portal.site.demo.data`` and brings
existing rows back in line with it. Each row is found by its natural key (a slug,
an ONS code, or its parent plus a name, slug, kind or position), so running it
again changes nothing: no new rows, no saves, not even ``updated_at``. Rows the
data does not mention are left alone.
"""

import datetime
import random
from collections import Counter
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify

from engagement import services as engagement_services
from engagement.models import Consultation, Response
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
from plans.deadlines.services import case_open, duty_configure
from plans.models import Deadline, Plan, PlanAlignment, PlanSection, StatutoryDuty
from portal.site.demo import data as demo_data
from portal.site.demo.meetings import demo_meetings_load
from priorities.crime.services import crime_path_import
from priorities.models import (
    CrimeImport,
    CrimeRecord,
    Evidence,
    Indicator,
    Objective,
    Priority,
)

# The models the demo writes, in the order the summary reports them.
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
]

CREATED = "created"
UPDATED = "updated"
UNCHANGED = "unchanged"


def demo_load() -> dict[str, int]:
    """Load the demo data; return counts keyed ``"<Model>.created"`` / ``.updated``.

    Every model in ``MODELS`` has both keys, so a second run returns all zeros.
    """
    loader = _Loader()
    with transaction.atomic():
        loader.load()
    counts = {}
    for model in MODELS:
        for action in (CREATED, UPDATED):
            counts[f"{model.__name__}.{action}"] = loader.stats[model.__name__, action]
    return counts


# --- The generic part ---------------------------------------------------------


def _differs(obj: models.Model, name: str, value: Any) -> bool:
    field = obj._meta.get_field(name)
    if field.many_to_one or field.one_to_one:
        current = getattr(obj, field.attname)
        return current != (value.pk if value is not None else None)
    return getattr(obj, name) != value


def _upsert(
    model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any]
) -> tuple[models.Model, str]:
    """Get the row by ``lookup`` (its natural key), creating or updating it.

    Returns the row and what happened: CREATED, UPDATED or UNCHANGED. An existing
    row is saved only if a field in ``values`` differs, and then only those fields
    (and any ``auto_now`` timestamp) are written. Rows are validated first.
    """
    try:
        obj = model.objects.get(**lookup)
    except model.DoesNotExist:
        obj = model(**lookup, **values)
        obj.full_clean()
        obj.save()
        return obj, CREATED

    changed = [name for name, value in values.items() if _differs(obj, name, value)]
    if not changed:
        return obj, UNCHANGED
    for name in changed:
        setattr(obj, name, values[name])
    obj.full_clean()
    update_fields = [model._meta.get_field(name).name for name in changed]
    update_fields += [
        field.name
        for field in model._meta.concrete_fields
        if getattr(field, "auto_now", False)
    ]
    obj.save(update_fields=update_fields)
    return obj, UPDATED


def _set_m2m(obj: models.Model, name: str, targets: list[models.Model]) -> bool:
    """Set a many-to-many relation only if it differs; return whether it did."""
    manager = getattr(obj, name)
    wanted = {target.pk for target in targets}
    if set(manager.values_list("pk", flat=True)) == wanted:
        return False
    manager.set(targets)
    return True


# --- The demo -----------------------------------------------------------------


class _Loader:
    """Walks ``demo_data`` top down, keeping counts and the rows it has loaded."""

    def __init__(self) -> None:
        self.stats: Counter[tuple[str, str]] = Counter()
        # Areas by ONS code, and places (which have no code) by name.
        self.areas: dict[str, Area] = {}
        self.organisations: dict[str, Organisation] = {}

    def upsert(
        self, model: type[models.Model], lookup: dict[str, Any], **values: Any
    ) -> models.Model:
        obj, outcome = _upsert(model, lookup, values)
        self.stats[model.__name__, outcome] += 1
        return obj

    def load(self) -> None:
        self.load_areas()
        self.load_organisations()
        for data in demo_data.PARTNERSHIPS:
            self.load_partnership(data)
        self.load_users()
        self.load_deadlines()
        self.load_consultations()
        self.load_crime_data()
        demo_meetings_load()

    def load_crime_data(self) -> None:
        """The ONS lookups and two police.uk burglary months, when the data is there.

        Kingston's burglary indicator then shows the real change from January
        2023 to January 2024. Without the folder (a server with no copy of
        ../shared) the demo simply has no crime data.
        """
        folder = Path(settings.PORTAL_POLICE_DATA_DIR)
        if not folder.is_dir():
            return
        for name in ("LSOA11_WD19_LAD19_LONDON.csv", "LSOA21_MSOA21_LAD22_LONDON.csv"):
            lsoa_lookups_load(path=folder / "lookups" / name)
        for month, name in (
            (
                datetime.date(2023, 1, 1),
                "2023-01-metropolitan-street.BURGLARY-ONLY.csv",
            ),
            (
                datetime.date(2024, 1, 1),
                "2024-01-metropolitan-street.BURGLARY-ONLY.csv",
            ),
        ):
            if not CrimeRecord.objects.filter(month=month).exists():
                crime_path_import(path=folder / "street" / name)
                self.stats["CrimeImport", CREATED] += 1

    def load_consultations(self) -> None:
        """One open, one closed and one published consultation with responses.

        Responses go through the same service as residents' (with fixed
        idempotency keys, so a second run adds none); their dates are then
        spread over the consultation's own weeks.
        """
        for data in demo_data.DEMO_CONSULTATIONS:
            partnership = Partnership.objects.get(slug=data["partnership"])
            if Consultation.objects.filter(
                partnership=partnership, title=data["title"]
            ).exists():
                continue
            self._build_consultation(partnership, data)
            self.stats["Consultation", CREATED] += 1

    def _build_consultation(self, partnership, data) -> None:
        now = timezone.now()
        consultation = engagement_services.consultation_create(
            partnership=partnership,
            actor=None,
            data={
                "title": data["title"],
                "summary": data["summary"],
                "background": data["background"],
                "has_equality_section": True,
                "priorities": list(
                    Priority.objects.filter(
                        plan__partnership=partnership, slug=data["priority"]
                    )
                ),
            },
        )
        for kind, text, required, personal, choices in data["questions"]:
            engagement_services.question_add(
                consultation=consultation,
                actor=None,
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
            actor=None,
            opens_at=now - datetime.timedelta(days=10),
            closes_at=now + datetime.timedelta(days=28),
        )
        Consultation.objects.filter(pk=consultation.pk).update(status="open")
        consultation.refresh_from_db()
        self._demo_responses(consultation, data["responses"])
        if data["state"] == "open":
            return
        # Move the closed ones into the past, keeping responses inside the window.
        shift = datetime.timedelta(days=120)
        Consultation.objects.filter(pk=consultation.pk).update(
            status="closed",
            opens_at=consultation.opens_at - shift,
            closes_at=now - shift + datetime.timedelta(days=28),
        )
        for response in consultation.responses.all():
            Response.objects.filter(pk=response.pk).update(
                submitted_at=response.submitted_at - shift
            )
        if data["state"] == "published":
            consultation.refresh_from_db()
            priority = consultation.priorities.first()
            outcome = data["outcome"]
            engagement_services.outcome_publish(
                consultation=consultation,
                actor=None,
                we_asked=outcome["we_asked"],
                you_said=outcome["you_said"],
                actions=[(outcome["we_did"], priority, None)],
            )

    def _demo_responses(self, consultation, count: int) -> None:
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
            Response.objects.filter(pk=response.pk).update(
                submitted_at=start + datetime.timedelta(hours=3 * n + 1)
            )

    def load_deadlines(self) -> None:
        """Each partnership's statutory duties, owned by its demo officers."""
        before = Deadline.objects.count()
        for partnership in Partnership.objects.filter(
            slug__in=[p["slug"] for p in demo_data.PARTNERSHIPS]
        ):
            owners = list(
                get_user_model()
                .objects.filter(officer_roles__partnership=partnership)
                .distinct()
                .order_by("pk")
            )
            for kind, cadence, config in demo_data.DEMO_DUTIES:
                config = dict(config)
                first_due = config.pop("first_due", None)
                if "start_quarter" in config:
                    config["start_quarter"] = datetime.date.fromisoformat(
                        config["start_quarter"]
                    )
                exists = StatutoryDuty.objects.filter(
                    partnership=partnership, kind=kind
                ).exists()
                if exists:
                    continue  # officers may have changed it since: leave it be
                duty_configure(
                    partnership=partnership,
                    kind=kind,
                    cadence=cadence,
                    owners=owners,
                    first_due=datetime.date.fromisoformat(first_due)
                    if first_due
                    else None,
                    **config,
                )
                self.stats["StatutoryDuty", CREATED] += 1
        for slug, reference, notified in demo_data.DEMO_CASES:
            duty = StatutoryDuty.objects.get(
                partnership__slug=slug, kind="domestic_homicide_review"
            )
            if not duty.deadlines.filter(case_reference=reference).exists():
                case_open(
                    duty=duty,
                    reference=reference,
                    notified_on=datetime.date.fromisoformat(notified),
                )
        self.stats["Deadline", CREATED] += Deadline.objects.count() - before

    def load_users(self) -> None:
        """Demo officers; an existing account keeps its password."""
        User = get_user_model()
        for email, first, last, superuser, roles in demo_data.DEMO_USERS:
            user = User.objects.filter(username=email).first()
            if user is None:
                user = User.objects.create_user(
                    username=email,
                    email=email,
                    password=demo_data.DEMO_PASSWORD,
                    first_name=first,
                    last_name=last,
                    is_superuser=superuser,
                    is_staff=superuser,
                )
                self.stats["User", CREATED] += 1
            for slug, role in roles:
                _, created = OfficerRole.objects.get_or_create(
                    user=user, partnership=Partnership.objects.get(slug=slug), role=role
                )
                if created:
                    self.stats["OfficerRole", CREATED] += 1

    def load_areas(self) -> None:
        for code, name in demo_data.LOCAL_AUTHORITIES.items():
            borough = self.upsert(
                Area,
                {"code": code},
                name=name,
                kind=Area.Kind.LOCAL_AUTHORITY,
                parent=None,
            )
            self.areas[code] = borough
            for ward_code, ward_name in demo_data.WARDS[code]:
                self.areas[ward_code] = self.upsert(
                    Area,
                    {"code": ward_code},
                    name=ward_name,
                    kind=Area.Kind.WARD,
                    parent=borough,
                )
        for parent_code, name in demo_data.PLACES:
            self.areas[name] = self.upsert(
                Area,
                {"parent": self.areas[parent_code], "name": name},
                kind=Area.Kind.PLACE,
                code="",
            )

    def load_organisations(self) -> None:
        for data in demo_data.ORGANISATIONS:
            self.organisations[data["slug"]] = self.upsert(
                Organisation,
                {"slug": data["slug"]},
                name=data["name"],
                kind=data["kind"],
                website=data["website"],
            )

    def load_partnership(self, data: dict) -> None:
        partnership = self.upsert(
            Partnership,
            {"slug": data["slug"]},
            name=data["name"],
            short_name=data["short_name"],
            area=self.areas[data["area"]],
            summary=data["summary"],
            description=data["description"],
            vision=data["vision"],
            is_published=True,
        )
        lookup = {"partnership": partnership}

        for order, (slug, role) in enumerate(data["members"], start=1):
            self.upsert(
                Membership,
                {**lookup, "organisation": self.organisations[slug]},
                role=role,
                order=order,
            )
        for order, text in enumerate(data.get("principles", []), start=1):
            self.upsert(Principle, {**lookup, "order": order}, text=text)

        boards = {}
        for order, board_data in enumerate(data.get("boards", []), start=1):
            board = self.upsert(
                Board,
                {**lookup, "slug": board_data["slug"]},
                name=board_data["name"],
                kind=board_data["kind"],
                aim=board_data["aim"],
                order=order,
            )
            boards[board_data["slug"]] = board
            for position, text in enumerate(board_data.get("objectives", []), 1):
                self.upsert(
                    BoardObjective, {"board": board, "order": position}, text=text
                )

        for order, name in enumerate(data.get("linked_boards", []), start=1):
            self.upsert(LinkedBoard, {**lookup, "name": name}, order=order)
        for order, contact in enumerate(data.get("contacts", []), start=1):
            self.upsert(
                Contact,
                {**lookup, "name": contact["name"]},
                email=contact.get("email", ""),
                phone=contact.get("phone", ""),
                url=contact.get("url", ""),
                order=order,
            )

        for plan_data in data.get("plans", []):
            self.load_plan(partnership, plan_data, boards)

    def load_plan(
        self, partnership: Partnership, data: dict, boards: dict[str, Board]
    ) -> None:
        plan = self.upsert(
            Plan,
            {"partnership": partnership, "slug": data["slug"]},
            kind=data["kind"],
            title=data["title"],
            start_year=data["start_year"],
            end_year=data["end_year"],
            status=data["status"],
            summary=data["summary"],
            published_on=data["published_on"],
        )
        for order, section in enumerate(data.get("sections", []), start=1):
            self.upsert(
                PlanSection,
                {
                    "plan": plan,
                    "slug": section.get("slug") or slugify(section["title"]),
                },
                title=section["title"],
                body=section["body"],
                order=order,
                is_published=True,
            )
        for order, alignment in enumerate(data.get("alignments", []), start=1):
            self.upsert(
                PlanAlignment,
                {"plan": plan, "title": alignment["title"]},
                aligned_plan=None,
                publisher=alignment["publisher"],
                url=alignment.get("url", ""),
                note=alignment["note"],
                order=order,
            )
        for order, priority_data in enumerate(data.get("priorities", []), start=1):
            self.load_priority(plan, order, priority_data, boards)

    def load_priority(
        self, plan: Plan, order: int, data: dict, boards: dict[str, Board]
    ) -> None:
        group_slug = data.get("delivery_group")
        priority, outcome = _upsert(
            Priority,
            {"plan": plan, "slug": data["slug"]},
            {
                "title": data["title"],
                "summary": data["summary"],
                "description": data["description"],
                "order": order,
                "delivery_group": boards[group_slug] if group_slug else None,
                "is_published": True,
            },
        )
        locations = [self.areas[key] for key in data.get("locations", [])]
        if _set_m2m(priority, "locations", locations) and outcome == UNCHANGED:
            outcome = UPDATED
        self.stats["Priority", outcome] += 1

        for kind, detail in data.get("evidence", {}).items():
            self.upsert(Evidence, {"priority": priority, "kind": kind}, detail=detail)
        for position, text in enumerate(data.get("objectives", []), start=1):
            self.upsert(Objective, {"priority": priority, "order": position}, text=text)
        for position, indicator in enumerate(data.get("indicators", []), start=1):
            # Only the fields the data gives are set, so that measurements a
            # crime data import adds later survive another run of the demo.
            fields = {k: v for k, v in indicator.items() if k not in {"name", "period"}}
            self.upsert(
                Indicator,
                {
                    "priority": priority,
                    "name": indicator["name"],
                    "period": indicator.get("period", ""),
                },
                order=position,
                **fields,
            )
