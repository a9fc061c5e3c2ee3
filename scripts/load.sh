#!/usr/bin/env bash
# make load: gunicorn (4 workers), a Celery worker, PostgreSQL and Redis under a mixed Locust
# workload, then an integrity check. Exits non-zero on any request error or integrity break.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PORT=${LOAD_PORT:-8011}
SECONDS_TO_RUN=${LOAD_SECONDS:-180}
USERS=${LOAD_USERS:-60}
mkdir -p var && rm -rf var/load-mail && mkdir -p var/load-mail

export DJANGO_SETTINGS_MODULE=training.settings.load
# A throwaway load-test database: the scale world's accounts share a published password.
export ATTUNE_ALLOW_DEMO=true
export DATABASE_URL=${LOAD_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/attune_load}
export REDIS_URL=${LOAD_REDIS_URL:-redis://127.0.0.1:6379/9}
export ALLOWED_HOSTS=127.0.0.1,localhost
export SECRET_KEY=$($BIN/python -c 'import secrets; print(secrets.token_urlsafe(64))')
export SECURE_SSL_REDIRECT=false
export EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend
export EMAIL_FILE_PATH=$PWD/var/load-mail
export WAGTAILADMIN_BASE_URL=http://127.0.0.1:$PORT
export ATTUNE_STORAGE=filesystem MEDIA_ROOT=$PWD/var/load-media PRIVATE_MEDIA_ROOT=$PWD/var/load-private
export LOAD_SESSIONS=$PWD/var/load-sessions.json LOAD_RESULTS=$PWD/var/load-results.json

bash scripts/ensure_services.sh
db=${DATABASE_URL##*/}
psql "${DATABASE_URL%/*}/postgres" -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
redis-cli -u "$REDIS_URL" flushdb >/dev/null
echo "== Preparing $db with ${LOAD_TRAINEES:-2000} trainees"
$BIN/python manage.py migrate --noinput -v0
$BIN/python manage.py collectstatic --noinput -v0
$BIN/python manage.py generate_scale_data --trainees "${LOAD_TRAINEES:-2000}" | tail -1
# One session per simulated person, so no two Locust users share messages or a session.
$BIN/python manage.py load_sessions --supervisors 24 --trainees-each 3 --out "$LOAD_SESSIONS"
$BIN/python manage.py load_baseline --out var/load-before.json

pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT
$BIN/celery -A training worker --concurrency=2 --loglevel=WARNING >var/load-worker.log 2>&1 &
pids+=($!)
$BIN/gunicorn training.wsgi --workers 4 --bind "127.0.0.1:$PORT" --log-level warning \
  >var/load-gunicorn.log 2>&1 &
pids+=($!)
for _ in $(seq 1 30); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/accounts/login/" && break; sleep 1; done

echo "== Locust: $USERS users for $SECONDS_TO_RUN s against gunicorn (4 workers)"
status=0
# --stop-timeout lets each user finish its task, so no write lands unseen at the end.
$BIN/locust -f scripts/locustfile.py --headless --host "http://127.0.0.1:$PORT" \
  -u "$USERS" -r 10 -t "${SECONDS_TO_RUN}s" --stop-timeout 30 --csv var/load --only-summary \
  --exit-code-on-error 1 >var/load-locust.log 2>&1 || status=$?
$BIN/python scripts/load_report.py var/load_stats.csv

echo "== Waiting for the worker to send what is queued"
for _ in $(seq 1 60); do
  pending=$($BIN/python manage.py shell -c "from training.notifications.models import OutboxMessage as O; print(O.objects.exclude(status='sent').count())" 2>/dev/null | tail -1)
  [[ "$pending" == "0" ]] && break
  sleep 2
done
$BIN/python manage.py load_integrity --results "$LOAD_RESULTS" --before var/load-before.json \
  --mail-dir var/load-mail || status=1
if [[ $status -ne 0 ]]; then echo "make load: FAILED (see var/load-*.log)"; exit 1; fi
echo "make load: no errors, integrity holds"
