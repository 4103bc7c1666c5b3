"""Statutory duties and deadlines on the real database."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command

from plans.deadlines import services
from plans.models import Deadline, Plan, Reminder, StatutoryDuty
from plans.services import plan_publish
from tests.plans.factories import PlanFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def test_configuring_a_duty_opens_its_first_deadline(annual_duty, owner):
    """The next 31 January after today, owned by the duty's owners."""
    deadline = annual_duty.deadlines.get()
    assert deadline.due_date == D(2027, 1, 31)
    assert deadline.period_label == "2026/27"
    assert list(deadline.owners.all()) == [owner]
    assert deadline.status_on(D(2026, 11, 21)) == "upcoming"
    assert deadline.status_on(D(2027, 1, 1)) == "due"
    assert deadline.status_on(D(2027, 2, 1)) == "overdue"


@pytest.mark.parametrize(
    ("config", "field", "message"),
    [
        (
            {
                "cadence": "annual",
                "due_month": 1,
                "due_day": 31,
                "reminder_offsets": [30, -7],
            },
            "reminder_offsets",
            "cannot be negative",
        ),
        ({"cadence": "quarterly"}, "start_quarter", "needs its first quarter"),
        (
            {"cadence": "quarterly", "start_quarter": D(2026, 5, 1)},
            "start_quarter",
            "first day of a quarter",
        ),
        ({"cadence": "annual"}, "due_month", "needs the month and day"),
    ],
)
def test_bad_configuration_is_refused_clearly(partnership, config, field, message):
    """Negative offsets, a quarterly duty without a start quarter... change nothing."""
    with pytest.raises(ValidationError) as refused:
        services.duty_configure(partnership=partnership, kind="data_sharing", **config)
    assert message in " ".join(refused.value.message_dict[field])
    assert not StatutoryDuty.objects.exists()
    assert not Deadline.objects.exists()


def test_an_owner_must_be_an_officer_of_the_partnership(partnership, django_user_model):
    """Someone from outside the partnership cannot own its deadlines."""
    stranger = django_user_model.objects.create_user("stranger@test.example")
    with pytest.raises(ValidationError, match="is not"):
        services.duty_configure(
            partnership=partnership,
            kind="scrutiny",
            cadence="annual",
            due_month=2,
            due_day=28,
            owners=[stranger],
        )
    assert not StatutoryDuty.objects.exists()


def test_completing_opens_the_next_annual_cycle(annual_duty, owner):
    """Done on 20 January 2027: the next is due 31 January 2028."""
    deadline = annual_duty.deadlines.get()
    services.deadline_complete(
        deadline=deadline,
        actor=owner,
        evidence_url="https://example.org/sa.pdf",
        today=D(2027, 1, 20),
    )
    open_deadline = annual_duty.deadlines.get(completed_on__isnull=True)
    assert open_deadline.due_date == D(2028, 1, 31)
    assert list(open_deadline.owners.all()) == [owner]


def test_completing_twice_changes_nothing(annual_duty, owner):
    """The second completion writes nothing and opens no third deadline."""
    deadline = annual_duty.deadlines.get()
    for _ in range(2):
        services.deadline_complete(
            deadline=deadline, actor=owner, evidence_url="https://example.org/a"
        )
    assert annual_duty.deadlines.count() == 2


def test_completing_needs_evidence(annual_duty, owner):
    """No link, no completion."""
    with pytest.raises(ValidationError, match="link to the evidence"):
        services.deadline_complete(deadline=annual_duty.deadlines.get(), actor=owner)
    assert annual_duty.deadlines.get().completed_on is None


def test_quarterly_cycle_across_the_year_end(partnership, owner):
    """October to December is due 31 March; the next quarter is due 30 June."""
    duty = services.duty_configure(
        partnership=partnership,
        kind="data_sharing",
        cadence="quarterly",
        start_quarter=D(2026, 10, 1),
        owners=[owner],
    )
    first = duty.deadlines.get()
    assert (first.due_date, first.period_label) == (
        D(2027, 3, 31),
        "October to December 2026",
    )
    services.deadline_complete(
        deadline=first, actor=owner, evidence_url="https://e.org"
    )
    second = duty.deadlines.get(completed_on__isnull=True)
    assert (second.due_date, second.period_label) == (
        D(2027, 6, 30),
        "January to March 2027",
    )


