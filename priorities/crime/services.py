"""Importing police.uk street-level crime files and keeping monthly counts.

Every import, from the command line or an officer's upload, goes through
``crime_file_import``: it reads columns by header name (any order, a byte-order
mark, CRLF line endings, quoted fields and missing trailing columns are all
fine), refuses a file that is not police.uk street data with a clear message
and loads nothing from it, places each row in a borough and ward through the
ONS lookups (or the LSOA name's borough prefix), skips rows already loaded,
and keeps the monthly counts of the months it touched up to date.

A crafted file cannot take a worker down: the file is read as a stream, one
row at a time (never whole, never as a list of rows), and refused past
``CRIME_UPLOAD_MAX_MB``, ``MAX_COLUMNS`` columns in a row or
``MAX_CELL_CHARACTERS`` in a value. The task adds a time limit, a memory
ceiling and a cap on redeliveries (``priorities.crime.tasks``).

An editor's import places rows only in the areas of the partnerships they edit
and reports the rest as skipped; a site administrator's (or the command
line's) imports everything. Two imports of the same month at once are safe:
each takes a PostgreSQL advisory lock of each of its months before it writes
rows or counts, and any error, expected or not, marks the import failed with
its reason.
"""

import csv
import datetime
import hashlib
import io
import logging
import re
import secrets
import tempfile
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection, transaction
from django.db.models import Max, Q, Sum
from django.urls import reverse
from django.utils import timezone

from partnerships.models import Area, Lsoa, LsoaChange, LsoaLookup, Partnership
from partnerships.rules import roles_by_partnership
from portal.core import events
from portal.core.cache import content_changed
from portal.core.db import copy_from_stream
from portal.core.outbox import enqueue_on_commit
from priorities.models import (
    CrimeImport,
    CrimeRecord,
    Indicator,
    MetWardCrimeCount,
    MonthlyCrimeCount,
)

REQUIRED_COLUMNS = ("Month", "Crime type")
KNOWN_COLUMNS = (
    "Crime ID",
    "Month",
    "Reported by",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
    "Crime type",
    "Last outcome category",
    "Context",
)
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
LSOA_NAME = re.compile(r"^(.*\S)\s+\d{3}[A-Z]$")
PROGRESS_EVERY = 20000
# Limits that keep a crafted file from taking a worker down: police.uk rows
# have 12 columns of short text (a trailing empty one is tolerated).
MAX_COLUMNS = len(KNOWN_COLUMNS) + 2
MAX_CELL_CHARACTERS = 1000
READ_CHUNK = 64 * 1024
OUTSIDE_YOUR_AREAS = "outside the areas of the partnerships you edit"
# Advisory lock namespace of the monthly-count rebuild (one lock per month).
MONTH_LOCK_NAMESPACE = 0x43524D  # "CRM"

logger = logging.getLogger(__name__)


class CrimeFileError(ValueError):
    """The file cannot be imported; nothing from it has been loaded."""


def _max_file_bytes() -> int:
    return settings.CRIME_UPLOAD_MAX_MB * 1024 * 1024


def _check_start(source: BinaryIO) -> bool:
    """Refuse a file too large, empty or binary; True if it ends with a newline."""
    source.seek(0, io.SEEK_END)
    size = source.tell()
    if size > _max_file_bytes():
        raise CrimeFileError(
            f"The file is {size / 1024 / 1024:.0f} MB: files must be smaller than "
            f"{settings.CRIME_UPLOAD_MAX_MB} MB. A police.uk file for one force "
            "and one month is smaller."
        )
    ends_with_newline = False
    if size:
        source.seek(-1, io.SEEK_END)
        ends_with_newline = source.read(1) in (b"\n", b"\r")
    source.seek(0)
    head = source.read(READ_CHUNK)
    source.seek(0)
    if not head.strip() and size <= READ_CHUNK:
        raise CrimeFileError("The file is empty.")
    if b"\x00" in head[:8192]:
        raise CrimeFileError("This is not a CSV file: it looks like a binary file.")
    return ends_with_newline


def _rows(reader):
    """The reader's rows, one at a time; damage and oversized rows are errors."""
    try:
        for row in reader:
            if len(row) > MAX_COLUMNS:
                raise CrimeFileError(
                    f"Line {reader.line_num} has {len(row):,} columns: police.uk "
                    f"files have {len(KNOWN_COLUMNS)}. This is not a police.uk "
                    "street-level crime file."
                )
            yield row
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise CrimeFileError(
                f"Line {reader.line_num} has a value longer than "
                f"{MAX_CELL_CHARACTERS:,} characters: police.uk values are short. "
                "This is not a police.uk street-level crime file."
            ) from error
        raise CrimeFileError(
            f"The file is damaged or cut short and cannot be read ({error}). "
            "Download it again."
        ) from error
    except UnicodeDecodeError as error:
        raise CrimeFileError(
            "This is not a CSV file in UTF-8: police.uk files are UTF-8 text."
        ) from error


def _header(rows) -> list[str]:
    try:
        header = [h.strip() for h in next(rows)]
    except StopIteration as error:
        raise CrimeFileError("The file is empty.") from error
    missing = [c for c in (*REQUIRED_COLUMNS, "LSOA code") if c not in header]
    if missing or not set(header) <= set(KNOWN_COLUMNS):
        raise CrimeFileError(
            "This is not a police.uk street-level crime file: it needs the columns "
            "Month, Crime type and LSOA code (and may have Crime ID, Longitude, "
            "Latitude, Location, LSOA name, Last outcome category and Context)."
        )
    return header


