"""Atom feeds of a partnership's publications, consultations and meetings."""

import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import Meeting
from tests.opendata.api.test_meetings import bulk_meetings

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


def test_the_meetings_feed_has_published_meetings_latest_first(client, world):
    """Past and coming meetings, the latest published first, each linking to
    its page; drafts and a pending draft's title stay out."""
    found = entries(client, "feeds:meetings", world.partnership)
    assert [e["title"] for e in found] == [
        "Annual public meeting",
        "North ward panel",
        "Partnership board",
    ]
    panel = found[1]
    assert panel["link"] == "http://testserver" + world.ward_panel.get_absolute_url()
    assert len({e["id"] for e in found}) == 3


def test_a_meeting_entry_says_when_where_and_what(client, world):
    """The entry's summary gives the date, the place (or online) and the ward."""
    url = reverse("feeds:meetings", args=[world.partnership.slug])
    feed = ET.fromstring(client.get(url).content)  # noqa: S314 (our own feed)
    summaries = {
        e.findtext(f"{ATOM}title"): e.findtext(f"{ATOM}summary")
        for e in feed.findall(f"{ATOM}entry")
    }
    assert "Online." in summaries["North ward panel"]
    assert "For North ward." in summaries["North ward panel"]
    assert "Guildhall" in summaries["Annual public meeting"]
    assert "your questions" in summaries["Annual public meeting"]


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
    for name in ("feeds:publications", "feeds:consultations", "feeds:meetings"):
        assert reverse(name, args=[world.partnership.slug]) in page


def test_the_meetings_feed_takes_as_many_queries_for_50_as_for_5(
    client, no_cache, django_assert_num_queries
):
    """The feed reads its meetings (with partnership and ward) in one query."""
    bulk_meetings(5)
    partnership = Meeting.objects.first().partnership
    url = reverse("feeds:meetings", args=[partnership.slug])
    with CaptureQueriesContext(connection) as five:
        assert client.get(url).status_code == 200
    Meeting.objects.filter(partnership=partnership).delete()
    bulk_meetings(50)
    partnership = Meeting.objects.first().partnership
    url = reverse("feeds:meetings", args=[partnership.slug])
    with django_assert_num_queries(len(five)):
        response = client.get(url)
    assert response.content.count(b"<entry>") == 50
