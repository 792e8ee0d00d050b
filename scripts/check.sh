#!/usr/bin/env bash
# Lint, format and type checks (configured in pyproject.toml); scripts/test.sh runs them before the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "check: ruff (lint) …"
.venv/bin/ruff check marsad tests scripts
echo "check: ruff (format) …"
.venv/bin/ruff format --check --quiet marsad tests scripts
echo "check: mypy …"
.venv/bin/mypy
