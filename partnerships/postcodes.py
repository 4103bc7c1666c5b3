"""Postcodes: Royal Mail's format, and loading OS Code-Point Open.

Code-Point Open is a headerless CSV (one file per postcode area in the national
product, about 1.7 million rows in all) with ten columns: postcode, positional
quality, easting, northing, country, NHS region, NHS area, county, district
(the borough's code) and ward (the current ward's code).

``postcodes_load`` streams the files, in constant memory, into PostgreSQL with
COPY, into a staging table that is the next release (typed columns, so COPY
itself refuses a header or a malformed row), checks every postcode there,
puts any not written Royal Mail's way into that format, builds its primary key
and swaps it in for the live table in the same transaction: a new release
replaces the old one whole, readers see the old table until the moment of the
swap, and a wrong or truncated file changes nothing. Loading a release that is
already the current one does nothing. Other databases (the SQLite quickstart)
get the same checks, row by row.
"""

import csv
import hashlib
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from partnerships.models import Postcode, PostcodeRelease
from portal.core.db import copy_from_stream

# Outward code (A9, A99, AA9, AA99, A9A, AA9A) and inward code (9AA).
POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
COLUMNS = 10
# A new release with fewer postcodes than this share of the current one is
# probably cut short: refused unless the caller says it is meant.
SHRINK_LIMIT = 0.9
CHUNK = 1 << 16


class PostcodeFileError(ValueError):
    """The release cannot be loaded; the postcodes already loaded are unchanged."""


def postcode_normalise(text: str) -> str | None:
    """A postcode as Royal Mail writes it ("KT1 1AE"), or None if it is not one.

    Any case, with or without spaces: " kt11ae " -> "KT1 1AE".
    """
    compact = re.sub(r"\s+", "", text or "").upper()
    if compact == "GIR0AA":  # Girobank's, the one exception to the pattern
        return "GIR 0AA"
    match = POSTCODE.match(compact)
    if not match:
        return None
    return f"{match.group(1)} {match.group(2)}"


# --- Reading the product ---------------------------------------------------------


Opener = Callable[[], IO[bytes]]


def release_files(path: Path) -> list[tuple[str, Opener]]:
    """The data files of a release: one CSV, a folder of them, or the zip.

    In a folder or zip of the product, the files under Data/CSV are the data;
    the column headers file under Doc is not.
    """
    path = Path(path)
    if path.is_dir():
        folder = path / "Data" / "CSV" if (path / "Data" / "CSV").is_dir() else path
        files = sorted(
            p
            for p in folder.glob("*.csv")
            if "header" not in p.name.lower() and p.is_file()
        )
        return [(p.name, (lambda p=p: p.open("rb"))) for p in files]
    if path.suffix.lower() == ".zip":
        try:
            archive = zipfile.ZipFile(path)
        except (OSError, zipfile.BadZipFile) as error:
            raise PostcodeFileError(
                f"The zip file cannot be read ({error})."
            ) from error
        names = sorted(
            n
            for n in archive.namelist()
            if n.lower().endswith(".csv")
            and "header" not in n.lower()
            and "/data/" in f"/{n.lower()}"
        )
        return [(n, (lambda n=n: archive.open(n))) for n in names]
    if path.is_file():
        return [(path.name, (lambda: path.open("rb")))]
    raise PostcodeFileError(f"{path} is not a file, a folder or a zip file.")


class _Chain(io.RawIOBase):
    """The files one after another, as one binary stream, a newline between.

    Reads in chunks, so memory does not grow with the release.
    """

    def __init__(self, files: list[tuple[str, Opener]]):
        self._files = iter(files)
        self._current = None
        self._last_byte = b"\n"

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        size = CHUNK if size is None or size < 0 else size
        while True:
            if self._current is None:
                try:
                    _, opener = next(self._files)
                except StopIteration:
                    return b""
                self._current = opener()
                if self._last_byte != b"\n":
                    self._last_byte = b"\n"
                    return b"\n"
            chunk = self._current.read(size)
            if chunk:
                self._last_byte = chunk[-1:]
                return chunk
            self._current.close()
            self._current = None

    def readinto(self, buffer) -> int:
        chunk = self.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def release_digest(files: list[tuple[str, Opener]]) -> str:
    """SHA-256 of the release's bytes, read in chunks."""
    digest = hashlib.sha256()
    stream = _Chain(files)
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


# --- Loading ---------------------------------------------------------------------


@dataclass
class LoadReport:
    rows: int
    loaded: bool  # False: the release was already the current one
    replaced: int  # postcodes in the release it replaced


