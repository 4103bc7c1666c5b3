""".env.example lists every variable the settings read, and nothing else.

Read from the source itself: each ``env(...)``/``env.<cast>(...)`` and
``os.environ`` read in portal/settings/*.py, each ``os.environ.get`` in
gunicorn.conf.py, and each ``${NAME}`` the compose file takes from .env. A
variable appears in .env.example as ``NAME=...`` or, to show a default,
``# NAME=...``.
"""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
ENV_READ = re.compile(r"""\benv(?:\.\w+)?\(\s*["']([A-Z][A-Z0-9_]*)["']""")
OS_READ = re.compile(r"""os\.environ(?:\.get\(\s*|\[\s*)["']([A-Z][A-Z0-9_]*)["']""")
COMPOSE_READ = re.compile(r"\$\{([A-Z][A-Z0-9_]*)")
EXAMPLE_LINE = re.compile(r"^(?:# )?([A-Z][A-Z0-9_]*)=", re.MULTILINE)


def read_by_settings() -> set[str]:
    names = set()
    for module in (ROOT / "portal" / "settings").glob("*.py"):
        source = module.read_text()
        names |= set(ENV_READ.findall(source)) | set(OS_READ.findall(source))
    return names


def read_by_gunicorn() -> set[str]:
    return set(OS_READ.findall((ROOT / "gunicorn.conf.py").read_text()))


def read_by_compose() -> set[str]:
    return set(COMPOSE_READ.findall((ROOT / "docker-compose.yml").read_text()))


def listed_in_example() -> set[str]:
    return set(EXAMPLE_LINE.findall((ROOT / ".env.example").read_text()))


def test_the_scan_finds_what_it_should():
    """The patterns see reads of every form the settings use."""
    names = read_by_settings()
    assert {"DJANGO_SECRET_KEY", "REDIS_URL", "TRUSTED_PROXY_COUNT"} <= names
    assert "DJANGO_ENV_FILE" in names  # os.environ.get
    assert "GUNICORN_WORKERS" in read_by_gunicorn()
    assert "PORTAL_SITE_ADDRESS" in read_by_compose()


def test_every_variable_read_is_in_env_example():
    missing = (read_by_settings() | read_by_gunicorn() | read_by_compose()) - (
        listed_in_example()
    )
    assert not missing, f"add to .env.example: {sorted(missing)}"


def test_env_example_lists_nothing_that_is_not_read():
    stale = listed_in_example() - (
        read_by_settings() | read_by_gunicorn() | read_by_compose()
    )
    assert not stale, f"nothing reads these; remove from .env.example: {sorted(stale)}"
