#!/usr/bin/env bash
# `npm test`: every test, in the order that fails fastest.
#   1. types of the whole repository (nodes, tests, simulator, benchmarks)
#   2. unit (bulk domain, simulator) and nodes (operations over HTTP against the simulator)
#   3. e2e: the packed package inside a real, pinned n8n (provisioned once, see test/e2e/provision.sh)
# What the tests need and a new machine lacks is installed first: the dev
# dependencies (Postgres 17 for the queue-mode e2e among them); Debian's
# Chromium and Redis (as root; otherwise each script prints the one command to
# run); the pinned n8n (into the cache folder, checked before it is trusted).
set -euo pipefail
cd "$(dirname "$0")/.."

[ -d node_modules ] || bash scripts/install-deps.sh
bash scripts/install-chromium.sh
bash scripts/install-services.sh   # Postgres 17 (npm package) and Redis for the queue-mode e2e (test/e2e/queue/)

echo "== typecheck"
npx tsc -p tsconfig.json --noEmit

echo "== unit and nodes"
npx jest --selectProjects unit nodes "$@"

echo "== e2e (real n8n)"
# Provision before jest starts, so its output is seen as it comes and a broken
# install fails here with its own message rather than in every test.
bash test/e2e/provision.sh >/dev/null
npx jest --selectProjects e2e --runInBand "$@"
