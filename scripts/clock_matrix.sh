#!/usr/bin/env bash
# Runs the test suite as if today were each of the year's awkward moments (Beijing time
# unless an offset is given): year end on both sides of midnight (the second still
# 2026-12-31 in UTC), February's end, a leap day, a moment that is already 1 July in
# Beijing but 30 June in UTC, and the real today.
#
#   scripts/clock_matrix.sh            the whole suite at every moment
#   scripts/clock_matrix.sh --dates    the tests of the files that read or set the clock,
#                                      but those a clock marker pins to a moment of their own
#   scripts/clock_matrix.sh -- -x -q   anything after -- goes to pytest
#   CLOCK_MOMENTS="2027-01-01T00:30:00+08:00 today" scripts/clock_matrix.sh   those moments only
#
# The clock is fixed by tests/conftest.py (time-machine); --clock moves it. Each moment runs
# on TEST_WORKERS pytest-xdist workers (default 2; 0 runs in one process). Exits non-zero
# when any moment fails, after trying them all, and prints a line per moment.
set -uo pipefail
cd "$(dirname "$0")/.."

MOMENTS=(
  "2026-12-31T23:30:00+08:00"
  "2027-01-01T00:30:00+08:00"
  "2027-02-28T23:59:00+08:00"
  "2027-03-01T00:01:00+08:00"
  "2028-02-29T12:00:00+08:00"
  "2027-06-30T16:30:00+00:00"
  "today"
)
if [ -n "${CLOCK_MOMENTS:-}" ]; then
  read -r -a MOMENTS <<<"$CLOCK_MOMENTS"
fi
PYTEST=${PYTEST:-.venv/bin/pytest}
WORKERS=${TEST_WORKERS:-2}
targets=()
if [ "${1:-}" = "--dates" ]; then
  shift
  # A test pinned by its clock marker runs alike at every moment: the main run has it.
  targets+=(--unpinned-only)
  # Test files that read the date, build data by it, or pin a moment.
  mapfile -t -O 1 targets < <(grep -rlE --include='test_*.py' \
    'localdate|timezone\.now|Month\.current|mark\.clock|clock\b|today' tests | sort)
fi
[ "${1:-}" = "--" ] && shift

failed=()
summary=()
for moment in "${MOMENTS[@]}"; do
  printf '\n==> clock %s\n' "$moment"
  log=$(mktemp)
  "$PYTEST" -p no:cacheprovider -q -n "$WORKERS" --clock="$moment" "$@" "${targets[@]}" 2>&1 |
    tee "$log" | tail -n 15
  status=${PIPESTATUS[0]}
  summary+=("$moment: $(grep -E '^[0-9]+ (passed|failed|error)' "$log" | tail -n 1) (exit $status)")
  rm -f "$log"
  [ "$status" -eq 0 ] || failed+=("$moment")
done

printf '\n==> clock matrix\n'
printf '  %s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  printf 'failed at: %s\n' "${failed[*]}" >&2
  exit 1
fi
