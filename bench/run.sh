#!/usr/bin/env bash
# npm run bench: hub pages under concurrent load on a throwaway PostgreSQL (installed from Debian
# when missing), beside a bare Fastify + govuk template baseline in the same run. See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "Installing postgresql from Debian"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi

source scripts/postgres.sh
start_postgres
trap stop_postgres EXIT

npx tsx bench/hub.bench.ts
