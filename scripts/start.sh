#!/usr/bin/env bash
# `npm start`: a real n8n with these nodes, on a local mediarithmics simulator.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || bash scripts/install-deps.sh
exec npx ts-node --transpile-only scripts/start.ts
