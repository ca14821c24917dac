#!/usr/bin/env bash
# Attach a version's report to its release ticket:
#   examples/release-ticket.sh 3.17.0 [--jira] [--end now]
#     --jira: Jira wiki markup (stability-VERSION.jira.txt) instead of Markdown;
#     other arguments go to `stability report` (a version released today needs --end now).
# Writes stability-VERSION.md (ticket text: no links that only work inside the site), or
# with --jira stability-VERSION.jira.txt, and stability-VERSION.html (the self-contained
# page). On an unknown version or a window without data it writes nothing and exits with
# stability's code.
set -uo pipefail
version=${1:?usage: release-ticket.sh VERSION [--jira] [report options]}
shift
format=md
file="stability-$version.md"
if [ "${1:-}" = "--jira" ]; then
  format=jira
  file="stability-$version.jira.txt"
  shift
fi
ticket=$(stability report --version "$version" --format "$format" --stdout "$@")
status=$?
if [ "$status" -ne 0 ]; then
  echo "no ticket written for $version (stability exited $status)" >&2
  exit "$status"
fi
printf '%s' "$ticket" > "$file"
# The HTML page comes from the last published site (`stability run` or `report`).
if [ -f "site/versions/$version.html" ]; then
  cp "site/versions/$version.html" "stability-$version.html"
  echo "attach $file and stability-$version.html to the ticket"
else
  echo "attach $file to the ticket (site/versions/$version.html is not published yet)"
fi
