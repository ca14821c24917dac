#!/usr/bin/env bash
# Streaming from ClickHouse with flat memory: starts a throwaway ClickHouse
# (Debian's 18.16) on 127.0.0.1, imports results of 1e5, 1e6 and 1e7 raw rows
# (one row per event, no GROUP BY) and compares peak RSS.
# Target: peak RSS at 1e7 rows within 16 MB of the 1e5 figure.
set -euo pipefail
binary=$1
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
tcp=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
cat > "$work/config.xml" <<XML
<yandex><http_port>$port</http_port><tcp_port>$tcp</tcp_port><listen_host>127.0.0.1</listen_host><path>$work/data/</path><tmp_path>$work/tmp/</tmp_path><users_config>$work/users.xml</users_config><default_profile>default</default_profile><default_database>default</default_database><mark_cache_size>5368709</mark_cache_size><logger><level>warning</level><console>1</console></logger></yandex>
XML
cat > "$work/users.xml" <<'XML'
<yandex><profiles><default/></profiles><users><default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default></users><quotas><default/></quotas></yandex>
XML
/usr/sbin/clickhouse-server --config-file="$work/config.xml" >"$work/server.log" 2>&1 </dev/null &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 300); do curl -s -o /dev/null "http://127.0.0.1:$port/ping" && break; sleep 0.1; done
curl -sf -o /dev/null "http://127.0.0.1:$port/ping" || { echo "ClickHouse did not start:"; cat "$work/server.log"; exit 1; }
declare -A peak
for rows in 100000 1000000 10000000; do
  mkdir -p "$work/$rows"
  cat > "$work/$rows/stability.yaml" <<YAML
version: 1
sources: [{name: ch, type: clickhouse, url: "http://127.0.0.1:$port"}]
metric_groups: [{id: sessions, kind: count, attributes: [{name: version}]}]
importers:
  - name: raw
    source: ch
    group: sessions
    history: 30d
    query: "SELECT toDateTime(1794355200 + intDiv(number * 86400, $rows)) AS time, 1 AS value, ['3.16.2', '3.16.10', '3.17.0'][1 + number % 3] AS version FROM system.numbers WHERE \$1 < \$2 LIMIT $rows"
YAML
  result=$(cd "$work/$rows" && python3 "$OLDPWD/bench/measure.py" "$binary" import --quiet --since 2026-11-09 --until 2026-11-27)
  echo "clickhouse raw-row import, $rows rows: $result"
  python3 -c "import json,sys; sys.exit(json.loads(sys.argv[1])['status'])" "$result"
  peak[$rows]=$(python3 -c "import json,sys; print(json.loads(sys.argv[1])['peak_rss_mb'])" "$result")
done
growth=$(python3 -c "print(round(${peak[10000000]} - ${peak[100000]}, 1))")
verdict=$(python3 -c "print('PASS' if $growth <= 16 else 'FAIL')")
echo "peak RSS growth from 1e5 to 1e7 rows: $growth MB (target ≤ 16 MB): $verdict"
