"""The OpenAPI schema: generated from the code, committed, and checked."""

from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

COMMITTED = Path(settings.BASE_DIR) / "docs" / "openapi.yaml"


def test_the_served_schema_is_the_committed_one(client):
    """docs/openapi.yaml is what the API serves: run `make openapi` after
    changing the API, and commit the result."""
    served = yaml.safe_load(client.get(reverse("api:schema")).content)
    committed = yaml.safe_load(COMMITTED.read_text())
    assert served == committed, "the API changed: run make openapi and commit"


def test_the_schema_is_also_served_as_json(client):
    """For tools that prefer JSON: the same schema."""
    response = client.get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    assert response.json() == yaml.safe_load(COMMITTED.read_text())


def test_every_operation_documents_its_answers(client):
    """Each operation says it may answer 304, 404 and 429; lists 400 and CSV."""
    schema = yaml.safe_load(COMMITTED.read_text())
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            assert {"200", "304", "404", "429"} <= set(operation["responses"]), path
            if path.endswith("s/") and "{" not in path:
                assert "400" in operation["responses"], path
                assert "text/csv" in operation["responses"]["200"]["content"], path
