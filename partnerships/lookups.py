"""Loading the ONS LSOA lookups (a write service for ``LsoaLookup``)."""

import csv
import io
from pathlib import Path

from django.db import transaction

from partnerships.models import LsoaLookup

# Column names of the two ONS files, by census year.
LOOKUP_COLUMNS = {
    2011: ("LSOA11CD", "LSOA11NM", "WD19CD", "WD19NM", "LAD19CD", "LAD19NM"),
    2021: ("LSOA21CD", "LSOA21NM", None, None, "LAD22CD", "LAD22NM"),
}


class LookupFileError(ValueError):
    """The file is not one of the ONS lookups this portal reads."""


def _year_of(header: list[str]) -> int:
    for year, columns in LOOKUP_COLUMNS.items():
        if all(c in header for c in columns if c):
            return year
    raise LookupFileError(
        "This is not an ONS LSOA lookup: it needs LSOA11CD, LSOA11NM, WD19CD, WD19NM, "
        "LAD19CD and LAD19NM columns, or LSOA21CD, LSOA21NM, LAD22CD and LAD22NM."
    )


@transaction.atomic
def lsoa_lookups_load(*, path: Path) -> tuple[int, int]:
    """Create or update the lookup rows of one file; return (year, rows).

    Loading the same file again changes nothing. A 2021 row keeps the ward of
    the same code from the 2011 lookup, where the LSOA did not change.
    """
    text = Path(path).read_bytes().decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    year = _year_of(reader.fieldnames or [])
    lsoa, name, ward, ward_name, lad, lad_name = LOOKUP_COLUMNS[year]
    existing = {row.code: row for row in LsoaLookup.objects.all()}
    to_create, to_update = [], []
    for record in reader:
        code = (record.get(lsoa) or "").strip()
        if not code:
            continue
        values = {
            "name": record[name].strip(),
            "census_year": year,
            "lad_code": record[lad].strip(),
            "lad_name": record[lad_name].strip(),
        }
        if ward:
            values["ward_code"] = record[ward].strip()
            values["ward_name"] = record[ward_name].strip()
        row = existing.get(code)
        if row is None:
            to_create.append(LsoaLookup(code=code, **values))
        elif (year == 2011 or row.census_year == 2021) and any(
            getattr(row, k) != v for k, v in values.items()
        ):
            for k, v in values.items():
                setattr(row, k, v)
            to_update.append(row)
    LsoaLookup.objects.bulk_create(to_create, batch_size=2000)
    LsoaLookup.objects.bulk_update(
        to_update,
        ["name", "census_year", "lad_code", "lad_name", "ward_code", "ward_name"],
        batch_size=2000,
    )
    return year, len(to_create) + len(to_update)
