"""Database helpers that know the driver. Keep every COPY of the project here."""

CHUNK = 1 << 16


def copy_from_stream(cursor, sql: str, stream) -> None:
    """Run ``COPY ... FROM STDIN`` fed from ``stream`` (``read(n)``: bytes or text).

    ``cursor`` is a Django cursor (``connection.cursor()``).

    The stream is read in chunks, so memory does not grow with the data.
    psycopg2 has ``copy_expert``; psycopg 3 has ``copy()``: a switch of driver
    touches only this function.
    """
    raw = getattr(cursor, "cursor", cursor)  # Django's wrapper -> DB-API cursor
    # The driver's errors become Django's (DataError, IntegrityError...), as
    # they do for cursor.execute().
    with cursor.db.wrap_database_errors:
        if hasattr(raw, "copy_expert"):
            raw.copy_expert(sql, stream, size=CHUNK)
            return
        with raw.copy(sql) as copy:  # psycopg 3
            while chunk := stream.read(CHUNK):
                copy.write(chunk)
