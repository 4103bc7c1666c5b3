"""The demo's areas: current wards, people, boundaries, postcodes, Met figures.

``demo_load_areas()`` runs at the end of ``demo_load``, after the partnerships,
plans and police.uk months are in, and loads for the three seed boroughs
everything a resident's area pages need, from ../shared/data when it is there:

- the ONS 2021 LSOA -> May 2024 ward lookup (the 2022 wards of Kingston and
  Westminster came in at the elections of 5 May 2022: the pre-2022 wards end
  the day before and stay, linked to the wards that replaced them), the
  2011 -> 2021 LSOA changes, Census 2021 population, ward and LSOA boundaries
  and OS Code-Point Open for the three boroughs (``load_geography``);
- the Met's ward-level series, for the three boroughs' wards only;
- police.uk rows already imported, moved to the current wards.

Facts the shared files do not give are demo assumptions, marked here: which
wards the two named places take in, each ward's Safer Neighbourhood team
(reached through 101 and police.uk, which is true of every Met team; no
team's own email address is invented), two ward panels with example.org
addresses, and two actions placed in a ward.

Every write goes through a service, and only what is missing or different is
written, so running it again changes nothing.
"""

import datetime
from pathlib import Path

from django.conf import settings

from partnerships.geography import geography_folder_load
from partnerships.models import Area, Organisation, WardContact
from partnerships.services import place_wards_set, ward_contact_save
from priorities import services as priority_services
from priorities.crime.met import met_ward_file_import
from priorities.crime.services import crime_records_replace
from priorities.models import Action, MetWardImport, Priority

KINGSTON, KENSINGTON_AND_CHELSEA, WESTMINSTER = "E09000021", "E09000020", "E09000033"
BOROUGHS = [KENSINGTON_AND_CHELSEA, KINGSTON, WESTMINSTER]
# Kingston's and Westminster's current wards came in at the 2022 elections.
WARDS_IN_FORCE_FROM = datetime.date(2022, 5, 5)

# Assumption: the wards each named place takes in.
PLACE_WARDS = {
    (KINGSTON, "Kingston town centre"): ["Kingston Town"],
    (WESTMINSTER, "The West End"): ["West End", "St James's"],
}

POLICE_UK = "https://www.police.uk/pu/your-area/"

# Assumption: two ward panels (addresses are examples, not real ones).
WARD_PANELS = {
    (KINGSTON, "Kingston Town"): {
        "email": "kingston-town.ward-panel@example.org",
        "details": "Residents, businesses and the Safer Neighbourhood team meet "
        "every two months to agree the ward's policing priorities.",
    },
    (WESTMINSTER, "Queen's Park"): {
        "email": "queens-park.ward-panel@example.org",
        "details": "Meets every quarter; everyone who lives or works in the ward "
        "is welcome.",
    },
}

# Examples, each labelled as one to residents: actions the seed plans imply
# (Kingston's four priorities, two of them placed in a ward), with progress.
DEMO_ACTIONS = [
    {
        "partnership": "safer-kingston",
        "priority": "reduce-the-harm-caused-by-crime",
        "ward": None,
        "title": "Offer every household burgled in Kingston a home security visit "
        "within a week of the burglary",
        "lead": "metropolitan-police-service",
        "due_date": datetime.date(2027, 3, 31),
        "status": Action.Status.ON_TRACK,
    },
    {
        "partnership": "safer-kingston",
        "priority": "help-people-feel-safe",
        "ward": None,
        "title": "Publish each ward panel's priorities and what was done about "
        "them every quarter",
        "lead": "royal-borough-of-kingston-upon-thames",
        "due_date": datetime.date(2027, 6, 30),
        "status": Action.Status.AT_RISK,
    },
    {
        "partnership": "safer-kingston",
        "priority": "work-with-residents-and-communities",
        "ward": None,
        "title": "Support the Safer Neighbourhood Board and Neighbourhood Watch to "
        "recruit coordinators in every ward",
        "lead": "kingston-voluntary-and-community-sector-partners",
        "due_date": datetime.date(2027, 9, 30),
        "status": Action.Status.NOT_STARTED,
    },
    {
        "partnership": "safer-kingston",
        "priority": "focus-on-the-places-and-people-where-crime-concentrates",
        "ward": (KINGSTON, "Kingston Town"),
        "title": "Evening patrols and taxi marshals in Kingston town centre on "
        "Friday and Saturday nights",
        "lead": "metropolitan-police-service",
        "due_date": datetime.date(2027, 3, 31),
        "status": Action.Status.ON_TRACK,
    },
    {
        "partnership": "safer-westminster",
        "priority": "reduce-high-harm-crime-in-queens-park-church-street-and-the-"
        "west-end",
        "ward": (WESTMINSTER, "Church Street"),
        "title": "Agree the joint area action plan for Church Street with local "
        "businesses and residents",
        "lead": "westminster-city-council",
        "due_date": datetime.date(2027, 6, 30),
        "status": Action.Status.NOT_STARTED,
    },
]


