#!/usr/bin/env python3
"""Runs a command and prints its wall time and peak resident memory as JSON.

Usage: measure.py COMMAND [ARGS…]  →  {"wall": seconds, "peak_rss_mb": MB, "status": code}
Peak RSS comes from getrusage(RUSAGE_CHILDREN) after the child exits (ru_maxrss, KiB on Linux).
"""
import json
import resource
import subprocess
import sys
import time

start = time.perf_counter()
status = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
wall = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"wall": round(wall, 3), "peak_rss_mb": round(peak, 1), "status": status}))
