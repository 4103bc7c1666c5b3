"""Changing and revoking officers' roles: recorded with who and when; someone
left with no role loses every session and every staff page."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from partnerships.models import OfficerRole
from partnerships.selectors import role_changes_for_partnership
from partnerships.services import officer_roles_revoke, officer_roles_set
from plans.deadlines.calendar import calendar_token_create
from plans.deadlines.services import duty_configure
from plans.models import CalendarToken, Deadline
from tests.partnerships.factories import PartnershipFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


@pytest.fixture
def world(django_user_model):
    admin = django_user_model.objects.create_superuser(
        "admin@test.example", "admin@test.example", PASSWORD, first_name="Ada"
    )
    a, b = PartnershipFactory(), PartnershipFactory()
    officer = django_user_model.objects.create_user(
        "jo@test.example", "jo@test.example", PASSWORD, first_name="Jo"
    )
    OfficerRole.objects.create(user=officer, partnership=a, role="officer")
    OfficerRole.objects.create(user=officer, partnership=a, role="editor")
    return admin, a, b, officer


def signed_in(user) -> Client:
    """A browser with its own session of ``user`` (stored in the database)."""
    client = Client()
    client.force_login(user)
    return client


def test_setting_roles_records_each_change_with_who_did_it(world):
    """Roles given and taken away, each in the audit trail with the admin."""
    admin, a, _, officer = world
    officer_roles_set(
        user=officer,
        partnership=a,
        roles=["editor", "consultation_manager"],
        actor=admin,
    )
    roles = set(
        OfficerRole.objects.filter(user=officer, partnership=a).values_list(
            "role", flat=True
        )
    )
    assert roles == {"editor", "consultation_manager"}
    changes = role_changes_for_partnership(partnership=a)
    latest = {(c["what"], c["description"]) for c in changes if c["by"] == "Ada"}
    assert latest == {
        ("Gave a role", f"{officer} as Consultation manager of {a}"),
        ("Removed a role", f"{officer} as Officer of {a}"),
    }
    # The audit trail (AuditEvent) also has the roles the fixture gave.
    assert all(c["description"].startswith(str(officer)) for c in changes)
    assert all(isinstance(c["when"], datetime.datetime) for c in changes)


def test_only_site_administrators_change_roles(world):
    """An editor cannot give or take roles, even in their own partnership."""
    _, a, _, officer = world
    with pytest.raises(PermissionDenied):
        officer_roles_set(user=officer, partnership=a, roles=["editor"], actor=officer)
    with pytest.raises(PermissionDenied):
        officer_roles_revoke(user=officer, partnership=a, actor=officer)


def test_no_role_or_an_unknown_role_is_refused(world):
    admin, a, _, officer = world
    for roles in ([], ["owner"]):
        with pytest.raises(ValidationError):
            officer_roles_set(user=officer, partnership=a, roles=roles, actor=admin)
    assert OfficerRole.objects.filter(user=officer).count() == 2


def test_revoking_the_last_role_ends_every_session_on_the_next_request(
    world, django_capture_on_commit_callbacks
):
    """Signed in on two browsers; once the admin revokes the last role, both
    are signed out: the next request goes to the sign-in page."""
    admin, a, _, officer = world
    browsers = [signed_in(officer), signed_in(officer)]
    for browser in browsers:
        assert browser.get(reverse("manage:dashboard")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert officer_roles_revoke(user=officer, partnership=a, actor=admin) == 2
    assert not [
        s
        for s in Session.objects.all()
        if s.get_decoded().get("_auth_user_id") == str(officer.pk)
    ]
    for browser in browsers:
        response = browser.get(reverse("manage:dashboard"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account:sign_in"))
    changes = role_changes_for_partnership(partnership=a)
    assert {(c["what"], c["by"]) for c in changes[:2]} == {("Removed a role", "Ada")}


def test_a_surviving_session_is_refused_and_signed_out(world):
    """Even where a session outlives the revocation (a role deleted some other
    way), the next staff request signs them out with a 403 page."""
    _, a, _, officer = world
    browser = signed_in(officer)
    OfficerRole.objects.filter(user=officer).delete()
    response = browser.get(reverse("manage:partnership", args=[a.slug]))
    assert response.status_code == 403
    assert "You do not have access to the staff pages" in response.text
    assert "no-store" in response["Cache-Control"]
    again = browser.get(reverse("manage:dashboard"))
    assert again.status_code == 302
    # Signing in again does not let them back in.
    browser = signed_in(officer)
    assert browser.get(reverse("manage:dashboard")).status_code == 403


def test_an_officer_of_another_partnership_keeps_their_access(
    world, django_capture_on_commit_callbacks
):
    """Revoking one partnership's roles leaves the others and the session."""
    admin, a, b, officer = world
    OfficerRole.objects.create(user=officer, partnership=b, role="officer")
    browser = signed_in(officer)
    with django_capture_on_commit_callbacks(execute=True):
        officer_roles_revoke(user=officer, partnership=a, actor=admin)
    assert browser.get(reverse("manage:dashboard")).status_code == 200
    assert browser.get(reverse("manage:partnership", args=[a.slug])).status_code == 404
    assert browser.get(reverse("manage:partnership", args=[b.slug])).status_code == 200


def test_someone_who_leaves_owns_no_deadline_and_loses_their_calendar(
    world, django_capture_on_commit_callbacks
):
    """No reminders or calendar feed for a partnership they left."""
    admin, a, _, officer = world
    duty = duty_configure(
        partnership=a,
        kind="scrutiny",
        cadence="annual",
        due_month=3,
        due_day=31,
        owners=[officer],
    )
    token = calendar_token_create(user=officer, partnership=a)
    with django_capture_on_commit_callbacks(execute=True):
        officer_roles_revoke(user=officer, partnership=a, actor=admin)
    assert not Deadline.objects.filter(owners=officer).exists()
    assert not duty.default_owners.filter(pk=officer.pk).exists()
    assert CalendarToken.objects.get(pk=token.pk).revoked_at is not None