class _Places:
    """Borough and ward of an LSOA code: current wards first.

    A 2021 LSOA code gives its ward in the 2021 lookup (``Lsoa``). A 2011 code
    gives the ward of the 2021 LSOA it became; where it was split, the part with
    the most people (best fit, as the ONS lookups do). Codes neither knows fall
    back to the older 2011 lookup (2019 wards), then to the LSOA name's borough.
    """

    def __init__(self):
        rows = LsoaLookup.objects.values_list(
            "code", "lad_code", "ward_code", "lad_name"
        )
        self.by_code = {code: (lad, ward) for code, lad, ward, _ in rows}
        self.by_name = {name: lad for _, lad, _, name in rows}
        current = {
            code: (lad, ward, people or 0, name)
            for code, lad, ward, people, name in Lsoa.objects.exclude(
                ward_code=""
            ).values_list("code", "lad_code", "ward_code", "population", "lad_name")
        }
        best: dict[str, tuple[int, tuple[str, str]]] = {}
        for code11, code21 in LsoaChange.objects.values_list(
            "lsoa11_code", "lsoa21_code"
        ):
            if code21 in current:
                lad, ward, people, _ = current[code21]
                if code11 not in best or people > best[code11][0]:
                    best[code11] = (people, (lad, ward))
        self.by_code.update({code: place for code, (_, place) in best.items()})
        for code, (lad, ward, _, name) in current.items():
            self.by_code[code] = (lad, ward)
            self.by_name.setdefault(name, lad)

    def of(self, lsoa_code: str, lsoa_name: str) -> tuple[str, str]:
        if lsoa_code in self.by_code:
            return self.by_code[lsoa_code]
        match = LSOA_NAME.match(lsoa_name)
        if match and match.group(1) in self.by_name:
            return self.by_name[match.group(1)], ""
        return "", ""


def _float(value: str):
    try:
        return float(value) if value else None
    except ValueError:
        return None


def _parse(source: BinaryIO, *, report: dict, on_progress=None, allowed_areas=None):
    """Read and check the rows one at a time, yielding each record to store.

    Writes nothing. ``report`` is filled in as rows are read; ``allowed_areas``
    (borough codes), when given, skips every row placed anywhere else.
    """
    ends_with_newline = _check_start(source)
    text = io.TextIOWrapper(source, encoding="utf-8-sig", newline="")
    previous_limit = csv.field_size_limit(MAX_CELL_CHARACTERS)
    try:
        # strict: a quoted field left open at the end means the file was cut short.
        reader = csv.reader(text, strict=True)
        rows = _rows(reader)
        header = _header(rows)
        width = len(header)
        column = {name: i for i, name in enumerate(header)}
        places = _Places()
        seen: Counter = Counter()
        skipped: Counter = Counter()
        report.update(rows_read=0, rows_without_location=0, months=set(), kept=0)
        row = next(rows, None)
        while row is not None:
            following = next(rows, None)
            if not any(cell.strip() for cell in row):
                row = following
                continue
            if following is None and not ends_with_newline and len(row) < width:
                raise CrimeFileError(
                    "The file ends in the middle of a row: it looks cut short. "
                    "Download it again."
                )
            report["rows_read"] += 1
            if on_progress and report["rows_read"] % PROGRESS_EVERY == 0:
                on_progress(report["rows_read"])
            record = _record(row, width, column, places, seen, skipped, report)
            if (
                record is not None
                and allowed_areas is not None
                and record[4] not in allowed_areas
            ):
                skipped[OUTSIDE_YOUR_AREAS] += 1
                record = None
            if record is not None:
                report["months"].add(record[1])
                report["kept"] += 1
                yield record
            row = following
    finally:
        csv.field_size_limit(previous_limit)
        text.detach()
    if report["rows_read"] == 0:
        raise CrimeFileError("The file has a header but no rows of crime data.")
    report["rows_skipped"] = sum(skipped.values())
    report["skipped_reasons"] = dict(skipped)


def _record(row, width, column, places, seen, skipped, report):
    """One row as a record to store, or None (counted as skipped)."""
    row = row + [""] * (width - len(row))  # missing trailing columns

    def get(name):
        index = column.get(name)
        return row[index].strip() if index is not None else ""

    month = MONTH.match(get("Month"))
    if not month or not 1 <= int(month.group(2)) <= 12:
        skipped["month is not in the form YYYY-MM"] += 1
        return None
    crime_type = get("Crime type")
    if not crime_type:
        skipped["no crime type"] += 1
        return None
    lsoa_code, lsoa_name = get("LSOA code"), get("LSOA name")
    if not lsoa_code:
        # Kept (they count in force-wide totals) but placed in no area.
        report["rows_without_location"] += 1
    lad_code, ward_code = places.of(lsoa_code, lsoa_name)
    key = get("Crime ID") or "|".join(row[:width])
    month_text = get("Month")
    # Repeats are counted by a digest of the key: memory stays small.
    digest = hashlib.sha256(f"{month_text}|{key}".encode()).digest()
    seen[digest] += 1
    identity = hashlib.sha256(f"{month_text}|{key}|{seen[digest]}".encode())
    return (
        identity.hexdigest(),
        datetime.date(int(month.group(1)), int(month.group(2)), 1),
        crime_type[:100],
        lsoa_code[:9],
        lad_code,
        ward_code,
        _float(get("Longitude")),
        _float(get("Latitude")),
        get("Location")[:200],
        get("Last outcome category")[:200],
    )


COLUMNS = (
    "identity",
    "month",
    "crime_type",
    "lsoa_code",
    "lad_code",
    "ward_code",
    "longitude",
    "latitude",
    "location",
    "outcome",
)


