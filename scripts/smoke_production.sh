#!/usr/bin/env bash
# The production path, natively: the processes docker-compose.yml runs (PostgreSQL, Redis,
# gunicorn, a Celery worker and beat) started on loopback with production settings. It
# migrates, collects static files, signs in over HTTP, has the worker write a monthly
# report, downloads it, and stops everything it started. Exit status 0 means it all worked.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
BIN=${BIN:-$ROOT/.venv/bin}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_PORT=${SMOKE_PG_PORT:-55433}
REDIS_PORT=${SMOKE_REDIS_PORT:-56380}
WEB_PORT=${SMOKE_WEB_PORT:-58000}
WORK=$(mktemp -d /tmp/laoshan-smoke.XXXXXX)
PIDS=()

log() { printf '\n==> %s\n' "$*"; }

stop_all() {
  set +e
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
  [ -f "$WORK/redis.pid" ] && kill "$(cat "$WORK/redis.pid")" 2>/dev/null
  [ -f "$WORK/pgdata/postmaster.pid" ] && runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pgdata" -m fast stop >/dev/null
  sleep 0.5; rm -rf "$WORK"
}
trap stop_all EXIT

log "PostgreSQL on 127.0.0.1:$PG_PORT, Redis on 127.0.0.1:$REDIS_PORT"
chown postgres "$WORK"
runuser -u postgres -- "$PG_BIN/initdb" -D "$WORK/pgdata" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pgdata" -l "$WORK/pg.log" -w \
  -o "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories=$WORK" start >/dev/null
# The two roles of docs/OPERATIONS.md: portal_owner owns the tables and migrates; portal,
# the runtime role, is what gunicorn, the worker and beat connect as.
psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -q \
  -c "CREATE ROLE portal_owner LOGIN PASSWORD 'owner'" -c "CREATE ROLE portal LOGIN PASSWORD 'portal'" \
  -c "CREATE DATABASE portal OWNER portal_owner"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
  --daemonize yes --pidfile "$WORK/redis.pid" --logfile "$WORK/redis.log"

