#!/bin/sh
# Installs the npm packages (Node 24 among them) exactly as package-lock.json pins them, and only
# when node_modules is missing or older than the lock file: `npm ci` never rewrites the lock file,
# so the checkout stays clean.
set -e
cd "$(dirname "$0")/../.."
installed=node_modules/.package-lock.json
if [ -f "$installed" ] && [ "$installed" -nt package-lock.json ] && [ -x node_modules/.bin/node ]; then
  exit 0
fi
exec npm ci --no-audit --no-fund --loglevel=error
