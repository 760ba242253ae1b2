#!/usr/bin/env bash
# Debian's Chromium for the editor test (test/e2e/editor.test.ts). Idempotent:
# does nothing when it is already installed (or CHROMIUM_PATH names one).
# `npm test` calls it; it needs root to install (CI runs as root).
set -euo pipefail
if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "$CHROMIUM_PATH" ]; then
  exit 0
fi
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "[chromium] The editor test needs Debian's Chromium, which is not installed." >&2
  echo "[chromium] Install it once, as root:  sudo apt-get update && sudo apt-get install -y chromium" >&2
  echo "[chromium] (or point CHROMIUM_PATH at a Chromium binary), then run npm test again." >&2
  exit 1
fi
echo "[chromium] installing Debian's chromium package (once, about 1 minute)" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq chromium >&2
