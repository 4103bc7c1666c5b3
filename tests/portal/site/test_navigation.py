"""The service navigation in the header, built by the site context processor."""

import re

import pytest
from django.test import RequestFactory
from django.urls import reverse

from partnerships.models import OfficerRole
from portal.site.views import server_error
from tests.engagement.conftest import build_open_consultation
from tests.partnerships.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


def navigation(page: str) -> list[tuple[str, str]]:
    """(label, aria-current or "") for each item of the navigation, in order."""
    nav = re.search(r'<ul class="govuk-service-navigation__list".*?</ul>', page, re.S)
    items = []
    for item in re.findall(r"<li.*?</li>", nav.group(0), re.S):
        label = re.sub(r"<[^>]+>", "", item).strip()
        current = re.search(r'aria-current="(\w+)"', item)
        items.append((label, current.group(1) if current else ""))
    return items


def test_residents_see_the_public_pages_and_sign_in(client):
    """Home, Consultations, Search, Useful contacts, Sign in; the page shown
    is current."""
    page = client.get(reverse("portal:search")).text
    assert navigation(page) == [
        ("Home", ""),
        ("Consultations", ""),
        ("Search", "page"),
        ("Useful contacts", ""),
        ("Sign in", ""),
    ]


def test_officers_see_their_partnerships_and_a_sign_out_button(
    client, django_user_model
):
    """A signed-in officer gets "Your partnerships" and a sign-out button
    that POSTs with the CSRF token, instead of "Sign in"."""
    officer = django_user_model.objects.create_user("o@test.example")
    # Only people with a role reach the staff pages (StaffAccessMiddleware).
    OfficerRole.objects.create(user=officer, partnership=PartnershipFactory())
    client.force_login(officer)
    page = client.get(reverse("manage:dashboard")).text
    assert navigation(page) == [
        ("Home", ""),
        ("Consultations", ""),
        ("Search", ""),
        ("Useful contacts", ""),
        ("Your partnerships", "page"),
        ("Sign out", ""),
    ]
    assert re.search(
        r'<form method="post" action="/account/sign-out/">\s*'
        r'<input type="hidden" name="csrfmiddlewaretoken"',
        page,
    )


def test_consultation_pages_mark_consultations_as_the_current_section(client):
    """The list of consultations is the current page; a consultation's own page
    is in the Consultations section (aria-current="true")."""
    assert ("Consultations", "page") in navigation(
        client.get(reverse("engagement:list")).text
    )
    consultation = build_open_consultation()
    page = client.get(consultation.get_absolute_url()).text
    assert ("Consultations", "true") in navigation(page)
    assert '<strong class="govuk-service-navigation__active-fallback">' in page


def test_the_500_page_has_the_public_pages_and_nothing_current():
    """Rendered without context processors, the error page still links to the
    public pages, with no sign-in link and nothing current."""
    page = server_error(RequestFactory().get("/")).content.decode()
    assert navigation(page) == [
        ("Home", ""),
        ("Consultations", ""),
        ("Search", ""),
        ("Useful contacts", ""),
    ]
