#!/bin/bash
# AfterInstall: move the revision CodeDeploy copied to <root>/incoming into its own release
# directory and point <root>/current (the unit's WorkingDirectory) at it. The revision carries its
# production dependencies (buildspecs/ec2.yml), so nothing is downloaded here. Keeps the five
# newest releases for a quick manual rollback. RUNWAY_ROOT and RUNWAY_USER exist for the tests;
# CodeDeploy sets neither.
set -euo pipefail
ROOT="${RUNWAY_ROOT:-/opt/runway}"
OWNER="${RUNWAY_USER:-runway}"
RELEASES="$ROOT/releases"
RELEASE="$RELEASES/${DEPLOYMENT_ID:?CodeDeploy sets DEPLOYMENT_ID}"
if [ ! -f "$ROOT/incoming/server.js" ]; then
  echo "the revision has no server.js: not an EC2 variant revision" >&2
  exit 1
fi
mkdir -p "$RELEASES"
rm -rf "$RELEASE"
mv "$ROOT/incoming" "$RELEASE"
chown -R "$OWNER:$OWNER" "$RELEASE"
ln -sfn "$RELEASE" "$ROOT/current"
ls -1dt "$RELEASES"/* | tail -n +6 | xargs -r rm -rf
