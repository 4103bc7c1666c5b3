"""Schemathesis against the served OpenAPI schema, through the WSGI app.

Positive tests send what the schema allows and check every answer: no server
error, a documented status code, content type and headers, and a body that
fits the schema. Negative tests send what the schema forbids and check that
nothing breaks (a 4xx, never a 5xx). Examples are bounded (deterministic, a
fixed number per operation) so the whole run takes a minute or two.
"""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from portal.wsgi import application
from tests.opendata.conftest import build_world

POSITIVE_EXAMPLES = 20
NEGATIVE_EXAMPLES = 10
CONFORMANCE = [
    schemathesis.checks.not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def _load(mode: GenerationMode, examples: int):
    # Loaded when the module is collected (Django is set up by then); the
    # schema view reads no database. Schemathesis's lazy fixture loader does not
    # work with pytest 9 (it reads a node attribute pytest 9 removed).
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)
    schema.config.generation.update(
        modes=[mode], max_examples=examples, deterministic=True
    )
    return schema


positive = _load(GenerationMode.POSITIVE, POSITIVE_EXAMPLES)
negative = _load(GenerationMode.NEGATIVE, NEGATIVE_EXAMPLES)


@pytest.fixture
def world(db):
    """Content of every kind, public and private, behind the API.

    The WSGI app runs in this thread, inside the test's transaction: like
    Django's test client, keep Django from closing the connection after each
    request.
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield build_world()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


# The world is built once per run and only read: safe to share between examples.
SHARED_WORLD = settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    deadline=None,
)


@positive.parametrize()
@SHARED_WORLD
def test_the_api_keeps_to_its_schema(case, world):
    """Valid requests: no server error, every answer as documented."""
    case.call_and_validate(checks=CONFORMANCE)


@negative.parametrize()
@SHARED_WORLD
def test_requests_outside_the_schema_never_cause_a_server_error(case, world):
    """Invalid requests: refused or ignored, never a 500."""
    case.call_and_validate(checks=[schemathesis.checks.not_a_server_error])
