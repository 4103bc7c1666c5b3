"""The demo, loaded once per test session into a PostgreSQL template database.

``load_demo`` takes seconds, and about twenty tests read the demo. Instead of
loading it for each of them, the session copies the empty test database (before
any test has run) to ``<test database>_demo`` and loads the demo into that copy
once. Each test that wants the demo then gets its own fresh copy of it
(``CREATE DATABASE ... TEMPLATE``, a file copy that takes a fraction of a
second), and the connection points at that copy until the test ends. Tests
that write, and browser tests whose server commits, cannot disturb the next
test, and tests without the demo never see it.

The names derive from the configured test database, so engineers sharing a
PostgreSQL server keep apart as their test databases do.
"""

import contextlib

from django.core.management import call_command
from django.db import connection, connections


def _quoted(name: str) -> str:
    return connection.ops.quote_name(name)


def _execute_outside(*statements: str) -> None:
    """Run statements on the server's maintenance database (CREATE and DROP
    DATABASE cannot run inside the database they act on, or a transaction)."""
    with connection._nodb_cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _copy(*, source: str, target: str) -> None:
    # Nobody may be connected to the source while it is copied: close this
    # process's connections (threads that served requests have closed theirs).
    connections.close_all()
    _execute_outside(
        f"DROP DATABASE IF EXISTS {_quoted(target)} WITH (FORCE)",
        f"CREATE DATABASE {_quoted(target)} TEMPLATE {_quoted(source)}",
    )


def drop(name: str) -> None:
    connections.close_all()
    _execute_outside(f"DROP DATABASE IF EXISTS {_quoted(name)} WITH (FORCE)")


@contextlib.contextmanager
def use_database(name: str):
    """Point the default connection at another database of the same server."""
    if connection.in_atomic_block:
        raise RuntimeError(
            "The database can only be switched outside a transaction: request "
            "the demo before `db`, `transactional_db` or a `django_db` mark."
        )
    connections.close_all()
    previous = connection.settings_dict["NAME"]
    # Every thread's connection is made from this same settings dict, so a
    # live server's request threads follow the switch too.
    connection.settings_dict["NAME"] = name
    try:
        yield
    finally:
        connections.close_all()
        connection.settings_dict["NAME"] = previous


def template_create() -> str:
    """Copy the (still empty) test database and load the demo into the copy."""
    name = f"{connection.settings_dict['NAME']}_demo"
    _copy(source=connection.settings_dict["NAME"], target=name)
    with use_database(name):
        call_command("load_demo", verbosity=0)
    return name


def copy_create(template: str) -> str:
    """A fresh copy of the demo template, for one test."""
    name = f"{template}_copy"
    _copy(source=template, target=name)
    return name
