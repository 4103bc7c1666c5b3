"""Site administrators' pages for a partnership's officers and their roles."""

import pytest
from django.urls import reverse

from partnerships.models import OfficerRole
from tests.utils import page_text

pytestmark = pytest.mark.django_db


def test_the_dashboard_leads_administrators_to_invitations_and_officers(
    client, two_partnerships
):
    """The invite page and each partnership's officers, from the dashboard."""
    client.force_login(two_partnerships["users"]["admin"])
    response = client.get(reverse("manage:dashboard"))
    assert reverse("account:invite") in response.text
    slug = two_partnerships["a"]["partnership"].slug
    assert reverse("manage:officer_list", args=[slug]) in response.text
    client.force_login(two_partnerships["users"]["editor_a"])
    response = client.get(reverse("manage:dashboard"))
    assert reverse("account:invite") not in response.text


def test_the_officer_list_shows_roles_last_sign_in_and_the_trail(
    client, two_partnerships
):
    """Each officer of A with roles and last sign-in; nobody of B."""
    users = two_partnerships["users"]
    client.force_login(users["officer_a"])  # sets last_login
    client.force_login(users["admin"])
    slug = two_partnerships["a"]["partnership"].slug
    text = page_text(client.get(reverse("manage:officer_list", args=[slug])))
    assert "officer_a@test.example" in text
    assert "Consultation manager" in text
    assert "Never" in text  # editor_a never signed in
    assert "officer_b@test.example" not in text
    assert "Changes to roles" in text


def test_an_administrator_changes_and_revokes_a_role_through_the_pages(
    client, two_partnerships
):
    """Change roles (with an error for none), then revoke; both in the trail."""
    users = two_partnerships["users"]
    partnership = two_partnerships["a"]["partnership"]
    officer = users["officer_a"]
    client.force_login(users["admin"])
    url = reverse("manage:officer_roles", args=[partnership.slug, officer.pk])
    empty = client.post(url, {})
    assert "govuk-error-summary" in empty.text
    assert "Select at least one role, or revoke their access" in page_text(empty)
    assert client.post(url, {"roles": ["editor"]}).status_code == 302
    assert list(
        OfficerRole.objects.filter(user=officer).values_list("role", flat=True)
    ) == ["editor"]
    revoke = reverse("manage:officer_revoke", args=[partnership.slug, officer.pk])
    assert "Revoke access" in client.get(revoke).text
    assert client.post(revoke).status_code == 302
    assert not OfficerRole.objects.filter(user=officer).exists()
    trail = page_text(
        client.get(reverse("manage:officer_list", args=[partnership.slug]))
    )
    assert f"Removed a role {officer} as Editor of {partnership}" in trail
    # The officer is gone from the list, and their page is not found.
    assert client.get(url).status_code == 404


def test_someone_without_a_role_in_the_partnership_is_not_found(
    client, two_partnerships
):
    """Officer of B under A's address: 404, even for an administrator."""
    users = two_partnerships["users"]
    client.force_login(users["admin"])
    slug = two_partnerships["a"]["partnership"].slug
    url = reverse("manage:officer_roles", args=[slug, users["officer_b"].pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"roles": ["editor"]}).status_code == 404
    assert not OfficerRole.objects.filter(
        user=users["officer_b"], partnership=two_partnerships["a"]["partnership"]
    ).exists()
