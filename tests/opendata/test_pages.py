"""The open data page and the API reference made from the schema."""

import re

import pytest
import yaml
from django.urls import reverse

from opendata import reference

pytestmark = pytest.mark.django_db


def test_the_open_data_page_links_downloads_feeds_and_the_api(client, world, settings):
    """Every CSV list, each partnership's feeds, the reference, the schema and
    the rate limit."""
    settings.API_RATE_LIMIT = 600
    page = client.get(reverse("opendata:developers"))
    assert page.status_code == 200
    text = page.content.decode()
    assert text.count("?format=csv") == 14
    assert f"{reverse('api:meeting-list')}?format=csv" in text
    for feed in ("feeds:publications", "feeds:consultations", "feeds:meetings"):
        assert reverse(feed, args=[world.partnership.slug]) in text
    assert reverse("opendata:api_reference") in text
    assert reverse("api:schema") in text
    assert "600 requests every 60 seconds" in text


def test_the_reference_shows_every_operation_of_the_schema(client, world):
    """Each path of the schema is on the page, with its parameters and fields."""
    page = client.get(reverse("opendata:api_reference")).content.decode()
    schema = reference.api_schema()
    for path in schema["paths"]:
        assert f"<code>{path}</code>" in page, path
    assert "<code>month_from</code>" in page
    assert "<code>source.imported_at</code>" in page
    assert "one of “published”, “superseded”" in page
    assert page.count("<h1") == 1


def test_the_reference_reads_the_same_schema_the_api_serves(client):
    """The page and /api/v1/schema/ agree on every operation."""
    served = yaml.safe_load(client.get(reverse("api:schema")).content)
    assert set(served["paths"]) == set(reference.api_schema()["paths"])
    operations = [op for r in reference.operations() for op in r["operations"]]
    assert len(operations) == sum(len(v) for v in served["paths"].values())


def test_the_reference_is_served_under_the_strict_csp_from_the_portal_alone(client):
    """No CDN: every script, style sheet, image and font comes from the portal
    itself, under the same Content-Security-Policy as every page."""
    response = client.get(reverse("opendata:api_reference"))
    policy = response["Content-Security-Policy"]
    for directive in ("default-src", "style-src", "font-src", "img-src"):
        assert f"{directive} 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    page = response.content.decode()
    loaded = re.findall(r'<(?:script|img|link)\b[^>]*\b(?:src|href)="([^"]*)"', page)
    assert loaded, "the page loads the portal's own assets"
    assert [url for url in loaded if not url.startswith("/")] == []
    assert "<style" not in page
    assert " style=" not in page
