"""PostgreSQL advisory locks for periodic jobs that must not overlap."""

import zlib

from django.db import connection


def try_advisory_xact_lock(name: str) -> bool:
    """Take the lock called ``name`` for the current transaction, if free.

    Returns False when another transaction holds it (the caller then does
    nothing: the other run is doing the work). Released at commit or rollback.
    Call inside ``transaction.atomic``. On databases without advisory locks
    (the SQLite quickstart, one process) it always succeeds.
    """
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_try_advisory_xact_lock(%s)", [zlib.crc32(name.encode())]
        )
        return cursor.fetchone()[0]
