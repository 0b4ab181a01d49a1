#!/usr/bin/env bash
# The whole test suite: a production build, then unit and integration tests (real services,
# real dockerd, servers started from the build), then end-to-end tests in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
npx next build
npx vitest run "$@"
npx playwright test
