"""Safer Kensington and Chelsea Partnership: its Community Safety Plan."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from portal.site.demo.data.shared import (
    CO_OPERATING,
    DATA,
    PROFESSIONALS,
    RESIDENTS,
    RESPONSIBLE,
    SAFETY_QUESTIONS,
    WHAT_WORKS,
    md,
)

KENSINGTON_AND_CHELSEA = "E09000020"

# The borough and its 2019 electoral wards (see kingston.py).
AREA = {
    "code": KENSINGTON_AND_CHELSEA,
    "name": "Kensington and Chelsea",
    "wards": [
        ("E05009388", "Abingdon"),
        ("E05009389", "Brompton & Hans Town"),
        ("E05009390", "Campden"),
        ("E05009391", "Chelsea Riverside"),
        ("E05009392", "Colville"),
        ("E05009393", "Courtfield"),
        ("E05009394", "Dalgarno"),
        ("E05009395", "Earl's Court"),
        ("E05009396", "Golborne"),
        ("E05009397", "Holland"),
        ("E05009398", "Norland"),
        ("E05009399", "Notting Dale"),
        ("E05009400", "Pembridge"),
        ("E05009401", "Queen's Gate"),
        ("E05009402", "Redcliffe"),
        ("E05009403", "Royal Hospital"),
        ("E05009404", "St. Helen's"),
        ("E05009405", "Stanley"),
    ],
    "places": [],
}

# The borough's own bodies (the London-wide ones are in shared.py).
ORGANISATIONS = [
    {
        "slug": "royal-borough-of-kensington-and-chelsea",
        "name": "Royal Borough of Kensington and Chelsea",
        "kind": "local_authority",
        "website": "https://www.rbkc.gov.uk",
    },
    {
        "slug": "nhs-north-west-london-integrated-care-board",
        "name": "NHS North West London Integrated Care Board",
        "kind": "health",
        "website": "",
    },
]

KC_BOARD = "safer-k-and-c-board"

KC_EVIDENCE = {
    RESIDENTS: "What residents want, including people who have been affected by "
    "crime or who use services.",
    DATA: "Analysis of the problem using data and information from many partners, "
    "voluntary and community sector organisations and faith groups among them.",
    WHAT_WORKS: "Evidence of what works in tackling crime and disorder.",
    PROFESSIONALS: "The views of professionals and stakeholders who work in the "
    "borough.",
}

KC_PRIORITY_TITLES = [
    "Violence Against Women and Girls",
    "Antisocial behaviour",
    "Youth Violence and Exploitation",
    "Drug related offending",
]

KC_PLAN_SECTIONS = [
    {
        "title": "What's in the plan",
        "slug": "whats-in-the-plan",
        "body": md(
            "This plan explains how the Safer K and C Partnership will respond to "
            "crime and disorder across the borough. It concentrates on the problems "
            "that worry residents most, that do communities the greatest harm, and "
            "that agencies can only solve for good by acting together.",
            "It supports the Council Plan, whose Healthy, Clean and Safe priority "
            "includes continuing to support the police and local communities to "
            "prevent crime and keep people safe.",
            "The plan has four priorities:",
            KC_PRIORITY_TITLES,
        ),
    },
    {
        "title": "How the priorities were chosen",
        "body": md(
            "The partnership agreed its priorities after wide engagement with "
            "residents, voluntary and community sector organisations, faith groups "
            "and local stakeholders. Each priority draws on four kinds of evidence:",
            [
                "what residents want, including people who have been affected by "
                "crime or who use services",
                "analysis of the problem, using data and information from many "
                "partners, voluntary and community sector organisations and faith "
                "groups among them",
                "evidence of what works in tackling crime and disorder",
                "the views of professionals and stakeholders who work in the borough",
            ],
        ),
    },
    {
        "title": "The Council's statutory responsibilities",
        "slug": "the-councils-statutory-responsibilities",
        "body": md(
            "The Crime and Disorder Act 1998 gives the council a set of statutory "
            "responsibilities, and this plan is part of how it meets them. The "
            "council must:",
            [
                "set up a strategic community safety partnership: here, the Safer "
                "K and C Board",
                "engage and consult communities about their community safety "
                "priorities, as this plan does",
                "have systems and processes for sharing information, so partners can "
                "safeguard people together and respond strategically to crime and "
                "disorder",
                "analyse data and produce a strategic assessment and a community "
                "safety plan, which may be combined, as they are in this plan",
                "set out how the partnership will monitor and report on delivering "
                "the plan, which the plan's governance arrangements do",
            ],
        ),
    },
]

# Objectives are written for the demo: the source page names the priorities
# and what informed them, not their objectives.
KC_PRIORITIES = [
    {
        "slug": "violence-against-women-and-girls",
        "title": "Violence Against Women and Girls",
        "summary": "Prevent violence against women and girls, support the people "
        "who experience it, and hold perpetrators to account.",
        "description": md(
            "Violence against women and girls covers crimes such as domestic abuse, "
            "sexual violence, stalking and harassment. The partnership will work to "
            "stop it happening, make sure victims and survivors get help, and "
            "challenge the behaviour of those who cause harm.",
        ),
        "delivery_group": KC_BOARD,
        "evidence": KC_EVIDENCE,
        "objectives": [
            "Make sure victims and survivors can get the right support quickly, "
            "wherever they first ask for help.",
            "Work with schools, businesses and community groups to challenge the "
            "attitudes and behaviour that lead to violence against women and girls.",
            "Hold perpetrators to account and work to change their behaviour.",
        ],
    },
    {
        "slug": "antisocial-behaviour",
        "title": "Antisocial behaviour",
        "summary": "Reduce antisocial behaviour and the harm it does to residents, "
        "neighbourhoods and public spaces.",
        "description": md(
            "Antisocial behaviour can make daily life a misery and make people feel "
            "unsafe in their own streets and homes. The partnership will respond "
            "together, using the full range of tools its members hold.",
        ),
        "delivery_group": KC_BOARD,
        "evidence": KC_EVIDENCE,
        "objectives": [
            "Respond quickly and consistently when residents report antisocial "
            "behaviour.",
            "Use the partners' combined powers, from early warnings to legal "
            "action, to stop persistent antisocial behaviour.",
            "Support repeat victims and people who are especially vulnerable.",
        ],
    },
    {
        "slug": "youth-violence-and-exploitation",
        "title": "Youth Violence and Exploitation",
        "summary": "Protect young people from violence and exploitation, and steer "
        "those at risk away from harm.",
        "description": md(
            "Young people can be both victims and perpetrators of violence, and some "
            "are drawn into crime by adults who exploit them. The partnership will "
            "spot the signs early, protect young people and disrupt those who "
            "exploit them.",
        ),
        "delivery_group": KC_BOARD,
        "evidence": KC_EVIDENCE,
        "objectives": [
            "Identify children and young people at risk of exploitation early, and "
            "offer them and their families support.",
            "Disrupt the people and groups who exploit young people.",
            "Work with schools, youth services and communities to give young people "
            "safe places and positive opportunities.",
        ],
    },
    {
        "slug": "drug-related-offending",
        "title": "Drug related offending",
        "summary": "Reduce the crime and harm linked to drugs, by tackling supply "
        "and helping people into treatment and recovery.",
        "description": md(
            "Drug markets bring violence and exploitation to neighbourhoods, and "
            "drug use drives much other offending. The partnership will tackle "
            "both supply and the needs of the people whose offending is linked to "
            "drugs.",
        ),
        "delivery_group": KC_BOARD,
        "evidence": KC_EVIDENCE,
        "objectives": [
            "Disrupt drug dealing and supply in the borough.",
            "Help people whose offending is linked to drug use into treatment and "
            "recovery.",
            "Reduce the harm drug markets cause to residents and communities.",
        ],
    },
]

# The seed page: "Last updated: 12 October 2022" (no time given: midday).
# The partnership page carries this date, in London time, not the day the
# demo was loaded.
PAGE_UPDATED = datetime(2022, 10, 12, 12, 0, tzinfo=ZoneInfo("Europe/London"))

PARTNERSHIP = {
    "slug": "safer-kensington-and-chelsea",
    "name": "Safer Kensington and Chelsea Partnership",
    "short_name": "Safer K and C",
    "area": KENSINGTON_AND_CHELSEA,
    "summary": "The partnership that tackles crime and disorder in Kensington and "
    "Chelsea, focusing on what worries residents most and does the most harm.",
    "description": md(
        "The Safer Kensington and Chelsea Partnership, known as the Safer K and C "
        "Partnership, brings the council, the police and other agencies together "
        "to tackle crime and disorder in the Royal Borough of Kensington and "
        "Chelsea. Its strategic board is the Safer K and C Board.",
        "Crime, antisocial behaviour and the fear of crime damage the lives of "
        "individuals, families and whole communities, and affect everyone's health "
        "and wellbeing. Residents have told the council and its partners that "
        "cutting crime and antisocial behaviour is one of the things they most "
        "want action on.",
        "The partnership concentrates on the problems residents worry about most, "
        "that do communities the greatest harm, and that need agencies to act "
        "together to make a lasting difference. Its Community Safety Plan sets out "
        "how.",
    ),
    "vision": "",
    # The source page names none of the members except the council and its
    # board; these are the statutory responsible authorities for the borough.
    "members": [
        ("royal-borough-of-kensington-and-chelsea", RESPONSIBLE),
        ("metropolitan-police-service", RESPONSIBLE),
        ("london-fire-brigade", RESPONSIBLE),
        ("probation-service", RESPONSIBLE),
        ("nhs-north-west-london-integrated-care-board", RESPONSIBLE),
        ("mopac", CO_OPERATING),
    ],
    "boards": [
        {
            "slug": KC_BOARD,
            "name": "Safer K and C Board",
            "kind": "strategic",
            "aim": "Lead the partnership and oversee delivery of the Community "
            "Safety Plan.",
        },
    ],
    "plans": [
        {
            "slug": "community-safety-plan",
            "title": "Community Safety Plan",
            "kind": "community_safety_plan",
            # The page gives no period for the plan.
            "start_year": None,
            "end_year": None,
            "status": "published",
            # The page's "last updated" date.
            "published_on": date(2022, 10, 12),
            "summary": "How the Safer K and C Partnership will tackle crime and "
            "disorder in Kensington and Chelsea. The plan combines the "
            "partnership's strategic assessment and its community safety plan in "
            "one document, and sets four priorities.",
            "sections": KC_PLAN_SECTIONS,
            "alignments": [
                {
                    "title": "Council Plan",
                    "publisher": "Royal Borough of Kensington and Chelsea",
                    "note": "The plan supports the Council Plan's Healthy, Clean "
                    "and Safe priority, which includes continuing to support the "
                    "police and local communities to prevent crime and keep people "
                    "safe.",
                },
            ],
            "priorities": KC_PRIORITIES,
        },
    ],
}


# Officer accounts: (email, first name, last name, roles in this partnership).
OFFICERS = [
    ("kc.officer@demo.example", "Olu", "Officer", ["officer"]),
    ("kc.editor@demo.example", "Eve", "Editor", ["editor"]),
]

# Domestic homicide review cases: (reference, date notified).
CASES = [("DHR 2026/01", "2026-10-01")]  # notified in October 2026

CONSULTATIONS = [
    {
        "state": "published",
        "title": "Antisocial behaviour in your neighbourhood",
        "summary": "We asked what antisocial behaviour affects you most. Read what "
        "you told us and what we are doing.",
        "background": md(
            "Antisocial behaviour is one of the partnership's four priorities. "
            "We asked residents which problems affect them most."
        ),
        "priority": "antisocial-behaviour",
        "questions": SAFETY_QUESTIONS,
        "responses": 150,
        "outcome": {
            "we_asked": "We asked which antisocial behaviour affects you most and "
            "where you feel least safe.",
            "you_said": "Most of you said noise and groups gathering near stations "
            "at night; many asked for better lighting on riverside paths.",
            "we_did": "We added evening patrols near stations and asked the council "
            "to review riverside lighting as part of our antisocial behaviour "
            "priority.",
        },
    },
]
