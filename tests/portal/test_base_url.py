"""Links in emails always carry the site's address."""

import os
import subprocess
import sys

from django.conf import settings


def settings_value(
    module: str, name: str, **environment
) -> subprocess.CompletedProcess:
    """Load a settings module in a fresh process, as a deployment would."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PORTAL_"))
    }
    env.update(environment, DJANGO_SETTINGS_MODULE=module)
    return subprocess.run(  # noqa: S603 - fixed arguments
        [
            sys.executable,
            "-c",
            f"from django.conf import settings; print(settings.{name})",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


PRODUCTION = {
    "DJANGO_SECRET_KEY": "base-url-test-" + "k" * 40,
    "DJANGO_ALLOWED_HOSTS": "portal.example.org",
}


def test_the_quickstart_links_to_itself():
    """make run's settings default PORTAL_BASE_URL to the quickstart's address."""
    loaded = settings_value("portal.settings.local", "PORTAL_BASE_URL")
    assert loaded.stdout.strip() == "http://127.0.0.1:8000"


def test_production_refuses_to_start_without_a_base_url():
    """No PORTAL_BASE_URL, or one without a scheme and host: no start."""
    missing = settings_value("portal.settings.production", "DEBUG", **PRODUCTION)
    assert missing.returncode != 0
    assert "PORTAL_BASE_URL" in missing.stderr
    relative = settings_value(
        "portal.settings.production",
        "DEBUG",
        PORTAL_BASE_URL="/consultations/",
        **PRODUCTION,
    )
    assert relative.returncode != 0
    assert "PORTAL_BASE_URL must be the site's address" in relative.stderr
    good = settings_value(
        "portal.settings.production",
        "PORTAL_BASE_URL",
        PORTAL_BASE_URL="https://portal.example.org",
        **PRODUCTION,
    )
    assert good.stdout.strip() == "https://portal.example.org"
