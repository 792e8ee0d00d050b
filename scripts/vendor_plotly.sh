#!/usr/bin/env bash
# Vendor plotly.js's cartesian bundle (bar, scatter, heatmap, …: every trace Marsad draws) at the version the
# installed plotly package was built for, into marsad/assets/vendor/ (served locally; see assets/marsad_plotly.js).
# Run after upgrading plotly: tests/test_assets.py fails until the versions match again.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(.venv/bin/python -c "from plotly.offline import get_plotlyjs_version as v; print(v())")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "plotly.js-cartesian-dist-min@$version" >/dev/null && tar xzf ./*.tgz)
rm -f marsad/assets/vendor/plotly-cartesian-*.min.js
cp "$tmp/package/plotly-cartesian.min.js" "marsad/assets/vendor/plotly-cartesian-$version.min.js"
cp "$tmp/package/LICENSE" marsad/assets/vendor/plotly-cartesian.LICENSE.txt
echo "vendored plotly.js cartesian $version; set PLOTLY_BUNDLE in marsad/assets/marsad_plotly.js to its file name"
