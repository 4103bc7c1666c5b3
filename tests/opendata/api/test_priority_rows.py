"""The priorities list builds its entries from plain rows, not from the
serializer's fields (``PriorityListSerializer``): each entry must still be,
byte for byte, what the serializer makes of the same priority."""

import csv
import io
import json

import pytest
from django.urls import reverse

from partnerships.models import Area
from priorities.models import Evidence
from tests.partnerships.factories import AreaFactory, BoardFactory, WardFactory
from tests.plans.factories import PlanFactory
from tests.priorities.factories import (
    EvidenceFactory,
    ObjectiveFactory,
    PriorityFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_and_bare():
    """A priority with every relation filled in (each with more than one row,
    written out of order), and one in another partnership's plan with none."""
    plan = PlanFactory(partnership__slug="full-partnership", slug="full-plan")
    borough = AreaFactory(name="Zedborough", code="E09000951")
    ward = WardFactory(name="Abbey", code="E05000951", parent=borough)
    full = PriorityFactory(
        plan=plan,
        title="Safer streets & <parks>",
        slug="safer-streets",
        summary="Fewer robberies, \u201cless fear\u201d",
        description="**Bold** plans, a [link](https://example.org) and <script>.",
        delivery_group=BoardFactory(
            partnership=plan.partnership, name="Streets group", slug="streets"
        ),
    )
    full.locations.add(borough, ward)
    EvidenceFactory(priority=full, kind=Evidence.Kind.WHAT_WORKS, detail="Trials")
    EvidenceFactory(priority=full, kind=Evidence.Kind.DATA, detail="Crime maps")
    ObjectiveFactory(priority=full, text="Second", order=2)
    ObjectiveFactory(priority=full, text="First", order=1)
    bare = PriorityFactory(
        plan__partnership__slug="bare-partnership",
        slug="bare",
        description="",
        delivery_group=None,
    )
    return full, bare


def test_a_list_entry_is_the_item_byte_for_byte(client, no_cache, full_and_bare):
    """Each entry of the list reads exactly as the priority's own address does."""
    response = client.get(reverse("api:priority-list"))
    entries = {entry["id"]: entry for entry in response.json()["results"]}
    full, bare = full_and_bare
    assert set(entries) == {full.pk, bare.pk}
    for priority in (full, bare):
        item = client.get(reverse("api:priority-detail", args=[priority.pk])).json()
        # json.dumps keeps the order of the keys, so this compares it too.
        assert json.dumps(entries[priority.pk]) == json.dumps(item)

    # Not vacuous: the full one shows every relation, in the models' orders.
    shown = entries[full.pk]
    assert shown["delivery_group"] == {
        "slug": "streets",
        "name": "Streets group",
        "kind": "delivery_group",
    }
    assert [e["kind"] for e in shown["informed_by"]] == ["data", "what_works"]
    assert [p["name"] for p in shown["places_in_focus"]] == ["Abbey", "Zedborough"]
    assert shown["places_in_focus"][0]["kind"] == Area.Kind.WARD
    assert shown["objectives"] == ["First", "Second"]
    assert "<strong>Bold</strong>" in shown["description_html"]
    assert shown["web_url"] == (
        "http://testserver/partnerships/full-partnership/plans/full-plan/"
        "priorities/safer-streets/"
    )
    assert entries[bare.pk]["delivery_group"] is None
    assert entries[bare.pk]["informed_by"] == []
    assert entries[bare.pk]["places_in_focus"] == []
    assert entries[bare.pk]["objectives"] == []


def test_the_csv_flattens_the_same_entries(client, no_cache, full_and_bare):
    """The CSV file of the list shows each relation as the JSON does."""
    response = client.get(reverse("api:priority-list"), {"format": "csv"})
    text = b"".join(response.streaming_content).decode()
    found = {row["slug"]: row for row in csv.DictReader(io.StringIO(text))}
    full = found["safer-streets"]
    assert list(full) == [
        "id",
        "plan",
        "partnership",
        "title",
        "slug",
        "order",
        "summary",
        "description",
        "description_html",
        "delivery_group_slug",
        "delivery_group_name",
        "delivery_group_kind",
        "informed_by",
        "places_in_focus",
        "objectives",
        "web_url",
    ]
    assert full["partnership"] == "full-partnership"
    assert full["delivery_group_name"] == "Streets group"
    assert full["informed_by"] == "data, Crime maps; what_works, Trials"
    assert full["places_in_focus"] == "Abbey; Zedborough"
    assert full["objectives"] == "First; Second"
    assert full["web_url"].endswith("/plans/full-plan/priorities/safer-streets/")
    bare = found["bare"]
    assert bare["delivery_group_slug"] == bare["informed_by"] == ""
    assert bare["places_in_focus"] == bare["objectives"] == ""
