#!/usr/bin/env bash
# Installs the front end's npm packages (exactly the locked versions, again only when
# package-lock.json changed) and builds nextcloud-app/dist, which registre-server serves.
set -euo pipefail
cd "$(dirname "$0")/../nextcloud-app"

major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "$major" -lt 20 ]; then
  echo "build-front-end: Node.js 20 or later is needed (found: $(node --version 2>/dev/null || echo none))." >&2
  echo "build-front-end: install it (e.g. the nodejs package of a Node.js 20 repository), then run again." >&2
  exit 1
fi

stamp=node_modules/.registre-lock.sha256
wanted="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
  echo "build-front-end: installing npm packages (package-lock.json)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$wanted" > "$stamp"
fi

npm run --silent build -- --logLevel warn
echo "build-front-end: built nextcloud-app/dist ($(find dist -type f | wc -l) files)"
