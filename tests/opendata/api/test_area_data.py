"""Wards with their periods of validity, and area crime from the Met's
ward-level series, in the API."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from priorities.models import MetWardCrimeCount, MetWardImport
from tests.opendata.api.test_views import csv_of, rows
from tests.partnerships.factories import WardFactory

pytestmark = pytest.mark.django_db

JANUARY = datetime.date(2024, 1, 1)
MET_SOURCE_NAME = "Metropolitan Police Service"


def met_counts(values) -> None:
    MetWardCrimeCount.objects.bulk_create(
        MetWardCrimeCount(
            ward_code=ward, month=month, major_category=major, minor_category=minor,
            count=count,
        )
        for ward, month, major, minor, count in values
    )  # fmt: skip


@pytest.fixture
def area_world(world):
    """Testborough's wards with pages and people, a ward abolished in 2022
    whose area North took in, and the Met's counts for North and South."""
    area = world.area
    area.slug = "testborough"
    area.save()
    for ward, people in ((world.north, 9000), (world.south, 11000)):
        ward.slug = ward.name.lower()
        ward.population = people
        ward.valid_from = datetime.date(2022, 5, 5)
        ward.save()
    world.old_north = WardFactory(
        name="Old North",
        code="E05000800",
        parent=area,
        valid_from=datetime.date(2002, 5, 2),
        valid_to=datetime.date(2022, 5, 4),
    )
    world.old_north.covers.add(world.north)
    MetWardImport.objects.create(
        file_name="MPS Ward Level Crime (most recent 24 months).csv",
        sha256="2" * 64,
        status=MetWardImport.Status.DONE,
        first_month=datetime.date(2023, 2, 1),
        last_month=JANUARY,
    )
    met_counts(
        [
            (world.north.code, JANUARY, "BURGLARY", "BURGLARY IN A DWELLING", 12),
            (world.north.code, JANUARY, "THEFT", "SHOPLIFTING", 4),
            (world.north.code, datetime.date(2023, 12, 1), "THEFT", "SHOPLIFTING", 6),
            (world.south.code, JANUARY, "THEFT", "SHOPLIFTING", 9),
            ("E05099999", JANUARY, "THEFT", "SHOPLIFTING", 1),
        ]
    )
    return world


def test_wards_say_when_they_were_in_force_and_where_their_page_is(client, area_world):
    """Current wards link to their page and give their people; an abolished one
    gives its end date and the current wards that took it in."""
    wards = {w["code"]: w for w in rows(client, "ward")}
    north = wards[area_world.north.code]
    assert north["current"] is True
    assert north["valid_from"] == "2022-05-05"
    assert north["valid_to"] is None
    assert north["population"] == 9000
    assert north["web_url"].endswith("/areas/testborough/north/")
    assert north["replaced_by"] == []
    old = wards["E05000800"]
    assert old["current"] is False
    assert old["valid_to"] == "2022-05-04"
    assert old["web_url"] is None
    assert old["replaced_by"] == [area_world.north.code]


def test_wards_filter_on_whether_they_are_current(client, area_world):
    """current=true: today's wards; current=false: the abolished ones."""
    current = {w["code"] for w in rows(client, "ward", current="true")}
    assert current == {area_world.north.code, area_world.south.code}
    assert [w["code"] for w in rows(client, "ward", current="false")] == ["E05000800"]


def test_an_abolished_ward_has_its_own_address(client, area_world):
    """The single-ward address answers for a former ward too."""
    response = client.get(reverse("api:ward-detail", args=["E05000800"]))
    assert response.status_code == 200
    assert response.json()["name"] == "Old North"


def test_the_mets_ward_counts_filter_and_say_their_source(client, area_world):
    """By partnership (its current wards), ward, month range and category; each
    row names the Met's series and when it was imported."""
    found = rows(client, "ward-crime-count", partnership="safer-testborough")
    assert {(r["ward_code"], r["month"], r["count"]) for r in found} == {
        (area_world.north.code, "2024-01", 12),
        (area_world.north.code, "2024-01", 4),
        (area_world.north.code, "2023-12", 6),
        (area_world.south.code, "2024-01", 9),
    }
    first = found[0]
    assert first["ward_name"] == "North"
    assert first["borough_code"] == "E09000901"
    assert first["source"]["name"].startswith(MET_SOURCE_NAME)
    assert first["source"]["licence"] == "Open Government Licence v3.0"
    assert first["source"]["imported_at"] is not None
    north = rows(client, "ward-crime-count", ward=area_world.north.code)
    assert {r["ward_code"] for r in north} == {area_world.north.code}
    january = rows(
        client,
        "ward-crime-count",
        partnership="safer-testborough",
        month_from="2024-01",
        month_to="2024-01",
        major_category="THEFT",
    )
    assert {(r["ward_name"], r["minor_category"], r["count"]) for r in january} == {
        ("North", "SHOPLIFTING", 4),
        ("South", "SHOPLIFTING", 9),
    }
    assert rows(client, "ward-crime-count", major_category="ROBBERY") == []


def test_a_bad_ward_crime_filter_is_a_400_not_a_500(client, area_world):
    """A malformed month or ward code is refused, naming the parameter."""
    for params, name in (
        ({"month_from": "2024-13"}, "month_from"),
        ({"ward": "North"}, "ward"),
    ):
        response = client.get(reverse("api:ward-crime-count-list"), params)
        assert response.status_code == 400
        assert name in response.json()


def test_the_mets_ward_counts_download_as_csv(client, area_world):
    """Every row, one line each, with the source."""
    counts = csv_of(client, "ward-crime-count", ward=area_world.south.code)
    assert [(c["ward_name"], c["month"], c["count"]) for c in counts] == [
        ("South", "2024-01", "9")
    ]
    assert counts[0]["source_name"].startswith(MET_SOURCE_NAME)


def test_the_root_lists_wards_and_both_crime_series(client):
    """Resources a client can discover from /api/v1/."""
    resources = client.get(reverse("api:root")).json()["resources"]
    assert {"wards", "crime_counts", "ward_crime_counts"} <= set(resources)


def _grow_met(count):
    start = MetWardCrimeCount.objects.count()
    met_counts(
        (f"E05{n:06d}", JANUARY, "THEFT", "SHOPLIFTING", n)
        for n in range(start, start + count)
    )


def _grow_wards(area, count):
    start = area.children.count()
    for n in range(start, start + count):
        WardFactory(parent=area, code=f"W05{n:06d}", name=f"Grown {n}")
    old = WardFactory(
        parent=area, code=f"W05{start + count:06d}", valid_to=datetime.date(2022, 5, 4)
    )
    old.covers.add(*area.children.filter(valid_to__isnull=True)[:2])


@pytest.mark.parametrize("name", ["ward", "ward-crime-count"])
def test_area_lists_take_as_many_queries_for_500_rows_as_for_5(
    client, no_cache, area_world, django_assert_num_queries, name
):
    """The number of queries for a page does not grow with its length."""

    def grow(count):
        if name == "ward":
            _grow_wards(area_world.area, count)
        else:
            _grow_met(count)

    grow(5)
    url = reverse(f"api:{name}-list")
    with CaptureQueriesContext(connection) as five:
        assert len(client.get(url, {"page_size": 500}).json()["results"]) >= 5
    grow(495)
    with django_assert_num_queries(len(five)):
        response = client.get(url, {"page_size": 500})
    assert len(response.json()["results"]) == 500