def _spool(records) -> tempfile.SpooledTemporaryFile:
    """The records as CSV for COPY: in memory up to 8 MB, then on disk."""
    buffer = tempfile.SpooledTemporaryFile(  # noqa: SIM115 - returned open
        max_size=8 * 1024 * 1024, mode="w+", newline=""
    )
    writer = csv.writer(buffer)
    for record in records:
        writer.writerow([r"\N" if v is None else v for v in record])
    buffer.seek(0)
    return buffer


def _insert_postgresql(buffer, import_id: int) -> int:
    """COPY into a temporary table, then insert what is new in one statement."""
    table = CrimeRecord._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE crime_staging (LIKE "
            f"{table} INCLUDING DEFAULTS) ON COMMIT DROP"
        )
        cursor.execute(
            "ALTER TABLE crime_staging DROP COLUMN id, DROP COLUMN source_id"
        )
        copy_from_stream(
            cursor,
            f"COPY crime_staging ({', '.join(COLUMNS)}) FROM STDIN "
            "WITH (FORMAT csv, NULL '\\N')",
            buffer,
        )
        # Table and column names come from the model; values are parameters.
        sql = (
            f"INSERT INTO {table} ({', '.join(COLUMNS)}, source_id) "  # noqa: S608
            f"SELECT {', '.join(COLUMNS)}, %s FROM crime_staging "
            "ON CONFLICT (month, identity) DO NOTHING"
        )
        cursor.execute(sql, [import_id])
        inserted = cursor.rowcount
        cursor.execute("DROP TABLE crime_staging")
        return inserted


# --- The set-based path (PostgreSQL) ----------------------------------------------
#
# The file goes to PostgreSQL through COPY, as it is, into a temporary table of
# text columns in file order; one INSERT ... SELECT then checks each row, gives
# it its identity (the same sha256 as ``_record``), places it through a
# temporary table of ``_Places``, filters the editor's areas, inserts what is
# new, adds it to the monthly counts and counts the report. Anything out of the
# ordinary (a row COPY refuses, a value past the limits, a number Python would
# read differently) rolls it all back and the careful row-by-row path above runs
# instead, with its messages.

# What Python's str.strip() removes, as far as police.uk files go.
_SPACE = " \t\n\r\x0b\x0c"
_MONTH = re.compile("[0-9]{4}-(0[1-9]|1[0-2])")  # with fullmatch
_LSOA_NAME_SQL = r"^(.*\S)\s+\d{3}[A-Z]$"


class _Careful(Exception):
    """The file needs the careful path (which gives the reason, if any)."""


class _Feed:
    """The file from an offset, for COPY, measured on the way through.

    Notes a ``\\.`` (COPY's end of data), counts the line ends and keeps the
    longest line in bytes: no line past ``MAX_CELL_CHARACTERS`` bytes means no
    value past it either.
    """

    def __init__(self, source: BinaryIO):
        self.source = source
        self.tail = b""
        self.end_marker = False
        self.newlines = 0
        self.longest = 0
        self.partial = 0
        self.ends_with_newline = True

    def read(self, size: int = -1) -> bytes:
        data = self.source.read(size)
        if not data:
            self.longest = max(self.longest, self.partial)
            return data
        if b"\\." in self.tail + data[:1] or b"\\." in data:
            self.end_marker = True
        self.tail = data[-1:]
        self.ends_with_newline = data.endswith(b"\n")
        lines = data.split(b"\n")
        self.newlines += len(lines) - 1
        if len(lines) == 1:
            self.partial += len(data)
        else:
            self.longest = max(
                self.longest, self.partial + len(lines[0]), *map(len, lines[1:-1])
            )
            self.partial = len(lines[-1])
        return data


def _fast_header(source: BinaryIO) -> tuple[list[str], int] | None:
    """The header and the byte offset of the first row, if it is plain."""
    source.seek(0)
    head = source.read(READ_CHUNK)
    source.seek(0)
    end = head.find(b"\n")
    if end < 0:
        return None
    start = 3 if head.startswith(b"\xef\xbb\xbf") else 0
    try:
        line = head[start:end].decode("utf-8")
        rows = list(csv.reader(io.StringIO(line), strict=True))
    except (UnicodeDecodeError, csv.Error):
        return None
    if len(rows) != 1 or len(rows[0]) > MAX_COLUMNS:
        return None
    header = [h.strip() for h in rows[0]]
    missing = [c for c in (*REQUIRED_COLUMNS, "LSOA code") if c not in header]
    if missing or not set(header) <= set(KNOWN_COLUMNS):
        return None
    return header, end + 1


def _places_tables(cursor) -> None:
    """``_Places`` as two temporary tables, for a JOIN."""
    places = _Places()
    cursor.execute(
        "CREATE TEMP TABLE crime_place_code (code text PRIMARY KEY, lad text, "
        "ward text) ON COMMIT DROP"
    )
    cursor.execute(
        "INSERT INTO crime_place_code SELECT * FROM "
        "unnest(%s::text[], %s::text[], %s::text[])",
        [
            list(places.by_code),
            [p[0] for p in places.by_code.values()],
            [p[1] for p in places.by_code.values()],
        ],
    )
    cursor.execute(
        "CREATE TEMP TABLE crime_place_name (name text PRIMARY KEY, lad text) "
        "ON COMMIT DROP"
    )
    cursor.execute(
        "INSERT INTO crime_place_name SELECT * FROM unnest(%s::text[], %s::text[])",
        [list(places.by_name), list(places.by_name.values())],
    )


