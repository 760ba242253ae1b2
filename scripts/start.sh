#!/usr/bin/env bash
# `npm start`: a real n8n with these nodes, on a local mediarithmics simulator.
# Each step execs the next (package.json's "exec bash", then node itself, not npx, whose
# `sh -c` would stand between): npm's child is the node process of start.ts, so the SIGTERM
# npm passes on reaches it, and npm returns only once it has stopped everything (shutdown.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ]; then
	# The first run installs the dev dependencies, in a process group of their own (set -m), so that
	# a stop request stops the whole install (npm and its children), not only this shell.
	set -m
	bash scripts/install-deps.sh &
	installer=$!
	trap 'kill -TERM -- "-$installer" 2>/dev/null; wait "$installer"; exit 143' TERM HUP INT
	wait "$installer"
	trap - TERM HUP INT
	set +m
fi
exec node node_modules/ts-node/dist/bin.js --transpile-only scripts/start.ts
