#!/usr/bin/env bash
# `npm test`: every test, in the order that fails fastest.
#   1. types of the whole repository (nodes, tests, simulator, benchmarks)
#   2. unit (bulk domain, simulator) and nodes (operations over HTTP against the simulator)
#   3. e2e: the packed package inside a real, pinned n8n (provisioned once, see test/e2e/provision.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

[ -d node_modules ] || bash scripts/install-deps.sh

echo "== typecheck"
npx tsc -p tsconfig.json --noEmit

echo "== unit and nodes"
npx jest --selectProjects unit nodes "$@"

echo "== e2e (real n8n)"
bash scripts/install-services.sh   # Postgres and Redis for the queue-mode e2e (test/e2e/queue/)
npx jest --selectProjects e2e --runInBand "$@"