def _rows_sql(header: list[str], table: str, counts: str) -> str:
    """The one statement that checks, places, inserts and counts the rows."""
    column = {name: i for i, name in enumerate(header)}  # the last of a name
    cells = [f"c{i}" for i in range(len(header))]

    def get(name):
        index = column.get(name)
        return f"btrim(c{index}, %(space)s)" if index is not None else "''"

    blank = " AND ".join(f"btrim({c}, %(space)s) = ''" for c in cells)
    # Table and column names come from the model and c0..cN; values are
    # parameters.
    return f"""
    WITH rows AS (
        -- Each row checked and placed, worked out once (this is read four
        -- times below; the file's text columns are read once, here).
        SELECT line, month_text, crime_type, raw.lsoa_code, key, lon_text,
            lat_text, location, outcome, reason,
            lon_text::float8 AS longitude, lat_text::float8 AS latitude,
            place.lad_code, place.ward_code,
            coalesce(reason, CASE
                WHEN %(allowed)s::text[] IS NOT NULL
                    AND NOT place.lad_code = ANY(%(allowed)s::text[])
                THEN %(outside)s END) AS skip
        FROM (
            SELECT r.*, CASE
                WHEN month_text <> ALL(%(month_texts)s::text[]) THEN %(bad_month)s
                WHEN crime_type = '' THEN %(no_type)s END AS reason
            FROM (
                SELECT line, {get("Month")} AS month_text,
                    {get("Crime type")} AS crime_type,
                    {get("LSOA code")} AS lsoa_code, {get("LSOA name")} AS lsoa_name,
                    coalesce(nullif({get("Crime ID")}, ''),
                        concat_ws('|', {", ".join(cells)})) AS key,
                    nullif({get("Longitude")}, '') AS lon_text,
                    nullif({get("Latitude")}, '') AS lat_text,
                    left({get("Location")}, 200) AS location,
                    left({get("Last outcome category")}, 200) AS outcome
                FROM crime_raw WHERE NOT ({blank})
            ) AS r
        ) AS raw
        LEFT JOIN crime_place_code AS code ON code.code = raw.lsoa_code
        LEFT JOIN crime_place_name AS name ON name.name = CASE
            WHEN code.code IS NULL THEN substring(raw.lsoa_name FROM %(name)s) END
        CROSS JOIN LATERAL (SELECT
            CASE WHEN code.code IS NOT NULL THEN code.lad
                ELSE coalesce(name.lad, '') END AS lad_code,
            coalesce(code.ward, '') AS ward_code) AS place
    ), repeats AS (
        -- Keys seen more than once in the month (anti-social behaviour rows
        -- alike, mostly) are numbered in file order; every other row is the
        -- first of its key. Hashing finds them without sorting every row.
        SELECT line, row_number() OVER (
            PARTITION BY month_text COLLATE "C", key COLLATE "C" ORDER BY line
        ) AS repeat
        FROM rows
        WHERE reason IS NULL AND (month_text, key) IN (
            SELECT month_text, key FROM rows WHERE reason IS NULL
            GROUP BY month_text, key HAVING count(*) > 1
        )
    ), fresh AS MATERIALIZED (
        -- Worked out once a row (a join condition would hash it twice).
        SELECT encode(sha256(convert_to(month_text || '|' || key || '|'
                || coalesce(repeats.repeat, 1), 'UTF8')), 'hex') AS identity,
            (month_text || '-01')::date AS month, left(crime_type, 100) AS crime_type,
            left(lsoa_code, 9) AS lsoa_code, lad_code, ward_code, longitude,
            latitude, location, outcome
        FROM rows LEFT JOIN repeats USING (line) WHERE skip IS NULL
    ), inserted AS (
        -- The months are locked (``_months_lock``): no other import adds rows
        -- to them until this one commits, so what is not there now is new.
        -- One hash anti-join against the months' identities, not a conflict
        -- check per row.
        INSERT INTO {table} (identity, month, crime_type, lsoa_code, lad_code,
            ward_code, longitude, latitude, location, outcome, source_id)
        SELECT identity, month, crime_type, lsoa_code, lad_code, ward_code,
            longitude, latitude, location, outcome, %(import_id)s
        FROM fresh WHERE NOT EXISTS (
            SELECT FROM {table} AS held
            WHERE held.month = ANY(%(months)s::date[])
                AND held.month = fresh.month AND held.identity = fresh.identity
        )
        RETURNING month, crime_type, lad_code, ward_code
    ), counted AS (
        -- The months' counts go up by what was added (no re-reading of rows).
        INSERT INTO {counts} (area_code, month, crime_type, count)
        -- In the order ``monthly_counts_rebuild`` writes them.
        SELECT area, month, crime_type, count(*) FROM (
            SELECT 1 AS kind, lad_code AS area, month, crime_type FROM inserted
            UNION ALL SELECT 2, ward_code, month, crime_type FROM inserted
        ) AS added WHERE area <> ''
        GROUP BY kind, area, month, crime_type
        ORDER BY kind, area, month, crime_type
        ON CONFLICT (area_code, month, crime_type)
            DO UPDATE SET count = {counts}.count + excluded.count
    )
    SELECT skip, CASE WHEN skip IS NULL THEN month_text END, count(*),
        count(*) FILTER (WHERE reason IS NULL AND lsoa_code = ''),
        count(*) FILTER (WHERE longitude IN ('NaN', 'Infinity', '-Infinity')
            OR latitude IN ('NaN', 'Infinity', '-Infinity')
            OR concat(lon_text, lat_text) ~ '[xX_]')
    FROM rows GROUP BY 1, 2
    UNION ALL SELECT 'loaded', NULL, count(*), 0, 0 FROM inserted
    """  # noqa: S608


