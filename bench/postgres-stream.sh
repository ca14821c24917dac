#!/usr/bin/env bash
# Streaming from PostgreSQL with flat memory: imports results of 100,000 and
# 1,000,000 raw rows (one row per event, no GROUP BY) and compares peak RSS.
# Run through scripts/with-test-servers.sh (make bench does).
# Target: peak RSS at 1e6 rows within 16 MB of the 1e5 figure.
set -euo pipefail
binary=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PGPASSWORD=$STABILITY_TEST_POSTGRES_PASSWORD
psql -X -q "$STABILITY_TEST_POSTGRES" -c "DROP DATABASE IF EXISTS bench_stream" -c "CREATE DATABASE bench_stream"
url=${STABILITY_TEST_POSTGRES%/*}/bench_stream
psql -X -q "$url" <<'SQL'
CREATE TABLE events AS
  SELECT timestamptz '2026-11-10 00:00:00+00' + make_interval(secs => g) AS t,
         (ARRAY['3.16.2', '3.16.10', '3.17.0'])[1 + g % 3] AS version
  FROM generate_series(0, 999999) g;
SQL
declare -A peak
for rows in 100000 1000000; do
  mkdir -p "$work/$rows"
  cat > "$work/$rows/stability.yaml" <<YAML
version: 1
sources: [{name: pg, type: postgres, url: "$url", password_env: PGPASSWORD}]
metric_groups: [{id: sessions, kind: count, attributes: [{name: version}]}]
importers:
  - name: raw
    source: pg
    group: sessions
    history: 30d
    query: "select 1 as value, t as time, version from events where t >= \$1 and t < \$2 and t < timestamptz '2026-11-10 00:00:00+00' + make_interval(secs => $rows)"
YAML
  result=$(cd "$work/$rows" && python3 "$OLDPWD/bench/measure.py" "$binary" import --quiet --since 2026-11-09 --until 2026-11-27)
  echo "postgres raw-row import, $rows rows: $result"
  peak[$rows]=$(python3 -c "import json,sys; print(json.loads(sys.argv[1])['peak_rss_mb'])" "$result")
done
growth=$(python3 -c "print(round(${peak[1000000]} - ${peak[100000]}, 1))")
verdict=$(python3 -c "print('PASS' if $growth <= 16 else 'FAIL')")
echo "peak RSS growth from 1e5 to 1e6 rows: $growth MB (target ≤ 16 MB): $verdict"
