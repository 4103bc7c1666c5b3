"""Safer Westminster Partnership: its strategy for 2017 to 2020, four delivery
groups and two cross-cutting principles."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from portal.site.demo.data.shared import (
    DATA,
    RESPONSIBLE,
    SAFETY_QUESTIONS,
    as_list_item,
    md,
)

WESTMINSTER = "E09000033"

# The borough and its 2019 electoral wards (see kingston.py). Westminster
# already has a 2019 ward called "West End", and an area's name must be unique
# within its parent, so the wider West End (theatres, shops and night-time
# economy, reaching beyond that ward) is called "The West End".
QUEENS_PARK_WARD = "E05000642"
CHURCH_STREET_WARD = "E05000634"
WEST_END = "The West End"
AREA = {
    "code": WESTMINSTER,
    "name": "Westminster",
    "wards": [
        ("E05000630", "Abbey Road"),
        ("E05000631", "Bayswater"),
        ("E05000632", "Bryanston and Dorset Square"),
        ("E05000633", "Churchill"),
        ("E05000634", "Church Street"),
        ("E05000635", "Harrow Road"),
        ("E05000636", "Hyde Park"),
        ("E05000637", "Knightsbridge and Belgravia"),
        ("E05000638", "Lancaster Gate"),
        ("E05000639", "Little Venice"),
        ("E05000640", "Maida Vale"),
        ("E05000641", "Marylebone High Street"),
        ("E05000642", "Queen's Park"),
        ("E05000643", "Regent's Park"),
        ("E05000644", "St James's"),
        ("E05000645", "Tachbrook"),
        ("E05000646", "Vincent Square"),
        ("E05000647", "Warwick"),
        ("E05000648", "Westbourne"),
        ("E05000649", "West End"),
    ],
    "places": [WEST_END],
}

# The borough's own bodies (the London-wide ones are in shared.py).
ORGANISATIONS = [
    {
        "slug": "westminster-city-council",
        "name": "Westminster City Council",
        "kind": "local_authority",
        "website": "https://www.westminster.gov.uk",
    },
    # Westminster's 2017-2020 strategy predates the 2021 reunification of
    # probation and the 2022 end of clinical commissioning groups, so its
    # bodies are kept as it lists them, each ended with what took over.
    {
        "slug": "national-probation-service",
        "name": "National Probation Service",
        "kind": "probation",
        "website": "",
        "ended": {
            "on": date(2021, 6, 25),
            "successor": "probation-service",
            "note": "Probation was reunified on 26 June 2021",
        },
    },
    {
        "slug": "community-rehabilitation-company-mtc-novo",
        "name": "Community Rehabilitation Company (MTC Novo)",
        "kind": "probation",
        "website": "",
        "ended": {
            "on": date(2021, 6, 25),
            "successor": "probation-service",
            "note": "Community rehabilitation companies' work passed to the "
            "Probation Service when probation was reunified on 26 June 2021",
        },
    },
    {
        "slug": "central-london-commissioning-group",
        "name": "Central London Commissioning Group",
        "kind": "health",
        "website": "",
        "ended": {
            "on": date(2022, 6, 30),
            "successor": "nhs-north-west-london-icb",
            "note": "Clinical commissioning groups were abolished on 1 July 2022 "
            "(Health and Care Act 2022); integrated care boards took over their "
            "work",
        },
    },
    # Not a member on this site: Westminster has published no newer list of its
    # members, so the board is named only as the commissioning group's successor.
    {
        "slug": "nhs-north-west-london-icb",
        "name": "NHS North West London Integrated Care Board",
        "kind": "health",
        "website": "https://www.nwlondonicb.nhs.uk",
    },
]

WESTMINSTER_VISION = (
    "Making Westminster safer by working in partnership to reduce the risk and "
    "harm of crime and anti-social behaviour, focusing on protecting the most "
    "vulnerable within our communities."
)

WESTMINSTER_PRINCIPLES = [
    "Intervene early with families and young people, to lower their risk of "
    "becoming victims and to prevent offending.",
    "Work with partners on the key factors that contribute to victimisation and "
    "offending.",
]

VICTIM_OBJECTIVES = [
    "Improve co-ordination across the partnership so that every repeat victim is "
    "identified and can reach the right services.",
    "Give tailored support to those most at risk of domestic violence, to cut high "
    "levels of repeat victimisation.",
    "Give tailored support to vulnerable young victims aged under 24 who are at "
    "risk of serious youth violence.",
    "Understand better how much pan-London provision for victims reaches "
    "Westminster, and how good it is.",
    "Review how well the partnership complies with the Victims' Code of Practice.",
    "Intervene early to prevent people becoming victims.",
]

OFFENDER_OBJECTIVES = [
    "Make sure enough services are commissioned for the most prolific and "
    "vulnerable offenders to meet their criminogenic needs, especially around "
    "substance misuse and accommodation.",
    "Give tailored support to vulnerable young offenders aged under 24 who are at "
    "risk of, or involved in, serious youth violence.",
    "Co-ordinate offender cohorts better, so each partner's role is clear, and "
    "learn more about what works.",
    "Look into and tackle cross-border and foreign national offending in "
    "Westminster, using every funding opportunity available.",
    "Intervene early with young offenders, whether at risk or already in the "
    "criminal justice system, to prevent further offending.",
]

LOCATION_OBJECTIVES = [
    "Develop a joint area action plan for Church Street, Queen's Park ward and the "
    "West End, driven by business intelligence, to reduce high harm crime and "
    "vulnerability there.",
]

CONTEST_OBJECTIVES = [
    "Pursue: stop terrorist attacks.",
    "Protect: strengthen our protection against a terrorist attack.",
    "Prepare: lessen the impact of a terrorist attack.",
    "Prevent: stop people becoming terrorists or supporting terrorism.",
]

WESTMINSTER_BOARDS = [
    {
        "slug": "victim",
        "name": "Victim",
        "kind": "delivery_group",
        "aim": "Identify repeat victims and work with them to reduce their "
        "vulnerability.",
        "objectives": VICTIM_OBJECTIVES,
    },
    {
        "slug": "offender",
        "name": "Offender",
        "kind": "delivery_group",
        "aim": "Work with the most problematic offenders to reduce their reoffending.",
        "objectives": OFFENDER_OBJECTIVES,
    },
    {
        "slug": "location",
        "name": "Location",
        "kind": "delivery_group",
        "aim": "Reduce high harm crime in Queen's Park and Church Street wards and "
        "in the West End.",
        "objectives": LOCATION_OBJECTIVES,
    },
    {
        "slug": "contest",
        "name": "CONTEST",
        "kind": "delivery_group",
        "aim": "Strengthen the partnership's response to countering terrorism.",
        "objectives": CONTEST_OBJECTIVES,
    },
]

WESTMINSTER_EVIDENCE = {
    DATA: "The annual strategic assessment, the evidence base from which the "
    "partnership's vision, goals and priorities were developed.",
}

WESTMINSTER_PLAN_SECTIONS = [
    {
        "title": "Our statutory duties",
        "body": md(
            "The Police and Justice Act 2006 gave community safety partnerships new "
            "statutory duties, since updated by later legislation up to the Crime "
            "and Disorder Regulations 2011. The partnership must:",
            [
                "produce a strategic assessment and a partnership plan every year",
                "share information, and have an information sharing protocol",
                "report on its work and progress every year",
                "put in place a strategy to reduce reoffending",
                "carry out a domestic homicide review when a domestic homicide happens",
            ],
        ),
    },
    {
        "title": "Vision and goals",
        "body": md(
            "The partnership's vision, goals and priorities come from the evidence "
            "in its annual strategic assessment.",
            f"**Our vision:** {WESTMINSTER_VISION}",
            "Putting the most vulnerable first follows the MOPAC London policing "
            "plan. Vulnerability, crime and deprivation often come together and "
            "feed a cycle of offending and victimisation, which the partners want "
            "to break by working together.",
            "Two cross-cutting principles apply to all four delivery groups:",
            [as_list_item(principle) for principle in WESTMINSTER_PRINCIPLES],
        ),
    },
    {
        "title": "How we deliver",
        "body": md(
            "Four delivery groups drive the partnership's priorities, each with its "
            "own aim:",
            [
                f"**{board['name']}**: {as_list_item(board['aim'])}"
                for board in WESTMINSTER_BOARDS
            ],
            "Each group's objectives are listed under its priority.",
        ),
    },
]

WESTMINSTER_PRIORITIES = [
    {
        "slug": "support-repeat-victims",
        "title": "Support repeat victims",
        "summary": "Identify repeat victims and work with them to reduce their "
        "vulnerability.",
        "description": md(
            "Some people become victims again and again, among them people at risk "
            "of domestic violence and young people at risk of serious youth "
            "violence. The Victim delivery group works to find them, make sure they "
            "get the right services and tailored support, and prevent people "
            "becoming victims in the first place.",
        ),
        "delivery_group": "victim",
        "evidence": WESTMINSTER_EVIDENCE,
        "objectives": VICTIM_OBJECTIVES,
    },
    {
        "slug": "reduce-reoffending-by-the-most-problematic-offenders",
        "title": "Reduce reoffending by the most problematic offenders",
        "summary": "Work with the most prolific and vulnerable offenders to reduce "
        "their reoffending.",
        "description": md(
            "A small number of offenders commit a large share of crime. The "
            "Offender delivery group makes sure services meet their needs, "
            "especially around substance misuse and housing, and intervenes early "
            "with young people to stop offending before it becomes a pattern.",
        ),
        "delivery_group": "offender",
        "evidence": WESTMINSTER_EVIDENCE,
        "objectives": OFFENDER_OBJECTIVES,
    },
    {
        "slug": "reduce-high-harm-crime-in-queens-park-church-street-and-the-west-end",
        "title": "Reduce high harm crime in Queen's Park, Church Street and the "
        "West End",
        "summary": "Reduce high harm crime and vulnerability in Queen's Park and "
        "Church Street wards and in the West End.",
        "description": md(
            "The Location delivery group concentrates on three parts of Westminster: "
            "Queen's Park and Church Street wards and the West End. Partners, "
            "working with local businesses, will agree a joint area action plan "
            "for them.",
        ),
        "delivery_group": "location",
        "locations": [QUEENS_PARK_WARD, CHURCH_STREET_WARD, WEST_END],
        "evidence": WESTMINSTER_EVIDENCE,
        "objectives": LOCATION_OBJECTIVES,
    },
    {
        "slug": "counter-terrorism-contest",
        "title": "Counter terrorism (CONTEST)",
        "summary": "Strengthen the partnership's response to terrorism across the "
        "four strands of CONTEST: pursue, protect, prepare and prevent.",
        "description": md(
            "CONTEST is the UK's counter-terrorism strategy. The CONTEST delivery "
            "group brings the partners' work together under its four strands.",
        ),
        "delivery_group": "contest",
        "evidence": WESTMINSTER_EVIDENCE,
        "objectives": CONTEST_OBJECTIVES,
    },
]

# The seed page: "Last updated: 7 June 2018" (no time given: midday).
# The partnership page carries this date, in London time, not the day the
# demo was loaded.
PAGE_UPDATED = datetime(2018, 6, 7, 12, 0, tzinfo=ZoneInfo("Europe/London"))

PARTNERSHIP = {
    "slug": "safer-westminster",
    "name": "Safer Westminster Partnership",
    "short_name": "SWP",
    "area": WESTMINSTER,
    "summary": "Westminster's statutory community safety partnership, working to "
    "reduce the risk and harm of crime and antisocial behaviour and to protect the "
    "most vulnerable.",
    "description": md(
        "The Safer Westminster Partnership (SWP) is the statutory community safety "
        "partnership for Westminster, set up under sections 5 to 7 of the Crime and "
        "Disorder Act 1998. Its members are representatives of Westminster's seven "
        "responsible authorities.",
        "Vulnerability, crime and deprivation often come together and trap people "
        "in a cycle of offending and victimisation. The partners work together to "
        "break that cycle, putting their resources into protecting the most "
        "vulnerable people in Westminster's communities.",
        "Four delivery groups (Victim, Offender, Location and CONTEST) lead the "
        "work, guided by a three-year strategy for 2017 to 2020 that is refreshed "
        "every year from the annual strategic assessment.",
    ),
    "vision": WESTMINSTER_VISION,
    # As listed by the partnership, MOPAC included as a responsible authority.
    "members": [
        ("metropolitan-police-service", RESPONSIBLE),
        ("mopac", RESPONSIBLE),
        ("westminster-city-council", RESPONSIBLE),
        ("london-fire-brigade", RESPONSIBLE),
        ("central-london-commissioning-group", RESPONSIBLE),
        ("national-probation-service", RESPONSIBLE),
        ("community-rehabilitation-company-mtc-novo", RESPONSIBLE),
    ],
    "principles": WESTMINSTER_PRINCIPLES,
    "boards": WESTMINSTER_BOARDS,
    "plans": [
        {
            "slug": "safer-westminster-partnership-strategy-2017-2020",
            "title": "Safer Westminster Partnership Strategy 2017-2020",
            "kind": "partnership_plan",
            "start_year": 2017,
            "end_year": 2020,
            "status": "published",
            # The page's "last updated" date.
            "published_on": date(2018, 6, 7),
            "summary": "The partnership's three-year strategy for 2017 to 2020, "
            "refreshed every year using the evidence of the annual strategic "
            "assessment.",
            "sections": WESTMINSTER_PLAN_SECTIONS,
            "alignments": [
                {
                    "title": "MOPAC Police and Crime Plan 2017-2021",
                    "publisher": "Mayor's Office for Policing and Crime (MOPAC)",
                    "note": "The strategy's focus on protecting the most vulnerable "
                    "follows the Mayor's plan for policing London.",
                },
            ],
            "priorities": WESTMINSTER_PRIORITIES,
        },
    ],
}


# Officer accounts: (email, first name, last name, roles in this partnership).
OFFICERS = [
    ("westminster.editor@demo.example", "Wes", "Editor", ["editor"]),
]

# Domestic homicide review cases: (reference, date notified).
CASES = []

CONSULTATIONS = [
    {
        "state": "closed",
        "title": "Safer West End: your views on the night-time economy",
        "summary": "We asked residents, workers and visitors about safety in the "
        "West End at night.",
        "background": md(
            "The West End has the highest concentration of night-time venues in "
            "London. We want to know how safe people feel there."
        ),
        "priority": None,
        "questions": SAFETY_QUESTIONS,
        "responses": 120,
    },
]
