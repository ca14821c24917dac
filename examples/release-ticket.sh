#!/usr/bin/env bash
# Attach a version's report to its release ticket.
set -euo pipefail
version=${1:?usage: release-ticket.sh VERSION}
# Markdown for the ticket text …
stability report --version "$version" --format md --stdout > "stability-$version.md"
# … and the self-contained HTML page (inline CSS and SVG) as an attachment.
cp "site/versions/$version.html" "stability-$version.html"
echo "attach stability-$version.md and stability-$version.html to the ticket"
