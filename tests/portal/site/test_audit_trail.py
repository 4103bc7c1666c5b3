"""The audit trail: who read or exported raw responses and who changed roles;
readable by the staff allowed to, never by residents or other officers."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from partnerships.models import OfficerRole
from portal.core.models import AuditEvent
from tests.utils import sign_in

pytestmark = pytest.mark.django_db


def actions():
    return list(AuditEvent.objects.order_by("id").values_list("action", "actor__email"))


def test_reading_and_exporting_responses_are_recorded(client, two_partnerships):
    """The results page (free text) and the CSV each leave an event naming
    who, what and which partnership."""
    world = two_partnerships
    manager = world["users"]["manager_a"]
    consultation = world["a"]["consultation"]
    AuditEvent.objects.all().delete()
    sign_in(client, manager)
    assert (
        client.get(
            reverse("manage:consultation_results", args=[consultation.pk])
        ).status_code
        == 200
    )
    export = client.get(reverse("manage:consultation_export", args=[consultation.pk]))
    b"".join(export.streaming_content)
    assert actions() == [
        ("responses_viewed", manager.email),
        ("responses_exported", manager.email),
    ]
    event = AuditEvent.objects.last()
    assert event.object_label == f"engagement.consultation:{consultation.pk}"
    assert event.partnership_id == world["a"]["partnership"].pk


def test_role_changes_are_recorded_with_who_made_them(client, two_partnerships):
    """Giving a role through the invitation page names the administrator (from
    the request); changing and removing one outside a request (the shell) is
    recorded with no actor."""
    world = two_partnerships
    admin = world["users"]["admin"]
    AuditEvent.objects.all().delete()
    sign_in(client, admin)
    invited = client.post(
        reverse("account:invite"),
        {
            "email": "new.officer@example.org",
            "partnership": world["a"]["partnership"].pk,
            "role": "officer",
        },
    )
    assert invited.status_code == 302
    role = OfficerRole.objects.get(user__email="new.officer@example.org")
    role.role = "editor"
    role.save()
    role.delete()
    assert actions() == [
        ("role_given", admin.email),
        ("role_changed", None),
        ("role_removed", None),
    ]
    descriptions = list(
        AuditEvent.objects.order_by("id").values_list("description", flat=True)
    )
    assert "new.officer@example.org" in descriptions[0]
    assert "(was Officer)" in descriptions[1]


def test_only_allowed_staff_read_the_trail(client, two_partnerships, django_user_model):
    """Site administrators and staff given the permission read it; officers,
    editors and managers get "page not found"; residents are sent to sign in."""
    world = two_partnerships
    url = reverse("manage:audit")
    AuditEvent.objects.create(
        action="responses_viewed", object_label="x:1", description="Something read"
    )
    assert client.get(url)["Location"].startswith(reverse("account:sign_in"))
    for name in ("officer_a", "editor_a", "manager_a"):
        sign_in(client, world["users"][name])
        assert client.get(url).status_code == 404, name
    sign_in(client, world["users"]["admin"])
    page = client.get(url)
    assert page.status_code == 200
    assert "Something read" in page.text
    auditor = django_user_model.objects.create_user("auditor@test.example")
    auditor.user_permissions.add(Permission.objects.get(codename="view_auditevent"))
    sign_in(client, auditor)
    assert client.get(url).status_code == 200
