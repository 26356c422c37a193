#!/usr/bin/env bash
# SQL injection scan of the list pages' filters with sqlmap, against a throwaway portal.
#
# Starts the portal on 127.0.0.1 (a free port, SQLite in a temporary folder, migrate and
# seed_demo), signs in over HTTP as laoshan_admin, runs sqlmap in batch mode against every
# filter and search parameter of the list pages, stops the server and prints a summary.
# Loopback only; bounded (SCAN_MINUTES, default 9); exits 1 if anything was found.
#
#   scripts/security_scan.sh            # needs sqlmap: apt-get install sqlmap
#   SCAN_SMART=1 scripts/security_scan.sh   # quicker: thorough tests only where heuristics hit
#   SCAN_LEVEL=3 SCAN_RISK=2 SCAN_MINUTES=20 scripts/security_scan.sh   # adds time-based tests
#   SCAN_DATABASE_URL=postgres://u:p@127.0.0.1:5432/scan scripts/security_scan.sh
#                                       # against PostgreSQL: an empty throwaway database
set -euo pipefail

cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
SQLMAP=${SQLMAP:-sqlmap}
SCAN_MINUTES=${SCAN_MINUTES:-9}
PER_PAGE_SECONDS=${PER_PAGE_SECONDS:-150}
PAGES=(/cadres/ /cadres/checkins/ /cadres/posts/ /cadres/needs/ /areas/ /staff/ /audit/)
USERNAME=laoshan_admin

command -v "$SQLMAP" >/dev/null || { echo "sqlmap not found (apt-get install sqlmap)" >&2; exit 2; }
command -v curl >/dev/null || { echo "curl not found" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/laoshan-scan.XXXXXX")
server=""
stop() {
  if [[ -n "$server" ]] && kill -0 "$server" 2>/dev/null; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  [[ "${KEEP_SCAN_FILES:-0}" == 1 ]] && echo "files kept in $work" || rm -rf "$work"
}
trap stop EXIT INT TERM

# A throwaway deployment: its own database and media, the demo data, no real keys.
port=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
export LAOSHAN_ENV=development DEBUG=false ALLOWED_HOSTS=127.0.0.1
if [[ -n "${SCAN_DATABASE_URL:-}" ]]; then
  export DATABASE_URL="$SCAN_DATABASE_URL" DATABASE_CONN_MAX_AGE=0
  dbms=PostgreSQL
else
  export DATABASE_URL="sqlite:///$work/scan.sqlite3"
  dbms=SQLite
fi
export MEDIA_ROOT="$work/media" REDIS_URL=""
export DEMO_PASSWORD="Scan-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')!"
# The second sign-in step needs a phone app; this scan is of the pages behind it.
export ADMIN_TWO_FACTOR=false

echo "== preparing a throwaway portal in $work"
"$PY" manage.py migrate --noinput >"$work/migrate.log" 2>&1
"$PY" manage.py seed_demo --force >"$work/seed.log" 2>&1
"$PY" manage.py runserver "127.0.0.1:$port" --noreload >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 50); do
  curl -fs -o /dev/null "$base/healthz" && break
  sleep 0.2
done
curl -fs -o /dev/null "$base/healthz" || { echo "the portal did not start" >&2; cat "$work/server.log" >&2; exit 2; }

echo "== signing in as $USERNAME"
jar="$work/cookies.txt"
login_page=$(curl -s -c "$jar" -b "$jar" "$base/accounts/login/")
token=$(printf '%s' "$login_page" | sed -n 's/.*name="csrfmiddlewaretoken" value="\([^"]*\)".*/\1/p' | head -1)
status=$(curl -s -c "$jar" -b "$jar" -o /dev/null -w '%{http_code}' \
  -H "Referer: $base/accounts/login/" \
  --data-urlencode "csrfmiddlewaretoken=$token" --data-urlencode "username=$USERNAME" \
  --data-urlencode "password=$DEMO_PASSWORD" "$base/accounts/login/")
