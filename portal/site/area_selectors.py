"""Reads for residents' area pages: finding an area, a ward, a borough's map.

These compose apps (areas and postcodes, crime figures, priorities and
actions, consultations), so they live on the top floor.
"""

from dataclasses import dataclass, field

from engagement.selectors import (
    consultation_list_open,
    consultations_informing_actions,
)
from meetings.selectors import meeting_list_for_ward
from partnerships.maps import ward_map
from partnerships.models import Area, WardContact
from partnerships.postcodes import postcode_normalise
from partnerships.selectors import (
    area_search,
    name_key,
    partnership_for_area,
    postcode_lookup,
    wards_with_boundaries,
)
from plans.selectors import plan_current, plan_list_public_for_partnership
from priorities.crime.selectors import ward_crime, ward_rates_for_borough
from priorities.selectors import actions_in_ward, priorities_for_ward

POLICE_UK_FIND = "https://www.police.uk/pu/your-area/"
GEOGRAPHY_ATTRIBUTION = (
    "Contains OS data © Crown copyright and database right 2025; contains Royal "
    "Mail data © Royal Mail copyright and database right 2025; contains National "
    "Statistics data © Crown copyright and database right 2025 (Open Government "
    "Licence v3.0)."
)


@dataclass
class FindResult:
    """What a search for an area found.

    ``url``: go straight there. ``error``: put it on the form (the text was
    not a usable postcode or name). ``outside``: a real postcode that no
    partnership here covers. ``choices``: the areas to choose from (wards;
    places and former wards, each with the current wards it takes in).
    """

    url: str = ""
    error: str = ""
    outside: str = ""
    outside_borough: str | None = None
    choices: list = field(default_factory=list)


def _looks_like_postcode(text: str) -> bool:
    return any(character.isdigit() for character in text)


def area_find(*, query: str) -> FindResult:
    """A postcode, or a borough, ward or place name, to the page that answers it."""
    query = " ".join(query.split())
    if _looks_like_postcode(query):
        postcode = postcode_normalise(query)
        if postcode is None:
            return FindResult(
                error=f"\u2018{query[:20]}\u2019 is not a full postcode. Check it "
                "and try again: a postcode looks like KT1 1AE"
            )
        place = postcode_lookup(postcode=postcode)
        if place is None:
            return FindResult(
                error=f"We cannot find the postcode {postcode}. Check it and try "
                "again: it may be new, or mistyped"
            )
        if not place.hosted:
            return FindResult(outside=postcode, outside_borough=place.borough_name)
        return FindResult(url=place.ward_url or place.borough_url)
    matches = area_search(query=query)
    if not matches:
        return FindResult(
            error=f"No borough, ward or place called \u2018{query[:40]}\u2019 was "
            "found in the areas of the partnerships on this site. Check the "
            "spelling, or enter a postcode"
        )
    if len(matches) == 1:
        area = matches[0]
        if area.kind == Area.Kind.LOCAL_AUTHORITY:
            return FindResult(url=area.get_absolute_url())
        if area.kind == Area.Kind.WARD and area.is_current:
            return FindResult(url=area.get_absolute_url())
        covered = list(area.covers.all())
        if area.kind == Area.Kind.PLACE and len(covered) == 1:
            return FindResult(url=covered[0].get_absolute_url())
    # Several matches, a place across wards, or a ward that no longer exists:
    # the resident chooses (places and former wards list their current wards).
    return FindResult(choices=matches)


def search_shortcut(*, query: str) -> FindResult | None:
    """Where the site search sends a query that is an area, else None.

    A full postcode (any case, with or without the space) is answered as the
    area finder answers it: its ward's page, or why there is none. A query that
    is exactly the name of one current ward of a hosted borough (compared as
    the finder compares names) goes to that ward's page. Anything else,
    including a name several areas share, is searched as words.
    """
    if postcode_normalise(query) is not None:
        return area_find(query=query)
    key = name_key(query)
    if not key or _looks_like_postcode(query):
        return None
    exact = [a for a in area_search(query=query) if name_key(a.name) == key]
    if len(exact) == 1:
        area = exact[0]
        if area.kind == Area.Kind.WARD and area.is_current and area.get_absolute_url():
            return FindResult(url=area.get_absolute_url())
    return None


def ward_page(*, ward: Area) -> dict:
    """Everything a ward's page shows, in a fixed number of queries."""
    borough = ward.parent
    partnership = partnership_for_area(area=borough)
    plans = plan_list_public_for_partnership(partnership=partnership)
    plan = plan_current(plans=plans)
    if plan is not None:
        priorities = priorities_for_ward(plan=plan, ward=ward)
        actions = actions_in_ward(plan=plan, ward=ward)
        informed_by = consultations_informing_actions(
            action_ids=[action["id"] for action in actions]
        )
        for action in actions:
            action["informed_by"] = informed_by.get(action["id"], [])
    else:
        priorities, actions = {"here": [], "everywhere": []}, []
    wards, boundaries = wards_with_boundaries(borough=borough)
    contacts = {c.kind: c for c in ward.contacts.all()}
    return {
        "ward": ward,
        "borough": borough,
        "partnership": partnership,
        "plan": plan,
        "priorities": priorities,
        "actions": actions,
        "open_consultations": consultation_list_open(partnership=partnership),
        # Ward panels and other meetings held for this ward.
        "meetings": meeting_list_for_ward(ward=ward),
        "crime": ward_crime(ward=ward, borough=borough),
        "map": ward_map(wards=wards, boundaries=boundaries, highlight=ward),
        "team": contacts.get(WardContact.Kind.SAFER_NEIGHBOURHOOD_TEAM),
        "panel": contacts.get(WardContact.Kind.WARD_PANEL),
        "former_wards": [a for a in ward.covered_by.all() if a.kind == Area.Kind.WARD],
        "geography_attribution": GEOGRAPHY_ATTRIBUTION,
    }


def _describe(ward, value, band_name):
    if value is None:
        return f"{ward.name}: no figure"
    return f"{ward.name}: {value} crimes per 1,000 residents, {band_name}"


def borough_page(*, borough: Area) -> dict:
    """A borough's wards on a map shaded by crime rate, with the same table."""
    wards, boundaries = wards_with_boundaries(borough=borough)
    rates = ward_rates_for_borough(borough=borough, wards=wards)
    values = (
        {code: figures["rate"] for code, figures in rates["by_ward"].items()}
        if rates["has_data"]
        else None
    )
    rows = [
        {"ward": w, **rates["by_ward"].get(w.code, {"count": None, "rate": None})}
        for w in wards
    ]
    drawn = ward_map(
        wards=wards, boundaries=boundaries, values=values, describe=_describe
    )
    bands = {s["ward"].pk: s["band"] for s in drawn["wards"]} if drawn else {}
    names = {entry["band"]: entry["name"] for entry in (drawn or {}).get("legend", [])}
    for row in rows:
        row["band"] = bands.get(row["ward"].pk, 0)
        row["band_name"] = names.get(row["band"], "")
    return {
        "borough": borough,
        "partnership": partnership_for_area(area=borough),
        "wards": wards,
        "rows": rows,
        "rates": rates,
        "map": drawn,
        "geography_attribution": GEOGRAPHY_ATTRIBUTION,
    }
