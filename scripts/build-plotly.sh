#!/usr/bin/env bash
# Build our Plotly bundle (scatter + scatterpolar only) into static/vendor/plotly/.
# Needs Node.js and npm; the result is committed, so `make run` and CI need neither.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$root/scripts/plotly/package.json" "$root/scripts/plotly/entry.js" "$work/"
cd "$work"
npm install --silent --no-audit --no-fund
mkdir -p "$root/static/vendor/plotly"
npx esbuild entry.js --bundle --minify --format=iife --global-name=Plotly \
  --define:global=window --legal-comments=none \
  --outfile="$root/static/vendor/plotly/plotly-cxscan.min.js"
# esbuild also writes the CSS that Plotly's modules import (MapLibre's) next to the bundle, as
# plotly-cxscan.min.css; no page loads it, so it is not kept.
rm -f "$root/static/vendor/plotly/plotly-cxscan.min.css"
ls -l "$root/static/vendor/plotly/plotly-cxscan.min.js"
