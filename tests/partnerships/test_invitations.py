"""Inviting officers: the officer_invite service and the invite page."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from partnerships.models import OfficerRole
from partnerships.services import officer_invite
from tests.partnerships.factories import PartnershipFactory

User = get_user_model()

PASSWORD = "a long and unusual passphrase"
INVITE = "/account/invite/"
INVITATION_LINK = re.compile(r"https?://\S+/account/invitation/[^/\s]+/[^/\s]+/")


def build_url(path: str) -> str:
    return f"https://portal.example.org{path}"


@pytest.fixture
def admin(db):
    return User.objects.create_superuser(
        username="admin@example.org", email="admin@example.org", password=PASSWORD
    )


@pytest.fixture
def partnership(db):
    return PartnershipFactory(name="Safer Testborough Partnership")


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


def invite(admin, partnership, **overrides):
    arguments = {
        "email": "New.Officer@Example.org ",
        "partnership": partnership,
        "role": OfficerRole.Role.EDITOR,
        "actor": admin,
        "base_url_builder": build_url,
    }
    return officer_invite(**{**arguments, **overrides})


def link_from(message) -> str:
    match = INVITATION_LINK.search(message.body)
    assert match, message.body
    return match.group(0)


# The service


def test_invite_creates_user_and_role_and_emails_after_commit(
    admin, partnership, mailoutbox, django_capture_on_commit_callbacks
):
    """A new address gets a user, the role, and one email once committed."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        officer_role = invite(admin, partnership)
        assert mailoutbox == []  # nothing is sent before the commit
    assert len(callbacks) == 1

    user = User.objects.get(username="new.officer@example.org")
    assert user.email == "new.officer@example.org"
    assert user.is_active
    assert not user.has_usable_password()
    assert not user.is_staff
    assert officer_role.user == user
    assert officer_role.partnership == partnership
    assert officer_role.role == OfficerRole.Role.EDITOR

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["new.officer@example.org"]
    assert "Safer Testborough Partnership" in message.subject
    assert "Safer Testborough Partnership as an editor" in message.body
    assert "The link lasts 3 days" in message.body
    assert link_from(message).startswith("https://portal.example.org/account/")


def test_inviting_twice_makes_one_user_and_one_role_and_sends_again(
    admin, partnership, mailoutbox, django_capture_on_commit_callbacks
):
    """The same person and role twice: nothing new, the email goes again."""
    with django_capture_on_commit_callbacks(execute=True):
        first = invite(admin, partnership)
    with django_capture_on_commit_callbacks(execute=True):
        second = invite(admin, partnership, email="new.officer@example.org")
    assert first.pk == second.pk
    assert User.objects.filter(username="new.officer@example.org").count() == 1
    assert OfficerRole.objects.count() == 1
    assert len(mailoutbox) == 2


def test_another_role_for_the_same_person_reuses_the_user(
    admin, partnership, mailoutbox, django_capture_on_commit_callbacks
):
    """A second role adds a row for the same user."""
    with django_capture_on_commit_callbacks(execute=True):
        invite(admin, partnership)
        invite(admin, partnership, role=OfficerRole.Role.CONSULTATION_MANAGER)
    user = User.objects.get(username="new.officer@example.org")
    assert set(user.officer_roles.values_list("role", flat=True)) == {
        OfficerRole.Role.EDITOR,
        OfficerRole.Role.CONSULTATION_MANAGER,
    }
    assert "as a consultation manager" in mailoutbox[1].body


def test_existing_user_with_a_password_is_told_to_sign_in(
    admin, partnership, mailoutbox, django_capture_on_commit_callbacks
):
    """Someone who already has a password keeps it and gets the sign-in link."""
    existing = User.objects.create_user(
        username="new.officer@example.org",
        email="new.officer@example.org",
        password=PASSWORD,
    )
    with django_capture_on_commit_callbacks(execute=True):
        invite(admin, partnership)
    existing.refresh_from_db()
    assert existing.check_password(PASSWORD)
    body = mailoutbox[0].body
    assert "https://portal.example.org/account/sign-in/" in body
    assert INVITATION_LINK.search(body) is None


