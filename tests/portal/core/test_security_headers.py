"""Security headers on every page of the site, walked from the URL configuration."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.partnerships.factories import PartnershipFactory
from tests.portal.site_urls import demo_world, example_urls

HSTS = "max-age=31536000; includeSubDomains; preload"
STRICT_REFERRER_POLICIES = {
    "no-referrer",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
}


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def header_problems(response) -> list[str]:
    """What is missing or weak in one HTML response's security headers."""
    problems = []
    policy = response.headers.get("Content-Security-Policy", "")
    directives = csp_directives(policy) if policy else {}
    scripts = directives.get("script-src", directives.get("default-src"))
    if not scripts:
        problems.append("no Content-Security-Policy for scripts")
    elif {"'unsafe-inline'", "'unsafe-eval'"} & set(scripts):
        problems.append(f"script-src allows {scripts}")
    if "'unsafe-inline'" in policy or "'unsafe-eval'" in policy:
        problems.append(f"the policy allows unsafe sources: {policy}")
    if directives.get("frame-ancestors") != ["'none'"]:
        problems.append(f"frame-ancestors is {directives.get('frame-ancestors')}")
    if directives.get("object-src") != ["'none'"]:
        problems.append(f"object-src is {directives.get('object-src')}")
    if response.headers.get("X-Content-Type-Options") != "nosniff":
        problems.append("no X-Content-Type-Options: nosniff")
    if response.headers.get("Referrer-Policy") not in STRICT_REFERRER_POLICIES:
        problems.append(f"Referrer-Policy {response.headers.get('Referrer-Policy')}")
    if response.headers.get("Cross-Origin-Opener-Policy") != "same-origin":
        problems.append("no Cross-Origin-Opener-Policy: same-origin")
    if response.headers.get("X-Frame-Options") != "DENY":
        problems.append("no X-Frame-Options: DENY")
    permissions = response.headers.get("Permissions-Policy", "")
    if not {"camera=()", "geolocation=()", "microphone=()"} <= set(
        permissions.split(", ")
    ):
        problems.append(f"Permissions-Policy {permissions!r}")
    return problems


@pytest.fixture
def https_production_headers(settings, production_settings):
    """HSTS and the HTTPS redirect exactly as production sets them."""
    for name in (
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SECURE_SSL_REDIRECT",
        "SECURE_REDIRECT_EXEMPT",
    ):
        setattr(settings, name, getattr(production_settings, name))
    return production_settings


@pytest.fixture
def demo(demo_database, db):
    return demo_world()


def test_every_url_pattern_has_an_address_to_check(demo):
    """No URL pattern escapes the walk: each one has a real address."""
    urls, missing = example_urls(demo)
    assert [route.route for route in missing] == []
    assert len(urls) > 100


def test_every_html_page_has_the_security_headers_over_https(
    client, demo, https_production_headers
):
    """Anonymous and signed in as a site administrator, every HTML response
    has a strict CSP (no inline or eval script, no framing), nosniff, a strict
    Referrer-Policy, Cross-Origin-Opener-Policy and, over HTTPS, HSTS."""
    urls, missing = example_urls(demo)
    assert [route.route for route in missing] == []
    problems, html_pages = {}, 0
    for who in ("anonymous", "site administrator"):
        for route, url in urls.items():
            if who != "anonymous":
                client.force_login(demo.admin_user)
            response = client.get(url, secure=True)
            hsts = response.headers.get("Strict-Transport-Security")
            found = [] if hsts == HSTS else [f"Strict-Transport-Security {hsts}"]
            if response.headers.get("Content-Type", "").startswith("text/html"):
                html_pages += 1
                found += header_problems(response)
            if found:
                problems[f"{who} {url} ({route}) {response.status_code}"] = found
        client.logout()
    assert problems == {}
    assert html_pages > 150


def test_plain_http_is_sent_to_https_without_hsts(client, db, https_production_headers):
    """Over plain HTTP the site redirects to HTTPS and sends no HSTS header."""
    response = client.get("/privacy-notice/", HTTP_HOST="portal.example.org")
    assert response.status_code == 301
    assert response["Location"] == "https://portal.example.org/privacy-notice/"
    assert "Strict-Transport-Security" not in response.headers


def test_health_check_answers_over_plain_http(client, db, https_production_headers):
    """The health check is exempt from the HTTPS redirect (polled internally)."""
    assert client.get("/healthz").status_code in (200, 503)


def test_production_hsts_covers_subdomains_for_a_year(production_settings):
    """Production sends HSTS for a year, subdomains included, preload allowed."""
    assert production_settings.SECURE_HSTS_SECONDS == 60 * 60 * 24 * 365
    assert production_settings.SECURE_HSTS_INCLUDE_SUBDOMAINS is True
    assert production_settings.SECURE_HSTS_PRELOAD is True
    assert production_settings.SECURE_SSL_REDIRECT is True


def test_error_pages_have_the_headers(client, db):
    """The 404 page has the same headers as every other page."""
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert header_problems(response) == []


def test_a_form_without_its_csrf_token_gets_the_site_page(db):
    """A refused form (no CSRF token) gets a page in the site's layout, with the
    same headers and no inline style for the policy to block."""
    partnership = PartnershipFactory()
    client = Client(enforce_csrf_checks=True)
    url = reverse("engagement:subscribe", args=[partnership.slug])
    response = client.post(url, {"email": "resident@example.org"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Sorry, your form could not be sent" in page
    assert "govuk-generic-header" in page
    assert "<style" not in page
    assert header_problems(response) == []
