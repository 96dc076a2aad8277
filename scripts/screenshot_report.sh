#!/usr/bin/env bash
# Renders the annual report for YEAR (default 2023) and saves a screenshot a person can look at:
#   scripts/screenshot_report.sh [YEAR] [OUT.png]
# Uses the project's .venv and database (make run / icv demo first), and Debian's chromium,
# which it installs when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
year="${1:-2023}"
out="${2:-instance/annual-report-$year.png}"
html="instance/annual-report-$year.html"

if ! command -v chromium >/dev/null 2>&1; then
  echo "Installing Debian's chromium (needs root)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

mkdir -p instance
.venv/bin/icv report --year "$year" --out "$html"
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$(mktemp -d)" --hide-scrollbars --window-size=1100,5200 \
  --screenshot="$out" "file://$PWD/$html" 2>/dev/null
echo "Screenshot: $out"
