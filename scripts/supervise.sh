#!/usr/bin/env bash
# Runs a command again whenever it exits, a second later: what systemd's Restart=always and
# docker-compose's `restart: unless-stopped` do for the worker in production. TERM or INT
# stops the command and this script.
#   scripts/supervise.sh .venv/bin/celery -A laoshan_portal worker
set -u
child=""
stop() { [[ -n "$child" ]] && kill "$child" 2>/dev/null; wait; exit 0; }
trap stop TERM INT
while :; do
  "$@" &
  child=$!
  wait "$child"
  echo "supervise: $(basename "$1") exited with status $?; starting it again" >&2
  sleep 1
done
