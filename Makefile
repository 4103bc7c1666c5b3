# Two commands do everything on a fresh machine:
#   make run   - virtual environment, dependencies, front-end build, database,
#                demo data, then the portal on http://127.0.0.1:8000 with a
#                Celery worker and beat running beside it
#   make test  - the whole suite (lint, audit, migrations, deploy checks, pytest
#                with browser tests) against real PostgreSQL, Redis and Celery
# Python: whichever of 3.11, 3.12 and 3.13 the machine has (scripts/find-python;
# PYTHON=/path/to/python3.x to choose). Packages: exactly as uv.lock pins them.
VENV := .venv
PY := $(VENV)/bin/python
PY_STAMP := $(VENV)/.installed
NPM_STAMP := node_modules/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install lock assets services chromium deploy-tools lint audit check-deploy check-docker migrate demo wrk bench bench-opendata openapi clean

run: install assets
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py load_demo
	PORTAL_BASE_URL=$${PORTAL_BASE_URL:-http://$(HOST):$(PORT)} $(PY) scripts/serve.py $(HOST):$(PORT)

test: install assets services chromium deploy-tools lint check-deploy
	$(VENV)/bin/pytest

install: $(PY_STAMP)

# A supported Python, uv (bootstrapped from PyPI, hash-checked, when missing)
# and .venv exactly as uv.lock pins it, hashes included.
$(PY_STAMP): pyproject.toml uv.lock scripts/find-python scripts/setup scripts/uv
	sh scripts/setup
	touch $@

# After changing a version in pyproject.toml: resolve and pin everything again.
lock:
	sh scripts/uv lock

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: $(NPM_STAMP)
	npm run --silent build

# PostgreSQL and Redis on this machine's default ports; started if not running.
services:
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	@redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
	@for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done; pg_isready -h 127.0.0.1 -p 5432
	@for i in $$(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done; redis-cli -h 127.0.0.1 -p 6379 ping
	@psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'portal'" | grep -q 1 || createdb -h 127.0.0.1 -U postgres portal

# Browser tests drive Debian's Chromium through the PyPI playwright package.
chromium:
	@test -x /usr/bin/chromium || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium; }

# The Docker set-up's own checkers (tests/deploy/test_docker_files.py): Compose
# reads the compose file, Caddy validates the Caddyfile. From Debian, like
# chromium, when missing; a machine with the docker compose plugin keeps it.
deploy-tools:
	@command -v caddy >/dev/null || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends caddy; }
	@docker compose version >/dev/null 2>&1 || command -v docker-compose >/dev/null || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends docker-compose; }

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	DJANGO_SETTINGS_MODULE=portal.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(PY) scripts/audit.py

# Known vulnerabilities in the locked Python packages and the npm packages
# (README, "Dependencies"). Fails on any found.
audit: install
	$(PY) scripts/audit.py

check-deploy: install
	DJANGO_SETTINGS_MODULE=portal.settings.production \
	DJANGO_SECRET_KEY=deploy-check-only-$$(date +%s)-not-a-real-key-0123456789abcdefghijklmnop \
	DJANGO_ALLOWED_HOSTS=portal.example.org \
	PORTAL_BASE_URL=https://portal.example.org \
	$(PY) manage.py check --deploy --fail-level WARNING

# The API's OpenAPI schema, generated from the code and committed; a test fails
# when the served schema differs from docs/openapi.yaml. Run after changing the API.
openapi: install
	DJANGO_SETTINGS_MODULE=portal.settings.test $(PY) manage.py spectacular --validate --fail-on-warn --file docs/openapi.yaml

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

# What can be checked of the Docker set-up without a Docker engine: the compose
# file (docker compose, or Debian's docker-compose) and the Caddyfile (caddy).
check-docker: install
	$(VENV)/bin/pytest tests/deploy/test_docker_files.py -ra

clean:
	rm -rf static/build staticfiles node_modules $(VENV) .tools .run db.sqlite3

# The benchmark: a fresh portal_bench database with 30 partnerships, 100,000
# responses and 5 million crime rows, gunicorn with production settings, and
# the figures against a bare Django view. Writes bench-results/bench.json.
bench: install assets services wrk
	$(PY) bench/run.py

# The load generator of make bench: wrk, compiled, from Debian like chromium.
wrk:
	@command -v wrk >/dev/null || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends wrk; }

# The open data API against the bare view, and one alert fanned out to 20,000
# subscribers through a real worker. Writes bench-results/opendata.json.
bench-opendata: install assets services
	$(PY) bench/opendata.py
