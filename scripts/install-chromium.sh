#!/usr/bin/env bash
# Debian's Chromium for the editor test (test/e2e/editor.test.ts). Idempotent:
# does nothing when it is already installed. Needs root (CI runs as root).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "Chromium is missing: install Debian's package as root (apt-get install chromium)." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y chromium
