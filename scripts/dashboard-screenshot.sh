#!/usr/bin/env bash
# Regenerates docs/dashboard.png (the README's screenshot) by running the dashboard's browser test against a build.
set -euo pipefail
cd "$(dirname "$0")/.."
binary="${1:-build/dev/mentorbot}"
if [[ ! -x "$binary" ]]; then
  echo "usage: $0 [path/to/mentorbot] (build it first: $binary is missing)" >&2
  exit 2
fi
(cd tests/browser && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
node tests/browser/dashboard.test.js "$(realpath "$binary")" --screenshot docs/dashboard.png
