#!/usr/bin/env bash
# run.sh - browser tests: installs playwright-core (npm) once, runs every *.test.mjs with
# node's test runner against Debian's chromium. Screenshots go to tests/browser/screenshots/.
set -euo pipefail
cd "$(dirname "$0")"
[ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund >/dev/null
[ -x /usr/bin/chromium ] || { echo "chromium missing (make deps installs it)"; exit 1; }
exec node --test --test-concurrency=1 ./*.test.mjs
