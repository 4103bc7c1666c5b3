"""Residents' area pages: finding an area, a ward's page, a borough's map."""

import csv
import datetime
import logging
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engagement.selectors import consultations_informing_actions
from partnerships.models import Area, WardContact
from partnerships.selectors import ward_public
from partnerships.services import ward_contact_save
from priorities.selectors import actions_in_ward, priorities_for_ward
from tests.conftest import KINGSTON, POPULATION, WARD_LOOKUP
from tests.conftest import MET_WARD_FILE as MET
from tests.engagement.factories import (
    ConsultationFactory,
    OutcomeActionFactory,
    OutcomeFactory,
)
from tests.partnerships.factories import OrganisationFactory
from tests.priorities.factories import ActionFactory, PriorityFactory

pytestmark = pytest.mark.django_db

FIND = "/areas/find/"
KINGSTON_TOWN = "/areas/kingston-upon-thames/kingston-town/"


def find(client, text):
    return client.post(FIND, {"area": text})


def met_last_12_months(column: str, value: str) -> int:
    """Crimes in the file's latest 12 months, for rows where ``column`` is ``value``."""
    with MET.open(encoding="utf-8-sig", newline="") as file:
        return sum(
            sum(int(n) for n in list(row.values())[-12:])
            for row in csv.DictReader(file)
            if row[column] == value
        )


def borough_population_from_the_files(lad: str) -> int:
    with WARD_LOOKUP.open(encoding="utf-8-sig", newline="") as lookup:
        lsoas = {r["LSOA21CD"] for r in csv.DictReader(lookup) if r["LAD24CD"] == lad}
    lines = POPULATION.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith('"Area"'))
    return sum(
        int(r["Total"]) for r in csv.DictReader(lines[start:]) if r["mnemonic"] in lsoas
    )


# --- Finding an area --------------------------------------------------------------


@pytest.mark.parametrize("typed", ["kt1 1ae", "KT11AE", "  Kt1   1aE ", "KT1 1AE"])
def test_a_postcode_in_any_form_leads_to_its_ward(client, areas, typed):
    """POST, then a redirect to the ward's page: See Other, no postcode in it."""
    response = find(client, typed)
    assert response.status_code == 303
    assert response["Location"] == KINGSTON_TOWN


@pytest.mark.parametrize(
    ("typed", "page"),
    [
        ("Norbiton", "/areas/kingston-upon-thames/norbiton/"),
        ("norbiton ward", "/areas/kingston-upon-thames/norbiton/"),
        ("Queen's Park", "/areas/westminster/queens-park/"),
        ("queens park", "/areas/westminster/queens-park/"),
        ("Church Street", "/areas/westminster/church-street/"),
        ("st marks and seething wells", "/areas/kingston-upon-thames/"
         "st-marks-and-seething-wells/"),
        ("Kingston town centre", KINGSTON_TOWN),
    ],
)  # fmt: skip
def test_a_ward_or_place_name_leads_to_its_ward(client, areas, typed, page):
    response = find(client, typed)
    assert response.status_code == 303
    assert response["Location"] == page


@pytest.mark.parametrize(
    ("typed", "page"),
    [
        ("Kingston upon Thames", "/areas/kingston-upon-thames/"),
        ("kingston-upon-thames", "/areas/kingston-upon-thames/"),
        ("westminster", "/areas/westminster/"),
    ],
)
def test_a_borough_name_leads_to_its_ward_map(client, areas, typed, page):
    response = find(client, typed)
    assert response.status_code == 303
    assert response["Location"] == page


def test_a_name_that_matches_several_areas_offers_a_choice(client, areas):
    """ "Kingston" starts two wards and a place: the resident chooses."""
    page = find(client, "Kingston").text
    assert "Choose your area" in page
    assert 'href="/areas/kingston-upon-thames/kingston-gate/"' in page
    assert f'href="{KINGSTON_TOWN}"' in page
    # The borough starts with the word too: its ward map is one of the choices.
    assert 'href="/areas/kingston-upon-thames/"' in page
    assert "Borough: a map of all its wards" in page


def _refusal(client, typed, message):
    response = find(client, typed)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.text
    assert message in page
    return page


def test_a_malformed_postcode_is_called_malformed(client, areas):
    page = _refusal(client, "KT1 1A", "is not a full postcode")
    assert "govuk-error-summary" in page
    assert "<title>Error: Find your area" in page


