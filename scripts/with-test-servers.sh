#!/usr/bin/env bash
# Runs a command with throwaway database servers on 127.0.0.1 (free ports,
# temporary data directories), and stops them afterwards — also when the
# command fails or is interrupted.
#   STABILITY_TEST_POSTGRES   postgresql://postgres@127.0.0.1:PORT/postgres (+ _PASSWORD)
#   STABILITY_TEST_INFLUXDB   http://127.0.0.1:PORT (auth enabled; user admin, + _PASSWORD)
#   STABILITY_TEST_GRAPHITE   http://127.0.0.1:PORT (graphite-web; carbon plaintext on _CARBON_PORT)
#   STABILITY_TEST_SERVER_ROOT  where tests start their own servers (Prometheus, ClickHouse:
#                               each test its own data); whatever still runs there is killed at the end
# Usage: scripts/with-test-servers.sh COMMAND [ARGS…]
set -euo pipefail

root=$(mktemp -d /tmp/stability-servers.XXXXXX)
chmod 755 "$root"
pg_bin=/usr/lib/postgresql/15/bin
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

stop() {
  # Servers a test started and could not stop (a crashed test process).
  pkill -KILL -f "$root/tests/" 2>/dev/null || true
  for pidfile in "$root"/*.pid; do
    [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
  done
  if [ -f "$root/pg/data/postmaster.pid" ]; then
    as_postgres "$pg_bin/pg_ctl" -D "$root/pg/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$root"
}
trap stop EXIT INT TERM
mkdir -p "$root/tests"
export STABILITY_TEST_SERVER_ROOT="$root/tests"

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

wait_http() {  # url, seconds
  for _ in $(seq 1 $(( $2 * 10 ))); do
    curl -s -o /dev/null "$1" && return 0
    sleep 0.1
  done
  echo "test servers: $1 did not answer" >&2
  return 1
}

start_influxdb() {
  local port bind password
  port=$(free_port); bind=$(free_port)
  password="influx-test-$RANDOM$RANDOM"
  mkdir -p "$root/influx"
  cat > "$root/influx/influxdb.conf" <<CONF
reporting-disabled = true
bind-address = "127.0.0.1:$bind"
[meta]
  dir = "$root/influx/meta"
[data]
  dir = "$root/influx/data"
  wal-dir = "$root/influx/wal"
  query-log-enabled = false
[http]
  bind-address = "127.0.0.1:$port"
  auth-enabled = true
  log-enabled = false
[ifql]
  enabled = false
[continuous_queries]
  enabled = false
[monitor]
  store-enabled = false
CONF
  influxd run -config "$root/influx/influxdb.conf" >"$root/influx/server.log" 2>&1 &
  echo $! > "$root/influxd.pid"
  wait_http "http://127.0.0.1:$port/ping" 15
  curl -s -XPOST "http://127.0.0.1:$port/query" \
    --data-urlencode "q=CREATE USER admin WITH PASSWORD '$password' WITH ALL PRIVILEGES" >/dev/null
  export STABILITY_TEST_INFLUXDB="http://127.0.0.1:$port"
  export STABILITY_TEST_INFLUXDB_PASSWORD="$password"
  echo "test servers: InfluxDB on 127.0.0.1:$port" >&2
}

start_graphite() {
  local g=$root/graphite web line pickle query
  web=$(free_port); line=$(free_port); pickle=$(free_port); query=$(free_port)
  mkdir -p "$g/storage/whisper" "$g/storage/log/webapp" "$g/conf" "$g/py"
  cat > "$g/py/stability_graphite_settings.py" <<CONF
SECRET_KEY = 'stability-test-only'
STORAGE_DIR = '$g/storage'
WHISPER_DIR = '$g/storage/whisper/'
LOG_DIR = '$g/storage/log/webapp'
INDEX_FILE = '$g/storage/index'
DATABASES = {'default': {'NAME': '$g/storage/graphite.db', 'ENGINE': 'django.db.backends.sqlite3'}}
CARBONLINK_HOSTS = ['127.0.0.1:$query']
TAGDB = 'graphite.tags.localdatabase.LocalDatabaseTagDB'
CONF
  cat > "$g/conf/carbon.conf" <<CONF
[cache]
STORAGE_DIR = $g/storage/
LOCAL_DATA_DIR = $g/storage/whisper/
WHITELISTS_DIR = $g/storage/lists/
CONF_DIR = $g/conf/
LOG_DIR = $g/storage/log/
PID_DIR = $g/storage/
ENABLE_LOGROTATION = False
USER =
MAX_CACHE_SIZE = inf
MAX_UPDATES_PER_SECOND = inf
MAX_CREATES_PER_MINUTE = inf
WHISPER_SPARSE_CREATE = True
LINE_RECEIVER_INTERFACE = 127.0.0.1
LINE_RECEIVER_PORT = $line
ENABLE_UDP_LISTENER = False
PICKLE_RECEIVER_INTERFACE = 127.0.0.1
PICKLE_RECEIVER_PORT = $pickle
CACHE_QUERY_INTERFACE = 127.0.0.1
CACHE_QUERY_PORT = $query
ENABLE_TAGS = True
GRAPHITE_URL = http://127.0.0.1:$web
CONF
  printf '[default]\npattern = .*\nretentions = 60s:5y\n' > "$g/conf/storage-schemas.conf"
  export PYTHONPATH="$g/py" GRAPHITE_SETTINGS_MODULE=stability_graphite_settings
  /usr/bin/python3 /usr/bin/graphite-manage migrate --run-syncdb --noinput >"$g/migrate.log" 2>&1
  # The web app first: carbon registers tags with it once and never retries.
  /usr/bin/python3 /usr/bin/graphite-manage runserver --noreload "127.0.0.1:$web" >"$g/web.log" 2>&1 &
  echo $! > "$root/graphite-web.pid"
  wait_http "http://127.0.0.1:$web/render?target=x&format=json" 30
  /usr/bin/python3 /usr/bin/carbon-cache --config="$g/conf/carbon.conf" --nodaemon start >"$g/carbon.log" 2>&1 &
  echo $! > "$root/carbon.pid"
  for _ in $(seq 1 100); do nc -z 127.0.0.1 "$line" 2>/dev/null && break; sleep 0.1; done
  export STABILITY_TEST_GRAPHITE="http://127.0.0.1:$web"
  export STABILITY_TEST_GRAPHITE_CARBON_PORT="$line"
  echo "test servers: Graphite on 127.0.0.1:$web (carbon $line)" >&2
}

command -v influxd >/dev/null && start_influxdb || echo "test servers: influxd not installed; its tests will be skipped" >&2
[ -x /usr/bin/carbon-cache ] && start_graphite || echo "test servers: Graphite not installed; its tests will be skipped" >&2

if [ -x "$pg_bin/initdb" ]; then
  start_postgres
else
  echo "test servers: PostgreSQL not installed; its tests will be skipped" >&2
fi

"$@"