# Royal Mail's format: outward code, one space, inward code, in capitals.
_FORMATTED = r"'^([A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}|GIR 0AA)$'"
_NORMALISED = (
    "left(upper(replace(postcode, ' ', '')), length(replace(postcode, ' ', '')) - 3)"
    " || ' ' || right(upper(replace(postcode, ' ', '')), 3)"
)
# The product's ten columns, in its order (the model's fields follow them).
_COLUMNS = (
    "postcode, positional_quality, eastings, northings, country_code, "
    "nhs_region_code, nhs_area_code, county_code, lad_code, ward_code"
)
_TEXT_COLUMNS = (
    "postcode, country_code, nhs_region_code, nhs_area_code, county_code, "
    "lad_code, ward_code"
)


def _first_bad_line(cursor, table: str) -> tuple[int, str]:
    """Line and text of the first row that is not a postcode (on failure only).

    The staged rows are still in the order COPY wrote them.
    """
    # Fixed text: nothing in this statement comes from outside.
    cursor.execute(
        "SELECT line, postcode FROM (SELECT row_number() OVER (ORDER BY ctid) "  # noqa: S608
        f"AS line, postcode FROM {table}) AS numbered WHERE postcode !~ {_FORMATTED} "
        f"AND ({_NORMALISED}) "
        f"!~ {_FORMATTED} ORDER BY line LIMIT 1"
    )
    return cursor.fetchone()


def _copy_error_message(error: Exception) -> str:
    text = str(error)
    line = re.search(r"line (\d+)", text)
    where = f" (line {line.group(1)})" if line else ""
    if "extra data" in text or "missing data" in text:
        return (
            f"A row does not have the {COLUMNS} columns of Code-Point Open{where}: "
            "the file is cut short, damaged or not Code-Point Open."
        )
    if "unterminated CSV quoted field" in text:
        return f"A quoted field is never closed{where}: the file looks cut short."
    if "encoding" in text or "invalid byte sequence" in text:
        return f"The file is not text in UTF-8{where}: it may be a binary file."
    if any(
        words in text
        for words in ("invalid input syntax", "too long", "out of range", "violates")
    ):
        return (
            f"A row is not in Code-Point Open's format{where}: a postcode, then "
            "numbers for positional quality, easting and northing, then codes. Is "
            "this the right file? (Code-Point Open has no header row.)"
        )
    return f"The file cannot be read as Code-Point Open{where}."


def _load_postgresql(files, *, allow_smaller: bool, current: int) -> int:
    """COPY into the next release's table (the staging table), check and tidy
    it there, then swap it in for the live one, all in the caller's transaction.
    """
    table = Postcode._meta.db_table
    staging = f"{table}_next"
    # Table and column names come from the model; nothing in these statements
    # comes from the file.
    with connection.cursor() as cursor:
        # One release load at a time.
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [table])
        cursor.execute(f"DROP TABLE IF EXISTS {staging}")
        # Typed columns: COPY itself refuses a header row, a non-number easting
        # or an over-long code, naming the line.
        cursor.execute(
            f"CREATE TABLE {staging} (LIKE {table} INCLUDING DEFAULTS "
            "INCLUDING CONSTRAINTS)"
        )
        # Byte-order collation: the primary key builds and compares fastest.
        cursor.execute(
            f'ALTER TABLE {staging} ALTER COLUMN postcode TYPE varchar(8) COLLATE "C"'
        )
        try:
            with transaction.atomic():
                copy_from_stream(
                    cursor,
                    f"COPY {staging} ({_COLUMNS}) FROM STDIN WITH (FORMAT csv, "
                    f"FORCE_NOT_NULL ({_TEXT_COLUMNS}))",
                    _Chain(files),
                )
        except DatabaseError as error:
            raise PostcodeFileError(_copy_error_message(error)) from error
        cursor.execute(
            f"SELECT count(*), count(*) FILTER (WHERE postcode !~ {_FORMATTED}) "  # noqa: S608
            f"FROM {staging}"
        )
        total, unformatted = cursor.fetchone()
        if total == 0:
            raise PostcodeFileError("The file is empty: it has no postcodes.")
        if unformatted:
            # Written some other way ("kt1 1ae", "N1  6XE", "AB101AA"): in
            # Royal Mail's format if they are postcodes at all.
            cursor.execute(
                f"UPDATE {staging} SET postcode = {_NORMALISED} "  # noqa: S608
                f"WHERE postcode !~ {_FORMATTED} AND ({_NORMALISED}) ~ {_FORMATTED}"
            )
            if cursor.rowcount != unformatted:
                line, text = _first_bad_line(cursor, staging)
                raise PostcodeFileError(
                    f"{unformatted - cursor.rowcount} row(s) do not start with a "
                    f"postcode (the first on line {line}: {str(text)[:12]!r}). "
                    "Code-Point Open has no header row; is this the right file?"
                )
        if current and total < SHRINK_LIMIT * current and not allow_smaller:
            raise PostcodeFileError(
                f"This release has {total:,} postcodes, far fewer than the "
                f"{current:,} loaded now: it may be cut short or cover only part of "
                "the country. Load it with --allow-smaller if that is what you mean."
            )
        try:
            with transaction.atomic():
                cursor.execute(
                    f"ALTER TABLE {staging} ADD CONSTRAINT {staging}_pkey "
                    "PRIMARY KEY (postcode)"
                )
        except DatabaseError as error:
            raise PostcodeFileError(
                "A postcode appears twice in the release: the same file may have "
                "been given twice."
            ) from error
        # The swap: readers see the old release until this transaction commits.
        cursor.execute(f"DROP TABLE {table}")
        cursor.execute(f"ALTER TABLE {staging} RENAME TO {table}")
        cursor.execute(
            f"ALTER TABLE {table} RENAME CONSTRAINT {staging}_pkey TO {table}_pkey"
        )
        cursor.execute(f"ANALYZE {table}")
    return total


