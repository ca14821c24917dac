#!/usr/bin/env bash
# Publish the report to an internal web host after the nightly run.
# site/ is a plain static tree with relative links: any web server can serve it.
set -euo pipefail
cd /srv/stability
stability run --quiet || status=$?
# Publish even when an importer failed: the pages carry a visible warning.
rsync -a --delete site/ reports@intranet-web:/var/www/stability/
exit "${status:-0}"