def test_nothing_is_sent_when_the_transaction_rolls_back(
    admin, partnership, mailoutbox, django_capture_on_commit_callbacks
):
    """An invitation inside a transaction that fails sends nothing."""

    def invite_then_fail():
        with transaction.atomic():
            invite(admin, partnership)
            raise RuntimeError("a later step failed")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        invite_then_fail()
    assert callbacks == []
    assert mailoutbox == []
    assert not User.objects.filter(username="new.officer@example.org").exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"email": "not an address"}, "email"),
        ({"email": ""}, "email"),
        ({"email": "a" * 140 + "@example.org"}, "email"),
        ({"role": "mayor"}, "role"),
    ],
)
def test_bad_email_or_role_is_refused_and_creates_nothing(
    admin, partnership, mailoutbox, overrides, field
):
    """User-correctable problems raise ValidationError keyed by field."""
    with pytest.raises(ValidationError) as raised:
        invite(admin, partnership, **overrides)
    assert field in raised.value.message_dict
    assert User.objects.count() == 1  # the admin
    assert OfficerRole.objects.count() == 0
    assert mailoutbox == []


def test_switched_off_account_is_not_invited(admin, partnership, mailoutbox):
    """An inactive user stays inactive and gets no email."""
    User.objects.create_user(username="new.officer@example.org", is_active=False)
    with pytest.raises(ValidationError) as raised:
        invite(admin, partnership)
    assert "switched off" in raised.value.message_dict["email"][0]
    assert OfficerRole.objects.count() == 0
    assert mailoutbox == []


def test_only_site_administrators_may_invite(partnership, mailoutbox):
    """An officer acting through the service is refused."""
    officer = User.objects.create_user(username="officer@example.org")
    OfficerRole.objects.create(
        user=officer, partnership=partnership, role=OfficerRole.Role.EDITOR
    )
    with pytest.raises(PermissionDenied):
        invite(officer, partnership)
    assert not User.objects.filter(username="new.officer@example.org").exists()


# The invitation link