def test_an_unknown_postcode_is_called_unknown(client, areas):
    page = _refusal(client, "kt9 9zz", "We cannot find the postcode KT9 9ZZ")
    assert "govuk-error-summary" in page


def test_an_outside_postcode_is_called_outside_with_a_link_to_police_uk(client, areas):
    """Kensington and Chelsea has no partnership here: police.uk can help."""
    page = _refusal(client, "SW10 0AB", "SW10 0AB is outside the partnerships")
    assert "Kensington and Chelsea" in page
    assert 'href="https://www.police.uk/pu/your-area/"' in page
    assert "SW10" not in page.split("police.uk/pu/your-area/")[1].split('"')[0]
    assert "govuk-error-summary" not in page


def test_an_empty_search_asks_for_a_postcode(client, areas):
    page = _refusal(client, "   ", "Enter a postcode, or the name of a ward or place")
    assert "govuk-error-summary" in page
    assert find(client, "x" * 101).status_code == 200


def test_an_unknown_name_is_called_unknown(client, areas):
    _refusal(client, "Atlantis", "No borough, ward or place called")


def test_a_postcode_is_never_logged_stored_or_put_in_an_address(client, areas, caplog):
    """Not in a redirect, a log line, the session or a cookie; GET ignores it."""
    caplog.set_level(logging.DEBUG)
    for typed in ("KT1 1AE", "KT1 1A", "KT9 9ZZ", "SW10 0AB"):
        response = find(client, typed)
        assert typed not in response.get("Location", "")
        assert not response.cookies
    assert not any(
        re.search(r"KT1 ?1A|KT9|SW10", record.getMessage()) for record in caplog.records
    )
    assert not any("KT1" in str(record.__dict__) for record in caplog.records)
    # A postcode in an address (a link from elsewhere) is not read.
    page = client.get(FIND + "?area=SW1A+0AA")
    assert page.status_code == 200
    assert "SW1A" not in page.text


def test_the_home_page_carries_the_finder_and_stays_in_the_page_cache(client, areas):
    """The form posts without a CSRF token, so the page can be shared."""
    first = client.get("/")
    assert 'action="/areas/find/"' in first.text
    assert 'method="post"' in first.text
    assert "csrfmiddlewaretoken" not in first.text
    assert client.get("/")["X-Cache"] == "hit"


# --- A ward's page ------------------------------------------------------------------


def test_the_ward_page_gives_the_figures_beside_the_borough(client, areas):
    """Kingston Town: its people, 12 months of the Met's counts, rates per 1,000."""
    ward_total = met_last_12_months("WardCode", "E05013938")
    borough_total = met_last_12_months("LookUp_BoroughName", "Kingston upon Thames")
    people = borough_population_from_the_files(KINGSTON)
    response = client.get(KINGSTON_TOWN)
    crime = response.context["crime"]
    assert crime["total"]["ward_count"] == ward_total == 3684
    assert crime["total"]["ward_rate"] == Decimal("371.1")  # 3684 / 9,927
    assert crime["total"]["borough_count"] == borough_total
    assert crime["total"]["borough_rate"] == (
        Decimal(borough_total * 1000) / people
    ).quantize(Decimal("0.1"))
    page = response.text
    assert "Kingston upon Thames" in page
    assert "Safer Kingston Partnership" in page
    assert "9,927" in page
    assert "3,684" in page
    assert "371.1" in page
    assert "Metropolitan Police Service" in page  # every figure names its source
    assert "2021 Census" in page
    assert "July 2024" in page
    assert "June 2025" in page


def test_the_ward_page_shows_what_the_partnership_does_there(client, areas):
    """Priorities focused on the ward or a place in it, actions there, the
    rest of the plan, open consultations and the ward's contacts."""
    plan, ward = areas["plans"]["kingston"], areas["ward"]
    here = PriorityFactory(plan=plan, title="Safer nights")
    here.locations.add(areas["town_centre"])
    everywhere = PriorityFactory(plan=plan, title="Borough-wide work")
    elsewhere = PriorityFactory(plan=plan, title="Somewhere else")
    elsewhere.locations.add(Area.objects.current().get(name="Tolworth"))
    ActionFactory(
        priority=here,
        title="Taxi marshals on Friday nights",
        ward=ward,
        lead_organisation=OrganisationFactory(name="Kingston Council"),
    )
    ActionFactory(priority=everywhere, title="Hidden draft action", ward=ward,
                  is_published=False)  # fmt: skip
    ConsultationFactory(partnership=areas["kingston"], title="Safe at night?")
    ward_contact_save(
        ward=ward,
        kind=WardContact.Kind.SAFER_NEIGHBOURHOOD_TEAM,
        actor=None,
        data={"name": "Kingston Town SNT", "email": "snt@example.org"},
        version=0,
    )
    page = client.get(KINGSTON_TOWN).text
    assert "Safer nights" in page
    assert "Places in focus: Kingston town centre" in page
    assert "Taxi marshals on Friday nights" in page
    assert "Kingston Council" in page
    assert "Hidden draft action" not in page
    assert "Borough-wide work" in page
    assert "Somewhere else" not in page
    assert "snt@example.org" in page
    assert "not added this ward\u2019s panel yet" in page


