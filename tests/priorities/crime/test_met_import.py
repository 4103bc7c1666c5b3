"""Importing the Met's ward-level series (the real London Datastore file)."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Sum

from partnerships.models import Area
from priorities.crime.met import met_ward_file_import, met_ward_path_import
from priorities.models import MetWardCrimeCount, MetWardImport
from tests.conftest import KINGSTON, MET_WARD_FILE
from tests.priorities.factories import IndicatorFactory

pytestmark = pytest.mark.django_db

MET = MET_WARD_FILE  # the whole of London
KINGSTON_TOWN = "E05013938"
JUNE_2025 = datetime.date(2025, 6, 1)


@pytest.fixture
def met(three_boroughs):
    """The same file cut down to the three seed boroughs' rows."""
    return three_boroughs["met"]


def met_rows(path=MET):
    with path.open(encoding="utf-8-sig", newline="") as file:
        reader = csv.reader(file)
        return next(reader), list(reader)


def as_csv(header, rows) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *rows])
    return out.getvalue().encode()


def kingston_rows(rows):
    return [r for r in rows if r[4] == "Kingston upon Thames"]


def newer_window(path, *, revise=3, drop_row=False):
    """The next month's file: July 2023 gone, July 2025 added, and the June 2025
    counts of the first ``revise`` Kingston Town rows revised up by 2."""
    header, rows = met_rows(path)
    header = [*header[:5], *header[6:], "202507"]
    out, revised = [], 0
    for row in rows:
        row = [*row[:5], *row[6:], "1"]
        if row[3] == KINGSTON_TOWN and revised < revise:
            row[-2] = str(int(row[-2]) + 2)
            revised += 1
        out.append(row)
    if drop_row:
        out = [r for r in out if not (r[3] == KINGSTON_TOWN and r[1] == "SHOPLIFTING")]
    return as_csv(header, out)


def stored():
    return list(
        MetWardCrimeCount.objects.order_by("pk").values_list(
            "ward_code", "month", "major_category", "minor_category", "count"
        )
    )


def test_the_file_loads_in_the_mets_own_categories(geography):
    """Kingston's wards, 24 months, major and minor categories as published."""
    record = met_ward_path_import(path=MET, boroughs=[KINGSTON])
    _, rows = met_rows()
    assert record.status == MetWardImport.Status.DONE
    assert (record.first_month, record.last_month) == (
        datetime.date(2023, 7, 1),
        JUNE_2025,
    )
    assert record.values_read == record.values_new == len(kingston_rows(rows)) * 24
    shoplifting = MetWardCrimeCount.objects.get(
        ward_code=KINGSTON_TOWN, month=JUNE_2025, minor_category="SHOPLIFTING"
    )
    assert shoplifting.major_category == "THEFT"
    from_file = next(
        int(r[-1]) for r in rows if r[3] == KINGSTON_TOWN and r[1] == "SHOPLIFTING"
    )
    assert shoplifting.count == from_file == 109


def test_importing_the_same_file_again_changes_nothing(geography, met):
    met_ward_path_import(path=met, boroughs=[KINGSTON])
    before = stored()
    again = met_ward_path_import(path=met, boroughs=[KINGSTON])
    assert stored() == before
    assert (again.values_new, again.values_changed, again.values_removed) == (0, 0, 0)
    assert again.values_unchanged == again.values_read


