"""Two-factor sign-in for staff: enrolment on first sign-in, codes every time,
recovery codes, and who needs it."""

import datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnerships.models import OfficerRole
from tests.partnerships.factories import PartnershipFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a long and unusual passphrase"
TWO_FACTOR = "/account/two-factor/"


def make_officer(email="officer@example.org", *, required=True, **extra):
    user = get_user_model().objects.create_user(
        username=email, email=email, password=PASSWORD, **extra
    )
    partnership = PartnershipFactory(requires_two_factor=required)
    OfficerRole.objects.create(user=user, partnership=partnership, role="editor")
    return user


def password_sign_in(client, user):
    response = client.post(
        reverse("account:sign_in"), {"username": user.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    return response


def code_for(user) -> str:
    device = TOTPDevice.objects.get(user=user)
    return f"{totp(device.bin_key):06d}"


def test_first_sign_in_enrols_an_app_and_gives_recovery_codes(client):
    """Password, then the staff page sends the officer to set up an app: a QR
    code and the key as text; a wrong code is refused; the right one shows ten
    recovery codes once and opens the staff pages."""
    officer = make_officer()
    password_sign_in(client, officer)
    page = client.get("/manage/")
    assert page.status_code == 302
    assert page["Location"] == f"{TWO_FACTOR}?next=%2Fmanage%2F"
    enrol = client.get(page["Location"])
    assert "Set up two-factor sign-in" in enrol.text
    assert 'src="data:image/svg+xml' in enrol.text
    assert enrol.context["key"]
    assert "no-store" in enrol["Cache-Control"]

    wrong = client.post(TWO_FACTOR, {"code": "000000", "next": "/manage/"})
    assert "The code is not right" in wrong.text
    assert client.get("/manage/").status_code == 302

    # A wrong code slows the next try down (django-otp's throttling).
    later = timezone.now() + datetime.timedelta(seconds=5)
    with time_machine.travel(later, tick=False):
        done = client.post(TWO_FACTOR, {"code": code_for(officer), "next": "/manage/"})
    assert done.status_code == 200
    codes = done.context["recovery_codes"]
    assert len(codes) == 10
    assert all(code in done.text for code in codes)
    assert client.get("/manage/").status_code == 200


def test_later_sign_ins_ask_for_a_code_or_a_recovery_code(client):
    """Each new sign-in needs a code; a recovery code works once."""
    officer = make_officer()
    password_sign_in(client, officer)
    client.get(TWO_FACTOR)  # enrolment starts
    codes = client.post(
        TWO_FACTOR, {"code": code_for(officer), "next": "/manage/"}
    ).context["recovery_codes"]
    client.post(reverse("account:sign_out"))

    password_sign_in(client, officer)
    assert client.get("/manage/").status_code == 302
    ask = client.get(TWO_FACTOR)
    assert "Check it is you" in ask.text
    later = timezone.now() + datetime.timedelta(minutes=1)
    with time_machine.travel(later, tick=False):
        ok = client.post(TWO_FACTOR, {"code": code_for(officer), "next": "/manage/"})
    assert ok.status_code == 302
    assert ok["Location"] == "/manage/"
    assert client.get("/manage/").status_code == 200
    client.post(reverse("account:sign_out"))

    password_sign_in(client, officer)
    assert client.post(TWO_FACTOR, {"code": codes[0]}).status_code == 302
    assert client.get("/manage/").status_code == 200
    assert StaticToken.objects.count() == 9
    client.post(reverse("account:sign_out"))
    password_sign_in(client, officer)
    again = client.post(TWO_FACTOR, {"code": codes[0]})
    assert "The code is not right" in again.text


def test_who_needs_a_second_factor(client):
    """Administrators always; officers when a partnership of theirs requires
    it (the default); officers of partnerships that do not, do not."""
    relaxed = make_officer("relaxed@example.org", required=False)
    password_sign_in(client, relaxed)
    assert client.get("/manage/").status_code == 200
    client.post(reverse("account:sign_out"))

    admin = get_user_model().objects.create_superuser(
        username="admin@example.org", email="admin@example.org", password=PASSWORD
    )
    password_sign_in(client, admin)
    for path in ("/manage/", "/admin/", "/account/invite/"):
        assert client.get(path)["Location"].startswith(TWO_FACTOR), path


def test_the_next_address_must_be_on_this_site(client):
    """A next= pointing elsewhere goes to the dashboard instead."""
    officer = make_officer()
    password_sign_in(client, officer)
    client.get(TWO_FACTOR)  # enrolment starts
    response = client.post(
        TWO_FACTOR, {"code": code_for(officer), "next": "https://evil.example/"}
    )
    assert response.context["next_url"] == "/manage/"
