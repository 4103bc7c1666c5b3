"""Site administrators manage duties, deadlines and see reminders in the admin."""

import datetime

import pytest
from django.urls import reverse

from plans.admin import DeadlineForm, StatutoryDutyForm
from plans.models import Deadline, Reminder

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def world(two_partnerships):
    return two_partnerships


def deadline_data(world, **changes):
    a = world["a"]
    data = {
        "partnership": a["partnership"].pk,
        "duty": a["deadline"].duty_id,
        "due_date": "2030-01-31",
        "period_label": "2029/30",
        "case_reference": "",
        "case_stage": "",
        "owners": [world["users"]["officer_a"].pk],
    }
    return data | changes


def test_deadline_owner_must_be_an_officer_of_the_partnership(world):
    """An officer of B cannot own A's deadline; an officer of A can."""
    form = DeadlineForm(
        data=deadline_data(world, owners=[world["users"]["officer_b"].pk])
    )
    assert not form.is_valid()
    assert "officer_b@test.example is not" in form.errors["owners"][0]
    assert DeadlineForm(data=deadline_data(world)).is_valid()


def test_deadline_duty_must_be_of_the_same_partnership(world):
    """A's deadline cannot hang off B's duty."""
    form = DeadlineForm(data=deadline_data(world, duty=world["b"]["deadline"].duty_id))
    assert not form.is_valid()
    assert "Choose a duty of" in form.errors["duty"][0]


def test_duty_form_shows_the_models_own_checks(world):
    """A quarterly duty without its first quarter, or a default owner from
    elsewhere, is refused with a message."""
    form = StatutoryDutyForm(
        data={
            "partnership": world["a"]["partnership"].pk,
            "kind": "data_sharing",
            "cadence": "quarterly",
            "interval_months": 12,
            "case_decision_months": 1,
            "case_completion_months": 6,
            "reminder_offsets": "[90, 30, 7, 0]",
            "overdue_every_days": 7,
            "default_owners": [world["users"]["officer_b"].pk],
        }
    )
    assert not form.is_valid()
    assert "needs its first quarter" in form.errors["start_quarter"][0]
    assert "is not" in form.errors["default_owners"][0]


