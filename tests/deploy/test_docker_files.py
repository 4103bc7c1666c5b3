"""What can be checked of the Docker set-up without a Docker engine.

Always: the compose file's shape (read as YAML), the .dockerignore, and that
every image is pinned to an exact version. When the tools are installed
(Debian's docker-compose or the docker compose plugin, and caddy): the
compose file as Compose itself reads it, and the Caddyfile with Caddy's own
validator. `make check-docker` runs this file.
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
COMPOSE = ROOT / "docker-compose.yml"
APP_SERVICES = ("migrate", "web", "worker", "worker-imports", "beat")
# major.minor.patch; PostgreSQL's own versions have two parts (15.19).
EXACT_TAG = re.compile(r"^(?:[\w./-]+:\d+\.\d+\.\d+|postgres:\d+\.\d+)(?:-[\w.-]+)?$")


@pytest.fixture(scope="module")
def services() -> dict:
    return yaml.safe_load(COMPOSE.read_text())["services"]


def test_dockerignore_keeps_local_state_and_secrets_out_of_the_image():
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert {
        ".git", ".venv", ".tools", ".run", "node_modules", "db.sqlite3", ".env",
        ".env.*", "media", "staticfiles", "static/build",
    } <= ignored  # fmt: skip


def test_every_image_is_pinned_to_an_exact_version(services):
    dockerfile = (ROOT / "Dockerfile").read_text()
    images = re.findall(r"^FROM (\S+)", dockerfile, re.MULTILINE)
    images += [s["image"] for s in services.values() if "build" not in s]
    assert len(images) >= 5
    for image in images:
        assert EXACT_TAG.match(image), f"{image} is not pinned to an exact version"


def test_one_migrate_runs_before_web_and_the_workers(services):
    assert services["migrate"]["command"] == "python manage.py migrate --noinput"
    assert services["migrate"]["restart"] == "no"
    for name in ("web", "worker", "worker-imports", "beat"):
        assert services[name]["depends_on"]["migrate"] == {
            "condition": "service_completed_successfully"
        }
        assert "migrate" not in str(services[name].get("command", ""))


def test_web_scales_behind_the_proxy(services):
    """No fixed host port on web; the proxy publishes the site and finds
    every replica (deploy/Caddyfile's dynamic upstreams)."""
    assert "ports" not in services["web"]
    assert "deploy/Caddyfile" in str(services["proxy"]["volumes"])
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    assert re.search(r"dynamic a \{\s*name web\s*port 8000", caddyfile)


def test_health_checks_for_web_workers_and_beat(services):
    for name, process in (
        ("web", "web"),
        ("worker", "worker"),
        ("worker-imports", "worker"),
        ("beat", "beat"),
    ):
        test = services[name]["healthcheck"]["test"]
        assert test == ["CMD", "python", "manage.py", "healthcheck", process]


def test_imports_have_a_worker_of_their_own(services):
    assert "-Q celery" in services["worker"]["command"]
    assert "-Q imports" in services["worker-imports"]["command"]


def test_cache_and_broker_are_separate_redis_with_their_policies(services):
    environment = services["web"]["environment"]
    assert "cache:6379" in environment["REDIS_URL"]
    assert "broker:6379" in environment["CELERY_BROKER_URL"]
    assert "--maxmemory-policy allkeys-lru" in services["cache"]["command"]
    assert "--maxmemory " in services["cache"]["command"]
    assert "--maxmemory-policy noeviction" in services["broker"]["command"]


def test_https_is_off_unless_configured(services):
    environment = services["web"]["environment"]
    assert environment["DJANGO_HTTPS"] == "${DJANGO_HTTPS:-false}"
    assert "DJANGO_SECURE_SSL_REDIRECT" not in environment
    assert services["proxy"]["environment"]["PORTAL_SITE_ADDRESS"] == (
        "${PORTAL_SITE_ADDRESS:-:80}"
    )
    example = (ROOT / ".env.example").read_text()
    assert re.search(r"^DJANGO_HTTPS=false$", example, re.MULTILINE)
    assert not re.search(r"^DJANGO_SECURE_SSL_REDIRECT=", example, re.MULTILINE)
    assert not re.search(r"^(DATABASE_URL|REDIS_URL)=", example, re.MULTILINE)


def test_uploads_are_shared_by_web_and_the_workers(services):
    for name in ("web", "worker", "worker-imports"):
        assert "media:/app/media" in services[name]["volumes"]


def compose_command():
    docker = shutil.which("docker")
    if (
        docker
        and subprocess.run(  # noqa: S603 - fixed arguments
            [docker, "compose", "version"], capture_output=True, check=False
        ).returncode
        == 0
    ):
        return [docker, "compose"]
    if shutil.which("docker-compose"):
        return [shutil.which("docker-compose")]
    return None


@pytest.mark.skipif(
    compose_command() is None,
    reason="needs docker compose or docker-compose (Debian: apt-get install "
    "docker-compose)",
)
def test_compose_reads_the_file_after_cp_env_example(tmp_path):
    """Compose itself accepts the file with .env copied from .env.example and
    a secret key set, and keeps web, the workers and beat on compose's own
    database and Redis containers."""
    shutil.copy(COMPOSE, tmp_path / "docker-compose.yml")
    env = (
        (ROOT / ".env.example")
        .read_text()
        .replace("DJANGO_SECRET_KEY=\n", "DJANGO_SECRET_KEY=compose-check-only\n")
    )
    (tmp_path / ".env").write_text(env)
    # Compose reads the shell's variables before .env: leave the portal's out.
    ours = ("DJANGO_", "DATABASE_", "REDIS_", "CELERY_", "PORTAL_")
    environment = {k: v for k, v in os.environ.items() if not k.startswith(ours)}
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [*compose_command(), "config"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env=environment,
    )
    assert result.returncode == 0, result.stderr
    resolved = yaml.safe_load(result.stdout)["services"]
    for name in APP_SERVICES:
        environment = resolved[name]["environment"]
        assert environment["DATABASE_URL"] == "postgres://portal:portal@db:5432/portal"
        assert environment["REDIS_URL"] == "redis://cache:6379/0"
        assert environment["CELERY_BROKER_URL"] == "redis://broker:6379/0"
        assert environment["DJANGO_HTTPS"] == "false"
        assert environment["TRUSTED_PROXY_COUNT"] == "1"


def caddy_binary():
    return os.environ.get("CADDY") or shutil.which("caddy")


@pytest.mark.skipif(
    caddy_binary() is None,
    reason="needs caddy (Debian: apt-get install caddy, or CADDY=/path/to/caddy)",
)
@pytest.mark.parametrize("address", [":80", "portal.example.org"])
def test_caddy_validates_the_caddyfile(address):
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [caddy_binary(), "validate", "--adapter", "caddyfile",
         "--config", str(ROOT / "deploy" / "Caddyfile")],
        env={**os.environ, "PORTAL_SITE_ADDRESS": address},
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Valid configuration" in result.stdout + result.stderr
