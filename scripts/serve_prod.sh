#!/usr/bin/env bash
# Run Attune as in production on one machine: gunicorn, a Celery worker and Celery beat,
# against PostgreSQL and Redis. Ctrl-C stops all three.
set -euo pipefail
export DJANGO_SETTINGS_MODULE=training.settings.production
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/attune}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/0}"
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-127.0.0.1,localhost}"
export SECRET_KEY="${SECRET_KEY:-$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(64))')}"
export SECURE_SSL_REDIRECT="${SECURE_SSL_REDIRECT:-false}"
# One machine here: files on its disk, links to it, mail into files. Several machines: see the
# README's "Running on several machines" (ATTUNE_STORAGE=s3, an https WAGTAILADMIN_BASE_URL).
export WAGTAILADMIN_BASE_URL="${WAGTAILADMIN_BASE_URL:-http://127.0.0.1:8000}"
export ATTUNE_STORAGE="${ATTUNE_STORAGE:-filesystem}"
export MEDIA_ROOT="${MEDIA_ROOT:-$PWD/var/prod-media}"
export PRIVATE_MEDIA_ROOT="${PRIVATE_MEDIA_ROOT:-$PWD/var/prod-private}"
export EMAIL_BACKEND="${EMAIL_BACKEND:-django.core.mail.backends.filebased.EmailBackend}"
export EMAIL_FILE_PATH="${EMAIL_FILE_PATH:-$PWD/var/prod-mail}"
bash scripts/ensure_services.sh
createdb -h 127.0.0.1 -U postgres attune 2>/dev/null || true
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py collectstatic --noinput -v0
# No seed_demo here: production never gets the demo accounts and their known password.
# setup_site makes the home page and role groups only; create the first administrator with
# `manage.py createsuperuser`.
.venv/bin/python manage.py setup_site
trap 'kill 0' EXIT INT TERM
.venv/bin/celery -A training worker --concurrency=2 --loglevel=INFO &
.venv/bin/celery -A training beat -S django --loglevel=INFO &
.venv/bin/gunicorn training.wsgi --workers 2 --bind 127.0.0.1:8000 --access-logfile - &
wait
