import datetime

import pytest
from django.core.exceptions import ValidationError

from plans.models import Plan, PlanAlignment
from tests.partnerships.factories import PartnershipFactory
from tests.plans.factories import PlanFactory, PlanSectionFactory
from tests.utils import assert_refused

pytestmark = pytest.mark.django_db


def test_a_period_cannot_end_before_it_starts():
    """2029 to 2024 is not a period."""
    assert_refused(lambda: PlanFactory(start_year=2029, end_year=2024))


def test_a_period_needs_both_years():
    """A start year alone is refused."""
    assert_refused(lambda: PlanFactory(start_year=2024, end_year=None))


def test_a_period_may_be_left_out():
    """Some plans do not state a period."""
    plan = PlanFactory(start_year=None, end_year=None)
    assert plan.period == ""


def test_period_is_written_in_words():
    """2024-2029 reads '2024 to 2029'."""
    assert PlanFactory.build(start_year=2024, end_year=2029).period == "2024 to 2029"


def test_period_validation_message_is_clear():
    """full_clean explains what a valid period is."""
    plan = PlanFactory.build(
        partnership=PartnershipFactory(), start_year=2030, end_year=2020
    )
    with pytest.raises(ValidationError, match="The period must have both years"):
        plan.full_clean()


def test_plan_slugs_are_unique_per_partnership():
    """Two partnerships may reuse a plan slug; one partnership may not."""
    plan = PlanFactory(slug="community-safety-plan")
    PlanFactory(slug="community-safety-plan")
    assert_refused(
        lambda: PlanFactory(slug="community-safety-plan", partnership=plan.partnership)
    )


def test_a_published_plan_has_a_published_date():
    """Publishing without a date is refused by the database."""
    assert_refused(lambda: PlanFactory(status=Plan.Status.PUBLISHED, published_on=None))


def test_section_slugs_are_unique_per_plan():
    """Each section of a plan has its own anchor."""
    section = PlanSectionFactory(slug="crime-harm")
    assert_refused(lambda: PlanSectionFactory(slug="crime-harm", plan=section.plan))


def test_an_alignment_points_at_one_thing():
    """An alignment names either a portal plan or an outside document, not both."""
    plan, other = PlanFactory(), PlanFactory()
    assert_refused(
        lambda: PlanAlignment.objects.create(plan=plan, aligned_plan=other, title="X")
    )
    assert_refused(lambda: PlanAlignment.objects.create(plan=plan))


def test_a_plan_cannot_align_with_itself():
    """Self-alignment is refused."""
    plan = PlanFactory()
    assert_refused(lambda: PlanAlignment.objects.create(plan=plan, aligned_plan=plan))


def test_public_means_published_or_superseded_of_a_published_partnership():
    """Drafts and plans of unpublished partnerships are never public."""
    published = PlanFactory(status=Plan.Status.PUBLISHED)
    superseded = PlanFactory(
        status=Plan.Status.SUPERSEDED, published_on=datetime.date(2020, 1, 1)
    )
    PlanFactory(status=Plan.Status.DRAFT)
    PlanFactory(partnership=PartnershipFactory(is_published=False))
    assert set(Plan.objects.public()) == {published, superseded}
