"""The demo content: three London community safety partnerships.

Plain data, loaded by ``portal.site.demo.loader.demo_load``. The facts (names,
member bodies, periods, targets and figures) come from public pages of the
Safer Kingston, Safer Kensington and Chelsea and Safer Westminster partnerships
and from the Metropolitan Police Authority's Local Policing Summary for
Kingston 2009/10. The prose is written for this portal. Where a fact is assumed
rather than taken from those pages, a comment says so.


Areas are referred to by ONS code, or by name for places (which have no code).
Organisations are referred to by slug; boards by slug within their partnership.
"""

from datetime import date
from decimal import Decimal


def md(*blocks: str | list[str]) -> str:
    """Markdown from blocks: a string is a paragraph, a list is a bullet list."""
    parts = []
    for block in blocks:
        if isinstance(block, str):
            parts.append(block)
        else:
            parts.append("\n".join(f"- {item}" for item in block))
    return "\n\n".join(parts)


def as_list_item(sentence: str) -> str:
    """A sentence reworded as a bullet: lower-case start, no full stop."""
    return sentence[0].lower() + sentence[1:].rstrip(".")


# --- Areas -------------------------------------------------------------------

KINGSTON = "E09000021"
KENSINGTON_AND_CHELSEA = "E09000020"
WESTMINSTER = "E09000033"

LOCAL_AUTHORITIES = {
    KENSINGTON_AND_CHELSEA: "Kensington and Chelsea",
    KINGSTON: "Kingston upon Thames",
    WESTMINSTER: "Westminster",
}

