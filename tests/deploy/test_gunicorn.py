"""gunicorn.conf.py, the one configuration the Docker image and `make bench`
use, and the web container's health check against gunicorn running with the
production settings and a real host name."""

import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from portal.site.management.commands.healthcheck import host_for_health_check
from tests.workers import free_port, wait_until

ROOT = Path(settings.BASE_DIR)
HOST = "portal.example.org"


def gunicorn(*args, environment=None, **kwargs):
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", *args],
        cwd=ROOT,
        env=environment or os.environ,
        capture_output=True,
        text=True,
        check=False,
        **kwargs,
    )


def resolved(output: str) -> dict[str, str]:
    return dict(re.findall(r"^(\w+)\s+= (.*)$", output, re.MULTILINE))


def test_the_defaults_are_what_the_benchmark_measured():
    """4 processes of 4 threads (gthread), no access log, the portal's app."""
    result = gunicorn("--print-config")
    assert result.returncode == 0, result.stderr
    config = resolved(result.stdout)
    assert config["wsgi_app"] == "portal.wsgi:application"
    assert config["worker_class"] == "gthread"
    assert (config["workers"], config["threads"]) == ("4", "4")
    assert config["bind"] == "['0.0.0.0:8000']"
    assert config["accesslog"] == "None"


def test_the_environment_changes_them():
    environment = {
        **os.environ,
        "GUNICORN_BIND": "127.0.0.1:8765",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_THREADS": "8",
    }
    config = resolved(gunicorn("--print-config", environment=environment).stdout)
    assert (config["bind"], config["workers"], config["threads"]) == (
        "['127.0.0.1:8765']",
        "2",
        "8",
    )


def production_environment(port: int, allowed_hosts: str) -> dict:
    db = connection.settings_dict
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "DJANGO_SECRET_KEY": "gunicorn-test-only-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": allowed_hosts,
        # Production refuses to start without the site's address.
        "PORTAL_BASE_URL": f"https://{HOST}",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_THREADS": "2",
        "GUNICORN_LOG_LEVEL": "warning",
        "DJANGO_LOG_LEVEL": "WARNING",
    }


def status_with_host(port: int, host: str):
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/healthz", headers={"Host": host}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


def healthcheck_web(port: int, environment: dict):
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", "healthcheck", "web",
         "--url", f"http://127.0.0.1:{port}/healthz"],
        cwd=ROOT, env=environment, capture_output=True, text=True, check=False,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("allowed_hosts", "host"),
    [
        ([HOST, "localhost"], HOST),
        ([".example.org", HOST], "example.org"),
        (["*"], "localhost"),
        ([], "localhost"),
    ],
)
def test_the_health_check_asks_with_an_allowed_host(allowed_hosts, host):
    assert host_for_health_check(allowed_hosts) == host


@pytest.mark.django_db
def test_the_web_health_check_passes_with_a_production_host_name():
    """gunicorn -c gunicorn.conf.py with the production settings (HTTPS
    redirect on) and only a real host name allowed: Host 127.0.0.1 is refused,
    and `manage.py healthcheck web` (the compose file's check) passes."""
    port = free_port()
    environment = production_environment(port, HOST)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until(
            lambda: status_with_host(port, HOST) == 200, "gunicorn to answer", 120
        )
        assert status_with_host(port, "127.0.0.1") == 400
        result = healthcheck_web(port, environment)
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("web: 200")
    finally:
        server.terminate()
        server.wait(timeout=30)
    stopped = healthcheck_web(port, environment)
    assert stopped.returncode == 1
    assert "web:" in stopped.stderr
