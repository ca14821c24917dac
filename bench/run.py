#!/usr/bin/env python3
"""`make bench`: import and report speed and memory at several scales.

For each scale (raw error events over 30 days, plus per-minute sessions and
minutes played for 20 versions) it measures, median of RUNS runs (min–max):
first import with in-source aggregation and with one raw row per event, the
limit (the sqlite3 shell running the same queries to /dev/null), the +1-day
nightly increment, and report generation; then report time with 30 vs 180
days stored, and `stability demo` end to end. Prints Markdown tables.

Usage: run.py BINARY [--scales 1e5,1e6,1e7] [--runs 3] [--work DIR]
"""
import argparse
import json
import os
import pathlib
import platform
import shutil
import statistics
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
END = "2026-11-26"
START = "2026-10-27"
NEXT = "2026-11-27"

QUERIES = {
    "aggregated": {
        "errors": "select strftime('%Y-%m-%dT%H:00:00Z', time) as time, fingerprint, version, count(*) as count, count(distinct session_id) as impacted from errors where time >= $1 and time < $2 group by 1, 2, 3",
        "sessions": "select strftime('%Y-%m-%dT%H:00:00Z', time) as time, version, sum(value) as value from sessions where time >= $1 and time < $2 group by 1, 2",
        "minutes": "select strftime('%Y-%m-%dT%H:00:00Z', time) as time, version, sum(value) as value from minutes where time >= $1 and time < $2 group by 1, 2",
    },
    "raw": {
        "errors": "select time, fingerprint, version, session_id from errors where time >= $1 and time < $2",
        "sessions": "select time, version, value from sessions where time >= $1 and time < $2",
        "minutes": "select time, version, value from minutes where time >= $1 and time < $2",
    },
}


def config(style):
    q = QUERIES[style]
    errors_query = q["errors"].replace(", session_id", "") if style == "raw" else q["errors"]
    return f"""version: 1
project: Benchmark
sources: [{{name: src, type: sqlite, path: source.db}}]
metric_groups:
  - {{id: sessions, kind: count, attributes: [{{name: version}}]}}
  - {{id: minutes, kind: amount, attributes: [{{name: version}}]}}
importers:
  - {{name: sessions, source: src, group: sessions, history: 400d, query: "{q['sessions']}"}}
  - {{name: minutes, source: src, group: minutes, history: 400d, query: "{q['minutes']}"}}
error_importers:
  - {{name: errors, source: src, history: 400d, query: "{errors_query}"}}
report:
  top_fingerprints: 50
"""


def measure(command, cwd):
    out = subprocess.run([sys.executable, str(HERE / "measure.py"), *command], cwd=cwd, capture_output=True, text=True)
    result = json.loads(out.stdout)
    if result["status"] != 0:
        raise SystemExit(f"failed: {' '.join(command)} in {cwd}")
    return result


def summary(results, key):
    values = [r[key] for r in results]
    return statistics.median(values), min(values), max(values)


def fmt(stat, unit):
    median, low, high = stat
    return f"{median:.2f} {unit} ({low:.2f}–{high:.2f})" if unit == "s" else f"{median:.0f} {unit} ({low:.0f}–{high:.0f})"


def limit_script(style, start, end):
    lines = [".parameter init", f'.parameter set $1 "{start}T00:00:00Z"', f'.parameter set $2 "{end}T00:00:00Z"', ".output /dev/null"]
    lines += [q + ";" for q in QUERIES[style].values()]
    return "\n".join(lines) + "\n"


def count_rows(directory, style):
    total = 0
    for query in QUERIES[style].values():
        sql = limit_script(style, START, END).replace(".output /dev/null\n", "")
        sql = "\n".join(l for l in sql.splitlines() if not l.endswith(";")) + f"\nselect count(*) from ({query});\n"
        total += int(subprocess.run(["sqlite3", "source.db"], input=sql, cwd=directory, capture_output=True, text=True).stdout.strip() or 0)
    return total


def generate(directory, events, days, end=END, append=None):
    args = [str(HERE / "generate.sh"), "source.db", str(events), str(days), end] + ([str(append)] if append else [])
    subprocess.run(args, cwd=directory, check=True, stdout=subprocess.DEVNULL)


