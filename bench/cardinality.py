#!/usr/bin/env python3
"""`make bench`, cardinality: many fingerprints, long histories.

For each case (F fingerprints over D days of hourly rollup rows, written by
generate-cardinality.sh) it measures, median of RUNS runs (min–max): the first
import (wall, peak RSS, store size), the limit — the sqlite3 shell copying the
same rows into a keyed table in a new file, sorted by its key (the cheapest
copy), measured in the same run — once a copy into a table keyed by series
(fingerprint, version, platform, time) in the source's order, and the
report over a 7-day window in html, md and json (wall, peak RSS, scores.json
and fingerprints.jsonl sizes, fingerprints in the window). Prints Markdown.

Usage: cardinality.py BINARY [--cases 50000x30x1000000,...] [--runs 3] [--work DIR]
"""
import argparse
import os
import pathlib
import platform
import shutil
import statistics
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from run import measure  # noqa: E402  (one way to time a command, shared with run.py)
END = "2026-11-26"
# fingerprints x days x rows drawn (rows sharing an hour, fingerprint, version
# and platform are summed, so the table holds fewer).
CASES = "50000x30x1000000,500000x365x5000000,500000x14x3400000"

CONFIG = """version: 1
project: Cardinality
sources: [{name: src, type: sqlite, path: source.db}]
metric_groups:
  - {id: sessions, kind: count, attributes: [{name: version}, {name: platform}]}
importers:
  - {name: sessions, source: src, group: sessions, history: 400d, query: "select time, version, platform, value from sessions where time >= $1 and time < $2"}
error_importers:
  - {name: errors, source: src, history: 400d, query: "select time, fingerprint, version, platform, count, users as impacted from rollup where time >= $1 and time < $2"}
report:
  top_fingerprints: 50
"""

LIMIT = """.output /dev/null
ATTACH 'limit.db' AS copy;
CREATE TABLE copy.rollup(time TEXT, fingerprint TEXT, version TEXT, platform TEXT,
  count INTEGER, users INTEGER, PRIMARY KEY (time, fingerprint, version, platform)) WITHOUT ROWID;
INSERT INTO copy.rollup SELECT * FROM rollup ORDER BY time, fingerprint, version, platform;
"""
SERIES_LIMIT = """.output /dev/null
ATTACH 'limit.db' AS copy;
CREATE TABLE copy.rollup(time TEXT, fingerprint TEXT, version TEXT, platform TEXT,
  count INTEGER, users INTEGER, PRIMARY KEY (fingerprint, version, platform, time)) WITHOUT ROWID;
INSERT INTO copy.rollup SELECT * FROM rollup;
"""


def stat(results, key, unit):
    values = [r[key] for r in results]
    median = statistics.median(values)
    if unit == "s":
        return median, f"{median:.2f} s ({min(values):.2f}–{max(values):.2f})"
    return median, f"{median:.0f} MB ({min(values):.0f}–{max(values):.0f})"


def megabytes(path):
    return os.path.getsize(path) / 1e6 if path.exists() else 0


def sql(directory, query):
    return subprocess.run(["sqlite3", "source.db", query], cwd=directory, capture_output=True, text=True, check=True).stdout.strip()


def bench_case(binary, case, runs, work):
    fingerprints, days, rows = (int(float(x)) for x in case.split("x"))
    directory = work / f"cardinality-{fingerprints}-{days}"
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    subprocess.run([str(HERE / "generate-cardinality.sh"), "source.db", str(fingerprints), str(days), str(rows), END], cwd=directory, check=True)
    (directory / "stability.yaml").write_text(CONFIG)
    start = subprocess.run(["date", "-u", "-d", f"{END} -{days} days", "+%Y-%m-%d"], capture_output=True, text=True).stdout.strip()
    window_start = subprocess.run(["date", "-u", "-d", f"{END} -7 days", "+%Y-%m-%d"], capture_output=True, text=True).stdout.strip()
    table_rows = int(sql(directory, "select count(*) from rollup"))
    in_window = int(sql(directory, f"select count(distinct fingerprint) from rollup where time >= '{window_start}'"))
    imports, limits = [], []
    for _ in range(runs):
        shutil.rmtree(directory / ".stability", ignore_errors=True)
        imports.append(measure([binary, "import", "--quiet", "--since", start, "--until", END], directory))
        (directory / "limit.db").unlink(missing_ok=True)
        (directory / "limit.sql").write_text(LIMIT)
        limits.append(measure(["sh", "-c", "sqlite3 source.db < limit.sql"], directory))
    store = megabytes(directory / ".stability" / "store.db")
    (directory / "limit.db").unlink(missing_ok=True)
    (directory / "limit.sql").write_text(SERIES_LIMIT)
    series_limit = measure(["sh", "-c", "sqlite3 source.db < limit.sql"], directory)["wall"]
    (directory / "limit.db").unlink(missing_ok=True)
    reports = [measure([binary, "report", "--quiet", "--end", END, "--window", "7d", "--out", "site"], directory) for _ in range(runs)]
    import_wall, import_text = stat(imports, "wall", "s")
    limit_wall, limit_text = stat(limits, "wall", "s")
    return {
        "title": f"{fingerprints:,} fingerprints over {days} days ({table_rows:,} rollup rows; {in_window:,} fingerprints in the 7-day window)",
        "rows": [
            ("first import", import_text, stat(imports, "peak_rss_mb", "MB")[1], f"store {store:.0f} MB",
             limit_text, f"{import_wall / limit_wall:.2f}×"),
            ("report (html, md, json)", stat(reports, "wall", "s")[1], stat(reports, "peak_rss_mb", "MB")[1],
             f"scores.json {megabytes(directory / 'site' / 'scores.json'):.1f} MB, fingerprints.jsonl {megabytes(directory / 'site' / 'fingerprints.jsonl'):.0f} MB",
             "", ""),
        ],
        "note": f"A copy keyed by series, in the source's order: {series_limit:.2f} s "
                f"(first import ÷ that: {import_wall / series_limit:.2f}×).",
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--cases", default=CASES)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", default=".build/bench")
    args = parser.parse_args()
    binary = str(pathlib.Path(args.binary).resolve())
    work = pathlib.Path(args.work).resolve()
    work.mkdir(parents=True, exist_ok=True)
    print(f"machine: {platform.node()}, {os.cpu_count()} cores; median of {args.runs} runs (min–max)\n")
    for case in args.cases.split(","):
        result = bench_case(binary, case, args.runs, work)
        print(f"### {result['title']}\n")
        print("| step | wall | peak RSS | sizes | limit (sqlite3 copy into a keyed table) | tool ÷ limit |")
        print("|---|---:|---:|---|---:|---:|")
        for row in result["rows"]:
            print("| " + " | ".join(row) + " |")
        print(f"\n{result['note']}\n")


if __name__ == "__main__":
    main()