# The 2019 electoral wards (WD19CD, WD19NM) of each borough, as named in the ONS
# LSOA (2011) to ward (2019) to local authority (2019) lookup for London.
WARDS = {
    KINGSTON: [
        ("E05000400", "Alexandra"),
        ("E05000401", "Berrylands"),
        ("E05000402", "Beverley"),
        ("E05000403", "Canbury"),
        ("E05000404", "Chessington North and Hook"),
        ("E05000405", "Chessington South"),
        ("E05000406", "Coombe Hill"),
        ("E05000407", "Coombe Vale"),
        ("E05000408", "Grove"),
        ("E05000409", "Norbiton"),
        ("E05000410", "Old Malden"),
        ("E05000411", "St James"),
        ("E05000412", "St Mark's"),
        ("E05000413", "Surbiton Hill"),
        ("E05000414", "Tolworth and Hook Rise"),
        ("E05000415", "Tudor"),
    ],
    KENSINGTON_AND_CHELSEA: [
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
    WESTMINSTER: [
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
}

QUEENS_PARK_WARD = "E05000642"
CHURCH_STREET_WARD = "E05000634"

# Named places with no ONS code. Westminster already has a 2019 ward called
# "West End", and an area's name must be unique within its parent, so the wider
# West End (theatres, shops and night-time economy, reaching beyond that ward)
# is called "The West End".
WEST_END = "The West End"
KINGSTON_TOWN_CENTRE = "Kingston town centre"

PLACES = [
    (WESTMINSTER, WEST_END),
    (KINGSTON, KINGSTON_TOWN_CENTRE),
]


# --- Organisations -------------------------------------------------------------
# One row per body; partnerships share them. Websites are the bodies' public
# home pages (not given in the source pages; added for convenience).

ORGANISATIONS = [
    {
        "slug": "royal-borough-of-kingston-upon-thames",
        "name": "Royal Borough of Kingston upon Thames",
        "kind": "local_authority",
        "website": "https://www.kingston.gov.uk",
    },
    {
        "slug": "royal-borough-of-kensington-and-chelsea",
        "name": "Royal Borough of Kensington and Chelsea",
        "kind": "local_authority",
        "website": "https://www.rbkc.gov.uk",
    },
    {
        "slug": "westminster-city-council",
        "name": "Westminster City Council",
        "kind": "local_authority",
        "website": "https://www.westminster.gov.uk",
    },
    {
        "slug": "metropolitan-police-service",
        "name": "Metropolitan Police Service",
        "kind": "police",
        "website": "https://www.met.police.uk",
    },
    {
        "slug": "london-fire-brigade",
        "name": "London Fire Brigade",
        "kind": "fire_and_rescue",
        "website": "https://www.london-fire.gov.uk",
    },
    {
        "slug": "mopac",
        "name": "Mayor's Office for Policing and Crime (MOPAC)",
        "kind": "local_policing_body",
        "website": "",
    },
    {
        "slug": "probation-service",
        "name": "Probation Service",
        "kind": "probation",
        "website": "",
    },
    # Westminster's 2017-2020 strategy predates the 2021 reunification of
    # probation, so its two probation bodies are kept as it lists them.
    {
        "slug": "national-probation-service",
        "name": "National Probation Service",
        "kind": "probation",
        "website": "",
    },
    {
        "slug": "community-rehabilitation-company-mtc-novo",
        "name": "Community Rehabilitation Company (MTC Novo)",
        "kind": "probation",
        "website": "",
    },
    {
        "slug": "nhs-south-west-london-integrated-care-board",
        "name": "NHS South West London Integrated Care Board",
        "kind": "health",
        "website": "",
    },
    {
        "slug": "nhs-north-west-london-integrated-care-board",
        "name": "NHS North West London Integrated Care Board",
        "kind": "health",
        "website": "",
    },
    {
        "slug": "central-london-commissioning-group",
        "name": "Central London Commissioning Group",
        "kind": "health",
        "website": "",
    },
    # Kingston's co-operating bodies from business and the voluntary sector are
    # not named in its pages, so they are stood in for by these generic entries.
    {
        "slug": "kingston-business-partners",
        "name": "Kingston business partners",
        "kind": "business",
        "website": "",
    },
    {
        "slug": "kingston-voluntary-and-community-sector-partners",
        "name": "Kingston voluntary and community sector partners",
        "kind": "voluntary",
        "website": "",
    },
]

RESPONSIBLE = "responsible_authority"
CO_OPERATING = "co_operating_body"


# --- Evidence kinds, shared wording -------------------------------------------

RESIDENTS = "residents"
DATA = "data"
WHAT_WORKS = "what_works"
PROFESSIONALS = "professionals"


# =============================================================================
# Safer Kingston Partnership
# =============================================================================

KINGSTON_DESCRIPTION = md(
    "The Safer Kingston Partnership (SKP) is the borough's community safety "
    "partnership, set up under the Crime and Disorder Act 1998. It weighs up the "
    "risks, threats and harms facing Kingston, decides which of them to act on "
    "first, and points its partners' resources at those priorities.",
    "It exists because no one agency can solve complex community safety problems "
    "alone: by working together, partners can tackle them more effectively and "
    "make better use of public money. Its members are the responsible authorities "
    "named in law and co-operating bodies, among them the Mayor's Office for "
    "Policing and Crime (MOPAC) and local business and voluntary sector partners "
    "with an interest in community safety. They share one goal: to make Kingston "
    "a safer place to live, visit, work and learn.",
    "The partnership has a statutory duty to identify local priorities through a "
    "strategic assessment, and to reduce crime and disorder (antisocial behaviour "
    "included), substance misuse and reoffending. It must also share information "
    "between partners, and engage and consult the community about its "
    "priorities. Section 17 of the 1998 Act separately requires local authorities "
    "to consider the crime and disorder implications of everything they do day "
    "to day.",
    "To protect and support vulnerable people, the partnership works closely with "
    "the Kingston and Richmond Safeguarding Children Partnership and the Kingston "
    "Safeguarding Adults Board.",
    "Working with the community builds trust, confidence and accountability. The "
    "partnership involves the public by:",
    [
        "building relationships with local community groups",
        "strengthening its links with business groups and Neighbourhood Watch",
        "supporting the Safer Neighbourhood Board",
    ],
)

KINGSTON_PLAN_SECTIONS = [
    {
        "title": "Our plan",
        "body": md(
            "This plan sets out how the partners will work in and with Kingston's "
            "communities to prevent crime and antisocial behaviour, reduce it, "
            "respond to it when it happens, and make the borough safer. It commits "
            "the partnership to:",
            [
                "supporting victims",
                "a public health approach to preventing and reducing serious violence",
                "reducing reoffending",
            ],
            "The serious violence duty is met through this plan rather than a "
            "separate strategy: the priorities and the work the duty calls for "
            "overlap so closely with the rest of the plan that the partnership "
            "chose to bring them together.",
            "The plan supports the statutory priorities and ambitions of London's "
            "Police and Crime Plan 2022-25. It also supports Kingston's Council "
            "Plan 2023-27 and its vision of working with partners and communities "
            "for a borough that is Greener, Fairer, Safer, Together, and the aim of "
            "Inclusive Kingston 2021-25 to reduce inequality and make Kingston a "
            "fair and inclusive place with equal opportunity for all.",
            "Kingston is a Marmot borough. The partnership will build the "
            "principles of the Marmot Review, Fair Society, Healthy Lives, into its "
            "work to reduce inequality and improve health, so that all partners "
            "pull together towards the best outcomes for local people.",
        ),
    },
    {
        "title": "What is community safety?",
        "body": md(
            "Community safety means helping communities to be safe and to feel "
            "safe. People should feel safe wherever they live, work, study or "
            "spend their free time.",
            "It is about more than the crimes that are committed. It also means "
            "understanding, and tackling, the reasons some people become "
            "vulnerable to being victims or perpetrators of crime, exploitation "
            "and antisocial behaviour.",
        ),
    },
    {
        "title": "Crime harm",
        "body": md(
            "Crime harm is the damage crime does to people and to society. Every "
            "crime is harmful, but how much harm it does depends on the type of "
            "crime and on how the victim experiences it.",
            "Some harms fall on individuals, for example:",
            ["physical injury", "financial loss"],
            "Others fall on communities and on society as a whole, for example:",
            [
                "fear of crime",
                "more demand for health services and for support for victims",
            ],
        ),
    },
    {
        "title": "Perceptions of safety",
        "body": md(
            "How safe people feel matters for their own wellbeing and for the "
            "health of the community. It also affects the local economy, and it is "
            "a question of fairness and social justice.",
            "Understanding how safe people feel, and acting on it, improves quality "
            "of life and helps make public spaces safer, more inclusive and more "
            "lively, to the benefit of communities and local businesses alike.",
        ),
    },
    {
        "title": "A proactive relationship with our residents and communities",
        "body": md(
            "When we talk with communities we hear their worries about crime, "
            "antisocial behaviour and feeling safe. We also hear that people's "
            "experiences differ. Views vary with gender, age, ethnicity and income, "
            "and crime and antisocial behaviour follow different patterns in "
            "different kinds of area, so people see the places where they live, "
            "work, study and relax in different ways.",
            "Residents value our services for keeping people safe and protecting "
            "those at risk of harm. They also want more community action and more "
            "working together, above all to make public spaces safer, and they want "
            "services that are efficient and effective whoever provides them. The "
            "partners will keep working together to:",
            [
                "put people and communities at the centre of our planning",
                "engage with communities regularly",
                "connect services better",
            ],
            "We will work alongside victims, making their voices heard and standing "
            "up for their interests, so that what they have been through shapes "
            "our practice, our policies and the services we provide.",
            "We will help people with lived experience of the criminal justice "
            "system to speak about it directly. Their accounts show how current "
            "systems can deepen the cycle of crisis and crime, and what support "
            "would help to break it.",
            "Being safe and feeling safe are part of wellbeing and a foundation for "
            "a better quality of life. Working with communities builds trust, "
            "confidence and accountability.",
        ),
    },
    {
        "title": "Tackling the issues that matter",
        "body": md(
            "Crime can be very local. A single neighbourhood, high street or public "
            "space can have problems of its own, so what people experience differs "
            "from one part of the borough to another.",
            "Crime and antisocial behaviour are not spread evenly: they are heavily "
            "concentrated. Some neighbourhoods, streets and people suffer far more "
            "crime than others, and more often, and some offenders commit far more "
            "crime than others. The Government's Beating Crime Plan (2021) shows "
            "this across the country:",
            [
                "homicide, serious violence and neighbourhood crime cluster in "
                "certain neighbourhoods: nearly a quarter of neighbourhood crime "
                "happens in just 5% of local areas",
                "a small number of persistent offenders commit many of these "
                "crimes: just 5% of offenders account for up to 50% of all crime",
                "drugs often play a large part: in the year to March 2020, 48% of "
                "homicides were drug-related",
            ],
            "So crime prevention works best when resources and activity are focused "
            "on the people and places that experience the most crime or do the most "
            "to cause it.",
            "Some kinds of crime go unreported more than others, which can distort "
            "the local picture. Listening to the people directly affected, and to "
            "local communities, helps us understand what affects their safety and "
            "respond to what they need.",
        ),
    },
]

KINGSTON_PLAN_ALIGNMENTS = [
    {
        "title": "London Police and Crime Plan 2022-25",
        "publisher": "Mayor's Office for Policing and Crime (MOPAC)",
        "note": "The plan supports the statutory priorities and ambitions of the "
        "Mayor's plan for policing and crime in London.",
    },
    {
        "title": "Kingston Council Plan 2023-27",
        "publisher": "Royal Borough of Kingston upon Thames",
        "note": "The plan shares the council's vision of working with partners and "
        "communities for a borough that is Greener, Fairer, Safer, Together.",
    },
    {
        # The publisher is assumed: the plan names the strategy but not its author.
        "title": "Inclusive Kingston 2021-25",
        "publisher": "Royal Borough of Kingston upon Thames",
        "note": "The plan shares its aim of reducing inequality and making Kingston "
        "a fair and inclusive borough with equal opportunity for all.",
    },
    {
        "title": "Fair Society, Healthy Lives",
        "publisher": "The Marmot Review",
        "note": "Kingston is a Marmot borough: the partnership builds the Marmot "
        "principles into its work to reduce inequality and improve health.",
    },
]

# The four priorities are drawn from the themes of the plan's sections; the
# objectives are written for the demo from what those sections commit to.
KINGSTON_PLAN_PRIORITIES = [
    {
        "slug": "reduce-the-harm-caused-by-crime",
        "title": "Reduce the harm caused by crime",
        "summary": "Prevent and reduce the crimes that do the most harm to people "
        "and communities, serious violence among them.",
        "description": md(
            "Some crimes do far more damage than others, to victims and to the "
            "wider community. This priority puts the partnership's effort where "
            "the harm is greatest.",
            "It includes the partnership's response to the serious violence duty, "
            "which is part of this plan: a public health approach that tackles the "
            "causes of violence as well as the crimes, alongside support for victims "
            "and work to reduce reoffending.",
        ),
        "objectives": [
            "Take a public health approach to preventing and reducing serious "
            "violence.",
            "Support victims of crime, and let their experiences shape how services "
            "work.",
            "Reduce reoffending, learning from people with lived experience of the "
            "criminal justice system.",
        ],
        "evidence": {
            DATA: "Analysis of crime harm: the physical, financial and wider impact "
            "of different crimes on victims and on society.",
            WHAT_WORKS: "The public health approach to serious violence, which "
            "looks at the causes of violence as well as the offences.",
        },
        # The change is worked out from the police.uk burglary files for January
        # 2023 and January 2024 when they are imported. The -4.5% target is
        # assumed for the demo (the borough's serious acquisitive crime target
        # of 2010/11 in the seeds).
        "indicators": [
            {
                "name": "Residential burglary",
                "crime_type": "Burglary",
                "direction": "reduce",
                "target_percent": Decimal("-4.5"),
                "baseline_period": "January 2023",
                "period": "January 2024",
                "baseline_month": date(2023, 1, 1),
                "measured_month": date(2024, 1, 1),
            },
        ],
    },
    {
        "slug": "help-people-feel-safe",
        "title": "Help people feel safe",
        "summary": "Improve how safe people feel where they live, work, study and "
        "spend their free time, especially in public spaces.",
        "description": md(
            "Feeling safe matters as much as being safe. It affects people's "
            "wellbeing, whether they use public spaces, and how well local "
            "businesses do.",
            "People's sense of safety differs with who they are and where they are, "
            "so the partnership will look closely at those differences and at the "
            "places where people feel least safe, including Kingston town centre.",
        ),
        "locations": [KINGSTON_TOWN_CENTRE],
        "objectives": [
            "Understand how feelings of safety differ between groups of people and "
            "between places, and act on what we learn.",
            "Make public spaces, Kingston town centre among them, safer and more "
            "welcoming.",
            "Address what makes people vulnerable to becoming victims or "
            "perpetrators of crime, exploitation and antisocial behaviour.",
        ],
        "evidence": {
            RESIDENTS: "What residents told the partnership about crime, "
            "antisocial behaviour and feeling safe; views differ by gender, age, "
            "ethnicity and income.",
            PROFESSIONALS: "Partners' knowledge of the places and groups where "
            "people feel least safe.",
        },
    },
    {
        "slug": "work-with-residents-and-communities",
        "title": "Work with residents and communities",
        "summary": "Put residents and communities at the centre of the "
        "partnership's planning, and act on what they tell us.",
        "description": md(
            "Residents want services that work well together and a bigger part in "
            "making their neighbourhoods safer. This priority is about regular, "
            "two-way engagement with communities, and about making sure that "
            "victims and people with lived experience of the criminal justice "
            "system are heard.",
        ),
        "objectives": [
            "Engage with communities regularly, including through Neighbourhood "
            "Watch and the Safer Neighbourhood Board.",
            "Connect services better, so residents get an efficient and effective "
            "service whoever provides it.",
            "Make the voices of victims, and of people with lived experience of the "
            "criminal justice system, shape our policies and practice.",
        ],
        "evidence": {
            RESIDENTS: "Residents value services that keep people safe and want "
            "more community action, particularly in public spaces.",
            PROFESSIONALS: "Partners' experience that better-connected services "
            "serve residents better.",
        },
    },
    {
        "slug": "focus-on-the-places-and-people-where-crime-concentrates",
        "title": "Focus on the places and people where crime concentrates",
        "summary": "Target prevention at the neighbourhoods, streets and public "
        "spaces that see most crime, and at the few people who commit most of it.",
        "description": md(
            "Crime is not spread evenly. Nationally, nearly a quarter of "
            "neighbourhood crime happens in 5% of local areas, 5% of offenders "
            "account for up to half of all crime, and in the year to March 2020 "
            "almost half of homicides (48%) were drug-related (Beating Crime Plan, "
            "2021).",
            "The partnership will use local data to find where and among whom crime "
            "concentrates in Kingston, and focus its resources there.",
        ),
        "locations": [KINGSTON_TOWN_CENTRE],
        "objectives": [
            "Use local data to find the neighbourhoods, high streets and public "
            "spaces where crime and antisocial behaviour concentrate.",
            "Focus prevention and enforcement on the most prolific offenders.",
            "Tackle the part drugs play in serious violence and other crime.",
            "Hear from the people most affected, so that crime that goes unreported "
            "is understood too.",
        ],
        "evidence": {
            DATA: "National figures from the Government's Beating Crime Plan (2021) "
            "on how concentrated crime is, with local crime analysis.",
            WHAT_WORKS: "Research showing that focusing on the people and places "
            "that experience or cause most crime is the most effective prevention.",
            RESIDENTS: "The experiences of people directly affected, which show "
            "crime that is not reported.",
        },
    },
]

KINGSTON_2009_10_SECTIONS = [
    {
        "title": "Message from the Borough Commander",
        "body": md(
            "Kingston's Borough Commander, Martin Greenslade, looked back on a year "
            "of real progress. Compared with the year before:",
            [
                "267 fewer people were victims of crime",
                "theft from motor vehicles fell by 22.1%",
                "theft of motor vehicles fell by 37.3%",
                "most serious violence fell by 10.5%",
            ],
            "He thanked police officers and staff and the wider partnership in "
            "Kingston for these results.",
            "Burglary was the year's biggest challenge. The borough gave it a "
            "determined focus, to continue through 2010: going after offenders, "
            "protecting victims better and designing out the opportunities for "
            "burglary.",
            "The police also worked to answer emergency calls faster and to offer "
            "appointments for less urgent requests, and victims' satisfaction with "
            "the police response rose.",
        ),
    },
    {
        "title": "Kingston town centre",
        "body": md(
            "Kingston town centre won two awards for its work on safety at night: a "
            "Green Flag from the Audit Commission, given for exceptional work to "
            "make town centres safer at night, and a Purple Flag from the "
            "Association of Town Centre Managers, an award backed by the Home "
            "Office.",
            "The police, the council, Kingston's first town centre management team "
            "and other partners were praised for a co-ordinated and innovative "
            "approach, including:",
            [
                "'Behave or be banned' and the Best Bar None scheme, which promote "
                "responsible running of venues",
                "knife screening in nightclubs",
                "Street Pastors",
                "more night buses, and taxi marshalling to get people home safely",
                "better CCTV and a cleaner high street",
            ],
            "Crime in the town centre, and violent crime above all, has fallen "
            "markedly in recent years, and millions more people now visit each "
            "year.",
        ),
    },
    {
        "title": "How the priorities are set",
        "body": md(
            "Kingston's policing priorities are set after consulting the public, "
            "through Safer Neighbourhoods events and the 'Have your say' survey, "
            "and after hearing from the police and the other agencies that work to "
            "reduce crime in the borough.",
        ),
    },
]


def _result_2009_10(name: str, change: int, percent: str, result: str) -> dict:
    # The summary published each result, not the borough's targets.
    return {
        "name": name,
        "baseline_period": "2008/09",
        "period": "2009/10",
        "change_value": change,
        "change_percent": Decimal(percent),
        "reported_result": result,
    }


def _target_2010_11(name: str, target: str) -> dict:
    return {
        "name": name,
        "baseline_period": "2009/10",
        "period": "2010/11",
        "target_percent": Decimal(target),
    }


KINGSTON_2009_10_PRIORITIES = [
    {
        "slug": "performance-against-2009-10-targets",
        "title": "Performance against 2009/10 targets",
        "summary": "How Kingston did against its crime reduction targets from "
        "April 2009 to March 2010, compared with 2008/09.",
        "description": md(
            "Kingston met four of its seven targets. Theft from vehicles, theft or "
            "taking of vehicles, serious youth violence and knife crime all fell "
            "far enough. Residential burglary and gun crime rose, and robbery fell "
            "by less than its target, so those three were missed.",
            "The summary gave each result but not the targets behind them, so only "
            "the published result is recorded here.",
        ),
        "indicators": [
            _result_2009_10("Residential burglary", 36, "5.9", "missed"),
            _result_2009_10("Total robbery", -7, "-2.6", "missed"),
            _result_2009_10("Theft from vehicles", -186, "-22.1", "achieved"),
            _result_2009_10("Theft or taking of vehicles", -113, "-37.3", "achieved"),
            _result_2009_10("Serious youth violence", -25, "-19.7", "achieved"),
            _result_2009_10("Knife crime", -21, "-15.3", "achieved"),
            _result_2009_10("Gun crime", 5, "29.4", "missed"),
        ],
    },
    {
        "slug": "policing-priorities-for-2010-11",
        "title": "Policing priorities for 2010/11",
        "summary": "The crime reduction targets set for Kingston for April 2010 to "
        "March 2011.",
        "description": md(
            "Each target is a reduction on the 2009/10 level. The borough also set "
            "challenging targets for sanction detection rates for particular types "
            "of crime.",
        ),
        "evidence": {
            RESIDENTS: "Public consultation through Safer Neighbourhoods events "
            "and the 'Have your say' survey.",
            PROFESSIONALS: "The views of the police and the other agencies working "
            "to reduce crime in Kingston.",
        },
        "indicators": [
            _target_2010_11("Serious acquisitive crime", "-4.5"),
            _target_2010_11("Most serious violence", "-2.0"),
            _target_2010_11("Serious youth violence", "-1.0"),
            _target_2010_11("Gun crime", "-3.5"),
            _target_2010_11("Knife crime", "-1.0"),
        ],
    },
]

SAFER_KINGSTON = {
    "slug": "safer-kingston",
    "name": "Safer Kingston Partnership",
    "short_name": "SKP",
    "area": KINGSTON,
    "summary": "The community safety partnership for the Royal Borough of Kingston "
    "upon Thames, working to make Kingston a safer place to live, visit, work and "
    "learn.",
    "description": KINGSTON_DESCRIPTION,
    "vision": "To make Kingston a safer place to live, visit, work and learn.",
    # The source page leaves its list of responsible authorities empty; these are
    # the statutory responsible authorities for a London borough.
    "members": [
        ("royal-borough-of-kingston-upon-thames", RESPONSIBLE),
        ("metropolitan-police-service", RESPONSIBLE),
        ("london-fire-brigade", RESPONSIBLE),
        ("probation-service", RESPONSIBLE),
        ("nhs-south-west-london-integrated-care-board", RESPONSIBLE),
        ("mopac", CO_OPERATING),
        ("kingston-business-partners", CO_OPERATING),
        ("kingston-voluntary-and-community-sector-partners", CO_OPERATING),
    ],
    "linked_boards": [
        "Kingston and Richmond Safeguarding Children Partnership",
        "Kingston Safeguarding Adults Board",
    ],
    "contacts": [
        {
            "name": "Kingston police",
            "phone": "0300 123 1212",
            "url": "https://www.met.police.uk",
        },
        {
            "name": "Community safety team, Royal Borough of Kingston upon Thames",
            "url": "https://www.kingston.gov.uk",
        },
    ],
    "plans": [
        {
            "slug": "safer-kingston-partnership-plan-2024-2029",
            "title": "Safer Kingston Partnership Plan 2024-2029",
            "kind": "partnership_plan",
            "start_year": 2024,
            "end_year": 2029,
            "status": "published",
            # Assumed: the plan gives its period but not its publication date.
            "published_on": date(2024, 4, 1),
            "summary": "The partnership's five-year plan to prevent, reduce and "
            "respond to crime and antisocial behaviour in Kingston. It includes "
            "the partnership's response to the serious violence duty.",
            "sections": KINGSTON_PLAN_SECTIONS,
            "alignments": KINGSTON_PLAN_ALIGNMENTS,
            "priorities": KINGSTON_PLAN_PRIORITIES,
        },
        {
            "slug": "kingston-local-policing-summary-2009-10",
            "title": "Kingston Local Policing Summary 2009/10",
            "kind": "annual_report",
            "start_year": 2009,
            "end_year": 2010,
            "status": "superseded",
            # Assumed: the summary is undated; it reports on April 2009 to March
            # 2010, so a date soon after that year is used.
            "published_on": date(2010, 6, 1),
            "summary": "The Metropolitan Police Authority's summary of policing in "
            "Kingston from April 2009 to March 2010: results against the crime "
            "targets, the work in Kingston town centre, and the priorities for "
            "2010/11.",
            "sections": KINGSTON_2009_10_SECTIONS,
            "priorities": KINGSTON_2009_10_PRIORITIES,
        },
    ],
}


# =============================================================================
# Safer Kensington and Chelsea Partnership
# =============================================================================

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

SAFER_KENSINGTON_AND_CHELSEA = {
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


# =============================================================================
# Safer Westminster Partnership
# =============================================================================

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

SAFER_WESTMINSTER = {
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


PARTNERSHIPS = [SAFER_KINGSTON, SAFER_KENSINGTON_AND_CHELSEA, SAFER_WESTMINSTER]


# Demo officer accounts, listed in the README. For a demo only: every account
# shares one password, and load_demo never resets a password it did not set.
DEMO_PASSWORD = "safer-streets-demo"  # noqa: S105 - documented demo password
DEMO_USERS = [
    # (email, first name, last name, superuser, [(partnership slug, role), ...])
    ("admin@demo.example", "Sam", "Admin", True, []),
    (
        "kc.officer@demo.example",
        "Olu",
        "Officer",
        False,
        [("safer-kensington-and-chelsea", "officer")],
    ),
    (
        "kc.editor@demo.example",
        "Eve",
        "Editor",
        False,
        [("safer-kensington-and-chelsea", "editor")],
    ),
    (
        "kingston.manager@demo.example",
        "Kit",
        "Manager",
        False,
        [("safer-kingston", "consultation_manager"), ("safer-kingston", "officer")],
    ),
    (
        "westminster.editor@demo.example",
        "Wes",
        "Editor",
        False,
        [("safer-westminster", "editor")],
    ),
]


# Statutory duties of every demo partnership: (kind, cadence, settings).
# Dates are typical of London partnerships, chosen for the demo: the strategic
# assessment in the winter before the financial year, the plan refresh by 31
# March, quarterly data sharing from April 2026 (so one quarter is overdue in
# late 2026), and the accessibility review on the anniversary of the 2018
# regulations.
DEMO_DUTIES = [
    ("strategic_assessment", "annual", {"due_month": 1, "due_day": 31}),
    ("plan_refresh", "annual", {"due_month": 3, "due_day": 31}),
    ("public_meeting", "annual", {"due_month": 10, "due_day": 31}),
    ("consultation", "annual", {"due_month": 12, "due_day": 15}),
    (
        "information_sharing_review",
        "on_date",
        {"interval_months": 24, "first_due": "2027-03-31"},
    ),
    ("data_sharing", "quarterly", {"start_quarter": "2026-04-01"}),
    ("scrutiny", "annual", {"due_month": 2, "due_day": 28}),
    ("serious_violence_review", "annual", {"due_month": 1, "due_day": 31}),
    ("domestic_homicide_review", "per_case", {}),
    ("accessibility_review", "annual", {"due_month": 9, "due_day": 23}),
]
# One domestic homicide review case, notified in October 2026.
DEMO_CASES = [("safer-kensington-and-chelsea", "DHR 2026/01", "2026-10-01")]


# Demo consultations: one open, one closed, one with published results.
# (slug of partnership, state, title, summary, background, questions, responses)
# A question is (kind, text, required, personal, choices).
SAFETY_QUESTIONS = [
    ("agree_scale", "I feel safe in the town centre after dark", True, False, []),
    (
        "multiple_choice",
        "Where do you feel least safe?",
        False,
        False,
        ["Bus and train stations", "Car parks", "Riverside paths", "Shopping streets"],
    ),
    ("ward", "Which ward do you live in?", False, False, []),
    ("yes_no", "Have you reported a crime in the last year?", False, False, []),
    (
        "long_text",
        "What one change would make you feel safer?",
        False,
        True,
        [],
    ),
]
DEMO_CONSULTATIONS = [
    {
        "partnership": "safer-kingston",
        "state": "open",
        "title": "How safe do you feel in Kingston town centre?",
        "summary": "Tell us where and when you feel safe in the town centre, so we "
        "can focus patrols, lighting and CCTV where they matter.",
        "background": md(
            "The partnership is refreshing its priorities for the town centre.",
            "Your answers will shape where we put patrols, lighting and CCTV, "
            "and how we work with businesses at night.",
        ),
        "priority": "help-people-feel-safe",
        "questions": SAFETY_QUESTIONS,
        "responses": 64,
    },
    {
        "partnership": "safer-westminster",
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
    {
        "partnership": "safer-kensington-and-chelsea",
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