def test_the_ward_page_has_a_map_of_its_borough(client, areas):
    """Every ward of the borough is a link; this one is picked out and named."""
    page = client.get(KINGSTON_TOWN).text
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert svg.count("<a href=") == 19
    assert 'aria-label="Kingston Town (this ward)"' in svg
    assert 'aria-current="page"' in svg
    assert ">Kingston Town</text>" in svg
    assert "style=" not in page  # no inline styles: the CSP forbids them


def test_ward_page_queries_do_not_grow_with_priorities_or_actions(
    client, areas, settings
):
    settings.PORTAL_PAGE_CACHE_SECONDS = 0  # count rendering, not cache hits
    plan, ward = areas["plans"]["kingston"], areas["ward"]

    def add(n):
        for _ in range(n):
            priority = PriorityFactory(plan=plan)
            priority.locations.add(ward)
            action = ActionFactory(priority=priority, ward=ward)
            # Each action answers a consultation's published outcome.
            OutcomeActionFactory(
                outcome=OutcomeFactory(
                    consultation=ConsultationFactory(
                        partnership=plan.partnership, published=True
                    )
                ),
                action=action,
            )

    counts = []
    for n in (1, 9):
        add(n)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(KINGSTON_TOWN).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_an_action_in_the_ward_says_which_consultation_informed_it(client, areas):
    plan, ward = areas["plans"]["kingston"], areas["ward"]
    action = ActionFactory(
        priority=PriorityFactory(plan=plan), ward=ward, title="Lights by the river"
    )
    survey = ConsultationFactory(
        partnership=plan.partnership, published=True, title="River survey"
    )
    OutcomeActionFactory(outcome=OutcomeFactory(consultation=survey), action=action)
    hidden = ConsultationFactory(
        partnership=plan.partnership, closed=True, title="Closed survey"
    )
    OutcomeActionFactory(
        outcome=OutcomeFactory(consultation=hidden, published_at=None), action=action
    )
    page = client.get(KINGSTON_TOWN).text
    assert "Informed by:" in page
    assert f"/consultations/{plan.partnership.slug}/{survey.slug}/results/" in page
    assert "Closed survey" not in page


def test_an_action_card_gives_its_status_lead_due_date_and_priority(client, areas):
    """Each card: the example label, status, lead (or that none is decided yet),
    due date and a link to its priority; a consultation named twice in one
    outcome is listed once, and the latest to close comes first."""
    plan, ward = areas["plans"]["kingston"], areas["ward"]
    priority = PriorityFactory(plan=plan, title="Quieter streets", slug="quieter")
    action = ActionFactory(
        priority=priority,
        ward=ward,
        title="Wardens on the high street",
        status="at_risk",
        is_example=True,
        due_date=datetime.date(2026, 3, 31),
    )
    earlier = ConsultationFactory(
        partnership=plan.partnership, published=True, title="Earlier survey"
    )
    earlier.closes_at -= datetime.timedelta(days=10)
    earlier.save()
    later = ConsultationFactory(
        partnership=plan.partnership, published=True, title="Later survey"
    )
    outcome = OutcomeFactory(consultation=later)
    OutcomeActionFactory(outcome=outcome, action=action)
    OutcomeActionFactory(outcome=outcome, action=action)
    OutcomeActionFactory(outcome=OutcomeFactory(consultation=earlier), action=action)
    page = client.get(KINGSTON_TOWN).text
    start = page.rindex("<li", 0, page.index("Wardens on the high street"))
    card = page[start : page.index("</li>", start)]
    assert "Example</strong> Wardens on the high street" in card
    assert "At risk</strong> Led by a partner still to be decided" in card
    assert '<time datetime="2026-03-31">31 March 2026</time>' in card
    priority_page = f"/partnerships/{plan.partnership.slug}/plans/{plan.slug}/"
    assert f'href="{priority_page}priorities/quieter/">Quieter streets</a>' in card
    assert card.count("Later survey") == 1
    assert card.index("Later survey") < card.index("Earlier survey")


