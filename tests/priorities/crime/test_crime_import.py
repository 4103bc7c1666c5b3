"""Importing the real police.uk files in ../shared/data on real PostgreSQL."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from partnerships.lookups import LookupFileError, lsoa_lookups_load
from partnerships.models import LsoaLookup
from priorities.crime.services import crime_file_import, crime_path_import
from priorities.models import CrimeImport, CrimeRecord, MonthlyCrimeCount
from tests.priorities.factories import IndicatorFactory

pytestmark = pytest.mark.django_db

DATA = Path(settings.BASE_DIR).parent / "shared" / "data" / "police-uk"
STREET = DATA / "street"
BURGLARY_2023 = STREET / "2023-01-metropolitan-street.BURGLARY-ONLY.csv"
BURGLARY_2024 = STREET / "2024-01-metropolitan-street.BURGLARY-ONLY.csv"
DRUGS_2015 = STREET / "2015-02-metropolitan-street.DRUGS-ONLY.csv"
KINGSTON, KENSINGTON, WESTMINSTER = "E09000021", "E09000020", "E09000033"
HEADER = (
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,"
    "LSOA code,LSOA name,Crime type,Last outcome category,Context"
)


def count(area, month, crime_type):
    row = MonthlyCrimeCount.objects.filter(
        area_code=area, month=month, crime_type=crime_type
    ).first()
    return row.count if row else 0


def test_burglary_counts_per_borough(lookups):
    """63 burglaries in Kingston in January 2023 and 47 in January 2024."""
    for path in (BURGLARY_2023, BURGLARY_2024):
        result = crime_path_import(path=path)
        assert result.status == CrimeImport.Status.DONE
    jan23, jan24 = datetime.date(2023, 1, 1), datetime.date(2024, 1, 1)
    assert (count(KINGSTON, jan23, "Burglary"), count(KINGSTON, jan24, "Burglary")) == (
        63,
        47,
    )
    assert (
        count(KENSINGTON, jan23, "Burglary"),
        count(KENSINGTON, jan24, "Burglary"),
    ) == (
        149,
        121,
    )
    assert count(WESTMINSTER, jan23, "Burglary") == 265
    assert count(WESTMINSTER, jan24, "Burglary") == 282


def test_wards_are_counted_too(lookups):
    """Kingston's January 2023 burglaries add up across its wards."""
    crime_path_import(path=BURGLARY_2023)
    kingston_wards = LsoaLookup.objects.filter(lad_code=KINGSTON).values("ward_code")
    in_wards = sum(
        MonthlyCrimeCount.objects.filter(
            area_code__in=kingston_wards, month=datetime.date(2023, 1, 1)
        ).values_list("count", flat=True)
    )
    assert in_wards == 63


def test_the_drugs_file_with_bom_and_crlf_loads_fully(lookups):
    """All 2,889 rows, with Kingston's 74."""
    result = crime_path_import(path=DRUGS_2015)
    assert (result.rows_read, result.rows_loaded, result.rows_skipped) == (
        2889,
        2889,
        0,
    )
    assert count(KINGSTON, datetime.date(2015, 2, 1), "Drugs") == 74


def test_importing_again_changes_nothing(lookups):
    """The same month twice: no new rows, the same counts."""
    crime_path_import(path=BURGLARY_2023)
    rows = CrimeRecord.objects.count()
    counts = list(MonthlyCrimeCount.objects.order_by("pk").values("area_code", "count"))
    again = crime_path_import(path=BURGLARY_2023)
    assert (again.rows_loaded, again.rows_already_loaded) == (0, 5143)
    assert CrimeRecord.objects.count() == rows
    assert sorted(counts, key=str) == sorted(
        MonthlyCrimeCount.objects.values("area_code", "count"), key=str
    )


def test_anti_social_behaviour_without_crime_ids_and_rows_without_location(lookups):
    """ASB rows (no Crime ID) are kept once each; rows with no LSOA counted apart."""
    path = STREET / "city-of-london" / "2023-01-city-of-london-street.csv"
    first = crime_path_import(path=path)
    assert first.rows_loaded == first.rows_read == 719
    assert first.rows_without_location == 45
    assert crime_path_import(path=path).rows_loaded == 0


def raw(text: str) -> bytes:
    return text.encode()


