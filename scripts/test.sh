#!/usr/bin/env bash
# The whole test suite: lint (layer rules, lib/ cycle check) and the type check first, then a
# production build, unit and integration tests (real services,
# real dockerd, servers started from the build), then end-to-end tests in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
npm run lint
npm run typecheck
npx next build
npx vitest run "$@"
npx playwright test
