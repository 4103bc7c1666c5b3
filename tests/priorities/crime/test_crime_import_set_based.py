"""The set-based import (COPY into a staging table, one INSERT ... SELECT) on
PostgreSQL: the same rows, identities, places and report as the careful
row-by-row path, which still reads every file the set-based path cannot."""

import csv
import datetime
import hashlib
import io
from collections import Counter

import pytest

from priorities.crime import services
from priorities.crime.services import OUTSIDE_YOUR_AREAS, crime_file_import
from priorities.models import CrimeImport, CrimeRecord, MonthlyCrimeCount
from tests.priorities.crime.test_crime_import import (
    BURGLARY_2023,
    BURGLARY_2024,
    DRUGS_2015,
    HEADER,
    KINGSTON,
    STREET,
)

pytestmark = pytest.mark.django_db

TYPES = (
    "Anti-social behaviour", "Bicycle theft", "Burglary", "Criminal damage and arson",
    "Drugs", "Other crime", "Other theft", "Possession of weapons", "Public order",
    "Robbery", "Shoplifting", "Theft from the person", "Vehicle crime",
    "Violence and sexual offences",
)  # fmt: skip
RECORD = (
    "identity", "month", "crime_type", "lsoa_code", "lad_code", "ward_code",
    "longitude", "latitude", "location", "outcome",
)  # fmt: skip
REPORT = (
    "status", "error", "rows_read", "rows_loaded", "rows_already_loaded",
    "rows_without_location", "rows_skipped", "skipped_reasons", "months",
)  # fmt: skip


@pytest.fixture
def paths(monkeypatch):
    """Which path each import took: 'careful' when ``_parse`` ran."""
    taken = []
    parse = services._parse

    def spy(*args, **kwargs):
        taken.append("careful")
        return parse(*args, **kwargs)

    monkeypatch.setattr(services, "_parse", spy)
    return taken


def careful_only(monkeypatch):
    """Make every import take the careful path (the code before COPY)."""
    monkeypatch.setattr(services, "_fast_header", lambda source: None)


def all_types_month(rows=1400, month="2023-01") -> bytes:
    """A month of all 14 crime types at the real Met LSOAs of January 2023
    (2011 codes), with anti-social behaviour rows (no Crime ID) repeated
    exactly, rows without a location, a quoted comma and a BOM."""
    places = list(csv.reader(io.StringIO(BURGLARY_2023.read_text())))[1:]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for n in range(rows):
        place = places[(n * 7) % len(places)]
        crime_type = TYPES[n % len(TYPES)]
        asb = crime_type == "Anti-social behaviour"
        located = n % 25 != 0
        row = [
            "" if asb else hashlib.sha256(f"t{n}".encode()).hexdigest(),
            month, "Metropolitan Police Service", "Metropolitan Police Service",
            place[4] if located else "", place[5] if located else "",
            "On or near Park Road, Kingston" if n % 9 == 0 else place[6],
            place[7] if located else "", place[8] if located else "",
            crime_type, "" if asb else "Under investigation", "",
        ]  # fmt: skip
        writer.writerow(row)
        if asb and n % 3 == 0:
            writer.writerow(row)  # the same row twice: two crimes, kept both
    return b"\xef\xbb\xbf" + (HEADER + "\r\n").encode() + out.getvalue().encode()


def stored():
    return sorted(CrimeRecord.objects.values_list(*RECORD))


def report(result):
    return {name: getattr(result, name) for name in REPORT}


def old_identities(raw: bytes) -> Counter:
    """The identity formula, worked out here from the file."""
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    seen: Counter = Counter()
    identities: Counter = Counter()
    for row in rows[1:]:
        key = row[0].strip() or "|".join(row)
        seen[(row[1], key)] += 1
        text = f"{row[1]}|{key}|{seen[(row[1], key)]}"
        identities[hashlib.sha256(text.encode()).hexdigest()] += 1
    return identities