def _load_set_based(source, header, offset, report, allowed, import_id) -> int:
    """COPY the rows in, then check, place and insert them in one statement.

    Fills ``report`` as ``_parse`` does and returns the rows inserted; raises
    ``_Careful`` (the caller rolls back) for anything the careful path must see.
    """
    cells = [f"c{i}" for i in range(len(header))]
    with connection.cursor() as cursor:
        # Sorting and joining 90,000 rows in memory, not in files.
        cursor.execute("SET LOCAL work_mem = '64MB'")
        # Commit without waiting for the WAL to reach the disk: a crash in
        # the next moment loses this transaction only, and the import is not
        # recorded as done either, since that is a later transaction whose
        # commit does wait, for this one's WAL too (it comes earlier).
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute(
            "CREATE TEMP TABLE crime_raw (line bigint GENERATED ALWAYS AS IDENTITY, "
            + ", ".join(f"{c} text" for c in cells)
            + ") ON COMMIT DROP"
        )
        source.seek(offset)
        feed = _Feed(source)
        copy_from_stream(
            cursor,
            f"COPY crime_raw ({', '.join(cells)}) FROM STDIN WITH (FORMAT csv, "
            f"FORCE_NOT_NULL ({', '.join(cells)}))",
            feed,
        )
        staged = cursor.rowcount
        if feed.end_marker or staged <= 0:
            raise _Careful("a \\. line or no rows")  # COPY stops at "\."
        if feed.longest > MAX_CELL_CHARACTERS:
            raise _Careful("a line past the value limit")
        lines = feed.newlines + (0 if feed.ends_with_newline else 1)
        if staged != lines:
            # Line ends inside quoted values: measure the values themselves.
            longest = " OR ".join(f"length({c}) > %s" for c in cells)
            cursor.execute(
                f"SELECT EXISTS (SELECT FROM crime_raw WHERE {longest})",  # noqa: S608
                [MAX_CELL_CHARACTERS] * len(cells),
            )
            if cursor.fetchone()[0]:
                raise _Careful("a value past the limit")
        # The months the rows will go in, locked before anything is written.
        month_cell = f"c{max(i for i, h in enumerate(header) if h == 'Month')}"
        # The statement checks each row's month against these texts.
        cursor.execute(f"SELECT DISTINCT {month_cell} FROM crime_raw")  # noqa: S608
        month_texts = sorted(
            {
                text
                for (cell,) in cursor.fetchall()
                if _MONTH.fullmatch(text := cell.strip(_SPACE))
            }
        )
        months = sorted(
            {datetime.date(int(t[:4]), int(t[5:7]), 1) for t in month_texts}
        )
        _months_lock(cursor, months)
        _places_tables(cursor)
        # Hash joins only: the row estimates of the common table expressions
        # are guesses, and a nested loop over the months' rows would probe the
        # table once a row.
        cursor.execute("SET LOCAL enable_nestloop = off")
        cursor.execute(
            _rows_sql(
                header, CrimeRecord._meta.db_table, MonthlyCrimeCount._meta.db_table
            ),
            {
                "months": months,
                "space": _SPACE,
                "month_texts": month_texts,
                "name": _LSOA_NAME_SQL,
                "bad_month": "month is not in the form YYYY-MM",
                "no_type": "no crime type",
                "outside": OUTSIDE_YOUR_AREAS,
                "allowed": sorted(allowed) if allowed is not None else None,
                "import_id": import_id,
            },
        )
        counts = cursor.fetchall()
        cursor.execute("SET LOCAL enable_nestloop = on")
        # Dropped at commit too; now, for a caller's longer transaction.
        cursor.execute("DROP TABLE crime_raw, crime_place_code, crime_place_name")
    loaded = sum(n for skip, _, n, _, _ in counts if skip == "loaded")
    counts = [row for row in counts if row[0] != "loaded"]
    if sum(odd for *_, odd in counts):
        raise _Careful("numbers Python reads otherwise (nan, inf, 0x1p3)")
    months = Counter()
    for skip, month_text, n, _, _ in counts:
        if skip is None:
            months[month_text] += n
    skipped = {skip: n for skip, _, n, _, _ in counts if skip is not None}
    report.update(
        rows_read=sum(n for _, _, n, _, _ in counts),
        rows_without_location=sum(without for _, _, _, without, _ in counts),
        months={datetime.date(int(m[:4]), int(m[5:7]), 1) for m in months},
        kept=sum(months.values()),
        rows_skipped=sum(skipped.values()),
        skipped_reasons=skipped,
    )
    if not report["rows_read"]:
        raise _Careful("no rows")
    return loaded


def _insert_other(records, import_id: int) -> int:
    before = CrimeRecord.objects.count()
    CrimeRecord.objects.bulk_create(
        (
            CrimeRecord(**dict(zip(COLUMNS, r, strict=True)), source_id=import_id)
            for r in records
        ),
        batch_size=1000,
        ignore_conflicts=True,
    )
    return CrimeRecord.objects.count() - before


def _months_lock(cursor, months: list[datetime.date]) -> None:
    """Lock the months (PostgreSQL, until the transaction ends), in date order.

    Every import takes its months' locks before it writes rows or counts, so
    two imports of the same month run one after the other from there: the
    second sees the first one's rows, and neither waits on the other's rows
    while holding a lock the other needs.
    """
    for month in sorted(set(months)):
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s, %s)",
            [MONTH_LOCK_NAMESPACE, month.year * 12 + month.month],
        )


