#!/usr/bin/env bash
# `npm run release`: the steps of @n8n/node-cli's `n8n-node release`, with the
# changelog written by people (CHANGELOG.md) instead of generated from commits.
#
# On a maintainer's machine:  npm run release -- <patch|minor|major|prerelease|X.Y.Z[-pre]>
#   checks the branch is main, clean, up to date with its upstream and has
#   commits since the last version tag; runs the lint and the build; bumps the
#   version in package.json and package-lock.json; turns CHANGELOG.md's
#   "Unreleased" section into the new version; commits, tags X.Y.Z and pushes.
#   The tag starts .github/workflows/publish.yml, which publishes. Nothing is
#   published from the machine (n8n's verification wants npm provenance, which
#   only a CI workflow can give).
#   RELEASE_NO_PUSH=1 stops before the push (to look at the commit and the tag).
#
# In the publishing workflow (GITHUB_ACTIONS set): checks the tag is the
# package's version and has its changelog section, then hands over to
# `n8n-node release`, which runs the lint and the build and publishes with
# NPM_CONFIG_PROVENANCE=true and RELEASE_MODE=true (the mode that
# `prepublishOnly: n8n-node prerelease` lets through).
set -euo pipefail
cd "$(dirname "$0")/.."

die() { echo "release: $*" >&2; exit 1; }
version() { node -p 'require("./package.json").version'; }

if [ -n "${GITHUB_ACTIONS:-}" ]; then
  tag="${GITHUB_REF_NAME:-}"
  [ "$tag" = "$(version)" ] || die "the tag '$tag' is not the version in package.json ($(version)): tag the release commit with its version"
  node scripts/changelog.mjs check "$tag"
  # A prerelease goes to the dist-tag "next", never to "latest" (npm also refuses one without a tag).
  case "$tag" in *-*) export NPM_CONFIG_TAG="${NPM_CONFIG_TAG:-next}" ;; esac
  exec npx --no-install n8n-node release
fi

bump="${1:-}"
[ -n "$bump" ] || die "say which version: npm run release -- patch | minor | major | prerelease | X.Y.Z (see CHANGELOG.md for what changed)"

branch="$(git rev-parse --abbrev-ref HEAD)"
[ "$branch" = main ] || die "releases are made from main (this is '$branch')"
[ -z "$(git status --porcelain)" ] || die "the working tree has uncommitted changes: commit or stash them first"
upstream="$(git rev-parse --abbrev-ref --symbolic-full-name '@{u}' 2>/dev/null)" || die "main has no upstream branch: push it first (git push -u origin main)"
git fetch --quiet "${upstream%%/*}"
[ "$(git rev-parse HEAD)" = "$(git rev-parse '@{u}')" ] || die "main and $upstream differ: pull or push first"
last_tag="$(git describe --tags --abbrev=0 --match '[0-9]*.[0-9]*.[0-9]*' 2>/dev/null || true)"
if [ -n "$last_tag" ] && [ -z "$(git log --oneline "$last_tag"..HEAD)" ]; then
  die "nothing was committed since $last_tag"
fi
node scripts/changelog.mjs check Unreleased

npm run lint
npm run build

npm version "$bump" --no-git-tag-version --ignore-scripts >/dev/null
new="$(version)"
git rev-parse -q --verify "refs/tags/$new" >/dev/null && die "the tag $new exists already"
node scripts/changelog.mjs release "$new" "$(date -u +%Y-%m-%d)"

git add package.json package-lock.json CHANGELOG.md
git commit --quiet -m "Release $new"
git tag -a "$new" -m "Release $new"
echo "release: committed and tagged $new"
if [ -n "${RELEASE_NO_PUSH:-}" ]; then
  echo "release: not pushed (RELEASE_NO_PUSH): git push --atomic ${upstream%%/*} main $new"
  exit 0
fi
git push --atomic "${upstream%%/*}" main "$new"
echo "release: pushed; the publishing workflow publishes $new with npm provenance"