def test_a_month_of_all_14_types_loads_as_the_careful_path_loads_it(
    geography, lookups, paths, monkeypatch
):
    """Rows, identities, boroughs, wards, counts and the report are the same
    through COPY as row by row; the identities are the formula's."""
    raw = all_types_month()
    fast = crime_file_import(raw=raw, file_name="month.csv")
    assert paths == []  # set-based
    assert fast.status == CrimeImport.Status.DONE
    assert fast.rows_read == fast.rows_loaded == 1400 + 34
    body = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))[1:]
    assert fast.rows_without_location == sum(1 for r in body if not r[7]) > 0
    records, counts = stored(), sorted(MonthlyCrimeCount.objects.values_list())
    assert {r[2] for r in records} == set(TYPES)
    assert Counter(r[0] for r in records) == old_identities(raw)
    assert CrimeRecord.objects.filter(lad_code=KINGSTON).exclude(ward_code="").exists()

    CrimeRecord.objects.all().delete()
    MonthlyCrimeCount.objects.all().delete()
    careful_only(monkeypatch)
    careful = crime_file_import(raw=raw, file_name="month.csv")
    assert paths == ["careful"]
    assert stored() == records
    assert [c[1:] for c in sorted(MonthlyCrimeCount.objects.values_list())] == [
        c[1:] for c in counts
    ]
    assert report(careful) == report(fast)


def test_loading_the_month_again_adds_nothing(lookups, paths):
    raw = all_types_month()
    crime_file_import(raw=raw, file_name="month.csv")
    counts = sorted(MonthlyCrimeCount.objects.values_list("area_code", "count"))
    again = crime_file_import(raw=raw, file_name="month.csv")
    assert paths == []
    assert (again.rows_loaded, again.rows_already_loaded) == (0, 1434)
    assert CrimeRecord.objects.count() == 1434
    assert sorted(MonthlyCrimeCount.objects.values_list("area_code", "count")) == counts