def monthly_counts_rebuild(*, months: list[datetime.date]) -> None:
    """Recount the given months per borough and per ward, from the rows.

    Call inside a transaction. Each month is locked (a transaction-level
    advisory lock, taken in date order so two imports cannot deadlock) before
    its counts are deleted and inserted again, so two imports touching the
    same month rebuild it one after the other, each from every committed row:
    never the "duplicate key" of two delete-then-insert runs interleaved.
    """
    if not months:
        return
    months = sorted(set(months))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            _months_lock(cursor, months)
    MonthlyCrimeCount.objects.filter(month__in=months).delete()
    table = CrimeRecord._meta.db_table
    counts = MonthlyCrimeCount._meta.db_table
    placeholders = ", ".join(["%s"] * len(months))
    with connection.cursor() as cursor:
        for column in ("lad_code", "ward_code"):
            # Table and column names come from the models; values are parameters.
            sql = (
                f"INSERT INTO {counts} (area_code, month, crime_type, count) "  # noqa: S608
                f"SELECT {column}, month, crime_type, COUNT(*) FROM {table} "
                f"WHERE month IN ({placeholders}) AND {column} <> '' "
                f"GROUP BY {column}, month, crime_type "
                f"ORDER BY {column}, month, crime_type"
            )
            cursor.execute(sql, months)


def import_areas_for(user) -> set[str] | None:
    """Borough codes an import by ``user`` may place rows in; None: any.

    Site administrators and the command line (no user) import everything; an
    editor only the areas of the partnerships they are an editor of.
    """
    if user is None or user.is_superuser:
        return None
    editing = [
        pk for pk, roles in roles_by_partnership(user).items() if "editor" in roles
    ]
    return set(
        Partnership.objects.filter(pk__in=editing).values_list("area__code", flat=True)
    )


def _fail(crime_import: CrimeImport, reason: str, *, event: str) -> CrimeImport:
    crime_import.status = CrimeImport.Status.FAILED
    crime_import.error = reason
    crime_import.finished_at = timezone.now()
    crime_import.save()
    logger.warning(
        "%s import_id=%s",
        event,
        crime_import.pk,
        extra={
            "event": event,
            "import_id": crime_import.pk,
            "file_name": crime_import.file_name,
            "reason": reason,
        },
    )
    return crime_import


UNEXPECTED = (
    "The import stopped because of an unexpected problem (reference {ref}). "
    "Try again; if it happens again, tell the site administrator the reference."
)


def crime_file_import(
    *,
    raw: bytes | None = None,
    path: Path | None = None,
    source: BinaryIO | None = None,
    file_name: str,
    actor=None,
    crime_import: CrimeImport | None = None,
    allowed_areas: set[str] | None = None,
) -> CrimeImport:
    """Import one police.uk street-level file; return its report.

    The file is ``raw`` bytes, a ``path`` or a seekable binary ``source``.

    ``allowed_areas`` (borough codes; see ``import_areas_for``) limits where
    rows may be placed; the rest are reported as skipped. A refused file is
    recorded as failed with the reason and nothing loaded; so is any other
    error, with a reference that is also in the log.
    """
    if source is not None:
        return _import(source, file_name, actor, crime_import, allowed_areas)
    if path is None:
        return _import(io.BytesIO(raw), file_name, actor, crime_import, allowed_areas)
    with Path(path).open("rb") as source:
        return _import(source, file_name, actor, crime_import, allowed_areas)


def _digest(source: BinaryIO) -> str:
    digest = hashlib.sha256()
    source.seek(0)
    while chunk := source.read(1024 * 1024):
        digest.update(chunk)
    source.seek(0)
    return digest.hexdigest()


def _import_set_based(source, report, allowed, import_id) -> int | None:
    """Load through COPY and set-based SQL; None if the careful path must run.

    Refuses (``CrimeFileError``) a file too large, empty or binary as the
    careful path does; anything else unusual is left to the careful path.
    """
    _check_start(source)
    found = _fast_header(source)
    if found is None:
        return None
    header, offset = found
    try:
        with transaction.atomic():
            try:
                loaded = _load_set_based(
                    source, header, offset, report, allowed, import_id
                )
            except DatabaseError as error:
                # COPY refused a row (columns missing or extra, not UTF-8, a
                # quote left open...): the careful path says which and where.
                raise _Careful("COPY or the statement refused it") from error
            # The statement has counted the rows it added.
            indicators_refresh_from_crime_data()
    except _Careful as careful:
        reason = careful.__cause__ or careful.args[0]
        logger.info(
            "crime_import_careful_path import_id=%s reason=%s",
            import_id,
            reason,
            extra={"event": "crime_import_careful_path", "import_id": import_id},
        )
        report.clear()
        source.seek(0)
        return None
    return loaded


def _import_row_by_row(source, report, progress, allowed, import_id) -> int:
    """Read, check and place every row in Python (SQLite; unusual files)."""
    records = _parse(source, report=report, on_progress=progress, allowed_areas=allowed)
    # The file is read, row by row, here (a list only on the quickstart's
    # SQLite).
    buffer = _spool(records) if connection.vendor == "postgresql" else list(records)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                _months_lock(cursor, report["months"])
        insert = (
            _insert_postgresql if connection.vendor == "postgresql" else _insert_other
        )
        loaded = insert(buffer, import_id)
        monthly_counts_rebuild(months=sorted(report["months"]))
        indicators_refresh_from_crime_data()
    return loaded


