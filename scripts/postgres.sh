# A throwaway PostgreSQL server for tests and benchmarks: a fresh cluster in a temp folder,
# on a free port, run as the postgres user, stopped by PID. Source this file, then
# start_postgres; it exports PG_URL (superuser connection to the postgres database).
start_postgres() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  PG_VERSION=$(basename "$(dirname "$bin")")
  PG_DIR=$(mktemp -d /tmp/soundings-pg.XXXXXX)
  chown postgres "$PG_DIR"
  PG_PORT=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
  su postgres -s /bin/sh -c "$bin/initdb -D $PG_DIR/data -U postgres -A trust --no-sync -E UTF8 >/dev/null"
  su postgres -s /bin/sh -c "$bin/pg_ctl -D $PG_DIR/data -o '-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300' -l $PG_DIR/log -w start >/dev/null"
  PG_PID=$(head -n 1 "$PG_DIR/data/postmaster.pid")
  export PG_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres" PG_VERSION PG_PID PG_DIR
  echo "PostgreSQL $PG_VERSION started on port $PG_PORT (pid $PG_PID)"
}

stop_postgres() {
  if [ -n "${PG_PID:-}" ]; then
    kill -INT "$PG_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$PG_PID" 2>/dev/null || break; sleep 0.2; done
    rm -rf "$PG_DIR"
    PG_PID=
  fi
}
