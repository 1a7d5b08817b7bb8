#!/usr/bin/env bash
# The whole test suite: static checks, Vitest on SQLite and PostgreSQL, the web build, and
# Playwright journeys in Debian's Chromium on both databases. Ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/.."

# The full suite runs every database: a variable inherited from a shell that narrowed a local run must not
# silently switch one off.
for var in PULIH_TEST_DIALECTS PULIH_E2E_DATABASES; do
  if [ "${!var+set}" = set ] && [ "${!var}" != "sqlite,postgres" ] && [ "${!var}" != "postgres,sqlite" ]; then
    echo "FAILED: $var=${!var} would leave a database untested; unset it to run the full suite." >&2
    echo "0 passed, 1 failed"
    exit 1
  fi
done

results=.test-results
rm -rf "$results" && mkdir -p "$results"
passed=0
failed=0

step() { printf '\n== %s ==\n' "$1"; }
# Reads a JSON report (scripts/test-report.mjs): an empty or invalid report, skipped tests, a count below the
# committed floor (scripts/test-floor.json) or a database without tests all count as failures.
count_report() {
  local counts rp rf
  counts=$(node scripts/test-report.mjs "$1" "$2") || counts="0 1"
  read -r rp rf <<<"$counts"
  passed=$((passed + rp)); failed=$((failed + rf))
  if [ "$3" -ne 0 ] && [ "$rf" -eq 0 ]; then failed=$((failed + 1)); echo "FAILED: $1 exited with status $3"; fi
}
count_static() { if [ "$1" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $2"; fi; }

# PostgreSQL must be reachable: every database test runs on both dialects.
if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  fi
fi
if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  echo "PostgreSQL is not reachable at 127.0.0.1:5432 (user postgres, trust auth). Start it, then run npm test again." >&2
  echo "0 passed, 1 failed"
  exit 1
fi

step "Type check"
npx tsc --noEmit -p tsconfig.json
count_static $? "type check"

step "Lint (Biome)"
npx biome check --diagnostic-level=error .
count_static $? "lint"

step "Unit and integration tests (Vitest, SQLite + PostgreSQL)"
npx vitest run --reporter=default --reporter=json --outputFile="$results/vitest.json"
count_report vitest "$results/vitest.json" $?

step "Web build"
npm run --silent build:web
web_status=$?
count_static $web_status "web build"

step "End-to-end journeys (Playwright + Chromium, SQLite + PostgreSQL)"
if [ "$web_status" -eq 0 ] && [ -x /usr/bin/chromium ]; then
  PLAYWRIGHT_JSON_OUTPUT_NAME="$results/e2e.json" npx playwright test --reporter=list,json
  count_report playwright "$results/e2e.json" $?
else
  echo "FAILED: end-to-end tests need the web build and /usr/bin/chromium (apt-get install -y chromium)"
  failed=$((failed + 1))
fi

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
