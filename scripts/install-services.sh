#!/usr/bin/env bash
# Debian's PostgreSQL and Redis for the queue-mode e2e (test/e2e/queue/).
# Idempotent: does nothing when both are installed. Needs root (CI runs as
# root). The tests start their own instances (loopback, free ports, data in a
# temporary folder); the packages' own services are not used.
set -euo pipefail
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
have_postgres() { local bin; bin="$(pg_bin)"; [ -n "$bin" ] && [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ]; }
have_redis() { command -v redis-server >/dev/null 2>&1; }
if have_postgres && have_redis; then
  exit 0
fi
missing=()
have_postgres || missing+=(postgresql)
have_redis || missing+=(redis-server)
if [ "$(id -u)" != 0 ]; then
  echo "Missing for the queue-mode tests: ${missing[*]}. Install Debian's packages as root:" >&2
  echo "  apt-get update && apt-get install -y ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends "${missing[@]}"
