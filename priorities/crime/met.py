"""Importing the Met's ward-level series (London Datastore).

"MPS Ward Level Crime (most recent 24 months)": one row per ward and Met
category, one column per month (``MajorText, MinorText, WardName, WardCode,
LookUp_BoroughName, 202307, ..., 202506``). Ward-level figures for London come
from this file, in the Met's own categories.

Each file is a rolling window and the Met revises recent months in later
files. ``met_ward_file_import`` therefore:

- reads and checks the whole file before writing anything (a file that is not
  this series, is empty, has a header but no rows, or is cut short is refused
  with a clear message, and the refusal is recorded);
- for a file at least as recent as any loaded before, takes its figures for
  every month it covers: values that differ are revised, new ones added, and
  values of those months that the file no longer has are removed, so
  importing the same file again changes nothing;
- for an older file, only fills months and values not loaded yet, keeping the
  newer figures (``values_kept_newer``);
- reports how many values were new, changed, unchanged and removed.

With ``boroughs`` (ONS codes), only the rows of those boroughs' current wards
are read, and only their values are replaced (the demo loads three boroughs).
"""

import csv
import datetime
import hashlib
import io
import logging
import re
from pathlib import Path

from django.db import connection, transaction
from django.db.models import Max

from partnerships.models import Area
from portal.core.db import copy_from_stream
from priorities.crime.services import (
    crime_months_announce,
    indicators_refresh_from_crime_data,
)
from priorities.models import MetWardCrimeCount, MetWardImport

NAMED_COLUMNS = ("MajorText", "MinorText", "WardName", "WardCode", "LookUp_BoroughName")
MONTH_COLUMN = re.compile(r"^(\d{4})(\d{2})$")
WARD_CODE = re.compile(r"^[EW]05[0-9]{6}$")
SOURCE = (
    "Metropolitan Police Service, MPS Ward Level Crime (most recent 24 months), "
    "London Datastore"
)

logger = logging.getLogger(__name__)


class MetFileError(ValueError):
    """The file cannot be imported; nothing from it has been loaded."""


def _text(raw: bytes) -> str:
    if not raw.strip():
        raise MetFileError("The file is empty.")
    if b"\x00" in raw[:8192]:
        raise MetFileError("This is not a CSV file: it looks like a binary file.")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise MetFileError(
            "This is not a CSV file in UTF-8, as the London Datastore publishes it."
        ) from error


def _months(header: list[str]) -> list[tuple[int, datetime.date]]:
    months = []
    for index, name in enumerate(header):
        if name in NAMED_COLUMNS:
            continue
        match = MONTH_COLUMN.match(name)
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise MetFileError(
                f"This is not the Met's ward-level file: {name[:30]!r} is neither one "
                "of its columns (MajorText, MinorText, WardName, WardCode, "
                "LookUp_BoroughName) nor a month (YYYYMM)."
            )
        months.append(
            (index, datetime.date(int(match.group(1)), int(match.group(2)), 1))
        )
    if not months:
        raise MetFileError("The file has no month columns (YYYYMM).")
    if len({m for _, m in months}) != len(months):
        raise MetFileError("A month appears twice in the header.")
    return months