def demo_load_areas() -> dict[str, int]:
    """Load the demo's geography, Met figures, contacts and placed actions.

    Returns counts of what it created or changed (all zero on a second run).
    Without ../shared (a server with no copy of it) it loads nothing.
    """
    counts = dict.fromkeys(
        ("met_imports", "crime_rows_moved", "places", "contacts", "actions"), 0
    )
    geography = Path(settings.PORTAL_GEOGRAPHY_DATA_DIR)
    if not geography.is_dir():
        return counts
    geography_folder_load(
        folder=geography, in_force_from=WARDS_IN_FORCE_FROM, boroughs=set(BOROUGHS)
    )
    counts["met_imports"] = _load_met_series()
    counts["crime_rows_moved"] = crime_records_replace()
    wards = {
        (w.parent.code, w.name): w
        for w in Area.objects.current()
        .filter(kind=Area.Kind.WARD, parent__code__in=BOROUGHS)
        .select_related("parent")
    }
    for (borough, place_name), ward_names in PLACE_WARDS.items():
        place = Area.objects.filter(
            kind=Area.Kind.PLACE, parent__code=borough, name=place_name
        ).first()
        if place is not None:
            counts["places"] += place_wards_set(
                place=place,
                wards=[wards[borough, n] for n in ward_names if (borough, n) in wards],
            )
    counts["contacts"] = _load_contacts(wards)
    counts["actions"] = _load_actions(wards)
    return counts


def _load_met_series() -> int:
    folder = Path(settings.PORTAL_MET_WARD_DATA_DIR)
    loaded = 0
    for path in sorted(folder.glob("MPS Ward Level Crime*.csv")):
        if MetWardImport.objects.filter(
            file_name=path.name[:255],
            status=MetWardImport.Status.DONE,
            boroughs=sorted(BOROUGHS),
        ).exists():
            continue
        met_ward_file_import(
            raw=path.read_bytes(), file_name=path.name, boroughs=BOROUGHS
        )
        loaded += 1
    return loaded


def _load_contacts(wards: dict) -> int:
    existing = {
        (c.ward_id, c.kind)
        for c in WardContact.objects.filter(ward__in=list(wards.values()))
    }
    created = 0
    for (borough, name), ward in sorted(wards.items()):
        wanted = [
            (
                WardContact.Kind.SAFER_NEIGHBOURHOOD_TEAM,
                {
                    "name": f"{name} Safer Neighbourhood Team",
                    "phone": "101",
                    "url": POLICE_UK,
                    "details": "Call 101 and ask for the team, or find its page, "
                    "priorities and next meeting on police.uk.",
                },
            )
        ]
        panel = WARD_PANELS.get((borough, name))
        if panel:
            wanted.append(
                (WardContact.Kind.WARD_PANEL, {"name": f"{name} ward panel", **panel})
            )
        for kind, data in wanted:
            # Officers may have changed a contact since: leave it be.
            if (ward.pk, kind) in existing:
                continue
            ward_contact_save(ward=ward, kind=kind, actor=None, data=data, version=0)
            created += 1
    return created


def _load_actions(wards: dict) -> int:
    created = 0
    for data in DEMO_ACTIONS:
        priority = (
            Priority.objects.filter(
                plan__partnership__slug=data["partnership"], slug=data["priority"]
            )
            .select_related("plan__partnership")
            .first()
        )
        ward = wards.get(data["ward"]) if data["ward"] else None
        if priority is None or (data["ward"] and ward is None):
            continue
        if Action.objects.filter(priority=priority, title=data["title"]).exists():
            continue
        priority_services.action_create(
            priority=priority,
            actor=None,
            data={
                "title": data["title"],
                "lead_organisation": Organisation.objects.filter(
                    slug=data["lead"]
                ).first(),
                "due_date": data["due_date"],
                "status": data["status"],
                "ward": ward,
                "is_example": True,
            },
        )
        if priority.is_published:
            priority_services.priority_publish(priority=priority, actor=None)
        created += 1
    return created