def bench_scale(binary, events, runs, work):
    directory = work / f"scale-{events}"
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    generate(directory, events, 30)
    rows = {}
    table = []
    for style in ("aggregated", "raw"):
        (directory / f"{style}.yaml").write_text(config(style))
        rows[style] = count_rows(directory, style)
        results = []
        for _ in range(runs):
            shutil.rmtree(directory / ".stability", ignore_errors=True)
            results.append(measure([binary, "import", "--quiet", "--config", f"{style}.yaml", "--since", START, "--until", END], directory))
        (directory / "limit.sql").write_text(limit_script(style, START, END))
        limits = [measure(["sh", "-c", "sqlite3 source.db < limit.sql"], directory) for _ in range(runs)]
        wall = summary(results, "wall")
        limit = summary(limits, "wall")
        table.append((f"first import, {style}", fmt(wall, "s"), f"{rows[style] / wall[0] / 1e6:.2f}M rows/s",
                      fmt(summary(results, "peak_rss_mb"), "MB"), fmt(limit, "s"), f"{wall[0] / limit[0]:.1f}×"))
    # Report over the aggregated store (30 days).
    shutil.rmtree(directory / ".stability", ignore_errors=True)
    measure([binary, "import", "--quiet", "--config", "aggregated.yaml", "--since", START, "--until", END], directory)
    reports = [measure([binary, "report", "--quiet", "--config", "aggregated.yaml", "--end", END, "--window", "7d", "--out", "site"], directory) for _ in range(runs)]
    pages = sum(1 for _ in (directory / "site").rglob("*") if _.is_file())
    table.append((f"report, 7-day window ({pages} files)", fmt(summary(reports, "wall"), "s"), "", fmt(summary(reports, "peak_rss_mb"), "MB"), "", ""))
    # The nightly increment: one more day.
    generate(directory, events, 30, append=1)
    # Each run re-imports the same day into the same store (a replacing run),
    # as a nightly run re-reads its overlap; the limit runs that day's queries.
    nightly, limits = [], []
    (directory / "nightly-limit.sql").write_text(limit_script("aggregated", END, NEXT))
    for _ in range(runs):
        nightly.append(measure([binary, "import", "--quiet", "--config", "aggregated.yaml", "--since", END, "--until", NEXT], directory))
        limits.append(measure(["sh", "-c", "sqlite3 source.db < nightly-limit.sql"], directory))
    first = float(table[0][1].split()[0])
    night, limit = summary(nightly, "wall"), summary(limits, "wall")
    table.append(("nightly +1 day, aggregated", fmt(night, "s"), f"{100 * night[0] / first:.0f}% of first import",
                  fmt(summary(nightly, "peak_rss_mb"), "MB"), fmt(limit, "s"), f"{night[0] / limit[0]:.2f}×"))
    return rows, table


def bench_history(binary, events_per_30_days, runs, work):
    times = {}
    for days in (30, 180):
        directory = work / f"history-{days}"
        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir(parents=True)
        generate(directory, events_per_30_days * days // 30, days)
        (directory / "aggregated.yaml").write_text(config("aggregated"))
        start = subprocess.run(["date", "-u", "-d", f"{END} -{days} days", "+%Y-%m-%d"], capture_output=True, text=True).stdout.strip()
        measure([binary, "import", "--quiet", "--config", "aggregated.yaml", "--since", start, "--until", END], directory)
        results = [measure([binary, "report", "--quiet", "--config", "aggregated.yaml", "--end", END, "--window", "7d", "--out", "site"], directory) for _ in range(runs)]
        times[days] = (summary(results, "wall"), summary(results, "peak_rss_mb"))
    return times


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--scales", default="1e5,1e6,1e7")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", default=".build/bench")
    args = parser.parse_args()
    binary = str(pathlib.Path(args.binary).resolve())
    work = pathlib.Path(args.work).resolve()
    work.mkdir(parents=True, exist_ok=True)
    print(f"machine: {platform.node()}, {os.cpu_count()} cores, {platform.platform()}; median of {args.runs} runs (min–max)\n")
    for scale in args.scales.split(","):
        events = int(float(scale))
        rows, table = bench_scale(binary, events, args.runs, work)
        print(f"### {events:,} error events over 30 days (rows returned: aggregated {rows['aggregated']:,}, raw {rows['raw']:,})\n")
        print("| step | wall | throughput | peak RSS | limit (sqlite3 shell) | tool ÷ limit |")
        print("|---|---:|---:|---:|---:|---:|")
        for row in table:
            print("| " + " | ".join(row) + " |")
        print()
    times = bench_history(binary, 1_000_000, args.runs, work)
    print("### Report with 30 vs 180 days stored (1e6 events per 30 days, 7-day window)\n")
    print("| days stored | wall | peak RSS |")
    print("|---:|---:|---:|")
    for days, (wall, rss) in times.items():
        print(f"| {days} | {fmt(wall, 's')} | {fmt(rss, 'MB')} |")
    print(f"\n180 ÷ 30 days: {times[180][0][0] / times[30][0][0]:.2f}×\n")
    demo = [measure([binary, "demo", "--quiet", "--dir", str(work / "demo"), "--out", str(work / "demo-site")], work) for _ in range(args.runs)]
    print(f"`stability demo` end to end: {fmt(summary(demo, 'wall'), 's')}, peak {fmt(summary(demo, 'peak_rss_mb'), 'MB')}")


if __name__ == "__main__":
    main()
