"""Members and plans over time: what has ended says so (#12, item 3)."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from partnerships.services import organisation_end
from plans.models import Plan
from tests.partnerships.factories import (
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
)
from tests.plans.factories import PlanFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.datetime(2026, 12, 7, 12, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 0


@time_machine.travel(TODAY)
def test_an_abolished_body_is_listed_apart_with_its_successor(client, admin_user):
    partnership = PartnershipFactory()
    ccg = MembershipFactory(
        partnership=partnership,
        organisation__name="Central London Commissioning Group",
    ).organisation
    MembershipFactory(partnership=partnership, organisation__name="Borough Council")
    MembershipFactory(
        partnership=partnership,
        organisation__name="Old Charity",
        ended_on=datetime.date(2024, 3, 31),
    )
    icb = OrganisationFactory(name="NHS North West London Integrated Care Board")
    organisation_end(
        actor=admin_user,
        organisation=ccg,
        ended_on=datetime.date(2022, 6, 30),
        successor=icb,
        note="Clinical commissioning groups were abolished on 1 July 2022",
    )
    page = client.get(partnership.get_absolute_url())
    current = [
        m.organisation.name for g in page.context["member_groups"] for m in g["members"]
    ]
    assert current == ["Borough Council"]
    past = page.context["past_members"]
    assert [item["organisation"].name for item in past] == [
        "Central London Commissioning Group",
        "Old Charity",
    ]
    text = page.text
    assert "Past members" in text
    assert "Succeeded by NHS North West London Integrated Care Board" in text
    assert "left <time" in text  # an ordinary departure names no successor
    # the API says the same
    rows = client.get(
        reverse("api:membership-list"), {"partnership": partnership.slug}
    ).json()
    rows = rows.get("results", rows)
    current_by_name = {r["organisation"]["name"]: r["current"] for r in rows}
    assert current_by_name == {
        "Central London Commissioning Group": False,
        "Borough Council": True,
        "Old Charity": False,
    }


@time_machine.travel(TODAY)
def test_a_membership_ending_in_future_is_still_current(client):
    membership = MembershipFactory(ended_on=datetime.date(2027, 3, 31))
    page = client.get(membership.partnership.get_absolute_url())
    assert page.context["past_members"] == []


def test_an_organisation_cannot_succeed_itself(admin_user):
    organisation = OrganisationFactory()
    with pytest.raises(ValidationError):
        organisation_end(
            actor=admin_user,
            organisation=organisation,
            ended_on=datetime.date(2022, 6, 30),
            successor=organisation,
        )
    organisation.refresh_from_db()
    assert organisation.ended_on is None


@time_machine.travel(TODAY)
def test_an_expired_plan_says_so_and_the_refresh_is_overdue(client):
    """Westminster's case: a 2017-2020 strategy, nothing newer."""
    plan = PlanFactory(
        start_year=2017,
        end_year=2020,
        kind=Plan.Kind.COMMUNITY_SAFETY_PLAN,
        published_on=datetime.date(2018, 6, 7),
    )
    page = client.get(plan.get_absolute_url()).text
    assert "period ended in 2020" in page
    assert "No newer one has been published on this site" in page
    partnership_page = client.get(plan.partnership.get_absolute_url())
    assert partnership_page.context["current_period"]["ended"]
    rows = {r.label: r for r in partnership_page.context["statutory_documents"]}
    refreshed = [r for r in rows.values() if r.last_published == plan]
    assert refreshed
    assert refreshed[0].overdue
    assert refreshed[0].period_ended == 2020
    assert "Overdue" in partnership_page.text


@time_machine.travel(TODAY)
def test_an_expired_plan_links_to_its_newer_one(client):
    old = PlanFactory(start_year=2017, end_year=2020)
    new = PlanFactory(partnership=old.partnership, start_year=2024, end_year=2029)
    page = client.get(old.get_absolute_url()).text
    assert "A newer one has been published" in page
    assert new.get_absolute_url() in page
    assert "period ended" not in client.get(new.get_absolute_url()).text