cookie=$(awk '$6 == "sessionid" || $6 == "csrftoken" { printf "%s=%s; ", $6, $7 }' "$jar")
logged_in() { [[ $(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$base/cadres/") == 200 ]]; }
if [[ "$status" != 302 ]] || ! logged_in; then
  echo "could not sign in (HTTP $status)" >&2
  exit 2
fi

# Every parameter of a page's GET forms, with a value that passes (the first option).
read_params() {
  "$PY" -c '
import sys
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode

class Forms(HTMLParser):
    def __init__(self):
        super().__init__()
        self.inside, self.values, self.select = False, {}, None
    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and a.get("href", "").startswith("?"):  # status tabs, sort links
            for name, value in parse_qsl(a["href"][1:]):
                self.values.setdefault(name, value)
        if tag == "form":
            self.inside = a.get("method", "get").lower() == "get"
        elif not self.inside or not a.get("name"):
            if tag == "option" and self.select and a.get("value") and not self.values[self.select]:
                self.values[self.select] = a["value"]
        elif tag == "select":
            self.select = a["name"]
            self.values.setdefault(self.select, "")
        elif tag == "input" and a.get("type", "text") not in {"submit", "button", "checkbox"}:
            kind = a.get("type", "text")
            self.values.setdefault(a["name"], a.get("value") or ("2024-01-01" if kind == "date" else "1"))
    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None

parser = Forms()
parser.feed(sys.stdin.read())
values = {k: v or "1" for k, v in parser.values.items()}
values.setdefault("page", "1")
print(",".join(sorted(values)))
print(urlencode(values))
'
}

deadline=$((SECONDS + SCAN_MINUTES * 60))
declare -a scanned=() skipped=() found=()
total_params=0
# Level 2, risk 1 by default; SQLite's time-based payloads need SCAN_LEVEL=3 SCAN_RISK=2.
sqlmap_flags=(--batch --level="${SCAN_LEVEL:-2}" --risk="${SCAN_RISK:-1}" --dbms="$dbms" --threads=4 --disable-coloring
  --flush-session --output-dir="$work/sqlmap" --timeout=10 --retries=1)
[[ "${SCAN_SMART:-0}" == 1 ]] && sqlmap_flags+=(--smart)

for path in "${PAGES[@]}"; do
  left=$((deadline - SECONDS))
  if ((left < 20)); then
    skipped+=("$path (time budget spent)")
    continue
  fi
  { read -r params; read -r query; } < <(curl -s -H "Cookie: $cookie" "$base$path" | read_params)
  total_params=$((total_params + $(tr ',' '\n' <<<"$params" | wc -l)))
  echo "== $path  parameters: $params"
  slug=$(tr -c 'a-z0-9' '_' <<<"$path")
  budget=$((left < PER_PAGE_SECONDS ? left : PER_PAGE_SECONDS))
  set +e
  timeout "$budget" "$SQLMAP" -u "$base$path?$query" -p "$params" --cookie="$cookie" \
    "${sqlmap_flags[@]}" >"$work/sqlmap$slug.txt" 2>&1
  rc=$?
  set -e
  if grep -qE "identified the following injection point|is vulnerable" "$work/sqlmap$slug.txt"; then
    found+=("$path: $(grep -E "^Parameter: " "$work/sqlmap$slug.txt" | sort -u | tr '\n' ' ')")
    grep -A12 "identified the following injection point" "$work/sqlmap$slug.txt" || true
  fi
  if ((rc == 124)); then
    skipped+=("$path (stopped after ${budget}s, partly scanned)")
  else
    scanned+=("$path")
  fi
  grep -E "do not appear to be injectable|not injectable" "$work/sqlmap$slug.txt" | tail -1 || true
  logged_in || { echo "the session was lost during the scan of $path" >&2; found+=("$path: session lost, results incomplete"); }
done

errors=$(grep -cE '" 500 [0-9]+' "$work/server.log" || true)
requests=$(grep -cE '"(GET|POST) ' "$work/server.log" || true)

echo
echo "== summary ($(date -u +%Y-%m-%dT%H:%MZ), $($SQLMAP --version 2>/dev/null | head -1))"
echo "target: $base ($dbms, demo data), signed in as $USERNAME"
echo "pages scanned: ${scanned[*]:-none}"
((${#skipped[@]})) && printf 'not finished: %s\n' "${skipped[@]}"
echo "parameters: $total_params; requests answered: $requests; server errors (500): $errors"
if ((${#found[@]} == 0 && errors == 0)); then
  echo "findings: none"
  exit 0
fi
echo "findings:"
printf '  %s\n' "${found[@]}"
((errors > 0)) && grep -E '" 500 [0-9]+' "$work/server.log" | head -20
exit 1
