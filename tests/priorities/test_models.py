from decimal import Decimal

import pytest

from priorities.models import Indicator
from tests.priorities.factories import (
    EvidenceFactory,
    IndicatorFactory,
    PriorityFactory,
)
from tests.utils import assert_refused

pytestmark = pytest.mark.django_db


def test_priority_slugs_are_unique_per_plan():
    """A plan cannot have two priorities at the same address."""
    priority = PriorityFactory(slug="antisocial-behaviour")
    PriorityFactory(slug="antisocial-behaviour")
    assert_refused(
        lambda: PriorityFactory(slug="antisocial-behaviour", plan=priority.plan)
    )


def test_each_kind_of_evidence_is_recorded_once():
    """'Residents' views' appears once per priority."""
    evidence = EvidenceFactory()
    assert_refused(
        lambda: EvidenceFactory(priority=evidence.priority, kind=evidence.kind)
    )


def test_a_reduction_target_cannot_be_an_increase():
    """A target of +4.5% with direction 'reduce' is refused."""
    assert_refused(lambda: IndicatorFactory(target_percent=Decimal("4.5")))


@pytest.mark.parametrize(
    ("direction", "target", "change", "result"),
    [
        ("reduce", "-4.5", "-5.0", "achieved"),
        ("reduce", "-4.5", "-4.5", "achieved"),
        ("reduce", "-4.5", "-4.4", "missed"),
        ("reduce", "-4.2", "29.4", "missed"),
        ("increase", "2.0", "3.0", "achieved"),
        ("increase", "2.0", "1.9", "missed"),
    ],
)
def test_result_is_worked_out_from_the_target(direction, target, change, result):
    """Achieved when the change meets the target in the right direction."""
    indicator = IndicatorFactory.build(
        direction=direction,
        target_percent=Decimal(target),
        change_percent=Decimal(change),
    )
    assert indicator.result == result


def test_published_result_is_used_when_no_target_is_recorded():
    """Kingston 2009/10: robbery -2.6% was reported as missed, target unknown."""
    indicator = IndicatorFactory.build(
        change_percent=Decimal("-2.6"), reported_result=Indicator.Result.MISSED
    )
    assert indicator.result == "missed"
    assert indicator.get_result_display() == "Target missed"


def test_no_measurement_yet():
    """A target with no outcome reads 'Not yet measured'."""
    indicator = IndicatorFactory.build(target_percent=Decimal("-1.0"))
    assert indicator.result == ""
    assert indicator.get_result_display() == "Not yet measured"
