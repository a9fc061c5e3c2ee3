#!/usr/bin/env bash
# make bench: generate the full world and a tenth of it on PostgreSQL, time the pages on each,
# and print the two side by side so growth with the data is visible. Figures only; no asserts.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
FULL=${BENCH_TRAINEES:-10000}
TENTH=$((FULL / 10))
REQUESTS=${BENCH_REQUESTS:-50}
PG=${BENCH_PG:-postgres://postgres@127.0.0.1:5432}
mkdir -p var
bash scripts/ensure_services.sh
for size in "$FULL" "$TENTH"; do
  db="attune_bench_${size}"
  export DATABASE_URL="$PG/$db"
  echo "== $size trainees: database $db"
  # BENCH_REUSE=1 times the world a previous run generated (after a code change, say).
  if [[ "${BENCH_REUSE:-0}" == "1" ]] && psql "$PG/$db" -qc "select 1" >/dev/null 2>&1; then
    $PY manage.py migrate --noinput -v0
  else
    psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
    $PY manage.py migrate --noinput -v0
    start=$(date +%s)
    $PY manage.py generate_scale_data --trainees "$size"
    echo "   generated in $(( $(date +%s) - start )) s"
  fi
  $PY manage.py bench --requests "$REQUESTS" --label "$size" --json "var/bench-$size.json"
done
$PY scripts/bench_table.py "var/bench-$FULL.json" "var/bench-$TENTH.json"