def _import(source, file_name, actor, crime_import, allowed) -> CrimeImport:
    if crime_import is None:
        crime_import = CrimeImport.objects.create(
            file_name=file_name[:255], sha256=_digest(source), uploaded_by=actor
        )
        crime_import.status = CrimeImport.Status.RUNNING
        crime_import.started_at = timezone.now()
        crime_import.attempts = 1
        crime_import.save(update_fields=["status", "started_at", "attempts"])

    def progress(rows_read):
        CrimeImport.objects.filter(pk=crime_import.pk).update(rows_read=rows_read)

    report: dict = {}
    try:
        loaded = None
        if connection.vendor == "postgresql":
            loaded = _import_set_based(source, report, allowed, crime_import.pk)
        if loaded is None:
            loaded = _import_row_by_row(
                source, report, progress, allowed, crime_import.pk
            )
        months = sorted(report["months"])
    except CrimeFileError as error:
        return _fail(crime_import, str(error), event="crime_import_refused")
    except MemoryError:
        return _fail(
            crime_import,
            "The file needs more memory to import than a worker may use. Split "
            "it into smaller files (one force and one month each).",
            event="crime_import_failed",
        )
    except Exception:
        reference = secrets.token_hex(6).upper()
        logger.exception(
            "crime_import_error import_id=%s reference=%s",
            crime_import.pk,
            reference,
            extra={"event": "crime_import_error", "reference": reference},
        )
        return _fail(
            crime_import,
            UNEXPECTED.format(ref=reference),
            event="crime_import_failed",
        )
    crime_import.status = CrimeImport.Status.DONE
    crime_import.rows_read = report["rows_read"]
    crime_import.rows_loaded = loaded
    crime_import.rows_already_loaded = report["kept"] - loaded
    crime_import.rows_without_location = report["rows_without_location"]
    crime_import.rows_skipped = report["rows_skipped"]
    crime_import.skipped_reasons = report["skipped_reasons"]
    crime_import.months = [m.strftime("%Y-%m") for m in months]
    crime_import.error = ""
    crime_import.finished_at = timezone.now()
    with transaction.atomic():
        crime_import.save()
        crime_months_announce(months=months)
    logger.info(
        "crime_import_finished import_id=%s rows_read=%s rows_loaded=%s",
        crime_import.pk,
        crime_import.rows_read,
        crime_import.rows_loaded,
        extra={
            "event": "crime_import_finished",
            "import_id": crime_import.pk,
            "file_name": crime_import.file_name,
            "rows_read": crime_import.rows_read,
            "rows_loaded": crime_import.rows_loaded,
            "rows_already_loaded": crime_import.rows_already_loaded,
            "rows_without_location": crime_import.rows_without_location,
            "rows_skipped": crime_import.rows_skipped,
            "months": crime_import.months,
        },
    )
    return crime_import


def crime_months_announce(*, months: list[datetime.date]) -> int:
    """Tell subscribers about a new month of figures, once per partnership.

    Called by both imports: police.uk's (the borough and its wards) and the
    Met's ward-level series (London's wards). A published partnership hears
    about the newest month with figures for its borough or any of its current
    wards, if this import brought it; loading older months (a backfill) or a
    month again (revised figures, or the other source catching up) announces
    nothing new: the event is recorded once per partnership and month, and
    each follower's email reads the figures of their own ward or borough.
    """
    if not months:
        return 0
    partnerships = list(
        Partnership.objects.public().select_related("area").exclude(area__code="")
    )
    codes = {p.area.code for p in partnerships}
    newest = dict(
        MonthlyCrimeCount.objects.filter(area_code__in=codes)
        .values("area_code")
        .annotate(latest=Max("month"))
        .values_list("area_code", "latest")
    )
    met_newest = dict(
        MetWardCrimeCount.objects.filter(
            ward_code__in=Area.objects.current()
            .filter(kind=Area.Kind.WARD, parent__code__in=codes)
            .values("code")
        )
        .values("ward_code")
        .annotate(latest=Max("month"))
        .values_list("ward_code", "latest")
    )
    if met_newest:
        borough_of = dict(
            Area.objects.current()
            .filter(code__in=met_newest)
            .values_list("code", "parent__code")
        )
        for ward_code, month in met_newest.items():
            borough = borough_of.get(ward_code)
            if borough and month > newest.get(borough, datetime.date.min):
                newest[borough] = month
    announced = 0
    for partnership in partnerships:
        month = newest.get(partnership.area.code)
        if month is None or month not in months:
            continue
        events.publication_announce(
            kind=events.CRIME_FIGURES,
            partnership_id=partnership.pk,
            object_id=partnership.pk,
            key=month.strftime("%Y-%m"),
            title=f"Crime figures for {month:%B %Y}",
            summary=f"Figures for {month:%B %Y} are now on the portal.",
            path=reverse("crime:statistics", args=[partnership.slug]),
        )
        announced += 1
    return announced


def crime_path_import(*, path: Path, actor=None) -> CrimeImport:
    return crime_file_import(path=Path(path), file_name=Path(path).name, actor=actor)


def _met_counts(indicator: Indicator, area: Area) -> dict:
    """The Met's counts over the area's current wards, by month."""
    counts = MetWardCrimeCount.objects.filter(
        ward_code__in=Area.objects.current()
        .filter(parent=area, kind=Area.Kind.WARD)
        .values("code"),
        major_category=indicator.met_major_category,
        month__in=[indicator.baseline_month, indicator.measured_month],
    )
    if indicator.met_minor_category:
        counts = counts.filter(minor_category=indicator.met_minor_category)
    return dict(
        counts.values("month").annotate(n=Sum("count")).values_list("month", "n")
    )