def _parse(text: str, *, wards: set[str] | None) -> tuple[list[tuple], dict]:
    """Every value of the file as (ward, month, major, minor, count); writes nothing."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [cell.strip() for cell in next(reader)]
    except StopIteration as error:
        raise MetFileError("The file is empty.") from error
    except csv.Error as error:
        raise MetFileError(f"The file cannot be read ({error}).") from error
    missing = [name for name in NAMED_COLUMNS if name not in header]
    if missing:
        raise MetFileError(
            "This is not the Met's ward-level file (MPS Ward Level Crime): it needs "
            "the columns MajorText, MinorText, WardName, WardCode and "
            "LookUp_BoroughName, then one column per month."
        )
    months = _months(header)
    at = {name: header.index(name) for name in NAMED_COLUMNS}
    values, seen, rows_read, rows_in_scope = [], set(), 0, 0
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise MetFileError(
                    f"Line {line} has {len(row)} columns where the header has "
                    f"{len(header)}: the file looks cut short or damaged. Download "
                    "it again."
                )
            rows_read += 1
            ward = row[at["WardCode"]].strip()
            major = row[at["MajorText"]].strip()[:100]
            minor = row[at["MinorText"]].strip()[:100]
            if not WARD_CODE.match(ward) or not major or not minor:
                raise MetFileError(
                    f"Line {line} has no ward code, or no major or minor category."
                )
            if (ward, major, minor) in seen:
                raise MetFileError(
                    f"Line {line} repeats the ward {ward} and category {major} / "
                    f"{minor}."
                )
            seen.add((ward, major, minor))
            if wards is not None and ward not in wards:
                continue
            rows_in_scope += 1
            for index, month in months:
                cell = row[index].strip()
                if not cell.isdigit():
                    raise MetFileError(
                        f"Line {line}: the count for {month:%B %Y} ({cell[:12]!r}) is "
                        "not a whole number."
                    )
                values.append((ward, month, major, minor, int(cell)))
    except csv.Error as error:
        raise MetFileError(
            f"The file is damaged or cut short and cannot be read ({error}). "
            "Download it again."
        ) from error
    if rows_read == 0:
        raise MetFileError("The file has a header but no rows of crime counts.")
    if wards is not None and rows_in_scope == 0:
        raise MetFileError(
            "None of the file's rows is in the boroughs asked for. Load their wards "
            "(load_ward_lookup) first."
        )
    return values, {
        "first_month": min(m for _, m in months),
        "last_month": max(m for _, m in months),
        "months": sorted(m for _, m in months),
    }


# --- Writing -----------------------------------------------------------------------


def _scope_sql(wards: set[str] | None) -> tuple[str, list]:
    if wards is None:
        return "", []
    return " AND ward_code = ANY(%s)", [sorted(wards)]


def _write_postgresql(values, months, wards, revise: bool) -> dict:
    table = MetWardCrimeCount._meta.db_table
    key = "t.ward_code = s.ward_code AND t.month = s.month AND " + (
        "t.major_category = s.major_category AND t.minor_category = s.minor_category"
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows(values)
    stream = io.BytesIO(buffer.getvalue().encode())
    scope, scope_params = _scope_sql(wards)
    report = {}
    # Table names come from the model; every value is a parameter.
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS met_staging")
        cursor.execute(
            "CREATE TEMP TABLE met_staging (ward_code varchar(9), month date, "
            "major_category varchar(100), minor_category varchar(100), "
            "count integer) ON COMMIT DROP"
        )
        copy_from_stream(
            cursor, "COPY met_staging FROM STDIN WITH (FORMAT csv)", stream
        )
        cursor.execute("ANALYZE met_staging")
        columns = "ward_code, month, major_category, minor_category, count"
        if revise:
            # One pass: new values inserted, different ones revised (xmax = 0
            # tells an inserted row from an updated one).
            cursor.execute(
                f"WITH written AS (INSERT INTO {table} AS t ({columns}) "  # noqa: S608
                f"SELECT {columns} FROM met_staging ON CONFLICT (ward_code, month, "
                "major_category, minor_category) DO UPDATE SET count = "
                "EXCLUDED.count WHERE t.count <> EXCLUDED.count "
                "RETURNING (xmax = 0) AS inserted) "
                "SELECT count(*) FILTER (WHERE inserted), "
                "count(*) FILTER (WHERE NOT inserted) FROM written"
            )
            report["values_new"], report["values_changed"] = cursor.fetchone()
            report["values_unchanged"] = (
                len(values) - report["values_new"] - report["values_changed"]
            )
            cursor.execute(
                f"DELETE FROM {table} t WHERE t.month = ANY(%s){scope} "  # noqa: S608
                f"AND NOT EXISTS (SELECT 1 FROM met_staging s WHERE {key})",
                [months, *scope_params],
            )
            report["values_removed"] = cursor.rowcount
        else:
            # An older file: fill what is missing, keep the newer figures.
            cursor.execute(
                f"SELECT count(*) FILTER (WHERE t.count = s.count), "  # noqa: S608
                f"count(*) FILTER (WHERE t.count <> s.count) FROM met_staging s "
                f"JOIN {table} t ON {key}"
            )
            report["values_unchanged"], report["values_kept_newer"] = cursor.fetchone()
            cursor.execute(
                f"INSERT INTO {table} ({columns}) "  # noqa: S608
                f"SELECT {columns} FROM met_staging ON CONFLICT (ward_code, month, "
                "major_category, minor_category) DO NOTHING"
            )
            report["values_new"] = cursor.rowcount
        cursor.execute("DROP TABLE met_staging")
    return report


def _write_other(values, months, wards, revise: bool) -> dict:
    """The same, through the ORM (the SQLite quickstart)."""
    existing = MetWardCrimeCount.objects.filter(month__in=months)
    if wards is not None:
        existing = existing.filter(ward_code__in=wards)
    stored = {
        (r.ward_code, r.month, r.major_category, r.minor_category): r for r in existing
    }
    report = dict.fromkeys(
        ("values_new", "values_changed", "values_unchanged", "values_removed"), 0
    )
    report["values_kept_newer"] = 0
    new, changed = [], []
    incoming = set()
    for ward, month, major, minor, count in values:
        key = (ward, month, major, minor)
        incoming.add(key)
        row = stored.get(key)
        if row is None:
            new.append(MetWardCrimeCount(ward_code=ward, month=month,
                                         major_category=major, minor_category=minor,
                                         count=count))  # fmt: skip
        elif row.count == count:
            report["values_unchanged"] += 1
        elif revise:
            row.count = count
            changed.append(row)
        else:
            report["values_kept_newer"] += 1
    MetWardCrimeCount.objects.bulk_create(new, batch_size=2000)
    MetWardCrimeCount.objects.bulk_update(changed, ["count"], batch_size=2000)
    report["values_new"], report["values_changed"] = len(new), len(changed)
    if revise:
        gone = [r.pk for key, r in stored.items() if key not in incoming]
        for start in range(0, len(gone), 2000):
            MetWardCrimeCount.objects.filter(pk__in=gone[start : start + 2000]).delete()
        report["values_removed"] = len(gone)
    return report


def _wards_of(boroughs: list[str]) -> set[str]:
    return set(
        Area.objects.filter(kind=Area.Kind.WARD, parent__code__in=boroughs).values_list(
            "code", flat=True
        )
    )


def met_ward_file_import(
    *, raw: bytes, file_name: str, boroughs: list[str] | None = None, actor=None
) -> MetWardImport:
    """Import one file of the Met's ward-level series; return its report.

    A refused file is recorded (status failed, with the reason) and loads
    nothing. ``boroughs``: ONS codes of the only boroughs to load.
    """
    record = MetWardImport(
        file_name=Path(file_name).name[:255],
        sha256=hashlib.sha256(raw).hexdigest(),
        imported_by=actor,
        boroughs=sorted(boroughs or []),
    )
    wards = _wards_of(boroughs) if boroughs else None
    try:
        values, window = _parse(_text(raw), wards=wards)
        with transaction.atomic():
            newest = MetWardImport.objects.filter(
                status=MetWardImport.Status.DONE
            ).aggregate(m=Max("last_month"))["m"]
            revise = newest is None or window["last_month"] >= newest
            write = (
                _write_postgresql if connection.vendor == "postgresql" else _write_other
            )
            report = write(values, window["months"], wards, revise)
            record.status = MetWardImport.Status.DONE
            record.first_month = window["first_month"]
            record.last_month = window["last_month"]
            record.values_read = len(values)
            for name, value in report.items():
                setattr(record, name, value)
            record.save()
            indicators_refresh_from_crime_data()
            crime_months_announce(months=window["months"])
    except MetFileError as error:
        record.status = MetWardImport.Status.FAILED
        record.error = str(error)
        record.save()
        logger.warning(
            "met_ward_import_refused file_name=%s",
            record.file_name,
            extra={
                "event": "met_ward_import_refused",
                "import_id": record.pk,
                "file_name": record.file_name,
                "reason": record.error,
            },
        )
        return record
    logger.info(
        "met_ward_import_finished import_id=%s values_changed=%s",
        record.pk,
        record.values_changed,
        extra={
            "event": "met_ward_import_finished",
            "import_id": record.pk,
            "file_name": record.file_name,
            "first_month": f"{record.first_month:%Y-%m}",
            "last_month": f"{record.last_month:%Y-%m}",
            "values_read": record.values_read,
            "values_new": record.values_new,
            "values_changed": record.values_changed,
            "values_removed": record.values_removed,
            "values_kept_newer": record.values_kept_newer,
        },
    )
    return record


def met_ward_path_import(
    *, path: Path, boroughs: list[str] | None = None, actor=None
) -> MetWardImport:
    return met_ward_file_import(
        raw=Path(path).read_bytes(),
        file_name=Path(path).name,
        boroughs=boroughs,
        actor=actor,
    )
