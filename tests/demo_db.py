"""The demo, loaded once per test session into a PostgreSQL template database.

``load_demo`` takes seconds, and about twenty tests read the demo. Instead of
loading it for each of them, the session copies the empty test database (before
any test has run) to ``<test database>_demo`` and loads the demo into that copy
once. Then, for each test that wants the demo, the connection points at:

- the demo database itself, for a test in a transaction (``db``): the
  transaction is rolled back at the end, as on the test database, so the demo
  stays as it was;
- a fresh copy of it (``CREATE DATABASE ... TEMPLATE``, under a second), for a
  test whose writes are committed (``transactional_db``, a live server). The
  copy is dropped in the background once the test is over (dropping waits for
  a checkpoint, which can take seconds on a busy server).

Tests without the demo never see it. The names derive from the configured test
database, so engineers sharing a PostgreSQL server keep apart as their test
databases do.
"""

import contextlib
import itertools
import threading

from django.core.management import call_command
from django.db import connection, connections

_numbers = itertools.count(1)
_drops: list[threading.Thread] = []


def _quoted(name: str) -> str:
    return connection.ops.quote_name(name)


def _execute_outside(*statements: str, params=None) -> list:
    """Run statements on the server's maintenance database (CREATE and DROP
    DATABASE cannot run inside the database they act on, or a transaction);
    return the last one's rows, if any."""
    rows = []
    with connection._nodb_cursor() as cursor:
        for statement in statements:
            cursor.execute(statement, params)
            rows = cursor.fetchall() if cursor.description else []
    return rows


def _drop(name: str) -> None:
    _execute_outside(f"DROP DATABASE IF EXISTS {_quoted(name)} WITH (FORCE)")


def _copy(*, source: str, target: str) -> None:
    # Nobody may be connected to the source while it is copied: close this
    # thread's connections (threads that served requests have closed theirs).
    connections.close_all()
    _drop(target)
    _execute_outside(f"CREATE DATABASE {_quoted(target)} TEMPLATE {_quoted(source)}")


@contextlib.contextmanager
def use_database(name: str):
    """Point the default connection at another database of the same server."""
    if connection.in_atomic_block:
        raise RuntimeError(
            "The database can only be switched outside a transaction: request "
            "the demo before `db` and without a `django_db` mark."
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
    """Copy the (still empty) test database and load the demo into the copy.

    Copies a session that crashed left behind are dropped first.
    """
    name = f"{connection.settings_dict['NAME']}_demo"
    for (leftover,) in _execute_outside(
        "SELECT datname FROM pg_database WHERE datname LIKE %s",
        params=[f"{name}\\_copy%"],
    ):
        _drop(leftover)
    _copy(source=connection.settings_dict["NAME"], target=name)
    with use_database(name):
        call_command("load_demo", verbosity=0)
    return name


def template_drop(name: str) -> None:
    """Drop the template, once the copies' drops have finished."""
    for thread in _drops:
        thread.join()
    connections.close_all()
    _drop(name)


def copy_create(template: str) -> str:
    """A fresh copy of the demo template, for one test."""
    name = f"{template}_copy{next(_numbers)}"
    _copy(source=template, target=name)
    return name


def copy_drop_later(name: str) -> None:
    """Drop a copy in the background; ``template_drop`` waits for it."""

    def drop():
        try:
            _drop(name)
        finally:
            connections.close_all()

    thread = threading.Thread(target=drop, name=f"drop {name}")
    thread.start()
    _drops.append(thread)
