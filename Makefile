# Two commands do everything on a fresh machine:
#   make run   - virtual environment, dependencies, front-end build, database,
#                demo data, then the portal on http://127.0.0.1:8000
#   make test  - the whole suite (lint, migrations, deploy checks, pytest with
#                browser tests) against real PostgreSQL, Redis and Celery
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PY_STAMP := $(VENV)/.installed
NPM_STAMP := node_modules/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install assets services chromium lint check-deploy migrate demo bench clean

run: install assets
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py load_demo
	PORTAL_BASE_URL=$${PORTAL_BASE_URL:-http://$(HOST):$(PORT)} $(PY) manage.py runserver $(HOST):$(PORT)

test: install assets services chromium lint check-deploy
	$(VENV)/bin/pytest

install: $(PY_STAMP)

$(PY_STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

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

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	DJANGO_SETTINGS_MODULE=portal.settings.test $(PY) manage.py makemigrations --check --dry-run

check-deploy: install
	DJANGO_SETTINGS_MODULE=portal.settings.production \
	DJANGO_SECRET_KEY=deploy-check-only-$$(date +%s)-not-a-real-key-0123456789abcdefghijklmnop \
	DJANGO_ALLOWED_HOSTS=portal.example.org \
	PORTAL_BASE_URL=https://portal.example.org \
	$(PY) manage.py check --deploy --fail-level WARNING

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

clean:
	rm -rf static/build staticfiles node_modules $(VENV) db.sqlite3

# The benchmark: a fresh portal_bench database with 30 partnerships, 100,000
# responses and 5 million crime rows, gunicorn with production settings, and
# the figures against a bare Django view. Writes bench-results/bench.json.
bench: install assets services
	$(PY) bench/run.py