def test_missing_trailing_columns_and_quoted_fields_are_handled(lookups):
    """An older file with no Context column and quoted commas."""
    body = (
        "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,"
        "LSOA code,LSOA name,Crime type,Last outcome category\r\n"
        'abc,2023-01,Met,Met,-0.3,51.4,"On or near High Street, Kingston",'
        "E01002902,Kingston upon Thames 001A,Burglary\r\n"
    )
    result = crime_file_import(raw=raw(body), file_name="old.csv")
    assert result.status == CrimeImport.Status.DONE
    record = CrimeRecord.objects.get()
    assert record.location == "On or near High Street, Kingston"
    assert record.outcome == ""


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00binary", "binary"),
        (
            raw("Type,Date,Part of a policing operation\nPerson search,2023-01-01,\n"),
            "not a police.uk street-level crime file",
        ),
        (raw(HEADER + "\n"), "no rows"),
        (
            raw(HEADER + "\nabc,2023-01,Met,Met,-0.3,51.4,On or near X,E01002902,Kin"),
            "cut short",
        ),
        (raw(HEADER + '\nabc,2023-01,"unclosed\n'), "cut short"),
    ],
)
def test_bad_files_are_refused_and_load_nothing(lookups, content, message):
    """Empty, binary, wrong header, header only, truncated: a clear message, no rows."""
    result = crime_file_import(raw=content, file_name="bad.csv")
    assert result.status == CrimeImport.Status.FAILED
    assert message in result.error
    assert CrimeRecord.objects.count() == 0
    assert MonthlyCrimeCount.objects.count() == 0


def test_rows_with_bad_months_are_skipped_with_reasons(lookups):
    """One bad row is skipped and explained; the rest load."""
    place = "On or near X,E01002902,Kingston upon Thames 001A,Burglary,,"
    body = f"{HEADER}\na,2023-01,Met,Met,,,{place}\nb,January,Met,Met,,,{place}\n"
    result = crime_file_import(raw=raw(body), file_name="mixed.csv")
    assert (result.rows_loaded, result.rows_skipped) == (1, 1)
    assert result.skipped_reasons == {"month is not in the form YYYY-MM": 1}


def test_rows_outside_london_are_kept_in_no_borough(lookups):
    """Elmbridge is not in the lookups: the row is stored with no borough."""
    body = HEADER + (
        "\na,2023-01,Met,Met,,,On or near X,E01030400,Elmbridge 001A,Burglary,,\n"
    )
    crime_file_import(raw=raw(body), file_name="edge.csv")
    assert CrimeRecord.objects.get().lad_code == ""
    assert MonthlyCrimeCount.objects.count() == 0


def test_indicator_change_comes_from_the_data(lookups):
    """Kingston burglary January 2023 -> January 2024: -16, -25.4%."""
    indicator = IndicatorFactory(
        priority__plan__partnership__area__code=KINGSTON,
        name="Residential burglary",
        crime_type="Burglary",
        baseline_month=datetime.date(2023, 1, 1),
        measured_month=datetime.date(2024, 1, 1),
        target_percent=-4.5,
    )
    crime_path_import(path=BURGLARY_2023)
    crime_path_import(path=BURGLARY_2024)
    indicator.refresh_from_db()
    assert (indicator.change_value, str(indicator.change_percent)) == (-16, "-25.4")
    assert indicator.result == "achieved"


def test_command_imports_a_folder_and_refuses_bad_files(lookups, tmp_path, capsys):
    """The command prints a report per file and fails on a refused one."""
    call_command("import_police_csv", str(STREET / "city-of-london"))
    out = capsys.readouterr().out
    assert out.count("rows read") == 6
    bad = tmp_path / "2023-01-bad-street.csv"
    bad.write_text("not,a,police,file\n1,2,3,4\n")
    with pytest.raises(CommandError, match="refused"):
        call_command("import_police_csv", str(bad))


def test_lookups_load_twice_changes_nothing_and_refuse_other_files(lookups, tmp_path):
    """A second load updates nothing; a wrong file is refused."""
    year, changed = lsoa_lookups_load(
        path=DATA / "lookups" / "LSOA11_WD19_LAD19_LONDON.csv"
    )
    assert (year, changed) == (2011, 0)
    other = tmp_path / "x.csv"
    other.write_text("a,b\n1,2\n")
    with pytest.raises(LookupFileError):
        lsoa_lookups_load(path=other)
