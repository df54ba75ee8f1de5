# test-services.sh - sourced by check.sh: starts a throw-away PostgreSQL on loopback.
# Exports OTASUKE_TEST_PG (a libpq conninfo) for the web and store tests.
PG_DIR=""

services_start() {
  local bindir
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$bindir" ] || { echo "PostgreSQL binaries not found"; return 1; }
  PG_PORT=${PG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
  PG_DIR=$(mktemp -d /tmp/otasuke-pg.XXXXXX)
  chmod 755 "$PG_DIR"
  local runas=()
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$PG_DIR"
    runas=(runuser -u postgres --)
  fi
  "${runas[@]}" "$bindir/initdb" -D "$PG_DIR/data" -U otasuke --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null || return 1
  "${runas[@]}" "$bindir/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=off -c max_connections=200" start >/dev/null || { cat "$PG_DIR/log"; return 1; }
  export OTASUKE_TEST_PG_ADMIN="host=127.0.0.1 port=$PG_PORT user=otasuke dbname=postgres"
  export OTASUKE_TEST_PG="host=127.0.0.1 port=$PG_PORT user=otasuke dbname=postgres"
  echo "PostgreSQL running on 127.0.0.1:$PG_PORT"
}

services_stop() {
  [ -n "$PG_DIR" ] || return 0
  local bindir runas=()
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ "$(id -u)" -eq 0 ] && runas=(runuser -u postgres --)
  "${runas[@]}" "$bindir/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
  PG_DIR=""
}
