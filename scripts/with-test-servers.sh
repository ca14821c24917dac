#!/usr/bin/env bash
# Runs a command with throwaway database servers on 127.0.0.1 (free ports,
# temporary data directories), and stops them afterwards — also when the
# command fails or is interrupted.
#   STABILITY_TEST_POSTGRES   postgresql://postgres@127.0.0.1:PORT/postgres (password in PGPASSWORD_TEST)
# Usage: scripts/with-test-servers.sh COMMAND [ARGS…]
set -euo pipefail

root=$(mktemp -d /tmp/stability-servers.XXXXXX)
chmod 755 "$root"
pg_bin=/usr/lib/postgresql/15/bin
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

stop() {
  if [ -f "$root/pg/data/postmaster.pid" ]; then
    as_postgres "$pg_bin/pg_ctl" -D "$root/pg/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$root"
}
trap stop EXIT INT TERM

start_postgres() {
  local port password
  port=$(free_port)
  password="stability-test-$RANDOM$RANDOM"
  mkdir -p "$root/pg"
  printf '%s\n' "$password" > "$root/pg/pwfile"
  [ "$(id -u)" -eq 0 ] && chown -R postgres "$root/pg"
  as_postgres "$pg_bin/initdb" -D "$root/pg/data" -U postgres --pwfile="$root/pg/pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C --no-sync >"$root/pg/initdb.log" 2>&1
  as_postgres "$pg_bin/pg_ctl" -D "$root/pg/data" -l "$root/pg/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $root/pg -c fsync=off" start >/dev/null
  export STABILITY_TEST_POSTGRES="postgresql://postgres@127.0.0.1:$port/postgres"
  export STABILITY_TEST_POSTGRES_PASSWORD="$password"
  echo "test servers: PostgreSQL on 127.0.0.1:$port" >&2
}

if [ -x "$pg_bin/initdb" ]; then
  start_postgres
else
  echo "test servers: PostgreSQL not installed; its tests will be skipped" >&2
fi

"$@"
