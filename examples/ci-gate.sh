#!/usr/bin/env bash
# Gate a release in CI on the newest version's stability.
# Exit codes: 0 pass, 1 below threshold, 4 not enough data yet, 2 bad usage.
set -uo pipefail
stability check --group sessions --latest --min-stability 99.5
case $? in
  0) echo "stability gate passed" ;;
  4) echo "not enough sessions yet to judge; hold the rollout"; exit 1 ;;
  *) echo "stability gate failed"; exit 1 ;;
esac
