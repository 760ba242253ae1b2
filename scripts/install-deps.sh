#!/usr/bin/env bash
# Installs the dev dependencies from package-lock.json. `npm ci` is tried
# first; it can refuse this lockfile ("Missing: @unrs/resolver-binding-… from
# lock file") because the lockfile is written without registry URLs and npm
# then leaves out the optional, platform-specific bindings of unrs-resolver
# (pulled in by n8n's lint). `npm install` resolves those and installs the
# same locked versions otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund || npm install --no-audit --no-fund
