#!/usr/bin/env bash
# Install what Marsad needs on Debian 12 (run as root): system packages, uv, and the locked Python env.
# Idempotent: only missing pieces are installed. Usage: scripts/bootstrap.sh [--with-tests]
set -euo pipefail
cd "$(dirname "$0")/.."

# chromium renders the PNG pictures (kaleido), pango lays out the PDF briefings (WeasyPrint)
packages=(postgresql-15 postgresql-15-postgis-3 python3 python3-venv fonts-noto-core ca-certificates chromium
  libpango-1.0-0 libpangoft2-1.0-0)
if [[ "${1:-}" == "--with-tests" ]]; then
  packages+=(redis-server poppler-utils haproxy)  # poppler-utils: the tests read the PDF briefings back; haproxy: several app servers behind one address
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "bootstrap: missing Debian packages: ${missing[*]}; run this script as root (or sudo)" >&2
    exit 1
  fi
  echo "bootstrap: installing ${missing[*]} …"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if command -v uv >/dev/null 2>&1; then
  UV=$(command -v uv)
else
  UV=.marsad/tools/bin/uv
  if [[ ! -x $UV ]]; then
    echo "bootstrap: installing uv into .marsad/tools …"
    python3 -m venv .marsad/tools
    .marsad/tools/bin/pip install --quiet --disable-pip-version-check uv
  fi
fi
echo "bootstrap: syncing the Python environment (uv.lock) …"
"$UV" sync --frozen --quiet
