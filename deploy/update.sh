#!/usr/bin/env bash
# `npm run update`: the non-disruptive update. Pull, install, build, migrate, then reload the
# pm2 workers one by one: each new worker is online (ready) before an old one is stopped, and
# the old one drains its in-flight requests. Migrations must stay compatible with the code
# still running during the reload (add, then use; stop using, then drop).
set -euo pipefail
cd "$(dirname "$0")/.."
git pull --ff-only
npm ci --no-audit --no-fund
npm run build
node lib/src/executable/migrate.js
npx pm2 reload ecosystem.config.cjs --update-env
npx pm2 status