def test_a_month_loaded_in_overlapping_parts_is_counted_as_its_rows(lookups, paths):
    """Half a month, then the whole of it: the second import adds the other
    half, and every count is what a recount of the stored rows gives."""
    raw = all_types_month()
    lines = raw.splitlines(keepends=True)
    crime_file_import(raw=b"".join(lines[: len(lines) // 2]), file_name="half.csv")
    whole = crime_file_import(raw=raw, file_name="month.csv")
    assert paths == []
    assert CrimeRecord.objects.count() == 1434
    assert whole.rows_loaded + whole.rows_already_loaded == 1434
    assert 0 < whole.rows_already_loaded < 1434
    counts = sorted(MonthlyCrimeCount.objects.values_list("area_code", "count"))
    services.monthly_counts_rebuild(months=[datetime.date(2023, 1, 1)])
    assert counts
    assert sorted(MonthlyCrimeCount.objects.values_list("area_code", "count")) == counts


@pytest.mark.parametrize("path", [BURGLARY_2023, BURGLARY_2024, DRUGS_2015])
def test_a_month_loaded_by_the_old_code_adds_nothing(lookups, paths, path):
    """Real files imported row by row, then through COPY: nothing new."""
    with pytest.MonkeyPatch.context() as patch:
        careful_only(patch)
        old = crime_file_import(path=path, file_name=path.name)
    again = crime_file_import(path=path, file_name=path.name)
    assert paths == ["careful"]
    assert again.rows_loaded == 0
    assert again.rows_already_loaded == old.rows_loaded > 0


def test_city_of_london_files_report_the_same_both_ways(lookups, paths, monkeypatch):
    """All 14 types, ASB without Crime IDs, rows without location."""
    files = sorted((STREET / "city-of-london").glob("*.csv"))
    fast = [report(crime_file_import(path=p, file_name=p.name)) for p in files]
    records = stored()
    assert paths == []
    CrimeRecord.objects.all().delete()
    careful_only(monkeypatch)
    careful = [report(crime_file_import(path=p, file_name=p.name)) for p in files]
    assert careful == fast
    assert stored() == records


BAD_ROWS = [
    ('abc,2023-01,Met,"unclosed\n', "cut short"),
    ("abc,2023-01,Met,Met,,,X,E01002902,Kin", "cut short"),
    ("a,2023-01" + ",x" * 20 + "\n", "Line 3 has 22 columns"),
    ("a,2023-01,Met,Met,,,X" + "y" * 1200 + ",,,Burglary,,\n", "longer than 1,000"),
    # Lines shorter than the limit, a value longer: the check after COPY.
    ('a,2023-01,Met,Met,,,"X\n' + ("y" * 600 + "\n") * 2 + '",,,Burglary,,\n', "1,000"),
]


@pytest.mark.parametrize(("bad", "message"), BAD_ROWS)
def test_a_malformed_file_gets_the_same_message_and_loads_nothing(
    lookups, paths, bad, message
):
    """COPY refuses it (or a check after COPY finds it): the careful path
    reads it and says what is wrong, as before; nothing is loaded."""
    good = "g,2023-01,Met,Met,,,On or near X,E01002902,Kingston upon Thames 001A,"
    body = f"{HEADER}\n{good}Burglary,,\n{bad}"
    result = crime_file_import(raw=body.encode(), file_name="bad.csv")
    assert result.status == CrimeImport.Status.FAILED
    assert message in result.error
    assert paths == ["careful"]
    assert CrimeRecord.objects.count() == 0
    assert MonthlyCrimeCount.objects.count() == 0


@pytest.mark.parametrize(
    "odd",
    [
        "\\.\n",  # COPY's end of data, a row to Python
        "\n",  # a blank line between rows
        "h,2023-01,Met,Met,nan,0x1p3,X,E01002902,Kingston upon Thames 001A,Drugs,,\n",
    ],
)
def test_rows_copy_reads_otherwise_take_the_careful_path(lookups, paths, odd):
    place = ",On or near X,E01002902,Kingston upon Thames 001A,Burglary,,\n"
    body = f"{HEADER}\na,2023-01,Met,Met,,{place}{odd}b,2023-01,Met,Met,,{place}"
    result = crime_file_import(raw=body.encode(), file_name="odd.csv")
    assert result.status == CrimeImport.Status.DONE
    assert paths == ["careful"]
    assert CrimeRecord.objects.filter(crime_type="Burglary").count() == 2


def test_skipped_rows_and_an_editors_areas(lookups, paths):
    """Bad months, no crime type and rows outside the editor's areas are
    counted by reason, set-based, as the careful path counts them."""
    place = "On or near X,E01003006,Kingston upon Thames 001A"
    westminster = "On or near Y,E01004734,Westminster 018A"
    body = (
        f"{HEADER}\n"
        f"a,2023-01,Met,Met,,,{place},Burglary,,\n"
        f"b,January,Met,Met,,,{place},Burglary,,\n"
        f"c,2023-13,Met,Met,,,{place},Burglary,,\n"
        f"d,2023-01,Met,Met,,,{place},,,\n"
        f"e,2023-01,Met,Met,,,{westminster},Burglary,,\n"
        f"f,2023-01,Met,Met,,,No location,,,Drugs,,\n"
        ",,,,,,,,,,,\n"
    )
    result = crime_file_import(
        raw=body.encode(), file_name="mixed.csv", allowed_areas={KINGSTON}
    )
    assert paths == []
    assert (result.rows_read, result.rows_loaded, result.rows_skipped) == (6, 1, 5)
    assert result.rows_without_location == 1
    assert result.skipped_reasons == {
        "month is not in the form YYYY-MM": 2,
        "no crime type": 1,
        OUTSIDE_YOUR_AREAS: 2,
    }
    assert result.months == ["2023-01"]
    assert list(CrimeRecord.objects.values_list("lad_code", flat=True)) == [KINGSTON]
    assert MonthlyCrimeCount.objects.get(area_code=KINGSTON).month == datetime.date(
        2023, 1, 1
    )