def test_admin_saving_a_deadline_with_an_outsider_changes_nothing(client, world):
    """Through the admin page: the error is shown and owners stay as they were."""
    deadline = world["a"]["deadline"]
    client.force_login(world["users"]["admin"])
    url = reverse("admin:plans_deadline_change", args=[deadline.pk])
    data = deadline_data(
        world,
        due_date=deadline.due_date.isoformat(),
        period_label=deadline.period_label,
        owners=[world["users"]["officer_b"].pk],
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "officer_b@test.example is not" in response.text
    assert list(deadline.owners.all()) == [world["users"]["officer_a"]]


def test_admin_lists_failed_reminders_with_their_error(client, world):
    """The reminder list filters by status; a failed one shows its last error."""
    deadline = world["a"]["deadline"]
    failed = Reminder.objects.create(
        deadline=deadline,
        user=world["users"]["officer_a"],
        key="before:30",
        status=Reminder.Status.FAILED,
        attempts=3,
        last_error="SMTPServerDisconnected: Connection unexpectedly closed",
    )
    client.force_login(world["users"]["admin"])
    listing = client.get(reverse("admin:plans_reminder_changelist") + "?status=failed")
    assert listing.status_code == 200
    assert "before:30" in listing.text
    detail = client.get(reverse("admin:plans_reminder_change", args=[failed.pk]))
    assert "Connection unexpectedly closed" in detail.text
    assert client.get(reverse("admin:plans_reminder_add")).status_code == 403


@pytest.mark.parametrize("status", ["", "overdue", "due", "upcoming", "done"])
def test_admin_deadline_list_filters_by_status(client, world, status):
    """Every status filter answers."""
    client.force_login(world["users"]["admin"])
    url = reverse("admin:plans_deadline_changelist")
    response = client.get(url + (f"?status={status}" if status else ""))
    assert response.status_code == 200


def test_admin_pages_for_duties_answer(client, world):
    """The duty list and a duty with its deadlines inline."""
    client.force_login(world["users"]["admin"])
    duty = world["a"]["deadline"].duty
    listing = client.get(reverse("admin:plans_statutoryduty_changelist"))
    assert listing.status_code == 200
    page = client.get(reverse("admin:plans_statutoryduty_change", args=[duty.pk]))
    assert page.status_code == 200
    assert world["a"]["deadline"].period_label in page.text
    assert Deadline.objects.filter(duty=duty).count() == 1


def duty_post(world, **changes):
    data = {
        "partnership": world["a"]["partnership"].pk,
        "kind": "scrutiny",
        "cadence": "annual",
        "due_month": 2,
        "due_day": 28,
        "interval_months": 12,
        "case_decision_months": 1,
        "case_completion_months": 6,
        "reminder_offsets": "[30, 7, 0]",
        "overdue_every_days": 7,
        "default_owners": [world["users"]["officer_a"].pk],
        "deadlines-TOTAL_FORMS": 0,
        "deadlines-INITIAL_FORMS": 0,
        "deadlines-MIN_NUM_FORMS": 0,
        "deadlines-MAX_NUM_FORMS": 1000,
    }
    return data | changes


def test_admin_adding_an_annual_duty_opens_its_first_deadline(client, world):
    """Saved in the admin, the duty gets its next deadline, owned by its owners."""
    client.force_login(world["users"]["admin"])
    response = client.post(reverse("admin:plans_statutoryduty_add"), duty_post(world))
    assert response.status_code == 302
    deadline = Deadline.objects.get(duty__kind="scrutiny")
    assert (deadline.due_date.month, deadline.due_date.day) == (2, 28)
    assert deadline.partnership == world["a"]["partnership"]
    assert list(deadline.owners.all()) == [world["users"]["officer_a"]]


def test_admin_duty_on_a_set_date_takes_its_first_deadline_inline(client, world):
    """Without a first date it asks for one; given inline, it belongs to the
    duty's partnership and goes to the duty's owners."""
    client.force_login(world["users"]["admin"])
    data = duty_post(
        world,
        kind="information_sharing_review",
        cadence="on_date",
        interval_months=24,
    )
    response = client.post(reverse("admin:plans_statutoryduty_add"), data, follow=True)
    assert "Add the first deadline of this duty below" in response.text
    duty = world["a"]["partnership"].duties.get(kind="information_sharing_review")
    assert not duty.deadlines.exists()
    inline = {
        "deadlines-TOTAL_FORMS": 1,
        "deadlines-0-due_date": "2027-03-31",
        "deadlines-0-period_label": "",
        "deadlines-0-case_reference": "",
        "deadlines-0-case_stage": "",
        "deadlines-0-duty": duty.pk,
    }
    response = client.post(
        reverse("admin:plans_statutoryduty_change", args=[duty.pk]), data | inline
    )
    assert response.status_code == 302
    deadline = duty.deadlines.get()
    assert deadline.due_date == D(2027, 3, 31)
    assert deadline.partnership == world["a"]["partnership"]
    assert list(deadline.owners.all()) == [world["users"]["officer_a"]]


def test_admin_cannot_mark_a_deadline_done(client, world):
    """Done, by and evidence posted to the change form are ignored: the deadline
    stays open (no next cycle opens) and the page links to the staff page."""
    deadline = world["a"]["deadline"]
    client.force_login(world["users"]["admin"])
    url = reverse("admin:plans_deadline_change", args=[deadline.pk])
    data = deadline_data(
        world,
        due_date=deadline.due_date.isoformat(),
        period_label=deadline.period_label,
        completed_on="2026-01-05",
        completed_by=world["users"]["admin"].pk,
        evidence_url="https://example.org/assessment.pdf",
    )
    response = client.post(url, data)
    assert response.status_code == 302
    deadline.refresh_from_db()
    assert (deadline.completed_on, deadline.evidence_url) == (None, "")
    assert Deadline.objects.filter(duty=deadline.duty).count() == 1
    page = client.get(url)
    assert reverse("manage:deadline_complete", args=[deadline.pk]) in page.text


def test_admin_changes_owners_through_the_service(client, world, monkeypatch):
    """Owners go through deadline_set_owners, which checks each is an officer."""
    from plans.deadlines import services

    called = []
    real = services.deadline_set_owners
    monkeypatch.setattr(
        services,
        "deadline_set_owners",
        lambda **kwargs: called.append(kwargs["actor"]) or real(**kwargs),
    )
    deadline = world["a"]["deadline"]
    client.force_login(world["users"]["admin"])
    data = deadline_data(
        world,
        due_date=deadline.due_date.isoformat(),
        period_label=deadline.period_label,
        owners=[world["users"]["officer_a"].pk, world["users"]["editor_a"].pk],
    )
    response = client.post(
        reverse("admin:plans_deadline_change", args=[deadline.pk]), data
    )
    assert response.status_code == 302
    assert called == [world["users"]["admin"]]
    assert set(deadline.owners.all()) == {
        world["users"]["officer_a"],
        world["users"]["editor_a"],
    }