def test_a_newer_window_revises_the_months_it_covers(geography, met):
    """New month added, three revised counts reported, the older month kept."""
    first = met_ward_path_import(path=met, boroughs=[KINGSTON])
    newer = met_ward_file_import(
        raw=newer_window(met), file_name="2023-08 to 2025-07.csv", boroughs=[KINGSTON]
    )
    rows = len(kingston_rows(met_rows(met)[1]))
    assert newer.status == MetWardImport.Status.DONE
    assert newer.values_changed == 3
    assert newer.values_new == rows  # July 2025
    assert newer.values_removed == 0
    assert newer.values_unchanged == newer.values_read - rows - 3
    june = MetWardCrimeCount.objects.filter(ward_code=KINGSTON_TOWN, month=JUNE_2025)
    _, all_rows = met_rows(met)
    published = sum(int(r[-1]) for r in all_rows if r[3] == KINGSTON_TOWN)
    assert june.aggregate(n=Sum("count"))["n"] == published + 3 * 2
    # July 2023 is outside the newer window: left as the first file gave it.
    assert MetWardCrimeCount.objects.filter(
        month=datetime.date(2023, 7, 1)
    ).count() == (first.values_read // 24)


def test_a_category_gone_from_a_newer_window_is_removed_from_its_months(geography, met):
    met_ward_path_import(path=met, boroughs=[KINGSTON])
    newer = met_ward_file_import(
        raw=newer_window(met, revise=0, drop_row=True), file_name="next.csv",
        boroughs=[KINGSTON],
    )  # fmt: skip
    assert newer.values_removed == 23  # August 2023 to June 2025
    shoplifting = MetWardCrimeCount.objects.filter(
        ward_code=KINGSTON_TOWN, minor_category="SHOPLIFTING"
    )
    assert list(shoplifting.values_list("month", flat=True)) == [
        datetime.date(2023, 7, 1)
    ]


def test_an_older_window_after_a_newer_one_keeps_the_newer_figures(geography, met):
    met_ward_file_import(
        raw=newer_window(met), file_name="next.csv", boroughs=[KINGSTON]
    )
    older = met_ward_path_import(path=met, boroughs=[KINGSTON])
    assert older.values_kept_newer == 3
    assert older.values_changed == older.values_removed == 0
    assert older.values_new == len(kingston_rows(met_rows(met)[1]))  # July 2023


def test_a_met_category_indicator_counts_the_boroughs_wards(geography, met):
    """An indicator may target a Met category: its change comes from the wards."""
    from tests.partnerships.factories import PartnershipFactory

    partnership = PartnershipFactory(area=Area.objects.get(code=KINGSTON))
    indicator = IndicatorFactory(
        priority__plan__partnership=partnership,
        met_major_category="BURGLARY",
        met_minor_category="BURGLARY - RESIDENTIAL",
        baseline_month=datetime.date(2024, 6, 1),
        measured_month=JUNE_2025,
    )
    met_ward_path_import(path=met, boroughs=[KINGSTON])
    _, rows = met_rows(met)
    kingston = [r for r in kingston_rows(rows) if r[1] == "BURGLARY - RESIDENTIAL"]
    before = sum(int(r[-13]) for r in kingston)
    after = sum(int(r[-1]) for r in kingston)
    indicator.refresh_from_db()
    assert indicator.change_value == after - before


# --- Refusals: recorded, nothing loaded -----------------------------------------


def _refused(raw, message):
    before = stored()
    record = met_ward_file_import(raw=raw, file_name="bad.csv")
    assert record.status == MetWardImport.Status.FAILED
    assert message in record.error
    assert stored() == before
    return record


def test_junk_header_only_and_truncated_files_are_refused(geography, met):
    met_ward_path_import(path=met, boroughs=[KINGSTON])
    raw = met.read_bytes()
    header = raw.split(b"\n", 1)[0] + b"\n"
    _refused(b"", "empty")
    _refused(b"\x00\x01binary\x00", "binary")
    _refused(b"Crime ID,Month,LSOA code\nabc,2024-01,E01000001\n", "not the Met")
    _refused(header, "header but no rows")
    _refused(raw[: len(raw) // 2], "cut short")
    broken = raw.replace(b",109\n", b",lots\n", 1)
    _refused(broken, "not a whole number")


def test_the_command_reports_and_refuses(geography, met, tmp_path, capsys):
    call_command("import_met_ward_crime", met, "--borough", KINGSTON)
    out = capsys.readouterr().out
    assert "July 2023 to June 2025" in out
    assert "0 changed" in out
    bad = tmp_path / "bad.csv"
    bad.write_text("MajorText,MinorText\n")
    with pytest.raises(CommandError, match="bad"):
        call_command("import_met_ward_crime", bad)
