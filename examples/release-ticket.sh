#!/usr/bin/env bash
# Attach a version's report to its release ticket:
#   examples/release-ticket.sh 3.17.0 [--end now]   (extra arguments go to `stability report`;
#                                                    a version released today needs --end now)
# Writes stability-VERSION.md (ticket text: no links that only work inside the site) and
# stability-VERSION.html (the self-contained page). On an unknown version or a window
# without data it writes nothing and exits with stability's code.
set -uo pipefail
version=${1:?usage: release-ticket.sh VERSION [report options]}
shift
markdown=$(stability report --version "$version" --format md --stdout "$@")
status=$?
if [ "$status" -ne 0 ]; then
  echo "no ticket written for $version (stability exited $status)" >&2
  exit "$status"
fi
printf '%s' "$markdown" > "stability-$version.md"
# The HTML page comes from the last published site (`stability run` or `report`).
if [ -f "site/versions/$version.html" ]; then
  cp "site/versions/$version.html" "stability-$version.html"
  echo "attach stability-$version.md and stability-$version.html to the ticket"
else
  echo "attach stability-$version.md to the ticket (site/versions/$version.html is not published yet)"
fi