def test_link_in_the_email_sets_the_password(
    client, admin, partnership, mailoutbox, django_capture_on_commit_callbacks
):
    """The emailed link sets a password; the user can then sign in."""
    with django_capture_on_commit_callbacks(execute=True):
        invite(admin, partnership)
    link = link_from(mailoutbox[0]).replace("https://portal.example.org", "")

    response = client.get(link)
    assert response.status_code == 302
    form_url = response.url
    page = client.get(form_url).content.decode()
    assert '<h1 class="govuk-heading-l">Set your password</h1>' in page
    assert "new.officer@example.org" in page
    assert "no-store" in client.get(form_url)["Cache-Control"]

    response = client.post(
        form_url, {"new_password1": PASSWORD, "new_password2": PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("account:invitation_complete")
    done = client.get(response.url).content.decode()
    assert "Your password is set" in done
    assert f'href="{reverse("account:sign_in")}"' in done

    user = User.objects.get(username="new.officer@example.org")
    assert user.check_password(PASSWORD)
    response = client.post(
        reverse("account:sign_in"),
        {"username": "new.officer@example.org", "password": PASSWORD},
    )
    assert response.status_code == 302

    client.logout()
    page = client.get(link).content.decode()
    assert "This link has expired or has already been used" in page


def test_invitation_password_must_follow_the_rules(
    client, admin, partnership, mailoutbox, django_capture_on_commit_callbacks
):
    """A common password is refused on the set-password page too."""
    with django_capture_on_commit_callbacks(execute=True):
        invite(admin, partnership)
    link = link_from(mailoutbox[0]).replace("https://portal.example.org", "")
    form_url = client.get(link).url
    page = client.post(
        form_url, {"new_password1": "password12345", "new_password2": "password12345"}
    ).content.decode()
    assert "<title>Error: Set your password" in page
    assert "Your password is too easy to guess" in page
    user = User.objects.get(username="new.officer@example.org")
    assert not user.has_usable_password()


# The invite page


def test_anonymous_visitor_is_sent_to_sign_in(client, db):
    """Not signed in: redirect to the sign-in page, coming back afterwards."""
    response = client.get(INVITE)
    assert response.status_code == 302
    assert response.url == f"{reverse('account:sign_in')}?next={INVITE}"


def test_officer_gets_404(client, partnership):
    """A signed-in officer who is not a site administrator sees no such page."""
    officer = User.objects.create_user(username="officer@example.org")
    OfficerRole.objects.create(
        user=officer, partnership=partnership, role=OfficerRole.Role.EDITOR
    )
    client.force_login(officer)
    assert client.get(INVITE).status_code == 404
    response = client.post(
        INVITE,
        {"email": "x@example.org", "partnership": partnership.pk, "role": "editor"},
    )
    assert response.status_code == 404
    assert not User.objects.filter(username="x@example.org").exists()


def test_admin_sees_the_form(admin_client, partnership):
    """Email address, a select of every partnership, and role radios with hints."""
    unpublished = PartnershipFactory(name="Draft Partnership", is_published=False)
    response = admin_client.get(INVITE)
    page = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert '<h1 class="govuk-heading-l">Invite an officer</h1>' in page
    assert f'<option value="{partnership.pk}">' in page
    assert f'<option value="{unpublished.pk}">' in page
    for label in ("Officer", "Editor", "Consultation manager"):
        assert f">{label}</label>" in page
    assert 'id="id_role" name="role" type="radio"' in page
    assert "govuk-radios__hint" in page


def test_admin_invites_an_officer(
    admin_client, partnership, mailoutbox, django_capture_on_commit_callbacks
):
    """A valid form sends the invitation and says so on the same page."""
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            INVITE,
            {
                "email": "New.Officer@example.org",
                "partnership": partnership.pk,
                "role": OfficerRole.Role.OFFICER,
            },
        )
    assert response.status_code == 302
    assert response.url == INVITE
    page = admin_client.get(INVITE).content.decode()
    assert "govuk-notification-banner--success" in page
    assert (
        "Invitation sent to new.officer@example.org as officer of "
        "Safer Testborough Partnership" in page
    )
    assert OfficerRole.objects.get().user.username == "new.officer@example.org"
    assert len(mailoutbox) == 1
    assert link_from(mailoutbox[0]).startswith("http://testserver/account/invitation/")


def test_bad_email_and_missing_role_show_errors_and_create_nothing(
    admin_client, partnership, mailoutbox
):
    """Each error is in the summary, linked to its field; nothing is written."""
    response = admin_client.post(
        INVITE, {"email": "not an address", "partnership": partnership.pk}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Invite an officer" in page
    assert (
        '<a href="#id_email">Enter an email address in the correct format, '
        "like name@example.com</a>" in page
    )
    assert '<a href="#id_role">Select a role</a>' in page
    assert 'id="id_role"' in page  # the link's target: the first radio
    assert User.objects.count() == 1
    assert OfficerRole.objects.count() == 0
    assert mailoutbox == []


def test_empty_form_lists_every_error(admin_client, db):
    """All three questions unanswered: three errors."""
    page = admin_client.post(INVITE, {}).content.decode()
    assert '<a href="#id_email">Enter the officer&#x27;s email address</a>' in page
    assert '<a href="#id_partnership">Select a partnership</a>' in page
    assert '<a href="#id_role">Select a role</a>' in page


def test_service_errors_are_shown_on_the_form(admin_client, partnership, mailoutbox):
    """A switched-off account is reported against the email field."""
    User.objects.create_user(username="gone@example.org", is_active=False)
    page = admin_client.post(
        INVITE,
        {"email": "gone@example.org", "partnership": partnership.pk, "role": "editor"},
    ).content.decode()
    assert '<a href="#id_email">The account for this email address' in page
    assert OfficerRole.objects.count() == 0
    assert mailoutbox == []