def indicators_refresh_from_crime_data(*, priority_ids=None) -> int:
    """Work out each crime-linked indicator's change from the monthly counts.

    An indicator counts a police.uk crime type (the borough's police.uk counts)
    or a Met category (the Met's ward-level series summed over the borough's
    current wards). ``priority_ids`` limits it to those priorities' indicators
    (publishing a priority recomputes its own).
    """
    changed = 0
    indicators = Indicator.objects.filter(
        ~Q(crime_type="") | ~Q(met_major_category=""),
        baseline_month__isnull=False,
        measured_month__isnull=False,
    ).select_related("priority__plan__partnership__area")
    if priority_ids is not None:
        indicators = indicators.filter(priority_id__in=priority_ids)
    for indicator in indicators:
        area = indicator.priority.plan.partnership.area
        if indicator.met_major_category:
            counts = _met_counts(indicator, area)
        else:
            counts = dict(
                MonthlyCrimeCount.objects.filter(
                    area_code=area.code,
                    crime_type=indicator.crime_type,
                    month__in=[indicator.baseline_month, indicator.measured_month],
                ).values_list("month", "count")
            )
        if (
            indicator.baseline_month not in counts
            or indicator.measured_month not in counts
        ):
            continue
        before, after = (
            counts[indicator.baseline_month],
            counts[indicator.measured_month],
        )
        change = after - before
        percent = (
            (Decimal(100 * change) / before).quantize(Decimal("0.1"))
            if before
            else None
        )
        if (indicator.change_value, indicator.change_percent) != (change, percent):
            indicator.change_value = change
            indicator.change_percent = percent
            indicator.save(update_fields=["change_value", "change_percent"])
            changed += 1
    return changed


@transaction.atomic
def crime_records_replace() -> int:
    """Place the stored rows in the wards the lookups give now; recount.

    Run after loading new ward lookups: rows imported earlier were placed in
    the wards known then (for example the 2019 wards). Returns how many rows
    moved; the monthly counts of their months are rebuilt. Running it again
    moves nothing and rebuilds nothing.
    """
    places = _Places()
    table = CrimeRecord._meta.db_table
    months: set[datetime.date] = set()
    moved = 0
    if connection.vendor == "postgresql":
        codes = list(places.by_code)
        lads = [places.by_code[c][0] for c in codes]
        wards = [places.by_code[c][1] for c in codes]
        with connection.cursor() as cursor:
            # Table name from the model; the lookups go in as array parameters.
            cursor.execute(
                f"WITH moved AS (UPDATE {table} AS t SET lad_code = m.lad, "  # noqa: S608
                "ward_code = m.ward FROM unnest(%s::text[], %s::text[], %s::text[]) "
                "AS m(lsoa, lad, ward) WHERE t.lsoa_code = m.lsoa AND "
                "(t.lad_code <> m.lad OR t.ward_code <> m.ward) RETURNING t.month) "
                "SELECT month, count(*) FROM moved GROUP BY month",
                [codes, lads, wards],
            )
            for month, count in cursor.fetchall():
                months.add(month)
                moved += count
    else:
        stored = (
            CrimeRecord.objects.exclude(lsoa_code="")
            .values_list("lsoa_code", "lad_code", "ward_code")
            .distinct()
        )
        for code, lad, ward in list(stored):
            place = places.by_code.get(code)
            if place is None or place == (lad, ward):
                continue
            rows = CrimeRecord.objects.filter(
                lsoa_code=code, lad_code=lad, ward_code=ward
            )
            months.update(rows.values_list("month", flat=True).distinct())
            moved += rows.update(lad_code=place[0], ward_code=place[1])
    if months:
        monthly_counts_rebuild(months=sorted(months))
        indicators_refresh_from_crime_data()
        content_changed()  # bulk writes send no signals: empty the page cache
    return moved


UPLOAD_FOLDER = "crime-imports"


def crime_upload_queue(*, uploaded_file, actor) -> CrimeImport:
    """Keep an officer's upload and queue its import in the background.

    The file is saved through Django's storage API (a folder on the quickstart,
    an S3-compatible bucket in production), which every web process and worker
    shares; the import row keeps its storage name in ``stored_path``.
    """
    from priorities.crime import tasks  # tasks import this module

    digest = hashlib.sha256()
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    uploaded_file.seek(0)
    stored = default_storage.save(
        f"{UPLOAD_FOLDER}/{timezone.now():%Y%m%d%H%M%S}-{secrets.token_hex(8)}.csv",
        uploaded_file,
    )
    with transaction.atomic():
        crime_import = CrimeImport.objects.create(
            file_name=Path(uploaded_file.name).name[:255],
            sha256=digest.hexdigest(),
            stored_path=stored,
            uploaded_by=actor,
        )
        enqueue_on_commit(tasks.crime_import_run, crime_import.pk)
    return crime_import


def crime_upload_delete(crime_import: CrimeImport) -> None:
    """Delete the kept upload of an import, wherever it is stored."""
    name = crime_import.stored_path
    if not name:
        return
    if Path(name).is_absolute():
        # Queued before uploads went through the storage API.
        Path(name).unlink(missing_ok=True)
    else:
        default_storage.delete(name)


def crime_upload_import(
    *, crime_import: CrimeImport, allowed_areas: set[str] | None = None
) -> CrimeImport:
    """Import an upload kept by ``crime_upload_queue``, then delete the file.

    Run by the worker: it reads the file back from storage by name, as a
    stream (never whole). A file that is no longer there is recorded as a
    failed import with the reason. ``allowed_areas`` as ``crime_file_import``.
    """
    name = crime_import.stored_path
    try:
        stored = (
            Path(name).open("rb")  # noqa: SIM115 - closed below
            if Path(name).is_absolute()
            else default_storage.open(name, "rb")
        )
    except FileNotFoundError:
        return _fail(
            crime_import,
            "The uploaded file could not be found. Upload it again.",
            event="crime_import_refused",
        )
    with stored:
        result = crime_file_import(
            source=stored,
            file_name=crime_import.file_name,
            crime_import=crime_import,
            allowed_areas=allowed_areas,
        )
    crime_upload_delete(crime_import)
    return result
