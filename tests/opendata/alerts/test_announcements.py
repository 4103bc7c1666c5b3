"""Apps announce what they publish; the alerts record each publication once."""

import datetime

import pytest
from django.utils import timezone

from engagement import services as engagement_services
from opendata.models import Event
from partnerships.models import Area
from plans.models import Plan
from plans.services import plan_publish
from priorities.crime.services import crime_months_announce, crime_path_import
from priorities.models import MonthlyCrimeCount
from priorities.services import priority_publish
from tests.engagement.factories import ConsultationFactory, QuestionFactory
from tests.partnerships.factories import PartnershipFactory
from tests.plans.factories import PlanFactory
from tests.priorities.conftest import lookups  # noqa: F401  (a fixture)
from tests.priorities.crime.test_crime_import import BURGLARY_2023, BURGLARY_2024
from tests.priorities.factories import PriorityFactory

pytestmark = pytest.mark.django_db


def kinds():
    return sorted(Event.objects.values_list("kind", "key"))


def test_publishing_a_plan_is_announced_once_per_publication(db):
    """A first publication, then a second with changes: two events; publishing
    with nothing pending: none."""
    plan = PlanFactory(status=Plan.Status.DRAFT)
    plan_publish(plan=plan)
    plan_publish(plan=plan)
    (event,) = Event.objects.all()
    assert event.kind == "plan_published"
    assert event.title == plan.title
    assert event.path == plan.get_absolute_url()
    plan.refresh_from_db()
    plan.draft = {"title": "Renamed"}
    plan.save()
    plan_publish(plan=plan)
    assert Event.objects.count() == 2


def test_nothing_is_announced_for_a_hidden_partnership(db):
    """Not public, not announced."""
    plan = PlanFactory(status=Plan.Status.DRAFT, partnership__is_published=False)
    plan_publish(plan=plan)
    assert not Event.objects.exists()


def test_a_priority_is_announced_only_once_its_plan_is_public(db):
    """Priorities of a draft plan arrive with the plan's own publication."""
    draft_plan = PlanFactory(status=Plan.Status.DRAFT)
    priority_publish(
        priority=PriorityFactory(plan=draft_plan, is_published=False), actor=None
    )
    assert not Event.objects.exists()
    live = PriorityFactory(plan=PlanFactory(), is_published=False)
    priority_publish(priority=live, actor=None)
    assert kinds() == [("priority_published", str(live.version + 1))]


def test_a_consultation_opening_and_its_results_are_announced(db):
    """Opened by the beat job, then results published: one event each, once."""
    now = timezone.now()
    consultation = ConsultationFactory(
        scheduled=True, opens_at=now - datetime.timedelta(minutes=1)
    )
    QuestionFactory(consultation=consultation)
    engagement_services.consultations_open_and_close()
    engagement_services.consultations_open_and_close()
    assert kinds() == [("consultation_opened", "")]
    engagement_services.consultation_close_now(consultation=consultation, actor=None)
    priority = PriorityFactory(plan__partnership=consultation.partnership)
    for _ in range(2):
        engagement_services.outcome_publish(
            consultation=consultation,
            actor=None,
            we_asked="Where do you feel unsafe?",
            you_said="The station.",
            actions=[("More patrols", priority, None)],
        )
    assert kinds() == [("consultation_opened", ""), ("consultation_results", "")]
    results = Event.objects.get(kind="consultation_results")
    assert results.path.endswith("/results/")


def test_a_new_month_of_crime_figures_is_announced_not_a_backfill(db):
    """The newest month of a borough's figures is announced once; loading an
    older month, or the same month again, is not."""
    area = Area.objects.create(
        name="Kingston", kind="local_authority", code="E09000021"
    )
    partnership = PartnershipFactory(area=area)
    rows = [("2024-01-01", 40), ("2023-01-01", 50)]
    MonthlyCrimeCount.objects.bulk_create(
        MonthlyCrimeCount(
            area_code=area.code,
            month=datetime.date.fromisoformat(month),
            crime_type="Burglary",
            count=count,
        )
        for month, count in rows
    )
    assert crime_months_announce(months=[datetime.date(2023, 1, 1)]) == 0
    assert crime_months_announce(months=[datetime.date(2024, 1, 1)]) == 1
    assert crime_months_announce(months=[datetime.date(2024, 1, 1)]) == 1
    (event,) = Event.objects.all()
    assert (event.kind, event.key, event.partnership_id) == (
        "crime_figures",
        "2024-01",
        partnership.pk,
    )
    assert event.title == "Crime figures for January 2024"


@pytest.mark.usefixtures("lookups")
def test_an_import_announces_its_month():
    """Importing police.uk files: January 2024 is announced, 2023 is not."""
    area = Area.objects.create(
        name="Kingston", kind="local_authority", code="E09000021"
    )
    PartnershipFactory(area=area)
    crime_path_import(path=BURGLARY_2024)
    crime_path_import(path=BURGLARY_2023)
    assert kinds() == [("crime_figures", "2024-01")]
