#!/usr/bin/env bash
# Builds the web front end into web/dist, which `safer serve` serves. Installs web's npm
# packages (Vite, TypeScript, Preact, and playwright-core for the browser tests) with
# `npm ci` only when package-lock.json changed since the last install.
set -euo pipefail
cd "$(dirname "$0")/../web"
stamp=node_modules/.safer-lock-stamp
if [[ ! -f $stamp ]] || ! cmp -s package-lock.json "$stamp"; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
npm run --silent build -- --logLevel warn
