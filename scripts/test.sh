#!/usr/bin/env bash
# The whole test suite: static checks, Vitest on SQLite and PostgreSQL, the web build, and
# Playwright journeys in Debian's Chromium on both databases. Ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
results=.test-results
rm -rf "$results" && mkdir -p "$results"
passed=0
failed=0

step() { printf '\n== %s ==\n' "$1"; }
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
vitest_status=$?
if [ -f "$results/vitest.json" ]; then
  read -r vp vf < <(node -e 'const r=require(process.argv[1]);console.log(r.numPassedTests, r.numFailedTests + (r.numFailedTestSuites>0 && r.numFailedTests===0 ? r.numFailedTestSuites : 0))' "$PWD/$results/vitest.json")
  passed=$((passed + vp)); failed=$((failed + vf))
  if [ "$vitest_status" -ne 0 ] && [ "$vf" -eq 0 ]; then failed=$((failed + 1)); fi
else
  failed=$((failed + 1)); echo "FAILED: vitest produced no report"
fi

step "Web build"
npm run --silent build:web
web_status=$?
count_static $web_status "web build"

step "End-to-end journeys (Playwright + Chromium, SQLite + PostgreSQL)"
if [ "$web_status" -eq 0 ] && [ -x /usr/bin/chromium ]; then
  PLAYWRIGHT_JSON_OUTPUT_NAME="$results/e2e.json" npx playwright test --reporter=list,json
  e2e_status=$?
  if [ -f "$results/e2e.json" ]; then
    read -r ep ef < <(node -e 'const s=require(process.argv[1]).stats;console.log(s.expected + s.flaky, s.unexpected)' "$PWD/$results/e2e.json")
    passed=$((passed + ep)); failed=$((failed + ef))
    if [ "$e2e_status" -ne 0 ] && [ "$ef" -eq 0 ]; then failed=$((failed + 1)); fi
  else
    failed=$((failed + 1)); echo "FAILED: playwright produced no report"
  fi
else
  echo "FAILED: end-to-end tests need the web build and /usr/bin/chromium (apt-get install -y chromium)"
  failed=$((failed + 1))
fi

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
