#!/usr/bin/env bash
# `npm run test:compat`: the example workflows run in each n8n version the README
# promises, from the oldest supported to the newest that installs here. Each
# version is provisioned once into the cache (test/e2e/provision.sh: about 3-6
# minutes and 2-3 GB the first time), then the e2e tests that run the examples
# go through it: document imports, the CSV / purchases / GDPR examples, CRM rows
# and a file to a segment (a 50 MB file: E2E_FILE_MB), and upload-and-notify with
# the trigger across a restart of n8n.
#
#   npm run test:compat              the oldest and the newest supported n8n
#   npm run test:compat -- oldest    the oldest only (CI: npm test has run the examples in the newest)
# COMPAT_N8N_VERSIONS ("<n8n version>:<Node version>" pairs) replaces the list.
set -euo pipefail
cd "$(dirname "$0")/.."

# The oldest n8n whose n8n-workflow has NodeConnectionTypes, which the nodes'
# descriptions use (n8n 1.84 is not on the registry here); n8n 1.x runs on Node 22 at most.
OLDEST="1.85.3:22.19.0"
# The newest that installs here (2.41.3 needs @n8n/agents@0.26.2, which the
# registry here lacks); the version npm test pins (test/e2e/provision.sh).
NEWEST="2.41.1:24.9.0"
case "${1:-all}" in
  all) VERSIONS="${COMPAT_N8N_VERSIONS:-$OLDEST $NEWEST}" ;;
  oldest) VERSIONS="$OLDEST" ;;
  newest) VERSIONS="$NEWEST" ;;
  *) echo "usage: npm run test:compat [-- oldest|newest]" >&2; exit 2 ;;
esac
TESTS=(test/e2e/documentImports.test.ts test/e2e/examples.test.ts test/e2e/uploads.test.ts test/e2e/trigger.test.ts)

[ -d node_modules ] || bash scripts/install-deps.sh

failed=()
for pair in $VERSIONS; do
  version="${pair%%:*}"
  node="${pair#*:}"
  echo "== n8n $version (Node $node)"
  if N8N_VERSION="$version" NODE24_VERSION="$node" bash test/e2e/provision.sh >/dev/null &&
    N8N_VERSION="$version" NODE24_VERSION="$node" E2E_FILE_MB="${E2E_FILE_MB:-50}" \
      npx jest --selectProjects e2e --runInBand "${TESTS[@]}"; then
    echo "== n8n $version: the examples work"
  else
    echo "== n8n $version: FAILED"
    failed+=("$version")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "test:compat: the examples failed on n8n ${failed[*]}" >&2
  exit 1
fi
echo "test:compat: the examples work on n8n $(for pair in $VERSIONS; do printf '%s ' "${pair%%:*}"; done)"
