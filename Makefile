# Attune. `make run` and `make test` are the two commands a newcomer needs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PG_URL ?= postgres://postgres@127.0.0.1:5432/attune
REDIS ?= redis://127.0.0.1:6379/0
PORT ?= 8000
# Links in emails (and the Wagtail Site) point here; the seeded demo uses it too.
BASE_URL = $(or $(WAGTAILADMIN_BASE_URL),http://127.0.0.1:$(PORT))

.PHONY: run test test-pg audit bench load lock install install-dev system-deps browser-deps lint format migrate seed serve serve-prod worker beat services clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

# One lock file, with hashes, for the whole tree: what runs and what tests it.
$(VENV)/.installed: requirements.lock | $(BIN)/activate
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	touch $@

install: $(VENV)/.installed system-deps
install-dev: $(VENV)/.installed system-deps browser-deps

## Re-resolve requirements.txt + requirements-dev.txt into requirements.lock (needs PyPI).
lock: $(VENV)/.installed
	$(BIN)/pip install --quiet uv==0.13.9
	$(BIN)/uv pip compile requirements-dev.txt --generate-hashes --universal \
		--python-version 3.11 --no-header --quiet -o requirements.lock
	sed -i '1i # The whole dependency tree, pinned with hashes (make lock regenerates it from\n# requirements.txt and requirements-dev.txt); make install and CI install only from here.' requirements.lock

# WeasyPrint needs Pango and a font; install them with apt where missing and possible.
system-deps:
	@bash scripts/system_deps.sh

# Chromium (Debian's) for the browser tests, and axe-core from npm.
browser-deps:
	@bash scripts/browser_deps.sh

migrate: $(VENV)/.installed
	$(PY) manage.py migrate --noinput -v0

seed: migrate
	WAGTAILADMIN_BASE_URL=$(BASE_URL) $(PY) manage.py seed_demo

## Run the app on the embedded default: SQLite, in-process tasks, demo content and accounts.
run: install seed
	WAGTAILADMIN_BASE_URL=$(BASE_URL) $(PY) manage.py runserver 127.0.0.1:$(PORT)

## Lint, format check and the whole suite (browser tests included) on SQLite.
test: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

## The same suite on PostgreSQL with Redis as broker and cache, a real Celery worker, and every
## file in a bucket on a local S3-compatible server (moto, started by the suite on S3_PORT).
S3_PORT ?= 9471
S3_ENV := ATTUNE_STORAGE=s3 ATTUNE_TEST_S3_SERVER=moto AWS_STORAGE_BUCKET_NAME=attune-test \
	AWS_S3_ENDPOINT_URL=http://127.0.0.1:$(S3_PORT) AWS_S3_REGION_NAME=us-east-1 \
	AWS_ACCESS_KEY_ID=attune-test AWS_SECRET_ACCESS_KEY=attune-test
test-pg: install-dev
	DATABASE_URL=$(PG_URL) REDIS_URL=$(REDIS) $(S3_ENV) $(BIN)/pytest

## Generate 10,000 trainees (and a tenth) on PostgreSQL and print page timings side by side.
bench: install-dev
	@bash scripts/bench.sh

## Locust for 3 minutes against gunicorn + Celery + PostgreSQL + Redis, then integrity checks.
load: install-dev
	$(BIN)/pip install --quiet -r requirements-load.txt
	@bash scripts/load.sh

## pip-audit on the pinned requirements (needs PyPI's JSON API; says so when unreachable).
audit: install-dev
	@bash scripts/audit.sh

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Production-like: gunicorn + celery worker + celery beat against PostgreSQL and Redis.
serve-prod: install
	@bash scripts/serve_prod.sh

clean:
	rm -rf $(VENV) node_modules staticfiles var db.sqlite3
