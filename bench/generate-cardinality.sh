#!/usr/bin/env bash
# Writes a cardinality benchmark source with the sqlite3 shell: ROWS hourly
# rollup rows (time, fingerprint, version, platform, count, users) over DAYS
# days ending at END (UTC midnight), fingerprints drawn from FINGERPRINTS with
# a Zipf (log-uniform, exponent 1) frequency, 20 releases ramping forward in
# time (each row at the newest release or one of the two before it), three
# platforms; and hourly sessions per version and platform. Rows that share
# (time, fingerprint, version, platform) are summed, as a rollup table is.
# Deterministic: every "random" figure is a hash of the row number.
# Usage: generate-cardinality.sh DB FINGERPRINTS DAYS ROWS END(YYYY-MM-DD)
set -euo pipefail
db=$1; fingerprints=$2; days=$3; rows=$4; end=$5
rm -f "$db"
hours=$(( days * 24 ))
sqlite3 "$db" >/dev/null <<SQL
PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
CREATE TABLE rollup(time TEXT NOT NULL, fingerprint TEXT NOT NULL, version TEXT NOT NULL,
  platform TEXT NOT NULL, count INTEGER NOT NULL, users INTEGER NOT NULL);
CREATE TABLE sessions(time TEXT NOT NULL, version TEXT NOT NULL, platform TEXT NOT NULL,
  value INTEGER NOT NULL);
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $rows - 1),
  drawn AS (
    SELECT i * $hours / $rows AS hour,
      CAST(pow($fingerprints, (i * 2654435761 % 4294967296) / 4294967296.0) AS INTEGER) AS fp,
      max(0, CAST(20.0 * (i * $hours / $rows) / $hours AS INTEGER) - (i * 40503 % 7) / 3) AS release,
      (i * 69069 % 65536) % 3 AS platform,
      1 + (i * 1103515245 % 2147483648) % 4 AS count
    FROM n)
INSERT INTO rollup
  SELECT strftime('%Y-%m-%dT%H:00:00Z', '$end', '-$days days', '+' || hour || ' hours'),
    'fp-' || fp, '4.' || release || '.0', CASE platform WHEN 0 THEN 'android' WHEN 1 THEN 'ios' ELSE 'web' END,
    sum(count), sum(1 + (count - 1) / 2)
  FROM drawn GROUP BY hour, fp, release, platform;
WITH RECURSIVE h(hour) AS (SELECT 0 UNION ALL SELECT hour + 1 FROM h WHERE hour < $hours - 1),
  back(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM back WHERE k < 2),
  p(platform, name) AS (VALUES (0, 'android'), (1, 'ios'), (2, 'web'))
INSERT INTO sessions
  SELECT strftime('%Y-%m-%dT%H:00:00Z', '$end', '-$days days', '+' || hour || ' hours'),
    '4.' || (CAST(20.0 * hour / $hours AS INTEGER) - k) || '.0', name,
    (4000 + (hour * 7 + k * 13 + platform * 5) % 900) / (k + 1)
  FROM h, back, p WHERE CAST(20.0 * hour / $hours AS INTEGER) - k >= 0;
COMMIT;
CREATE INDEX rollup_by_time ON rollup(time);
CREATE INDEX sessions_by_time ON sessions(time);
SQL