def test_leap_day_annual_duty(partnership, owner):
    """Due on 29 February: 28 February 2027, then 29 February 2028."""
    duty = services.duty_configure(
        partnership=partnership,
        kind="scrutiny",
        cadence="annual",
        due_month=2,
        due_day=29,
        owners=[owner],
        today=D(2026, 11, 21),
    )
    first = duty.deadlines.get()
    assert first.due_date == D(2027, 2, 28)
    services.deadline_complete(
        deadline=first, actor=owner, evidence_url="https://e.org"
    )
    assert duty.deadlines.get(completed_on__isnull=True).due_date == D(2028, 2, 29)


def test_on_date_duty_needs_its_first_date_then_repeats(partnership, owner):
    """An information sharing protocol review on a set date, then every 24 months."""
    with pytest.raises(ValidationError, match="first review"):
        services.duty_configure(
            partnership=partnership,
            kind="information_sharing_review",
            cadence="on_date",
        )
    duty = services.duty_configure(
        partnership=partnership,
        kind="information_sharing_review",
        cadence="on_date",
        interval_months=24,
        first_due=D(2027, 3, 31),
        owners=[owner],
    )
    first = duty.deadlines.get()
    services.deadline_complete(
        deadline=first, actor=owner, evidence_url="https://e.org"
    )
    assert duty.deadlines.get(completed_on__isnull=True).due_date == D(2029, 3, 31)


def test_domestic_homicide_review_case(partnership, owner):
    """Decide within 1 month of notification, complete within 6 (configurable)."""
    duty = services.duty_configure(
        partnership=partnership,
        kind="domestic_homicide_review",
        cadence="per_case",
        case_completion_months=9,
        owners=[owner],
    )
    assert not duty.deadlines.exists()
    decision, completion = services.case_open(
        duty=duty, reference="DHR 1", notified_on=D(2027, 1, 31)
    )
    assert decision.due_date == D(2027, 2, 28)
    assert completion.due_date == D(2027, 10, 31)
    assert "decide whether to hold a review" in decision.title


def test_publishing_a_strategic_assessment_completes_its_deadline(annual_duty, owner):
    """Publish the document: the deadline is done with it as evidence; next opens."""
    plan = PlanFactory(
        partnership=annual_duty.partnership,
        kind=Plan.Kind.STRATEGIC_ASSESSMENT,
        status=Plan.Status.DRAFT,
    )
    with time_machine.travel("2027-01-10 09:00Z", tick=False):
        plan_publish(plan=plan, actor=owner)
    done = annual_duty.deadlines.get(due_date=D(2027, 1, 31))
    assert done.completed_on == D(2027, 1, 10)
    assert done.evidence_plan == plan
    assert annual_duty.deadlines.get(completed_on__isnull=True).due_date == D(
        2028, 1, 31
    )


def test_a_deadline_completed_before_its_reminder_gets_none(annual_duty, owner):
    """Done in October: no 90-day reminder in November."""
    services.deadline_complete(
        deadline=annual_duty.deadlines.get(),
        actor=owner,
        evidence_url="https://e.org",
        today=D(2026, 10, 1),
    )
    assert services.reminders_due(today=D(2026, 11, 2)) == []


def test_the_daily_job_records_each_reminder_once(
    annual_duty, owner, django_capture_on_commit_callbacks
):
    """Run twice on the same day, then the next day: one reminder row."""
    with django_capture_on_commit_callbacks() as queued:
        first = services.reminders_queue(today=D(2026, 11, 2))
        second = services.reminders_queue(today=D(2026, 11, 2))
        third = services.reminders_queue(today=D(2026, 11, 3))
    assert [r.key for r in first] == ["before:90"]
    assert second == third == []
    assert Reminder.objects.get().key == "before:90"
    assert len(queued) == 1


def test_dry_run_writes_nothing(annual_duty, owner):
    """--dry-run lists and records nothing."""
    planned = services.reminders_queue(today=D(2027, 1, 31), dry_run=True)
    assert [p.key for p in planned] == ["before:0"]
    assert not Reminder.objects.exists()


def test_send_reminders_command_prints_what_it_sends(annual_duty, capsys):
    """The cron command names each reminder and the count."""
    call_command("send_reminders", "--dry-run", "--today", "2027-02-07")
    out = capsys.readouterr().out
    assert (
        "Would send: Safer Testborough Partnership: Strategic assessment 2026/27" in out
    )
    assert "7 days overdue" in out
    assert "Would send 1 reminder." in out


def test_send_reminders_command_refuses_a_bad_date(annual_duty):
    """A clear message for a date that is not YYYY-MM-DD."""
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="must be a date like"):
        call_command("send_reminders", "--today", "31/01/2027")
