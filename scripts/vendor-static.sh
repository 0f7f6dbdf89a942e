#!/usr/bin/env bash
# Refresh the vendored front-end files in static/vendor/ from the npm registry (versions pinned).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null
npm install --silent --no-audit --no-fund bootstrap@5.3.9 htmx.org@2.0.11 @fontsource/source-sans-3@5.3.1
mkdir -p "$root/static/vendor/bootstrap" "$root/static/vendor/htmx"
cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/js/bootstrap.bundle.min.js "$root/static/vendor/bootstrap/"
cp node_modules/htmx.org/dist/htmx.min.js "$root/static/vendor/htmx/"
fonts="$root/static/vendor/fonts/source-sans-3"
mkdir -p "$fonts"
cp node_modules/@fontsource/source-sans-3/LICENSE "$fonts/OFL.txt"
for subset in latin latin-ext; do
  for style in 400-normal 400-italic 600-normal 700-normal; do
    cp "node_modules/@fontsource/source-sans-3/files/source-sans-3-$subset-$style".woff* "$fonts/"
  done
done
# Source maps are not shipped; drop the references so the manifest storage does not look for them.
sed -i 's|/\*# sourceMappingURL=.*\*/||' "$root"/static/vendor/bootstrap/*.css
sed -i 's|//# sourceMappingURL=.*||' "$root"/static/vendor/bootstrap/*.js "$root"/static/vendor/htmx/*.js
