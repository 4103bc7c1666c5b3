"""Safer Kingston Partnership: the 2024-2029 plan, and the Metropolitan Police
Authority's Local Policing Summary for Kingston 2009/10."""

from datetime import date, datetime
from decimal import Decimal
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

KINGSTON = "E09000021"

# The borough, its 2019 electoral wards (WD19CD, WD19NM, as named in the ONS
# LSOA (2011) to ward (2019) to local authority (2019) lookup for London), and
# named places, which have no ONS code.
KINGSTON_TOWN_CENTRE = "Kingston town centre"
AREA = {
    "code": KINGSTON,
    "name": "Kingston upon Thames",
    "wards": [
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
    "places": [KINGSTON_TOWN_CENTRE],
}

# The borough's own bodies (the London-wide ones are in shared.py).
ORGANISATIONS = [
    {
        "slug": "royal-borough-of-kingston-upon-thames",
        "name": "Royal Borough of Kingston upon Thames",
        "kind": "local_authority",
        "website": "https://www.kingston.gov.uk",
    },
    {
        "slug": "nhs-south-west-london-integrated-care-board",
        "name": "NHS South West London Integrated Care Board",
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
                "set_by": "the Metropolitan Police Authority",
                "is_assumption": True,
                "provenance_note": "The MPA's 2010/11 serious acquisitive crime "
                "target for Kingston, applied to 2023-24 for this demonstration: "
                "the partnership has not published a burglary target for this period",
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
        "set_by": "the Metropolitan Police Authority",
        "provenance_note": "The MPA's 2009/10 policing targets for Kingston; the "
        "summary published each result, not the target itself",
    }


def _target_2010_11(name: str, target: str) -> dict:
    return {
        "name": name,
        "baseline_period": "2009/10",
        "period": "2010/11",
        "target_percent": Decimal(target),
        "set_by": "the Metropolitan Police Authority",
        "provenance_note": "The MPA's policing targets for Kingston for 2010/11, "
        "kept as history; no result for them is recorded here",
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

# The seed page: "Last Modified: 05/08/2022 16:35:55".
# The partnership page carries this date, in London time, not the day the
# demo was loaded.
PAGE_UPDATED = datetime(2022, 8, 5, 16, 35, 55, tzinfo=ZoneInfo("Europe/London"))

PARTNERSHIP = {
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


# Officer accounts: (email, first name, last name, roles in this partnership).
OFFICERS = [
    (
        "kingston.manager@demo.example",
        "Kit",
        "Manager",
        ["consultation_manager", "officer"],
    ),
]

# Domestic homicide review cases: (reference, date notified).
CASES = []

CONSULTATIONS = [
    {
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
]
