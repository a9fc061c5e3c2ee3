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

.PHONY: run test test-pg audit bench load install install-dev system-deps browser-deps lint format migrate seed serve serve-prod worker beat services clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/activate
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/activate
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

install: $(VENV)/.installed system-deps
install-dev: $(VENV)/.installed-dev system-deps browser-deps

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

## The same suite on PostgreSQL with Redis as broker and cache, plus a real Celery worker.
test-pg: install-dev
	DATABASE_URL=$(PG_URL) REDIS_URL=$(REDIS) $(BIN)/pytest

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