def _number(text: str, line: int) -> int | None:
    if not text.strip():
        return None
    if not text.strip().isdigit():
        raise PostcodeFileError(
            f"A row is not in Code-Point Open's format (line {line}): is this the "
            "right file?"
        )
    return int(text)


def _rows_checked(files) -> Iterator[Postcode]:
    """Row by row, with the same checks as the PostgreSQL path (other databases)."""
    text = io.TextIOWrapper(
        io.BufferedReader(_Chain(files)), encoding="utf-8", newline=""
    )
    reader = csv.reader(text, strict=True)
    try:
        for row in reader:
            line = reader.line_num
            if not row:
                continue
            if len(row) != COLUMNS:
                raise PostcodeFileError(
                    f"A row does not have the {COLUMNS} columns of Code-Point Open "
                    f"(line {line}): the file is cut short, damaged or not "
                    "Code-Point Open."
                )
            postcode = postcode_normalise(row[0])
            if postcode is None:
                raise PostcodeFileError(
                    f"A row does not start with a postcode (line {line}). Code-Point "
                    "Open has no header row; is this the right file?"
                )
            yield Postcode(
                postcode=postcode,
                positional_quality=_number(row[1], line),
                eastings=_number(row[2], line),
                northings=_number(row[3], line),
                country_code=row[4][:9],
                nhs_region_code=row[5][:9],
                nhs_area_code=row[6][:9],
                county_code=row[7][:9],
                lad_code=row[8][:9],
                ward_code=row[9][:9],
            )
    except (csv.Error, UnicodeDecodeError) as error:
        raise PostcodeFileError(
            f"The file cannot be read as Code-Point Open ({error})."
        ) from error


def _load_other(files, *, allow_smaller: bool, current: int) -> int:
    Postcode.objects.all().delete()
    batch, total = [], 0
    for postcode in _rows_checked(files):
        batch.append(postcode)
        if len(batch) == 5000:
            Postcode.objects.bulk_create(batch)
            total, batch = total + len(batch), []
    Postcode.objects.bulk_create(batch)
    total += len(batch)
    if total == 0:
        raise PostcodeFileError("The file is empty: it has no postcodes.")
    if current and total < SHRINK_LIMIT * current and not allow_smaller:
        raise PostcodeFileError(
            f"This release has {total:,} postcodes, far fewer than the {current:,} "
            "loaded now. Load it with --allow-smaller if that is what you mean."
        )
    return total


def postcodes_load(*, path: Path, allow_smaller: bool = False) -> LoadReport:
    """Replace the postcodes with the release at ``path`` (file, folder or zip)."""
    files = release_files(path)
    if not files:
        raise PostcodeFileError(f"There are no CSV files in {path}.")
    digest = release_digest(files)
    current = PostcodeRelease.objects.first()
    if current is not None and current.sha256 == digest:
        return LoadReport(rows=current.rows, loaded=False, replaced=current.rows)
    replaced = current.rows if current else 0
    load = _load_postgresql if connection.vendor == "postgresql" else _load_other
    with transaction.atomic():
        total = load(files, allow_smaller=allow_smaller, current=replaced)
        PostcodeRelease.objects.create(
            name=Path(path).name[:200],
            sha256=digest,
            rows=total,
            loaded_at=timezone.now(),
        )
    return LoadReport(rows=total, loaded=True, replaced=replaced)
