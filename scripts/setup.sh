#!/usr/bin/env bash
# Installs the Debian packages that building and testing stability need.
# Idempotent: packages already present are skipped, so a second run is instant.
# Usage: scripts/setup.sh [build|test]   (test adds what the test suite needs)
set -euo pipefail

purpose=${1:-build}
packages=(pkg-config libsqlite3-dev libcmark-dev libpq-dev)
if [ "$purpose" = test ]; then
  packages+=(sqlite3)
fi

missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "stability needs these Debian packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing ${missing[*]} …" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${missing[@]}" >&2
