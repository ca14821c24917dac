#!/usr/bin/env bash
# Builds a report site from hostile data (HTML, quotes, ../, control and RTL
# characters, a 10,000-character fingerprint) through the real CLI, so the
# site checks can prove such pages still validate, render and stay inside site/.
# Usage: hostile-site.sh STABILITY_BINARY DIR
set -euo pipefail
binary=$1
dir=$2
rm -rf "$dir" && mkdir -p "$dir"
cd "$dir"
long=$(printf 'Z%.0s' $(seq 1 10000))
sqlite3 source.db <<SQL
CREATE TABLE sessions(t TEXT, version TEXT, platform TEXT);
CREATE TABLE crashes(t TEXT, fingerprint TEXT, version TEXT);
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 599)
INSERT INTO sessions SELECT strftime('%Y-%m-%dT%H:%M:%SZ', '2026-11-20T00:00:00Z', '+' || (i * 15) || ' minutes'),
  CASE i % 6 WHEN 0 THEN '<b>2.0</b>' WHEN 1 THEN '../../etc' WHEN 2 THEN 'A' WHEN 3 THEN 'a' WHEN 4 THEN '1.0 "quoted"' ELSE 'نسخة‮1' END,
  '"><img src=x onerror=alert(1)>' FROM n;
-- Twelve versions with long names: chart labels must turn and never overlap.
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 239)
INSERT INTO sessions SELECT strftime('%Y-%m-%dT%H:%M:%SZ', '2026-11-20T00:00:00Z', '+' || (i * 45) || ' minutes'),
  '2026.11.' || (i % 12) || '-release-candidate+build.' || (4000 + i % 12), 'android' FROM n;
INSERT INTO crashes VALUES
  ('2026-11-21T10:00:00Z', '<script>alert(1)</script>', '<b>2.0</b>'),
  ('2026-11-21T11:00:00Z', '"><svg onload=alert(2)>', '../../etc'),
  ('2026-11-21T12:00:00Z', '../../../etc/passwd', 'A'),
  ('2026-11-21T13:00:00Z', 'tab	and' || char(10) || 'newline', 'a'),
  ('2026-11-21T14:00:00Z', 'e' || char(769) || ' vs ' || char(233), '1.0 "quoted"'),
  ('2026-11-21T15:00:00Z', '$long', 'نسخة‮1');
SQL
cat > stability.yaml <<'YAML'
version: 1
project: "<Hostile> & \"Quoted\" project"
sources: [{name: db, type: sqlite, path: source.db}]
metric_groups:
  - id: sessions
    kind: count
    min_volume: 10
    attributes: [{name: version}, {name: platform}]
importers:
  - name: sessions
    source: db
    group: sessions
    query: select count(*) as value, strftime('%Y-%m-%dT%H:00:00Z', t) as time, version, platform from sessions where t >= $1 and t < $2 group by 2, 3, 4
error_importers:
  - name: crashes
    source: db
    query: select t as time, fingerprint, version from crashes where t >= $1 and t < $2
report:
  group_by: {sessions: [version, platform]}
annotations:
  "<script>alert(1)</script>": "<script>alert(3)</script> [click](javascript:alert(4)) **bold**"
YAML
"$binary" import --quiet --since 2026-11-19 --until 2026-11-27
"$binary" report --quiet --end 2026-11-27 --out site
