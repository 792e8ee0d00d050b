#!/usr/bin/env bash
# Set up what is missing (including Chromium and Redis for the tests), run the lint, format and type checks,
# then the whole test suite. Extra arguments go to pytest, e.g. scripts/test.sh -k importer, or scripts/test.sh -m unit
# for the fast tier (seconds: no database, no server, no browser).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh --with-tests
scripts/check.sh
exec .venv/bin/pytest "$@"
