"""Officers keep their wards' Safer Neighbourhood team and ward panel contacts."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from partnerships.models import WardContact
from partnerships.services import ward_contact_save
from portal.core.drafting import EditConflict
from tests.partnerships.factories import WardFactory

pytestmark = pytest.mark.django_db

TEAM = WardContact.Kind.SAFER_NEIGHBOURHOOD_TEAM
PANEL = WardContact.Kind.WARD_PANEL


def team_data(**changes):
    return {
        "name": "Norbiton Safer Neighbourhood Team",
        "email": "norbiton.snt@example.org",
        "phone": "101",
        "url": "",
        "details": "Street surgery every first Saturday.",
        **changes,
    }


@pytest.fixture
def world(two_partnerships):
    return two_partnerships


def edit_url(ward, kind=PANEL):
    return reverse("manage:ward_contact_edit", args=[ward.pk, kind])


# --- The service --------------------------------------------------------------------


def test_a_contact_is_created_then_changed_with_its_version(world):
    ward = world["a"]["ward"]
    officer = world["users"]["officer_a"]
    contact = ward_contact_save(
        ward=ward, kind=TEAM, actor=officer, data=team_data(), version=0
    )
    assert (contact.version, contact.updated_by) == (1, officer)
    changed = ward_contact_save(
        ward=ward, kind=TEAM, actor=officer, data=team_data(phone="020 7946 0001"),
        version=1,
    )  # fmt: skip
    assert (changed.pk, changed.version, changed.phone) == (
        contact.pk,
        2,
        "020 7946 0001",
    )


def test_saving_the_same_values_again_changes_nothing(world):
    ward = world["a"]["ward"]
    first = ward_contact_save(ward=ward, kind=TEAM, actor=None, data=team_data(),
                              version=0)  # fmt: skip
    again = ward_contact_save(ward=ward, kind=TEAM, actor=None, data=team_data(),
                              version=1)  # fmt: skip
    assert (again.version, again.updated_at) == (1, first.updated_at)


def test_a_save_from_an_old_version_is_a_conflict(world):
    ward = world["a"]["ward"]
    ward_contact_save(ward=ward, kind=TEAM, actor=None, data=team_data(), version=0)
    with pytest.raises(EditConflict):
        ward_contact_save(ward=ward, kind=TEAM, actor=None, data=team_data(), version=0)
    ward_contact_save(ward=ward, kind=TEAM, actor=None, data=team_data(phone="1"),
                      version=1)  # fmt: skip
    with pytest.raises(EditConflict):
        ward_contact_save(ward=ward, kind=TEAM, actor=None, data=team_data(), version=1)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (team_data(name=" "), "name"),
        (team_data(email="", phone="", url=""), "email"),
    ],
)
def test_a_contact_needs_a_name_and_a_way_to_reach_it(world, data, field):
    with pytest.raises(ValidationError) as refused:
        ward_contact_save(
            ward=world["a"]["ward"], kind=TEAM, actor=None, data=data, version=0
        )
    assert field in refused.value.message_dict
    assert not WardContact.objects.exists()


def test_only_current_wards_keep_contacts(world):
    old = WardFactory(
        parent=world["a"]["partnership"].area, valid_to=datetime.date(2022, 5, 4)
    )
    with pytest.raises(ValidationError):
        ward_contact_save(ward=old, kind=TEAM, actor=None, data=team_data(), version=0)


# --- The pages ----------------------------------------------------------------------


def test_an_officer_adds_the_ward_panel_and_residents_see_it(client, world):
    ward = world["a"]["ward"]
    client.force_login(world["users"]["officer_a"])
    page = client.get(reverse("manage:ward", args=[ward.pk])).text
    assert "Not added yet" in page
    response = client.post(
        edit_url(ward),
        {"name": "Ward panel", "email": "panel@example.org", "version": "0",
         "phone": "", "url": "", "details": "Meets quarterly."},
    )  # fmt: skip
    assert response.status_code == 302
    contact = WardContact.objects.get(ward=ward, kind=PANEL)
    assert contact.email == "panel@example.org"
    assert "panel@example.org" in client.get(response["Location"]).text


def test_an_invalid_contact_shows_the_error_summary_and_saves_nothing(client, world):
    ward = world["a"]["ward"]
    client.force_login(world["users"]["editor_a"])
    response = client.post(
        edit_url(ward),
        {"name": "", "email": "not an address", "version": "0"},
    )
    page = response.text
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "Enter the name of the team or panel" in page
    assert "Enter an email address in the correct format" in page
    assert not WardContact.objects.exists()


def test_two_officers_editing_at_once_see_both_versions(client, world):
    ward = world["a"]["ward"]
    ward_contact_save(ward=ward, kind=PANEL, actor=world["users"]["editor_a"],
                      data=team_data(name="Panel"), version=0)  # fmt: skip
    client.force_login(world["users"]["officer_a"])
    response = client.post(
        edit_url(ward), {**team_data(name="Panel", phone="999"), "version": "0"}
    )
    assert response.status_code == 200
    assert "Someone else saved this contact" in response.text
    assert WardContact.objects.get().phone == "101"


def test_another_partnerships_ward_is_not_found(client, world):
    """Officers of B get 404 for A's ward, whatever they try."""
    ward = world["a"]["ward"]
    client.force_login(world["users"]["officer_b"])
    assert client.get(reverse("manage:ward", args=[ward.pk])).status_code == 404
    assert client.get(edit_url(ward)).status_code == 404
    response = client.post(edit_url(ward), {**team_data(), "version": "0"})
    assert response.status_code == 404
    assert not WardContact.objects.exists()


def test_an_unknown_kind_of_contact_is_not_found(client, world):
    client.force_login(world["users"]["officer_a"])
    assert client.get(edit_url(world["a"]["ward"], "mayor")).status_code == 404


def test_the_partnership_staff_page_lists_its_wards(client, world):
    client.force_login(world["users"]["officer_a"])
    partnership = world["a"]["partnership"]
    page = client.get(reverse("manage:partnership", args=[partnership.slug])).text
    assert reverse("manage:ward", args=[world["a"]["ward"].pk]) in page
    assert reverse("manage:ward", args=[world["b"]["ward"].pk]) not in page
