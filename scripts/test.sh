#!/usr/bin/env bash
# Every test, as CI runs it: installs what the tests need (Debian chromium and postgresql),
# then runs the route tests on PGlite, again on a real PostgreSQL server started here, and
# the browser journeys (axe on every page, public journeys with JavaScript off).
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

echo "== Route and unit tests on embedded PGlite"
npx vitest run

source scripts/postgres.sh
start_postgres
trap stop_postgres EXIT

echo "== Route and unit tests on PostgreSQL $PG_VERSION"
TEST_DATABASE_URL="$PG_URL" npx vitest run

echo "== Browser journeys (Chromium, axe, JavaScript on and off) on PostgreSQL"
TEST_DATABASE_URL="$PG_URL" npx vitest run --config e2e/vitest.config.ts
