#!/usr/bin/env bash
# npm run bench: every benchmark in bench/ (hub pages under concurrent load first) on a throwaway PostgreSQL (installed from Debian
# when missing), beside a bare Fastify + govuk template baseline in the same run. See bench/README.md.
#   BENCH_REF=HEAD npm run bench   measures a commit (exported to a temp folder) rather than the working tree.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "Installing postgresql from Debian"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi

snapshot=
cleanup() {
  stop_postgres
  if [ -n "$snapshot" ]; then rm -rf "$snapshot"; fi
}
source scripts/postgres.sh
start_postgres
trap cleanup EXIT

export BENCH_RESULTS_DIR="$root/bench/results"
if [ -n "${BENCH_REF:-}" ]; then
  BENCH_COMMIT=$(git rev-parse --short "$BENCH_REF")
  export BENCH_COMMIT BENCH_DIRTY=0
  snapshot=$(mktemp -d /tmp/soundings-bench-src.XXXXXX)
  git archive "$BENCH_REF" | tar -x -C "$snapshot"
  ln -s "$root/node_modules" "$snapshot/node_modules"
  # Files under src/ that .gitignore hides (its "data/" rule catches src/modules/*/data/) are not in the
  # export: copy them from the working tree, the only place they exist.
  git ls-files --others --ignored --exclude-standard src | tar -cf - -T - | tar -xf - -C "$snapshot"
  if [ -d "$root/public" ]; then ln -s "$root/public" "$snapshot/public"; fi
  echo "Measuring $BENCH_REF ($BENCH_COMMIT) from a clean export in $snapshot"
  cd "$snapshot"
else
  BENCH_COMMIT=$(git rev-parse --short HEAD)
  BENCH_DIRTY=$(git status --porcelain -- src | wc -l)
  export BENCH_COMMIT BENCH_DIRTY
  if [ "$BENCH_DIRTY" != 0 ]; then echo "Measuring the working tree: $BENCH_DIRTY uncommitted paths under src/ on top of $BENCH_COMMIT"; fi
fi

# Every bench/*.bench.ts, one after another on the same server; BENCH_FILE=plan runs just plan.bench.ts.
for bench in bench/*.bench.ts; do
  name=$(basename "$bench" .bench.ts)
  if [ -n "${BENCH_FILE:-}" ] && [ "$name" != "$BENCH_FILE" ]; then continue; fi
  echo "== $name"
  npx tsx "$bench"
done
