#!/usr/bin/env bash
# Writes a benchmark source database with the sqlite3 shell: EVENTS raw error
# events spread evenly over DAYS days ending at END (UTC midnight), across 20
# versions rolling forward in time and ~50,000 fingerprints with a Zipf-like
# (log-uniform) frequency; sessions and minutes played per minute and version.
# Deterministic: every "random" figure is a hash of the row number.
# Usage: generate.sh DB EVENTS DAYS END(YYYY-MM-DD) [OFFSET_DAYS]
#   OFFSET_DAYS appends days after END instead (the nightly increment).
set -euo pipefail
db=$1; events=$2; days=$3; end=$4; offset=${5:-}
if [ -n "$offset" ]; then
  first="datetime('$end', '+0 days')"; span=$offset; start_row=$(( events ))
else
  rm -f "$db"; first="datetime('$end', '-$days days')"; span=$days; start_row=0
fi
per_day=$(( events / days ))
total=$(( per_day * span ))
sqlite3 "$db" <<SQL
PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
CREATE TABLE IF NOT EXISTS errors(time TEXT NOT NULL, fingerprint TEXT NOT NULL, version TEXT, session_id INTEGER);
CREATE TABLE IF NOT EXISTS sessions(time TEXT NOT NULL, version TEXT NOT NULL, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS minutes(time TEXT NOT NULL, version TEXT NOT NULL, value REAL NOT NULL);
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $total - 1)
INSERT INTO errors
  SELECT strftime('%Y-%m-%dT%H:%M:%SZ', $first, '+' || (i * 86400 / $per_day) || ' seconds'),
    'fp-' || CAST(pow(50000, ((i + $start_row) * 2654435761 % 4294967296) / 4294967296.0) AS INTEGER),
    '3.' || (10 + min(19, max(0, CAST(20.0 * i / $total AS INTEGER) - (i % 3)))) || '.0',
    (i + $start_row) / 3
  FROM n;
WITH RECURSIVE m(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM m WHERE i < $span * 1440 - 1),
  v(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM v WHERE k < 19)
INSERT INTO sessions
  SELECT strftime('%Y-%m-%dT%H:%M:00Z', $first, '+' || i || ' minutes'), '3.' || (10 + k) || '.0',
    1 + (i * 7 + k * 13) % 40
  FROM m, v;
INSERT INTO minutes SELECT time, version, value * 21.5 FROM sessions
  WHERE time >= strftime('%Y-%m-%dT%H:%M:00Z', $first);
COMMIT;
CREATE INDEX IF NOT EXISTS errors_by_time ON errors(time);
CREATE INDEX IF NOT EXISTS sessions_by_time ON sessions(time);
CREATE INDEX IF NOT EXISTS minutes_by_time ON minutes(time);
SQL
