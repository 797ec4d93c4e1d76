#!/usr/bin/env bash
# Every test, as CI runs it: installs what the tests need (Debian chromium and postgresql),
# then runs the route tests on PGlite, again on a real PostgreSQL server started here, and
# the browser journeys (axe on every page, public journeys with JavaScript off) beside them.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing ${need[*]} from Debian"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

npx tsx scripts/build-assets.ts
npx tsc --noEmit -p .
npx eslint src test e2e bench scripts
# No Docker daemon in CI: the Dockerfile is linted here, and test/container-start.pg.test.ts runs
# the image's CMD against the PostgreSQL pass's server.
npx tsx scripts/lint-dockerfile.ts Dockerfile

source scripts/postgres.sh
start_postgres
logs=$(mktemp -d /tmp/soundings-test-logs.XXXXXX)
trap 'stop_postgres; rm -rf "$logs"' EXIT

# Two lanes at once. A vitest run keeps about one of the two cores busy (its files run one after
# another), so the route tests (PGlite, then PostgreSQL) and the browser journeys overlap rather
# than queue. Each lane's output is printed whole when both are done.
(
  failed=0
  echo "== Route and unit tests on embedded PGlite"
  npx vitest run || failed=1
  echo "== Route and unit tests on PostgreSQL $PG_VERSION"
  TEST_DATABASE_URL="$PG_URL" npx vitest run || failed=1
  exit "$failed"
) >"$logs/routes.log" 2>&1 &
routes=$!
(
  echo "== Browser journeys (Chromium, axe, JavaScript on and off) on PostgreSQL $PG_VERSION"
  TEST_DATABASE_URL="$PG_URL" npx vitest run --config e2e/vitest.config.ts
) >"$logs/journeys.log" 2>&1 &
journeys=$!

status=0
wait "$routes" || status=1
cat "$logs/routes.log"
wait "$journeys" || status=1
cat "$logs/journeys.log"
exit "$status"
