#!/usr/bin/env bash
# Set up what is missing (including Chromium and Redis for the tests) and run the whole test suite.
# Extra arguments go to pytest, e.g. scripts/test.sh -k importer
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh --with-tests
exec .venv/bin/pytest "$@"