def test_a_former_ward_that_took_in_the_ward_counts_as_a_place_here(client, areas):
    """A priority focused on a former ward covering this one is shown here,
    with the date the former ward ended, and the page names the former ward."""
    plan, ward = areas["plans"]["kingston"], areas["ward"]
    former = Area.objects.create(
        name="Grove",
        kind=Area.Kind.WARD,
        parent=ward.parent,
        code="E05000999",
        valid_to=datetime.date(2022, 5, 5),
    )
    former.covers.add(ward)
    PriorityFactory(plan=plan, title="Old Grove work").locations.add(former)
    page = client.get(KINGSTON_TOWN).text
    assert "Old Grove work" in page
    assert "Places in focus: Grove (ward until May 2022)" in page
    assert "Before then its area was in the wards of Grove." in page


@pytest.mark.parametrize("n", [1, 12])
def test_the_ward_selectors_make_a_fixed_number_of_queries(
    areas, n, django_assert_num_queries
):
    """Places in focus, actions and the consultations that informed them: one
    query each, whatever their number (the ward's covered_by comes with it)."""
    plan = areas["plans"]["kingston"]
    for _ in range(n):
        priority = PriorityFactory(plan=plan)
        priority.locations.add(areas["town_centre"])
        OutcomeActionFactory(
            outcome=OutcomeFactory(
                consultation=ConsultationFactory(
                    partnership=plan.partnership, published=True
                )
            ),
            action=ActionFactory(priority=priority, ward=areas["ward"]),
        )
    ward = ward_public(borough_slug="kingston-upon-thames", slug="kingston-town")
    with django_assert_num_queries(2):  # the plan's priorities, their places
        assert len(priorities_for_ward(plan=plan, ward=ward)["here"]) == n
    with django_assert_num_queries(1):
        actions = actions_in_ward(plan=plan, ward=ward)
    with django_assert_num_queries(1):
        informed_by = consultations_informing_actions(
            action_ids=[action["id"] for action in actions]
        )
    assert [len(informed_by[action["id"]]) for action in actions] == [1] * n
    with django_assert_num_queries(0):
        assert consultations_informing_actions(action_ids=[]) == {}


def test_the_ward_page_is_kept_in_the_page_cache(client, areas):
    assert client.get(KINGSTON_TOWN)["X-Cache"] == "miss"
    assert client.get(KINGSTON_TOWN)["X-Cache"] == "hit"


@pytest.mark.parametrize(
    "path",
    [
        "/areas/kingston-upon-thames/atlantis/",
        "/areas/atlantis/",
        "/areas/kensington-and-chelsea/",  # no published partnership
        "/areas/kensington-and-chelsea/abingdon/",
        "/areas/westminster/kingston-town/",  # another borough's ward
    ],
)
def test_unknown_or_unhosted_areas_are_not_found(client, areas, path):
    assert client.get(path).status_code == 404


# --- A borough's map ----------------------------------------------------------------


def test_the_borough_map_shades_every_ward_with_a_legend_and_a_table(client, areas):
    response = client.get("/areas/kingston-upon-thames/")
    page = response.text
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert svg.count("<a href=") == 19
    assert re.search(
        r'aria-label="Kingston Town: 371\.1 crimes per 1,000 residents, highest '
        r'fifth"',
        svg,
    )
    assert len(re.findall(r"app-map__ward--band-[1-5]", svg)) == 19
    assert ">371</text>" in svg  # the value is written on the ward too
    legend = response.context["map"]["legend"]
    assert [entry["band"] for entry in legend] == [1, 2, 3, 4, 5]
    assert sum(entry["wards"] for entry in legend) == 19
    table = page[page.index('id="wards-caption"') :]
    assert table.count('class="govuk-link" href="/areas/kingston-upon-thames/') == 19
    assert "371.1" in table
    # Rendered unlocalised, the counts and populations keep their grouping.
    assert ">3,684</td>" in table
    assert "9,927 residents" in table
    assert "style=" not in page


def test_the_partnership_page_links_to_its_ward_map(client, areas):
    page = client.get(areas["kingston"].get_absolute_url()).text
    assert 'href="/areas/kingston-upon-thames/"' in page
