#!/usr/bin/env bash
# Set up everything that is missing, start the embedded PostGIS, load the demo if the database is empty,
# and serve Marsad at http://127.0.0.1:8050 (MARSAD_PORT / MARSAD_HOST to change).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
.venv/bin/marsad db up
.venv/bin/marsad demo --if-empty
accounts="${MARSAD_DATA_DIR:-.marsad}/demo-officials.txt"
if [[ -f $accounts ]]; then
  echo "Sign in with one of these demo accounts (username, password, jurisdiction):"
  column -t -s $'\t' "$accounts" 2>/dev/null || cat "$accounts"
fi
exec .venv/bin/marsad run
