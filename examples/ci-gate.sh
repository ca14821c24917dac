#!/usr/bin/env bash
# Gate a release in CI on the newest release's stability (pre-releases are
# skipped unless you add --include-prereleases). Extra arguments go to
# `stability check`, e.g. --config ci.yaml or --end 2026-12-01.
#
#   0 pass: the whole 95% interval clears the threshold
#   1 fail: the whole interval is below it (or, with --age-matched, a
#     regression at the same age)
#   4 hold: not enough evidence yet (the interval straddles the threshold;
#     the line says how much more metric would decide; or a stability
#     counted from error rows, a lower bound, is below it), too little
#     data, or data that is not fresh (a failed or late importer, a gap)
#   2 bad usage (a typo'd --version, a threshold that is not a percent) ·
#   3 store or source unavailable
set -uo pipefail
stability check --group "${GROUP:-sessions}" --latest --min-stability "${MIN_STABILITY:-99.5}" "$@"
status=$?
# The outcome goes to stderr, so `--format json` leaves stdout one JSON object.
case $status in
  0) echo "stability gate passed" >&2 ;;
  1) echo "stability gate FAILED: clearly below the threshold; stop the rollout" >&2; exit 1 ;;
  4) echo "stability gate on hold: not enough evidence yet, or the data is not fresh; hold the rollout and retry later" >&2; exit 4 ;;
  2) echo "stability gate misconfigured: fix the command or the config (exit 2)" >&2; exit 2 ;;
  *) echo "stability gate could not run: the store or a source is unavailable (exit $status)" >&2; exit "$status" ;;
esac
