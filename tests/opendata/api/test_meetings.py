"""Meetings in the API: published ones only, their filters, CSV and query count."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from tests.opendata.api.test_views import csv_of, rows
from tests.opendata.conftest import SECRET
from tests.partnerships.factories import PartnershipFactory, WardFactory

pytestmark = pytest.mark.django_db


def titles(client, **params) -> list[str]:
    return [m["title"] for m in rows(client, "meeting", **params)]


def test_meetings_list_only_published_meetings_soonest_first(client, world):
    """Past and coming meetings of published partnerships; never a draft, a
    hidden partnership's meeting or a pending draft's title."""
    assert titles(client) == [
        "Partnership board",
        "North ward panel",
        "Annual public meeting",
    ]


def test_a_meeting_says_when_where_and_links_to_its_page(client, world):
    """The item: partnership, ward code, times, place, summary as written,
    when its minutes were published, and its page."""
    body = client.get(reverse("api:meeting-detail", args=[world.ward_panel.pk])).json()
    assert body["partnership"] == "safer-testborough"
    assert body["kind"] == "ward_panel"
    assert body["ward"] == "E05000901"
    assert body["place"] == ""
    assert body["online_url"] == "https://meet.example.org/north"
    assert body["minutes_published_at"] is None
    assert body["web_url"] == (
        "http://testserver/partnerships/safer-testborough/meetings/north-ward-panel/"
    )
    annual = client.get(reverse("api:meeting-detail", args=[world.annual.pk])).json()
    assert annual["title"] == "Annual public meeting"
    assert annual["ward"] is None
    assert annual["summary_markdown"] == "The year's work, then **your questions**."
    assert "draft" not in annual
    board = client.get(
        reverse("api:meeting-detail", args=[world.board_meeting.pk])
    ).json()
    assert board["minutes_published_at"] is not None


def test_a_meeting_links_its_public_documents_only(client, world):
    """Agenda and papers of a public meeting, minutes only once published;
    each link downloads the document from the meeting's page."""
    annual = client.get(reverse("api:meeting-detail", args=[world.annual.pk])).json()
    assert [(d["kind"], d["title"]) for d in annual["documents"]] == [
        ("agenda", "Agenda")
    ]
    agenda = annual["documents"][0]
    assert agenda["content_type"] == "application/pdf"
    assert agenda["url"].startswith(
        "http://testserver/partnerships/safer-testborough/meetings/"
        "annual-public-meeting/documents/"
    )
    board = client.get(
        reverse("api:meeting-detail", args=[world.board_meeting.pk])
    ).json()
    assert [d["title"] for d in board["documents"]] == ["Board minutes"]


def test_a_draft_or_hidden_meeting_is_not_found(client, world):
    """A draft meeting, or one of an unpublished partnership, answers 404."""
    for meeting in (world.draft_meeting, world.hidden_meeting):
        response = client.get(reverse("api:meeting-detail", args=[meeting.pk]))
        assert response.status_code == 404
        assert SECRET not in response.content.decode()


def test_unpublishing_the_partnership_hides_its_meetings(client, world):
    """Meetings follow their partnership out of the open data."""
    world.partnership.is_published = False
    world.partnership.save()
    assert titles(client) == []
    assert csv_of(client, "meeting") == []
    url = reverse("api:meeting-detail", args=[world.annual.pk])
    assert client.get(url).status_code == 404


def test_meetings_filter_by_partnership_ward_and_kind(client, world):
    """Partnership slug, ward ONS code and kind narrow the list."""
    assert len(titles(client, partnership="safer-testborough")) == 3
    assert titles(client, partnership=world.hidden.slug) == []
    assert titles(client, ward="E05000901") == ["North ward panel"]
    assert titles(client, ward="E05000902") == []
    assert titles(client, kind="board") == ["Partnership board"]


def test_meetings_filter_by_start_date_and_upcoming(client, world):
    """starts_from and starts_to take dates; upcoming splits coming from held."""
    panel_day = timezone.localtime(world.ward_panel.starts_at).date()
    assert titles(client, starts_from=panel_day, starts_to=panel_day) == [
        "North ward panel"
    ]
    assert titles(client, starts_from=panel_day) == [
        "North ward panel",
        "Annual public meeting",
    ]
    assert titles(client, starts_to=panel_day - datetime.timedelta(days=1)) == [
        "Partnership board"
    ]
    assert titles(client, upcoming="true") == [
        "North ward panel",
        "Annual public meeting",
    ]
    assert titles(client, upcoming="false") == ["Partnership board"]


@pytest.mark.parametrize(
    "params",
    [{"ward": "North"}, {"starts_from": "next week"}, {"partnership": "a b"}],
)
def test_a_meeting_filter_that_does_not_fit_is_a_400(client, world, params):
    """A malformed value is named in a 400 answer, never a server error."""
    response = client.get(reverse("api:meeting-list"), params)
    assert response.status_code == 400
    assert set(response.json()) == set(params)


def test_meetings_download_as_csv(client, world):
    """Every published meeting as a row, the ward as its code."""
    found = csv_of(client, "meeting")
    assert [r["title"] for r in found] == [
        "Partnership board",
        "North ward panel",
        "Annual public meeting",
    ]
    assert found[1]["ward"] == "E05000901"
    assert "summary_markdown" in found[0]
    assert "draft" not in found[0]


def bulk_meetings(count: int) -> None:
    """``count`` published meetings of published partnerships, half of them
    ward panels (bulk writes: quick)."""
    partnership = PartnershipFactory()
    ward = WardFactory(parent=partnership.area)
    start = timezone.now() + datetime.timedelta(days=3)
    first = Meeting.objects.count()
    Meeting.objects.bulk_create(
        Meeting(
            partnership=partnership,
            kind="ward_panel" if n % 2 else "board",
            ward=ward if n % 2 else None,
            title=f"Bulk meeting {n}",
            slug=f"bulk-meeting-{n}",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=1),
            place="Town hall",
            status="published",
            published_at=timezone.now(),
        )
        for n in range(first, first + count)
    )


def test_the_meetings_list_takes_as_many_queries_for_50_as_for_5(
    client, no_cache, django_assert_num_queries
):
    """The number of queries for a page does not grow with its length."""
    bulk_meetings(5)
    url = reverse("api:meeting-list")
    with CaptureQueriesContext(connection) as five:
        assert len(client.get(url).json()["results"]) == 5
    bulk_meetings(45)
    with django_assert_num_queries(len(five)):
        response = client.get(url)
    assert len(response.json()["results"]) == 50
