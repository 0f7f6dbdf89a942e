#!/usr/bin/env bash
# Refresh the vendored front-end files in static/vendor/ from the npm registry (versions pinned).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null
npm install --silent --no-audit --no-fund bootstrap@5.3.9 htmx.org@2.0.11
mkdir -p "$root/static/vendor/bootstrap" "$root/static/vendor/htmx"
cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/js/bootstrap.bundle.min.js "$root/static/vendor/bootstrap/"
cp node_modules/htmx.org/dist/htmx.min.js "$root/static/vendor/htmx/"
# Source maps are not shipped; drop the references so the manifest storage does not look for them.
sed -i 's|/\*# sourceMappingURL=.*\*/||' "$root"/static/vendor/bootstrap/*.css
sed -i 's|//# sourceMappingURL=.*||' "$root"/static/vendor/bootstrap/*.js "$root"/static/vendor/htmx/*.js
