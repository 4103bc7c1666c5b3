"""Following a ward: only current wards, and a monthly crime summary of that
ward's own figures (the Met's ward-level series in London, police.uk's
elsewhere), announced when an import brings a new month."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError

from opendata.alerts import services
from opendata.alerts.forms import SubscribeForm
from opendata.alerts.selectors import crime_summary, ward_choices
from opendata.models import Delivery, Event
from priorities.crime.met import met_ward_file_import
from priorities.models import MetWardCrimeCount
from tests.opendata.factories import SubscriberFactory
from tests.partnerships.factories import WardFactory

pytestmark = pytest.mark.django_db

JANUARY = datetime.date(2024, 1, 1)
HEADER = ["MajorText", "MinorText", "WardName", "WardCode", "LookUp_BoroughName"]


def met_file(rows, months=("202312", "202401")) -> bytes:
    out = io.StringIO()
    out.write(",".join([*HEADER, *months]) + "\n")
    for row in rows:
        out.write(",".join(str(cell) for cell in row) + "\n")
    return out.getvalue().encode()


@pytest.fixture
def london(borough):
    """Testborough as a London borough: pages for its wards, a ward abolished
    in 2022, and a Met file for North and South."""
    area = borough.area
    area.slug = "testborough"
    area.save()
    for ward in (borough.north, borough.south):
        ward.slug = ward.name.lower()
        ward.save()
    borough.old = WardFactory(
        name="Old North",
        code="E05000800",
        parent=area,
        valid_to=datetime.date(2022, 5, 4),
    )
    north, south = "North,E05000901,Testborough", "South,E05000902,Testborough"
    borough.met = met_file(
        [
            ["BURGLARY", "BURGLARY IN A DWELLING", north, 5, 12],
            ["THEFT", "SHOPLIFTING", north, 2, 4],
            ["THEFT", "SHOPLIFTING", south, 3, 9],
        ]
    )
    return borough


def test_only_current_wards_are_offered_and_accepted(london):
    """An abolished ward is not a choice, and the service refuses it."""
    assert list(ward_choices(partnership=london)) == [london.north, london.south]
    form = SubscribeForm(partnership=london, wards=ward_choices(partnership=london))
    assert str(london.old.pk) not in dict(form.fields["ward"].choices)
    with pytest.raises(ValidationError) as refused:
        services.subscriber_request(
            partnership=london,
            email="old@example.org",
            ward=london.old,
            topics=["crime_summary"],
            frequency="immediate",
        )
    assert "ward" in refused.value.message_dict


def test_a_met_import_with_a_new_month_is_announced_once(london):
    """A new newest month is one event for the partnership; the same file
    again, or an older window, announces nothing more."""
    met_ward_file_import(raw=london.met, file_name="met.csv")
    event = Event.objects.get()
    assert event.kind == Event.Kind.CRIME_FIGURES
    assert event.partnership == london
    assert event.key == "2024-01"
    met_ward_file_import(raw=london.met, file_name="met-again.csv")
    older = met_file(
        [["THEFT", "SHOPLIFTING", "North,E05000901,Testborough", 1, 2]],
        months=("202311", "202312"),
    )
    met_ward_file_import(raw=older, file_name="met-older.csv")
    assert Event.objects.count() == 1


def test_a_ward_summary_reads_the_mets_series_where_it_has_one(london):
    """North in January: the Met's categories, the year before where known, and
    the source named."""
    met_ward_file_import(raw=london.met, file_name="met.csv")
    summary = crime_summary(area=london.north, month=JANUARY)
    assert summary["total"] == 16
    assert {(r["crime_type"], r["count"]) for r in summary["rows"]} == {
        ("BURGLARY", 12),
        ("THEFT", 4),
    }
    assert summary["source"].startswith("Metropolitan Police Service")
    # Without the Met's series, the police.uk ward counts (30 burglaries).
    MetWardCrimeCount.objects.all().delete()
    summary = crime_summary(area=london.north, month=JANUARY)
    assert summary["total"] == 30
    assert summary["source"].startswith("data.police.uk")


def test_the_borough_summary_falls_back_to_its_wards_in_the_mets_series(london):
    """A month police.uk has not published yet: the Met's counts of the
    borough's current wards, summed."""
    met_ward_file_import(raw=london.met, file_name="met.csv")
    summary = crime_summary(area=london.area, month=datetime.date(2023, 12, 1))
    assert summary["total"] == 10
    assert summary["source"].startswith("Metropolitan Police Service")


def test_a_ward_follower_gets_their_wards_monthly_summary_and_page(london, mailoutbox):
    """North's follower reads North's figures from the Met and a link to the
    ward page; the whole partnership's follower reads the borough's."""
    SubscriberFactory(partnership=london, ward=london.north, email="north@example.org")
    SubscriberFactory(partnership=london, email="all@example.org")
    SubscriberFactory(
        partnership=london, ward=london.south, email="quiet@example.org",
        crime_summary=False,
    )  # fmt: skip
    met_ward_file_import(raw=london.met, file_name="met.csv")
    event = Event.objects.get()
    services.event_fan_out(event_id=event.pk)
    services.deliveries_send(
        delivery_ids=list(Delivery.objects.values_list("pk", flat=True))
    )
    bodies = {m.to[0]: m.body for m in mailoutbox}
    assert set(bodies) == {"north@example.org", "all@example.org"}
    north = bodies["north@example.org"]
    assert "Crimes recorded in North, January 2024: 16" in north
    assert "- BURGLARY: 12" in north
    assert "Source: Metropolitan Police Service" in north
    assert "/areas/testborough/north/" in north
    assert (
        "Crimes recorded in Testborough, January 2024: 47" in bodies["all@example.org"]
    )
