"""Atom feeds of a partnership's publications and consultations."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def entries(client, name, partnership):
    response = client.get(reverse(name, args=[partnership.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = ET.fromstring(response.content)  # noqa: S314 (our own feed)
    assert feed.tag == f"{ATOM}feed"
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "id": entry.findtext(f"{ATOM}id"),
            "updated": entry.findtext(f"{ATOM}updated"),
        }
        for entry in feed.findall(f"{ATOM}entry")
    ]


def test_the_publications_feed_has_plans_and_results(client, world):
    """Public documents, newest first, and published consultation results."""
    found = entries(client, "feeds:publications", world.partnership)
    titles = [e["title"] for e in found]
    assert set(titles) == {
        "Testborough Plan 2024-2029",
        "Testborough Plan 2019-2023",
        "Results: Feeling safe",
    }
    plan = next(e for e in found if e["title"] == "Testborough Plan 2024-2029")
    assert plan["link"] == "http://testserver" + world.plan.get_absolute_url()
    assert len({e["id"] for e in found}) == 3


def test_the_consultations_feed_has_open_closed_and_published_ones(client, world):
    """What residents can see, newest opening first."""
    titles = [
        e["title"] for e in entries(client, "feeds:consultations", world.partnership)
    ]
    assert titles == ["Lighting", "Parks", "Feeling safe"]


def test_feeds_may_be_read_by_other_sites_and_are_cached(client, world):
    """CORS for feed readers on the web; kept whole like the pages."""
    url = reverse("feeds:consultations", args=[world.partnership.slug])
    first = client.get(url, HTTP_ORIGIN="https://reader.example.net")
    assert first["Access-Control-Allow-Origin"] == "*"
    assert first["X-Cache"] == "miss"
    assert client.get(url)["X-Cache"] == "hit"


def test_the_partnership_page_points_to_its_feeds(client, world):
    """Feed readers find the feeds from the partnership's page."""
    page = client.get(world.partnership.get_absolute_url()).content.decode()
    assert 'type="application/atom+xml"' in page
    assert reverse("feeds:publications", args=[world.partnership.slug]) in page