# The settings of deploy/env.example, with values for this run.
export LAOSHAN_ENV=production
export SECRET_KEY="smoke-$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 60)"
export ALLOWED_HOSTS=127.0.0.1
export DATABASE_URL="postgres://portal:portal@127.0.0.1:$PG_PORT/portal"
MIGRATION_DATABASE_URL="postgres://portal_owner:owner@127.0.0.1:$PG_PORT/portal"
as_owner() { DATABASE_URL="$MIGRATION_DATABASE_URL" DATABASE_RUNTIME_ROLE=portal "$@"; }
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
export FIELD_ENCRYPTION_KEY=$("$BIN/python" -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')
export STATIC_ROOT="$WORK/static" MEDIA_ROOT="$WORK/media"
export BEHIND_TLS_PROXY=1   # the client below speaks for the TLS proxy (X-Forwarded-Proto)
export TRUSTED_PROXY_COUNT=1  # ... and appends the client's address to X-Forwarded-For
for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done

log "check --deploy, migrate, collectstatic, demo data"
"$BIN/python" manage.py check --deploy --fail-level WARNING
as_owner "$BIN/python" manage.py migrate --noinput -v0
"$BIN/python" manage.py collectstatic --noinput -v0
as_owner "$BIN/python" manage.py seed_demo --force >/dev/null
# Demo accounts without two-step verification, with a fresh password (initial ones must
# be changed at the first sign-in).
"$BIN/python" manage.py shell -c "
from laoshan_portal.accounts.models import User
from laoshan_portal.accounts import services
for user in User.objects.filter(username__in=['jinjialing', 'ruidu', 'wushan', 'leader']):
    user.set_password('Smoke-Test-Passw0rd!')
    user.save()
    services.password_changed(user=user)
"

log "gunicorn on 127.0.0.1:$WEB_PORT, a Celery worker and beat"
"$BIN/gunicorn" laoshan_portal.wsgi:application --bind "127.0.0.1:$WEB_PORT" --workers "${SMOKE_WEB_WORKERS:-2}" \
  --timeout 180 --log-file "$WORK/gunicorn.log" &
PIDS+=($!)
# Under a supervisor, as systemd and docker-compose run it: restarted whenever it exits.
scripts/supervise.sh "$BIN/celery" -A laoshan_portal worker --loglevel=INFO --concurrency=2 \
  --logfile "$WORK/worker.log" 2>>"$WORK/supervise.log" &
PIDS+=($!)
"$BIN/celery" -A laoshan_portal beat --loglevel=INFO --schedule "$WORK/beat-schedule" --logfile "$WORK/beat.log" &
PIDS+=($!)

log "sign in, regenerate a report through the worker, download it"
if ! "$BIN/python" scripts/smoke_client.py "http://127.0.0.1:$WEB_PORT" jinjialing 'Smoke-Test-Passw0rd!'; then
  echo "--- gunicorn log";  tail -40 "$WORK/gunicorn.log" || true
  echo "--- worker log";    tail -40 "$WORK/worker.log" || true
  exit 1
fi
grep -q "beat: Starting" "$WORK/beat.log" || { echo "beat did not start"; tail -20 "$WORK/beat.log"; exit 1; }

if [ -n "${SMOKE_THEN:-}" ]; then  # e.g. the load test, against the running stack
  log "$SMOKE_THEN"
  SMOKE_BASE="http://127.0.0.1:$WEB_PORT" SMOKE_PASSWORD='Smoke-Test-Passw0rd!' \
    "$BIN/python" $SMOKE_THEN
fi

log "behind the proxy: a lock-out holds one client; the audit trail has the clients' addresses"
PROXY_SINCE=$(date -u +%Y-%m-%dT%H:%M:%S.%6N+00:00)  # sign-ins before (a load test's) not counted
"$BIN/python" scripts/smoke_client.py "http://127.0.0.1:$WEB_PORT" wushan 'Smoke-Test-Passw0rd!' proxy
"$BIN/python" manage.py shell -c "
import sys
from laoshan_portal.audit.models import AuditEvent
events = AuditEvent.objects.filter(username='wushan', at__gte='$PROXY_SINCE')
signed_in = set(events.filter(action='login').values_list('ip', flat=True))
failed = set(events.filter(action='login_failed').values_list('ip', flat=True))
print('signed in from', signed_in, 'failed from', failed)
sys.exit(0 if signed_in == {'203.0.113.7'} and failed == {'198.51.100.66'} else 1)
"

log "Redis stopped and started three times under a busy worker: every report is written"
start_redis() {
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
    --daemonize yes --pidfile "$WORK/redis.pid" --logfile "$WORK/redis.log"
  for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
}
"$BIN/python" manage.py shell -c "
from laoshan_portal.accounts.models import Area
from reports import services
from reports.periods import Month
areas = Area.objects.filter(level__in=['district', 'street'])
print(len(services.reports_queue(month=Month.current().previous(), areas=areas)), 'reports queued')
"
for round in 1 2 3; do
  sleep 3
  kill "$(cat "$WORK/redis.pid")"; rm -f "$WORK/redis.pid"
  for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 || break; sleep 0.1; done
  sleep 3
  start_redis
  echo "Redis restarted ($round of 3, without the queued messages)"
done
# What beat's recover_stuck_reports does every 10 minutes, here every 10 s and for reports
# queued longer than 20 s: the messages lost with Redis are sent again.
left=1
for _ in $(seq 30); do
  left=$(REPORT_QUEUED_LIMIT=20 "$BIN/python" manage.py shell -c "
from reports import services
from reports.models import MonthlyReport
from reports.periods import Month
services.reports_recover()
month = Month.current().previous().start
print(MonthlyReport.objects.filter(month=month).exclude(status='done').count())
" 2>/dev/null | tail -1)
  [ "$left" = 0 ] && break
  sleep 10
done
cat "$WORK/supervise.log" 2>/dev/null || true
[ "$left" = 0 ] || { echo "$left reports not written"; tail -40 "$WORK/worker.log"; exit 1; }
echo "every report written"

log "the audit trail against the runtime role: no TRUNCATE, no trigger off, no UPDATE, no DELETE"
for sql in "TRUNCATE audit_auditevent" \
           "ALTER TABLE audit_auditevent DISABLE TRIGGER ALL" \
           "UPDATE audit_auditevent SET username = 'someone'" \
           "DELETE FROM audit_auditevent"; do
  if psql "$DATABASE_URL" -q -c "$sql" 2>"$WORK/psql.err"; then
    echo "the runtime role could: $sql"; exit 1
  fi
  echo "refused: $sql ($(head -1 "$WORK/psql.err"))"
done
"$BIN/python" manage.py verify_audit_log
if "$BIN/python" manage.py purge_audit_log 2>"$WORK/purge.err"; then
  echo "the runtime role could purge the audit trail"; exit 1
fi
echo "purge refused to the runtime role: $(tail -1 "$WORK/purge.err")"
as_owner "$BIN/python" manage.py purge_audit_log

log "an edit by the database superuser, around the triggers, is found by verify_audit_log"
psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d portal -v ON_ERROR_STOP=1 -q \
  -c "SET session_replication_role = replica" \
  -c "UPDATE audit_auditevent SET username = 'nobody' WHERE id = (SELECT min(id) + 1 FROM audit_auditevent)"
edited=$(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d portal -At -c "SELECT min(id) + 1 FROM audit_auditevent")
if "$BIN/python" manage.py verify_audit_log 2>"$WORK/verify.err"; then
  echo "verify_audit_log missed the superuser's edit"; exit 1
fi
cat "$WORK/verify.err"
grep -q "broken at event $edited " "$WORK/verify.err" || { echo "it did not name event $edited"; exit 1; }

log "PostgreSQL restarted under the running app: requests recover without a gunicorn restart"
runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pgdata" -m fast -w restart \
  -o "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories=$WORK" >/dev/null
"$BIN/python" scripts/smoke_client.py "http://127.0.0.1:$WEB_PORT" jinjialing 'Smoke-Test-Passw0rd!' pages

log "Redis stopped: pages serve, /healthz reports it, regenerate says the queue is down"
kill "$(cat "$WORK/redis.pid")"; rm -f "$WORK/redis.pid"
for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 || break; sleep 0.1; done
"$BIN/python" scripts/smoke_client.py "http://127.0.0.1:$WEB_PORT" jinjialing 'Smoke-Test-Passw0rd!' queue-down
log "smoke test passed"
